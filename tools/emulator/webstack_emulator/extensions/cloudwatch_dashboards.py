"""CloudWatch dashboard fidelity fixes for moto 5.2.5 (moto/cloudwatch/models.py, moto/cloudwatch/responses.py)."""

from __future__ import annotations

import json
import re
from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

# PutDashboard's DashboardName: "The maximum length is 255, and valid characters are A-Z, a-z, 0-9, "-", and "_"."
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")
NAME_MAX = 255
DASHBOARD_ARN_MARK = ":dashboard/"

# Dashboards are global (PutDashboard: "All dashboards in your account are global, not region-specific"):
# every regional backend of a partition reads and writes the dashboards of this region's backend.
HOME_REGIONS = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}
_STORE = "_webstack_dashboards"


def name_error(name: str) -> str | None:
    """AWS's refusal of a DashboardName, or None when AWS accepts it."""
    if len(name) > NAME_MAX:
        return f"The value for field DashboardName must be at most {NAME_MAX} characters long."
    if not NAME_PATTERN.match(name):
        return "The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_)."
    return None


def body_validation_messages(body: str) -> list[dict[str, str]]:
    """The DashboardValidationMessages AWS answers for a DashboardBody that is JSON (empty when it is valid).

    Checks the structure every dashboard body must have (Dashboard Body Structure and Syntax): an object
    with a required ``widgets`` array whose items are objects with a ``type``; not each widget's properties.
    """
    document = json.loads(body)
    if not isinstance(document, dict):
        return [{"DataPath": "", "Message": "Should be object"}]
    if "widgets" not in document:
        return [{"DataPath": "", "Message": "Should have required property 'widgets'"}]
    widgets = document["widgets"]
    if not isinstance(widgets, list):
        return [{"DataPath": "/widgets", "Message": "Should be array"}]
    messages = []
    for index, widget in enumerate(widgets):
        if not isinstance(widget, dict):
            messages.append({"DataPath": f"/widgets/{index}", "Message": "Should be object"})
        elif "type" not in widget:
            messages.append({"DataPath": f"/widgets/{index}", "Message": "Should have required property 'type'"})
    return messages


def invalid_body_message(messages: list[dict[str, str]]) -> str:
    listed = json.dumps([{"dataPath": m["DataPath"], "message": m["Message"]} for m in messages], indent=2)
    return f"The dashboard body is invalid, there are {len(messages)} validation errors:\n{listed}"


def is_dashboard_arn(arn: str) -> bool:
    return DASHBOARD_ARN_MARK in arn


@fix(
    "cloudwatch",
    "ListDashboards",
    "moto kept dashboards per region: a dashboard put in one region was missing from ListDashboards, GetDashboard and "
    "DeleteDashboards in another. AWS dashboards are global to the account (the ARN has no region).",
)
def dashboards_are_global() -> None:
    from moto.cloudwatch.models import CloudWatchBackend
    from moto.cloudwatch.models import cloudwatch_backends

    def get_dashboards(self: CloudWatchBackend) -> dict[str, Any]:
        home_region = HOME_REGIONS.get(self.partition, self.region_name)
        home = self if home_region == self.region_name else cloudwatch_backends[self.account_id][home_region]
        return home.__dict__.setdefault(_STORE, {})

    def set_dashboards(self: CloudWatchBackend, value: dict[str, Any]) -> None:
        self.__dict__[_STORE] = value

    CloudWatchBackend.dashboards = property(get_dashboards, set_dashboards)  # type: ignore[assignment]


@fix(
    "cloudwatch",
    "PutDashboard",
    "moto stored any DashboardName (spaces, '!', 300 characters) and any JSON DashboardBody ('[]', '{}', no widgets), "
    "and ignored Tags. AWS refuses both with InvalidParameterInput (the body's errors in dashboardValidationMessages), "
    "tags a new dashboard with Tags and keeps an existing dashboard's tags on update.",
)
def put_dashboard_validates_and_tags() -> None:
    from moto.cloudwatch.exceptions import DashboardInvalidInputError
    from moto.cloudwatch.models import CloudWatchBackend
    from moto.cloudwatch.responses import CloudWatchResponse

    original_backend = CloudWatchBackend.put_dashboard

    @wraps(original_backend)
    def backend_put_dashboard(self: CloudWatchBackend, name: str, body: str) -> Any:
        existing = self.dashboards.get(name)
        dashboard = original_backend(self, name, body)
        dashboard.tags = existing.tags if existing is not None else {}
        return dashboard

    CloudWatchBackend.put_dashboard = backend_put_dashboard  # type: ignore[method-assign]

    original_response = CloudWatchResponse.put_dashboard

    @wraps(original_response)
    def put_dashboard(self: CloudWatchResponse) -> Any:
        error = name_error(self._get_param("DashboardName") or "")
        if error:
            raise DashboardInvalidInputError(error)
        body = self._get_param("DashboardBody")
        try:
            messages = body_validation_messages(body)
        except ValueError:
            return original_response(self)  # moto's own answer to a body that is not JSON
        if messages:
            refusal = DashboardInvalidInputError(invalid_body_message(messages))
            refusal.dashboardValidationMessages = messages  # type: ignore[attr-defined]
            raise refusal
        name = self._get_param("DashboardName")
        is_new = name not in self.cloudwatch_backend.dashboards
        answer = original_response(self)
        if is_new:  # AWS ignores Tags when PutDashboard updates a dashboard
            self.cloudwatch_backend.dashboards[name].tags = {t["Key"]: t["Value"] for t in self._get_param("Tags", [])}
        return answer

    CloudWatchResponse.put_dashboard = put_dashboard  # type: ignore[method-assign]


@fix(
    "cloudwatch",
    "TagResource",
    "moto's TagResource and UntagResource refused a dashboard ARN (ResourceNotFoundException) and ListTagsForResource "
    "answered no tags for it. AWS tags dashboards (arn:aws:cloudwatch::<account>:dashboard/<name>) and answers "
    "ResourceNotFoundException for a dashboard that does not exist.",
)
def dashboards_take_tags() -> None:
    from moto.cloudwatch.exceptions import ResourceNotFoundException
    from moto.cloudwatch.models import CloudWatchBackend

    def dashboard_of(backend: CloudWatchBackend, arn: str) -> Any:
        dashboard = backend.dashboards.get(arn.split(DASHBOARD_ARN_MARK, 1)[1])
        if dashboard is None or dashboard.arn != arn:
            raise ResourceNotFoundException
        return dashboard

    original_tag = CloudWatchBackend.tag_resource
    original_untag = CloudWatchBackend.untag_resource
    original_list = CloudWatchBackend.list_tags_for_resource

    @wraps(original_tag)
    def tag_resource(self: CloudWatchBackend, arn: str, tags: dict[str, str]) -> None:
        if not is_dashboard_arn(arn):
            return original_tag(self, arn, tags)
        dashboard_of(self, arn).tags.update(tags)
        return None

    @wraps(original_untag)
    def untag_resource(self: CloudWatchBackend, arn: str, tag_keys: list[str]) -> None:
        if not is_dashboard_arn(arn):
            return original_untag(self, arn, tag_keys)
        dashboard = dashboard_of(self, arn)
        for key in tag_keys:
            dashboard.tags.pop(key, None)
        return None

    @wraps(original_list)
    def list_tags_for_resource(self: CloudWatchBackend, arn: str) -> dict[str, str]:
        if not is_dashboard_arn(arn):
            return original_list(self, arn)
        return dict(dashboard_of(self, arn).tags)

    CloudWatchBackend.tag_resource = tag_resource  # type: ignore[method-assign]
    CloudWatchBackend.untag_resource = untag_resource  # type: ignore[method-assign]
    CloudWatchBackend.list_tags_for_resource = list_tags_for_resource  # type: ignore[method-assign]


@fix(
    "cloudwatch",
    "DeleteDashboards",
    "moto deleted nothing when one of the names did not exist; AWS deletes every named dashboard that exists "
    '("the operation attempts to delete as many dashboards as possible") and answers ResourceNotFound for the rest.',
)
def delete_dashboards_deletes_what_exists() -> None:
    from moto.cloudwatch.models import CloudWatchBackend

    original = CloudWatchBackend.delete_dashboards

    @wraps(original)
    def delete_dashboards(self: CloudWatchBackend, dashboards: list[str]) -> str | None:
        missing = [name for name in dashboards if name not in self.dashboards]
        for name in set(dashboards) - set(missing):
            del self.dashboards[name]
        return original(self, missing)

    CloudWatchBackend.delete_dashboards = delete_dashboards  # type: ignore[method-assign]
