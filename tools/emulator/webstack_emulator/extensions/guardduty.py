"""GuardDuty fidelity fixes for moto 5.2.5 (moto/guardduty).

moto keeps a detector's ``features`` as the request gave them and answers them back
in the request's shape; AWS keeps every feature of the detector and answers each with
its status, when it last changed and its additional configuration
(``DetectorFeatureConfigurationResult``). Here a detector holds one record per feature:

- the foundational sources (CloudTrail, DNS and VPC flow logs) are always on;
- every optional feature of the service model's ``DetectorFeature`` enum starts
  enabled, except Runtime Monitoring ("When you specify some of the features, any
  feature that is not specified in the API call gets enabled by default, with an
  exception to RUNTIME_MONITORING", CreateDetector in the API reference);
- the Runtime Monitoring features start with their agent management configurations
  disabled; any other additional configuration exists once a request names it;
- CreateDetector and UpdateDetector set the features and additional configurations
  they name and leave the others as they are.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from functools import cache
from functools import wraps
from typing import Any
from urllib.parse import unquote

from webstack_emulator.extensions import fix

ENABLED = "ENABLED"
DISABLED = "DISABLED"

FOUNDATIONAL_FEATURES = ("CLOUD_TRAIL", "DNS_LOGS", "FLOW_LOGS")
DISABLED_ON_CREATE = ("RUNTIME_MONITORING",)
ADDITIONAL_CONFIGURATIONS = {
    "EKS_RUNTIME_MONITORING": ("EKS_ADDON_MANAGEMENT",),
    "RUNTIME_MONITORING": ("EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"),
}

TAGS_PATH = "{0}/tags/(?P<resource_arn>.+)$"


@cache
def optional_features() -> tuple[str, ...]:
    """The features CreateDetector and UpdateDetector may name: the DetectorFeature enum of botocore's model."""
    import botocore.session

    return tuple(botocore.session.get_session().get_service_model("guardduty").shape_for("DetectorFeature").enum)


# --- the feature records --------------------------------------------------------------
# A detector's features: {name: {"status": str, "updatedAt": float, "additional": {name: {"status": str, "updatedAt": float}}}}


def initial_features(now: float) -> dict[str, dict[str, Any]]:
    """The features of a new detector before its request applies."""
    features = {name: _record(ENABLED, now) for name in FOUNDATIONAL_FEATURES}
    for name in optional_features():
        record = _record(DISABLED if name in DISABLED_ON_CREATE else ENABLED, now)
        record["additional"] = {extra: _record(DISABLED, now) for extra in ADDITIONAL_CONFIGURATIONS.get(name, ())}
        features[name] = record
    return features


def apply_features(features: dict[str, dict[str, Any]], requested: list[dict[str, Any]] | None, now: float) -> None:
    """Set the features and additional configurations a request names (its wire form); leave the others."""
    for item in requested or []:
        record = features.setdefault(item["name"], _record(DISABLED, now))
        if item.get("status"):
            record.update(status=item["status"], updatedAt=now)
        additional = record.setdefault("additional", {})
        for extra in item.get("additionalConfiguration") or []:
            entry = additional.setdefault(extra["name"], _record(DISABLED, now))
            if extra.get("status"):
                entry.update(status=extra["status"], updatedAt=now)


def data_sources_as_features(data_sources: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The deprecated DataSources of a request, as the features they stand for (wire form)."""
    data_sources = data_sources or {}
    switches = {
        "S3_DATA_EVENTS": (data_sources.get("s3Logs") or {}).get("enable"),
        "EKS_AUDIT_LOGS": ((data_sources.get("kubernetes") or {}).get("auditLogs") or {}).get("enable"),
        "EBS_MALWARE_PROTECTION": ((data_sources.get("malwareProtection") or {}).get("scanEc2InstanceWithFindings") or {}).get("ebsVolumes"),
    }
    return [{"name": name, "status": ENABLED if on else DISABLED} for name, on in switches.items() if on is not None]


def features_answer(features: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The features as GetDetector answers them (DetectorFeatureConfigurationResult, wire form)."""
    answer = []
    for name, record in features.items():
        item: dict[str, Any] = {"name": name, "status": record["status"], "updatedAt": record["updatedAt"]}
        if record.get("additional"):
            item["additionalConfiguration"] = [
                {"name": extra, "status": entry["status"], "updatedAt": entry["updatedAt"]} for extra, entry in record["additional"].items()
            ]
        answer.append(item)
    return answer


def data_sources_answer(features: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The deprecated DataSources answer, agreeing with the features."""

    def status(name: str) -> dict[str, str]:
        return {"status": features.get(name, {}).get("status", DISABLED)}

    return {
        "cloudTrail": status("CLOUD_TRAIL"),
        "dnsLogs": status("DNS_LOGS"),
        "flowLogs": status("FLOW_LOGS"),
        "s3Logs": status("S3_DATA_EVENTS"),
        "kubernetes": {"auditLogs": status("EKS_AUDIT_LOGS")},
    }


def _record(status: str, now: float) -> dict[str, Any]:
    return {"status": status, "updatedAt": now}


def _timestamp(moment: datetime) -> float:
    """moto's naive local creation time, as epoch seconds."""
    return moment.timestamp()


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _bad_request(message: str) -> Exception:
    from moto.guardduty.exceptions import GuardDutyException

    return GuardDutyException("BadRequestException", message)


# --- the fixes ------------------------------------------------------------------------


@fix(
    "guardduty",
    "CreateDetector",
    "moto made a second detector in a region that has one and ignored ClientToken (a retried create made another detector); "
    "it kept Features as the request gave them. AWS allows one detector per account and Region (BadRequestException), "
    "answers a repeated token with the first detector, and enables every optional feature the request does not name except RUNTIME_MONITORING.",
)
def create_detector_as_aws_does() -> None:
    from moto.guardduty.models import Detector
    from moto.guardduty.models import GuardDutyBackend
    from moto.guardduty.responses import GuardDutyResponse

    original_init = Detector.__init__

    @wraps(original_init)
    def __init__(self: Detector, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        now = _timestamp(self.created_at)
        self.feature_records = initial_features(now)
        apply_features(self.feature_records, data_sources_as_features(self.datasources), now)
        apply_features(self.feature_records, self.features, now)

    Detector.__init__ = __init__  # type: ignore[method-assign]

    original_create = GuardDutyBackend.create_detector

    @wraps(original_create)
    def create_detector(self: GuardDutyBackend, *args: Any, **kwargs: Any) -> str:
        if self.detectors:
            raise _bad_request("The request is rejected because a detector already exists for the current account.")
        return original_create(self, *args, **kwargs)

    GuardDutyBackend.create_detector = create_detector  # type: ignore[method-assign]

    original_response = GuardDutyResponse.create_detector

    @wraps(original_response)
    def create_detector_response(self: GuardDutyResponse) -> str:
        token = self._get_param("clientToken")
        backend = self.guardduty_backend
        request = json.dumps({key: value for key, value in json.loads(self.body or "{}").items() if key != "clientToken"}, sort_keys=True)
        tokens = _tokens(backend)
        seen = tokens.get(token) if token else None
        # A token is answered while the detector it created exists (AWS keeps it for a while after).
        if seen is not None and seen["request"] == request and seen["detectorId"] in backend.detectors:
            return json.dumps({"detectorId": seen["detectorId"]})
        answer = original_response(self)
        if token:
            tokens[token] = {"request": request, "detectorId": json.loads(answer)["detectorId"]}
        return answer

    GuardDutyResponse.create_detector = create_detector_response  # type: ignore[method-assign]


def _tokens(backend: Any) -> dict[str, dict[str, Any]]:
    """The client tokens one GuardDuty backend (account and Region) has answered; moto's reset forgets them with the backend."""
    return backend.__dict__.setdefault("_webstack_detector_client_tokens", {})


@fix(
    "guardduty",
    "GetDetector",
    "Features read back as the request gave them (no UpdatedAt, features not named missing) and DataSources said "
    "CloudTrail, DNS and flow logs were DISABLED; AWS answers every feature with Name, Status, UpdatedAt and "
    "AdditionalConfiguration, the foundational sources ENABLED, and a detector's UpdatedAt that moves on update.",
)
def get_detector_answers_every_feature() -> None:
    from moto.guardduty.models import Detector

    original = Detector.to_json

    @wraps(original)
    def to_json(self: Detector) -> dict[str, Any]:
        answer = original(self)
        answer["features"] = features_answer(self.feature_records)
        answer["dataSources"] = data_sources_answer(self.feature_records)
        answer["updatedAt"] = _iso(self.updated_at)
        return answer

    Detector.to_json = to_json  # type: ignore[method-assign]


@fix(
    "guardduty",
    "UpdateDetector",
    "Features replaced the detector's whole list (a feature not named was lost) and UpdatedAt never moved; "
    "AWS changes only the features and additional configurations the request names.",
)
def update_detector_changes_only_the_features_named() -> None:
    from moto.guardduty.models import Detector

    original = Detector.update

    @wraps(original)
    def update(self: Detector, enable: bool, finding_publishing_frequency: str, data_sources: dict[str, Any], features: list[dict[str, Any]]) -> None:
        original(self, enable, finding_publishing_frequency, data_sources, features)
        self.updated_at = datetime.now()
        now = _timestamp(self.updated_at)
        apply_features(self.feature_records, data_sources_as_features(data_sources), now)
        apply_features(self.feature_records, features, now)

    Detector.update = update  # type: ignore[method-assign]


# --- tags on detectors (moto 5.2.5 has no /tags routes for GuardDuty) -------------------


def _add_tag_operation(name: str, operation: Callable[[Any], Any]) -> None:
    from moto.guardduty import urls
    from moto.guardduty.responses import GuardDutyResponse

    urls.url_paths[TAGS_PATH] = GuardDutyResponse.dispatch
    setattr(GuardDutyResponse, name, operation)


def _tagged_detector(response: Any) -> Any:
    """The detector a /tags/{ResourceArn} request names; BadRequestException for anything else."""
    backend = response.guardduty_backend
    arn = unquote(response.path.split("/tags/", 1)[1])
    prefix = f"arn:{backend.partition}:guardduty:{backend.region_name}:{backend.account_id}:detector/"
    detector_id = arn[len(prefix) :] if arn.startswith(prefix) else ""
    if not detector_id or "/" in detector_id:
        raise _bad_request(f"The request is rejected because the resourceArn {arn} is not a detector of this account and Region.")
    return backend.get_detector(detector_id)


@fix("guardduty", "TagResource", "moto 5.2.5 has no GuardDuty TagResource (HTTP 404); AWS adds the tags to the detector and answers 204.")
def tag_resource() -> None:
    def tag_resource(self: Any) -> tuple[int, dict[str, int], str]:
        _tagged_detector(self).tags.update(self._get_param("tags") or {})
        return 204, {"status": 204}, ""

    _add_tag_operation("tag_resource", tag_resource)


@fix("guardduty", "UntagResource", "moto 5.2.5 has no GuardDuty UntagResource (HTTP 404); AWS removes the tag keys from the detector and answers 204.")
def untag_resource() -> None:
    def untag_resource(self: Any) -> tuple[int, dict[str, int], str]:
        detector = _tagged_detector(self)
        for key in self.querystring.get("tagKeys") or []:
            detector.tags.pop(key, None)
        return 204, {"status": 204}, ""

    _add_tag_operation("untag_resource", untag_resource)


@fix("guardduty", "ListTagsForResource", "moto 5.2.5 has no GuardDuty ListTagsForResource (HTTP 404); AWS answers the detector's tags.")
def list_tags_for_resource() -> None:
    def list_tags_for_resource(self: Any) -> str:
        return json.dumps({"tags": dict(_tagged_detector(self).tags)})

    _add_tag_operation("list_tags_for_resource", list_tags_for_resource)
