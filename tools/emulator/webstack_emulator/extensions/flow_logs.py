"""EC2 VPC flow log fidelity fixes for moto 5.2.5 (moto/ec2/models/flow_logs.py, moto/ec2/responses/flow_logs.py)."""

from __future__ import annotations

import json
import threading
from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

CLOUD_WATCH_LOGS = "cloud-watch-logs"
LOG_GROUP_ARN_MARK = ":log-group:"

# Set while the fixed create_flow_logs runs moto's own: moto's duplicate check reads describe_flow_logs()
# without arguments, and finds nothing while this is set (the fixed check has run before).
_creating = threading.local()


def log_group_arn(partition: str, region: str, account_id: str, name: str) -> str:
    """The ARN AWS reports as a CloudWatch Logs flow log's LogDestination."""
    return f"arn:{partition}:logs:{region}:{account_id}:log-group:{name}"


def log_group_name_of(log_destination: str | None) -> str | None:
    """The log group an arn:...:logs:...:log-group:NAME destination names (None for anything else)."""
    if not log_destination or LOG_GROUP_ARN_MARK not in log_destination:
        return None
    name = log_destination.split(LOG_GROUP_ARN_MARK, 1)[1]
    return name[:-2] if name.endswith(":*") else name


def destination_of(log_destination_type: str | None, log_destination: str | None, log_group_name: str | None) -> tuple[str, str | None]:
    """Where a flow log publishes: a log group by name (however it was given), else the destination ARN as given."""
    kind = log_destination_type or CLOUD_WATCH_LOGS
    if kind == CLOUD_WATCH_LOGS:
        return kind, log_group_name or log_group_name_of(log_destination)
    return kind, log_destination


@fix(
    "ec2",
    "CreateFlowLogs",
    "moto refused a flow log of another TrafficType to a destination the resource already logs to (FlowLogAlreadyExists), "
    "took 'bucket/prefix/' of an S3 LogDestination for the bucket name (Unsuccessful, code 400), and ignored ClientToken "
    "(a repeated create made a second flow log, the answer had no ClientToken). AWS counts only the same resource, "
    "traffic type and destination as a duplicate, files logs under the prefix, and answers a repeated token with the first answer.",
)
def create_flow_logs_as_aws_does() -> None:
    from moto.core.responses import ActionResult
    from moto.ec2.exceptions import FlowLogAlreadyExists
    from moto.ec2.models.flow_logs import FlowLogsBackend
    from moto.ec2.responses.flow_logs import FlowLogs as FlowLogsResponse

    original_create = FlowLogsBackend.create_flow_logs
    original_describe = FlowLogsBackend.describe_flow_logs

    @wraps(original_describe)
    def describe_flow_logs(self: FlowLogsBackend, flow_log_ids: list[str] | None = None, filters: Any = None) -> list[Any]:
        if getattr(_creating, "active", False) and flow_log_ids is None and filters is None:
            return []  # moto's duplicate check, which ignores the traffic type: the fixed one has run
        return original_describe(self, flow_log_ids, filters)

    @wraps(original_create)
    def create_flow_logs(
        self: FlowLogsBackend,
        resource_type: str,
        resource_ids: list[str],
        traffic_type: str,
        deliver_logs_permission_arn: str,
        log_destination_type: str,
        log_destination: str,
        log_group_name: str,
        log_format: str,
        max_aggregation_interval: int,
    ) -> tuple[list[Any], list[Any]]:
        kind = log_destination_type or CLOUD_WATCH_LOGS
        wanted = destination_of(kind, log_destination, log_group_name)
        for flow_log in original_describe(self):
            same = (
                flow_log.resource_id,
                flow_log.traffic_type,
                destination_of(flow_log.log_destination_type, flow_log.log_destination, flow_log.log_group_name),
            )
            if any(same == (resource_id, traffic_type, wanted) for resource_id in resource_ids):
                raise FlowLogAlreadyExists()

        checked_destination = log_destination
        if kind == CLOUD_WATCH_LOGS and log_group_name is None:
            log_group_name = log_group_name_of(log_destination)  # moto checks the group by name, and keeps it
        elif kind == "s3" and log_destination and "/" in log_destination:
            # moto looks up everything after 'arn:aws:s3:::' as the bucket: give it the bucket alone
            checked_destination = log_destination.split("/", 1)[0]

        _creating.active = True
        try:
            created, unsuccessful = original_create(
                self,
                resource_type,
                resource_ids,
                traffic_type,
                deliver_logs_permission_arn,
                log_destination_type,
                checked_destination,
                log_group_name,
                log_format,
                max_aggregation_interval,
            )
        finally:
            _creating.active = False
        if checked_destination != log_destination:
            for flow_log in created:
                flow_log.log_destination = log_destination  # the prefix is part of the destination
        return created, unsuccessful

    FlowLogsBackend.describe_flow_logs = describe_flow_logs  # type: ignore[method-assign]
    FlowLogsBackend.create_flow_logs = create_flow_logs  # type: ignore[method-assign]

    original_response = FlowLogsResponse.create_flow_logs

    @wraps(original_response)
    def create_flow_logs_response(self: FlowLogsResponse) -> ActionResult:
        token = self._get_param("ClientToken")
        if not token:
            return original_response(self)
        request = json.dumps({k: v for k, v in self.params.items() if k not in ("ClientToken", "DryRun")}, sort_keys=True, default=str)
        tokens = _tokens(self.ec2_backend)
        seen = tokens.get(token)
        # A token is answered while a flow log it created exists (AWS keeps it for a while after; see the README).
        if seen is not None and any(flow_log_id in self.ec2_backend.flow_logs for flow_log_id in seen["answer"]["FlowLogIds"]):
            self.error_on_dryrun()
            if seen["request"] != request:
                raise _idempotent_parameter_mismatch()
            return ActionResult(dict(seen["answer"]))
        result = original_response(self)
        answer = dict(result.result, ClientToken=token)  # type: ignore[call-overload]
        if answer["FlowLogIds"]:
            tokens[token] = {"request": request, "answer": answer}
        return ActionResult(answer)

    FlowLogsResponse.create_flow_logs = create_flow_logs_response  # type: ignore[method-assign]


def _tokens(backend: Any) -> dict[str, dict[str, Any]]:
    """The client tokens one EC2 backend (account and region) has answered; moto's reset forgets them with the backend."""
    return backend.__dict__.setdefault("_webstack_flow_log_client_tokens", {})


def _idempotent_parameter_mismatch() -> Exception:
    from moto.ec2.exceptions import EC2ClientError

    return EC2ClientError(
        "IdempotentParameterMismatch",
        "The client token you have provided is associated with a request that had different parameters.",
    )


@fix(
    "ec2",
    "DescribeFlowLogs",
    "A flow log to CloudWatch Logs read back without LogDestination; AWS reports the log group's ARN (arn:aws:logs:<region>:<account>:log-group:<name>) there.",
)
def cloud_watch_logs_flow_logs_name_their_log_group_arn() -> None:
    from moto.ec2.models.flow_logs import FlowLogs

    original = FlowLogs.__init__

    @wraps(original)
    def __init__(self: FlowLogs, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        if (self.log_destination_type or CLOUD_WATCH_LOGS) == CLOUD_WATCH_LOGS and not self.log_destination and self.log_group_name:
            backend = self.ec2_backend
            self.log_destination = log_group_arn(backend.partition, backend.region_name, backend.account_id, self.log_group_name)

    FlowLogs.__init__ = __init__  # type: ignore[method-assign]
