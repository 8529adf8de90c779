#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: wafv2_logging_configuration
version_added: 0.2.0
short_description: Manage the logging configuration of a WAFv2 web ACL
description:
  - Send the logs of an AWS WAF (WAFv2) web ACL to one destination, keep chosen request fields out of them, and filter
    which requests are logged; or stop logging.
  - A web ACL has at most one logging configuration; the module finds it by O(web_acl_arn) and replaces it
    (C(PutLoggingConfiguration)) only when the destination, the redacted fields or the filter differ.
  - The client uses the region of O(web_acl_arn); for a C(CLOUDFRONT)-scope web ACL (an ARN with C(global/webacl/))
    that is C(us-east-1), as AWS requires, whatever O(region) says.
author:
  - webstack.aws maintainers (@webstack)
options:
  web_acl_arn:
    description:
      - The ARN of the web ACL, C(arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>) or
        C(arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>).
    required: true
    type: str
  log_destination_configs:
    description:
      - The ARN of the one destination of the logs (AWS takes one), a CloudWatch Logs log group, a Kinesis Data Firehose
        delivery stream or an S3 bucket whose name starts with C(aws-waf-logs-), as AWS requires.
      - A log group ARN ending in C(:*) (as some modules return it) is sent without that suffix.
      - Required when O(state=present).
    type: list
    elements: str
  redacted_fields:
    description:
      - The parts of requests replaced by C(REDACTED) in the logs.
      - The order does not matter; header names are compared without regard to case, as AWS matches them.
    type: list
    elements: dict
    default: []
    suboptions:
      type:
        description:
          - Which part of the request to redact.
        required: true
        type: str
        choices: ['single_header', 'query_string', 'uri_path', 'method']
      name:
        description:
          - The header name, for O(redacted_fields[].type=single_header) only.
        type: str
  logging_filter:
    description:
      - Which requests are logged. Without it, every request is.
    type: dict
    suboptions:
      default_behavior:
        description:
          - What happens to a request no filter matches.
        required: true
        type: str
        choices: ['KEEP', 'DROP']
      filters:
        description:
          - The filters, each keeping or dropping the requests that meet its conditions.
        required: true
        type: list
        elements: dict
        suboptions:
          behavior:
            description:
              - Whether matching requests are logged.
            required: true
            type: str
            choices: ['KEEP', 'DROP']
          requirement:
            description:
              - Whether a request must meet all conditions or any of them.
            required: true
            type: str
            choices: ['MEETS_ALL', 'MEETS_ANY']
          conditions:
            description:
              - The conditions; each has exactly one of O(logging_filter.filters[].conditions[].action_condition) or
                O(logging_filter.filters[].conditions[].label_name_condition).
            required: true
            type: list
            elements: dict
            suboptions:
              action_condition:
                description:
                  - Match requests by the action WAF took.
                type: dict
                suboptions:
                  action:
                    description:
                      - The action.
                    required: true
                    type: str
                    choices: ['ALLOW', 'BLOCK', 'COUNT', 'CAPTCHA', 'CHALLENGE', 'EXCLUDED_AS_COUNT']
              label_name_condition:
                description:
                  - Match requests by a label a rule added.
                type: dict
                suboptions:
                  label_name:
                    description:
                      - The full label name, for example C(awswaf:managed:aws:core-rule-set:NoUserAgent_Header).
                    required: true
                    type: str
  state:
    description:
      - Whether the web ACL logs (V(present)) or not (V(absent)).
    default: present
    choices: ['present', 'absent']
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Log the edge web ACL to CloudWatch Logs without credentials
  webstack.aws.wafv2_logging_configuration:
    web_acl_arn: "{{ edge_web_acl.arn }}"
    log_destination_configs:
      - "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-webstack-prod"
    redacted_fields:
      - type: single_header
        name: authorization
      - type: single_header
        name: cookie

- name: Log only blocked requests
  webstack.aws.wafv2_logging_configuration:
    web_acl_arn: "{{ alb_web_acl.arn }}"
    log_destination_configs:
      - "arn:aws:logs:eu-west-1:123456789012:log-group:aws-waf-logs-webstack-prod-alb"
    logging_filter:
      default_behavior: DROP
      filters:
        - behavior: KEEP
          requirement: MEETS_ANY
          conditions:
            - action_condition:
                action: BLOCK

- name: Stop logging
  webstack.aws.wafv2_logging_configuration:
    web_acl_arn: "{{ alb_web_acl.arn }}"
    state: absent
"""

RETURN = r"""
logging_configuration:
  description: The logging configuration of the web ACL (what it would be in check mode).
  returned: when O(state=present)
  type: dict
  contains:
    resource_arn:
      description: The ARN of the web ACL.
      type: str
      returned: always
      sample: arn:aws:wafv2:us-east-1:123456789012:global/webacl/webstack-prod-edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111
    log_destination_configs:
      description: The ARN of the destination.
      type: list
      elements: str
      returned: always
      sample: ["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-webstack-prod"]
    redacted_fields:
      description: The redacted parts of requests, as the module's O(redacted_fields) describes them.
      type: list
      elements: dict
      returned: always
      sample: [{"type": "single_header", "name": "authorization"}]
    logging_filter:
      description: The filter, as the module's O(logging_filter) describes it.
      type: dict
      returned: when there is one
      sample:
        default_behavior: DROP
        filters:
          - behavior: KEEP
            requirement: MEETS_ANY
            conditions: [{"action_condition": {"action": "BLOCK"}}]
    managed_by_firewall_manager:
      description: Whether AWS Firewall Manager manages the configuration.
      type: bool
      returned: when AWS reports it
      sample: false
    log_type:
      description: The kind of logs.
      type: str
      returned: when AWS reports it
      sample: WAF_LOGS
    log_scope:
      description: Who owns the configuration.
      type: str
      returned: when AWS reports it
      sample: CUSTOMER
"""

import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible.module_utils.common.dict_transformations import snake_dict_to_camel_dict
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ACTIONS = ["ALLOW", "BLOCK", "COUNT", "CAPTCHA", "CHALLENGE", "EXCLUDED_AS_COUNT"]

ARGUMENT_SPEC = dict(
    web_acl_arn=dict(type="str", required=True),
    log_destination_configs=dict(type="list", elements="str"),
    redacted_fields=dict(
        type="list",
        elements="dict",
        default=[],
        options=dict(
            type=dict(type="str", required=True, choices=["single_header", "query_string", "uri_path", "method"]),
            name=dict(type="str"),
        ),
    ),
    logging_filter=dict(
        type="dict",
        options=dict(
            default_behavior=dict(type="str", required=True, choices=["KEEP", "DROP"]),
            filters=dict(
                type="list",
                elements="dict",
                required=True,
                options=dict(
                    behavior=dict(type="str", required=True, choices=["KEEP", "DROP"]),
                    requirement=dict(type="str", required=True, choices=["MEETS_ALL", "MEETS_ANY"]),
                    conditions=dict(
                        type="list",
                        elements="dict",
                        required=True,
                        options=dict(
                            action_condition=dict(type="dict", options=dict(action=dict(type="str", required=True, choices=ACTIONS))),
                            label_name_condition=dict(type="dict", options=dict(label_name=dict(type="str", required=True))),
                        ),
                    ),
                ),
            ),
        ),
    ),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

WEB_ACL_ARN = re.compile(r"^arn:aws[a-z-]*:wafv2:(?P<region>[a-z0-9-]+):\d{12}:(?P<scope>regional|global)/webacl/[\w-]+/[0-9a-f-]+$")
CLOUDFRONT_REGION = "us-east-1"
DESTINATION_PREFIX = "aws-waf-logs-"
LOG_GROUP_MARK = ":log-group:"

# redacted_fields type -> the FieldToMatch member AWS uses.
REDACTED_FIELDS = {"single_header": "SingleHeader", "query_string": "QueryString", "uri_path": "UriPath", "method": "Method"}
REDACTED_TYPES = {member: kind for kind, member in REDACTED_FIELDS.items()}
# What AWS reports besides the settings, as the module returns it.
REPORTED = {"ManagedByFirewallManager": "managed_by_firewall_manager", "LogType": "log_type", "LogScope": "log_scope"}


# Pure functions: what to check, what to send, what differs


def web_acl_region(web_acl_arn: str) -> str:
    """The region of the endpoint that manages a web ACL: us-east-1 for CLOUDFRONT scope (global/webacl)."""
    match = WEB_ACL_ARN.match(web_acl_arn)
    if match is None:
        raise ValueError(web_acl_arn)
    return CLOUDFRONT_REGION if match.group("scope") == "global" else match.group("region")


def destination_name(destination: str) -> Optional[str]:
    """The name of a log group, delivery stream or bucket ARN; None for an ARN of anything else."""
    parts = destination.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        return None
    service, resource = parts[2], parts[5]
    if service == "logs" and resource.startswith("log-group:"):
        return resource[len("log-group:") :]
    if service == "firehose" and resource.startswith("deliverystream/"):
        return resource[len("deliverystream/") :]
    if service == "s3":
        return resource.split("/", 1)[0]
    return None


def normalise_destination(destination: str) -> str:
    """A log group ARN without the ':*' suffix CloudWatch Logs adds; other ARNs as given."""
    if LOG_GROUP_MARK in destination and destination.endswith(":*"):
        return destination[:-2]
    return destination


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Everything wrong with the options, each naming the option and what is allowed; [] when they are fine."""
    errors = []
    arn = params["web_acl_arn"]
    match = WEB_ACL_ARN.match(arn)
    if match is None:
        errors.append(f"web_acl_arn must be a WAFv2 web ACL ARN (arn:aws:wafv2:<region>:<account>:regional|global/webacl/<name>/<id>), got {arn!r}.")
    elif match.group("scope") == "global" and match.group("region") != CLOUDFRONT_REGION:
        errors.append(f"web_acl_arn of a CLOUDFRONT web ACL (global/webacl) must name region us-east-1, got {match.group('region')!r}.")
    if params["state"] == "present":
        errors.extend(_destination_errors(params.get("log_destination_configs") or []))
        errors.extend(_redacted_field_errors(params.get("redacted_fields") or []))
        errors.extend(_filter_errors(params.get("logging_filter")))
    return errors


def _destination_errors(destinations: List[str]) -> List[str]:
    if len(destinations) != 1:
        return [f"log_destination_configs must hold exactly one ARN (AWS logs a web ACL to one destination), got {len(destinations)}."]
    name = destination_name(normalise_destination(destinations[0]))
    if name is None:
        return [f"log_destination_configs must be the ARN of a CloudWatch Logs log group, a Firehose delivery stream or an S3 bucket, got {destinations[0]!r}."]
    if not name.startswith(DESTINATION_PREFIX):
        return [f"log_destination_configs must name a destination whose name starts with {DESTINATION_PREFIX!r} (AWS requires it), got {name!r}."]
    return []


def _redacted_field_errors(fields: List[Dict[str, Any]]) -> List[str]:
    errors = []
    for field in fields:
        if field["type"] == "single_header" and not field.get("name"):
            errors.append("redacted_fields entries of type single_header need a name (the header to redact).")
        elif field["type"] != "single_header" and field.get("name"):
            errors.append(f"redacted_fields name is allowed only with type single_header, not with type {field['type']}.")
    keys = [_field_key(field) for field in fields]
    if len(set(keys)) != len(keys):
        errors.append("redacted_fields must not name the same field twice.")
    return errors


def _filter_errors(logging_filter: Optional[Dict[str, Any]]) -> List[str]:
    if not logging_filter:
        return []
    errors = []
    if not logging_filter["filters"]:
        errors.append("logging_filter.filters must hold at least one filter.")
    for index, entry in enumerate(logging_filter["filters"]):
        if not entry["conditions"]:
            errors.append(f"logging_filter.filters[{index}].conditions must hold at least one condition.")
        for condition in entry["conditions"]:
            if bool(condition.get("action_condition")) == bool(condition.get("label_name_condition")):
                errors.append(f"logging_filter.filters[{index}].conditions entries need exactly one of action_condition or label_name_condition.")
    return errors


def _field_key(field: Dict[str, Any]) -> tuple:
    return (field["type"], (field.get("name") or "").lower())


def build_desired(params: Dict[str, Any]) -> Dict[str, Any]:
    """The LoggingConfiguration PutLoggingConfiguration sends."""
    wanted: Dict[str, Any] = {
        "ResourceArn": params["web_acl_arn"],
        "LogDestinationConfigs": [normalise_destination(d) for d in params["log_destination_configs"]],
        "RedactedFields": [_redacted_field(field) for field in params.get("redacted_fields") or []],
    }
    if params.get("logging_filter"):
        wanted["LoggingFilter"] = _logging_filter(params["logging_filter"])
    return wanted


def _redacted_field(field: Dict[str, Any]) -> Dict[str, Any]:
    member = REDACTED_FIELDS[field["type"]]
    return {member: {"Name": field["name"]}} if field["type"] == "single_header" else {member: {}}


def _logging_filter(logging_filter: Dict[str, Any]) -> Dict[str, Any]:
    filters = []
    for entry in logging_filter["filters"]:
        conditions = [snake_dict_to_camel_dict({k: v for k, v in c.items() if v is not None}, capitalize_first=True) for c in entry["conditions"]]
        filters.append({"Behavior": entry["behavior"], "Requirement": entry["requirement"], "Conditions": conditions})
    return {"Filters": filters, "DefaultBehavior": logging_filter["default_behavior"]}


def settings_view(configuration: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """A LoggingConfiguration in the module's own terms (snake_case, redacted fields as type/name); None for none."""
    if configuration is None:
        return None
    view: Dict[str, Any] = {
        "resource_arn": configuration["ResourceArn"],
        "log_destination_configs": list(configuration.get("LogDestinationConfigs") or []),
        "redacted_fields": [_redacted_view(field) for field in configuration.get("RedactedFields") or []],
    }
    if configuration.get("LoggingFilter"):
        view["logging_filter"] = camel_dict_to_snake_dict(configuration["LoggingFilter"])
    for member, key in REPORTED.items():
        if member in configuration:
            view[key] = configuration[member]
    return view


def _redacted_view(field: Dict[str, Any]) -> Dict[str, Any]:
    [(member, value)] = field.items()
    kind = REDACTED_TYPES.get(member, member)
    return {"type": kind, "name": value["Name"]} if kind == "single_header" else {"type": kind}


def comparable(configuration: Dict[str, Any]) -> Dict[str, Any]:
    """What decides whether a configuration must be replaced: destinations, redacted fields (a set; header names
    compared in lower case) and the filter."""
    view = settings_view(configuration) or {}
    return {
        "log_destination_configs": [normalise_destination(d) for d in view.get("log_destination_configs", [])],
        "redacted_fields": sorted(_field_key(field) for field in view.get("redacted_fields", [])),
        "logging_filter": view.get("logging_filter"),
    }


def needs_put(current: Optional[Dict[str, Any]], desired: Dict[str, Any]) -> bool:
    return current is None or comparable(current) != comparable(desired)


# AWS calls


def get_logging_configuration(client, web_acl_arn: str) -> Optional[Dict[str, Any]]:
    try:
        return client.get_logging_configuration(ResourceArn=web_acl_arn, aws_retry=True)["LoggingConfiguration"]
    except is_boto3_error_code("WAFNonexistentItemException"):
        return None


def put_logging_configuration(client, desired: Dict[str, Any]) -> Dict[str, Any]:
    return client.put_logging_configuration(LoggingConfiguration=desired, aws_retry=True)["LoggingConfiguration"]


def delete_logging_configuration(client, web_acl_arn: str) -> None:
    try:
        client.delete_logging_configuration(ResourceArn=web_acl_arn, aws_retry=True)
    except is_boto3_error_code("WAFNonexistentItemException"):
        pass  # already gone


def ensure_present(module: AnsibleAWSModule, client, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    desired = build_desired(module.params)
    changed = needs_put(current, desired)
    after = current
    if changed:
        after = desired if module.check_mode else put_logging_configuration(client, desired)
    result: Dict[str, Any] = {"changed": changed, "logging_configuration": settings_view(after)}
    if module._diff:
        result["diff"] = {"before": settings_view(current) or {}, "after": settings_view(after) or {}}
    return result


def ensure_absent(module: AnsibleAWSModule, client, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    if current is not None and not module.check_mode:
        delete_logging_configuration(client, module.params["web_acl_arn"])
    result: Dict[str, Any] = {"changed": current is not None}
    if module._diff:
        result["diff"] = {"before": settings_view(current) or {}, "after": {}}
    return result


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=ARGUMENT_SPEC,
        required_if=[["state", "present", ["log_destination_configs"]]],
        supports_check_mode=True,
    )

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    web_acl_arn = module.params["web_acl_arn"]
    client = module.client("wafv2", region=web_acl_region(web_acl_arn), retry_decorator=retrying(["WAFInternalErrorException"]))
    try:
        current = get_logging_configuration(client, web_acl_arn)
        if module.params["state"] == "present":
            result = ensure_present(module, client, current)
        else:
            result = ensure_absent(module, client, current)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg=f"Failed to manage the logging configuration of web ACL {web_acl_arn}")
    module.exit_json(**result)


if __name__ == "__main__":
    main()
