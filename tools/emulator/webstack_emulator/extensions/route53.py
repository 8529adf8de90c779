"""Route 53 record fidelity fixes for moto 5.2.5 (moto/route53).

What AWS does, per the Route 53 API reference and what the service answers:

- an alias record reads back with ``AliasTarget.DNSName`` in lower case and fully qualified
  (a trailing dot): ``d111111abcdef8.cloudfront.net.``, whatever case and form was sent;
- a change batch is checked as a whole against the zone's records before anything changes
  (all changes or none): a CREATE of a record set that exists (name, type and set identifier),
  a DELETE of one that does not, or a DELETE whose values (TTL, records, alias target...) are
  not the current ones, is ``InvalidChangeBatch`` with one message per refused change, e.g.
  "[Tried to create resource record set [name='www.example.com.', type='A'] but it already exists]"
  (amazon.aws ``route53`` matches "but it already exists"); record names are compared without
  regard to case or a trailing dot;
- GetChange answers the change ChangeResourceRecordSets made: its ``Id`` (``/change/<id>``),
  its ``SubmittedAt``, ``INSYNC`` once propagated; an unknown ID is ``NoSuchChange``.
"""

from __future__ import annotations

import copy
import string
from typing import Any

from webstack_emulator.extensions import fix

SERVICE = "route53"
CHANGES = "_webstack_changes"  # change ID -> SubmittedAt, kept on the backend
COMPARED = ("TTL", "Weight", "Region", "Failover", "HealthCheckId", "GeoLocation", "MultiValueAnswer")


def _error(code: str, message: str) -> Exception:
    from moto.route53.exceptions import Route53ClientError

    return Route53ClientError(code, message)


def fqdn(name: str) -> str:
    """A name as Route 53 answers it: with its trailing dot."""
    return name if name.endswith(".") else f"{name}."


def alias_target(target: dict[str, Any]) -> dict[str, Any]:
    """An alias target as Route 53 keeps it: DNSName in lower case with its trailing dot, EvaluateTargetHealth a bool."""
    return {
        "HostedZoneId": target.get("HostedZoneId"),
        "DNSName": fqdn(str(target.get("DNSName", "")).lower()),
        "EvaluateTargetHealth": str(target.get("EvaluateTargetHealth", False)).lower() == "true",
    }


def record_key(record: dict[str, Any]) -> tuple[str, str, str]:
    """What identifies a record set in a zone: name (any case, with or without its dot), type and set identifier."""
    return fqdn(str(record.get("Name", "")).lower()), str(record.get("Type")), str(record.get("SetIdentifier") or "")


def record_values(record: dict[str, Any]) -> dict[str, Any]:
    """What a DELETE must repeat: TTL, the values (in any order), the alias target and the routing settings."""
    values: dict[str, Any] = {key: str(record[key]) for key in COMPARED if record.get(key) not in (None, "")}
    values["ResourceRecords"] = sorted(str(item["Value"] if isinstance(item, dict) else item) for item in record.get("ResourceRecords") or [])
    if record.get("AliasTarget"):
        values["AliasTarget"] = alias_target(record["AliasTarget"])
    return values


def stored(record_set: Any) -> dict[str, Any]:
    """A record set of moto's zone in the request's shape."""
    return {
        "Name": record_set.name,
        "Type": record_set.type,
        "SetIdentifier": record_set.set_identifier,
        "TTL": record_set.ttl,
        "ResourceRecords": record_set.records or [],
        "AliasTarget": record_set.alias_target,
        "Weight": record_set.weight,
        "Region": record_set.region,
        "Failover": record_set.failover,
        "HealthCheckId": record_set.health_check_id,
        "GeoLocation": record_set.geo_location,
        "MultiValueAnswer": record_set.multi_value_answer,
    }


def new_change_id() -> str:
    """A change ID in AWS's form: C and 20 upper-case letters and digits."""
    from moto.moto_api._internal import mock_random

    return "C" + "".join(mock_random.choice(string.ascii_uppercase + string.digits) for _ in range(20))


def refusals(current: list[dict[str, Any]], changes: list[dict[str, Any]]) -> list[str]:
    """AWS's message for each change of the batch that cannot apply, the batch's earlier changes applied first."""
    records = {record_key(record): record for record in current}
    messages = []
    for change in changes:
        record = change["ResourceRecordSet"]
        key = record_key(record)
        where = f"[name='{fqdn(str(record['Name']))}', type='{record['Type']}'"
        where += f", set-identifier='{record['SetIdentifier']}']" if record.get("SetIdentifier") else "]"
        if change["Action"] == "CREATE" and key in records:
            messages.append(f"Tried to create resource record set {where} but it already exists")
        elif change["Action"] == "DELETE" and key not in records:
            messages.append(f"Tried to delete resource record set {where} but it was not found")
        elif change["Action"] == "DELETE" and record_values(records[key]) != record_values(record):
            messages.append(f"Tried to delete resource record set {where} but the values provided do not match the current values")
        elif change["Action"] == "DELETE":
            del records[key]
        else:
            records[key] = record
    return messages


@fix(
    SERVICE,
    "ChangeResourceRecordSets",
    "moto checked CREATE and DELETE against its journal of past changes, not the zone: a CREATE of an existing record set replaced "
    "nothing and added a second one, a DELETE with other values (or of a record already deleted) succeeded; alias targets read back "
    "as sent. AWS refuses the whole batch with InvalidChangeBatch ('... but it already exists', '... but it was not found', '... but "
    "the values provided do not match the current values') and answers alias DNS names in lower case with a trailing dot.",
)
def change_resource_record_sets_as_aws_does() -> None:
    from moto.route53.exceptions import DnsNameInvalidForZone
    from moto.route53.models import Route53Backend
    from moto.route53.utils import validate_domain_name

    def change_resource_record_sets(self: Route53Backend, zoneid: str, change_list: list[dict[str, Any]]) -> None:
        zone = self.get_hosted_zone(zoneid)
        for change in change_list:
            name = str(change["ResourceRecordSet"]["Name"])
            validate_domain_name(name, code="InvalidChangeBatch")
            if change["Action"] not in ("CREATE", "UPSERT", "DELETE"):
                raise _error("InvalidInput", f"Invalid XML ; cvc-enumeration-valid: Value '{change['Action']}' is not facet-valid.")
            zone_name, record_name = zone.name.lower().rstrip("."), name.lower().rstrip(".")
            if record_name != zone_name and not record_name.endswith(f".{zone_name}"):
                raise DnsNameInvalidForZone(name=name, zone_name=zone.name)
        messages = refusals([stored(record_set) for record_set in zone.rrsets], change_list)
        if messages:
            raise _error("InvalidChangeBatch", "[" + ", ".join(messages) + "]")
        for change in change_list:
            apply(zone, change)

    Route53Backend.change_resource_record_sets = change_resource_record_sets  # type: ignore[method-assign]


def apply(zone: Any, change: dict[str, Any]) -> None:
    """One checked change on moto's zone (records kept as moto keeps them: values as plain strings)."""
    original = copy.deepcopy(change)
    record = dict(change["ResourceRecordSet"], Name=fqdn(str(change["ResourceRecordSet"]["Name"])))
    key = record_key(record)
    zone.rrsets = [record_set for record_set in zone.rrsets if record_key(stored(record_set)) != key]
    if change["Action"] != "DELETE":
        if record.get("ResourceRecords"):
            record["ResourceRecords"] = [item["Value"] for item in record["ResourceRecords"]]
        if record.get("AliasTarget"):
            record["AliasTarget"] = alias_target(record["AliasTarget"])
        zone.add_rrset(record)
    zone.rr_changes.append(original)


@fix(
    SERVICE,
    "GetChange",
    "moto answered every ChangeResourceRecordSets with the same change ID (/change/C2682N5HXP0BZ4) and INSYNC, and GetChange answered "
    "any ID, without /change/ and with a new SubmittedAt. AWS gives each change its own ID, answers it PENDING, and GetChange answers "
    "that change (Id /change/<id>, its SubmittedAt, INSYNC once propagated: at once here) or NoSuchChange.",
)
def get_change_answers_the_change() -> None:
    from moto.core.responses import ActionResult
    from moto.route53.responses import Route53

    original_change = Route53.change_resource_record_sets

    def change_resource_record_sets_response(self: Route53) -> ActionResult:
        submitted = original_change(self).result["ChangeInfo"]["SubmittedAt"]  # type: ignore[index]
        change_id = new_change_id()
        vars(self.backend).setdefault(CHANGES, {})[change_id] = submitted
        return ActionResult({"ChangeInfo": {"Id": f"/change/{change_id}", "Status": "PENDING", "SubmittedAt": submitted}})

    Route53.change_resource_record_sets = change_resource_record_sets_response  # type: ignore[method-assign]

    def get_change_response(self: Route53) -> ActionResult:
        change_id = str(self._get_param("Id")).split("/")[-1]
        submitted = vars(self.backend).get(CHANGES, {}).get(change_id)
        if submitted is None:
            raise _error("NoSuchChange", f"A change with the specified change ID does not exist: {change_id}")
        return ActionResult({"ChangeInfo": {"Id": f"/change/{change_id}", "Status": "INSYNC", "SubmittedAt": submitted}})

    Route53.get_change = get_change_response  # type: ignore[method-assign]
