#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: apigatewayv2_http_api
version_added: 0.4.0
short_description: Manage an API Gateway HTTP API with its integration, routes and stage
description:
  - Create, update or delete an API Gateway v2 HTTP API and what it needs to serve traffic, a cost-conscious front
    door for a private service, that is one HTTP proxy integration (through a VPC link to a Cloud Map service or a load
    balancer listener, or to a public URL), the routes that target it, and one stage.
  - The API is found by O(name) among every API of the region; two of the same name fail the module, naming them.
  - The API, its integration, each route and the stage are created or updated only where they differ. Routes of the
    API that O(routes) does not list are deleted.
  - An API has no intermediate states, so the module has no C(wait) option.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the API, 1 to 128 characters.
    required: true
    type: str
  description:
    description:
      - A description of the API. When not set, an existing API keeps its description.
    type: str
  state:
    description:
      - Whether the API should exist. Deleting the API deletes its integrations, routes and stages.
    default: present
    choices: ['present', 'absent']
    type: str
  cors_configuration:
    description:
      - The API's CORS configuration. When not set, it is left as it is; V({}) removes it.
    type: dict
    suboptions:
      allow_origins:
        description: The origins allowed to call the API.
        type: list
        elements: str
      allow_methods:
        description: The methods allowed.
        type: list
        elements: str
      allow_headers:
        description: The request headers allowed.
        type: list
        elements: str
      expose_headers:
        description: The response headers exposed to the browser.
        type: list
        elements: str
      max_age:
        description: How many seconds a browser may cache the preflight answer (-1 to 86400).
        type: int
      allow_credentials:
        description: Whether credentials are included in CORS requests.
        type: bool
  disable_execute_api_endpoint:
    description:
      - Whether clients can reach the API only through a custom domain name, not its default C(execute-api) endpoint.
    default: false
    type: bool
  integration:
    description:
      - The API's HTTP proxy integration, which every route of O(routes) targets.
      - When not set, the routes have no target and an existing integration is left as it is.
    type: dict
    suboptions:
      type:
        description: The integration type.
        default: HTTP_PROXY
        choices: ['HTTP_PROXY']
        type: str
      connection_type:
        description:
          - V(VPC_LINK) reaches a private resource through O(integration.connection_id); V(INTERNET) a public URL.
        default: INTERNET
        choices: ['VPC_LINK', 'INTERNET']
        type: str
      connection_id:
        description:
          - The ID of the VPC link (see M(webstack.aws.apigatewayv2_vpc_link)). Required with O(integration.connection_type=VPC_LINK).
        type: str
      integration_uri:
        description:
          - The ARN of a Cloud Map service or of a load balancer listener (through a VPC link), or a URL (through the internet).
        required: true
        type: str
      integration_method:
        description: The HTTP method of the requests to the integration.
        default: ANY
        type: str
      payload_format_version:
        description: The payload format the integration receives.
        default: "1.0"
        choices: ["1.0", "2.0"]
        type: str
      timeout_in_millis:
        description: The integration's timeout, 50 to 30000 milliseconds.
        default: 30000
        type: int
  routes:
    description:
      - The route keys of the API (C($default), or a method and path such as C(GET /health)), each targeting the integration.
    default: ["$default"]
    type: list
    elements: str
  stage:
    description:
      - The API's stage. Other stages are left alone. When not set, the C($default) stage with automatic deployment.
    type: dict
    suboptions:
      name:
        description: The stage's name; C($default) serves the API at its endpoint's root.
        default: "$default"
        type: str
      auto_deploy:
        description: Whether every change of the API is deployed to the stage at once.
        default: true
        type: bool
      access_log_settings:
        description:
          - Where and how the stage logs each request. When not set, the stage's access logging is left as it is.
        type: dict
        suboptions:
          destination_arn:
            description: The ARN of the CloudWatch Logs log group.
            required: true
            type: str
          format:
            description: The log line's format, with C($context) variables.
            required: true
            type: str
      default_route_settings:
        description:
          - Throttling and metrics of every route. Settings not given are left as they are.
        type: dict
        suboptions:
          throttling_burst_limit:
            description: The burst limit, in requests.
            type: int
          throttling_rate_limit:
            description: The steady-state limit, in requests per second.
            type: float
          detailed_metrics_enabled:
            description: Whether per-route metrics are published.
            type: bool
  tags:
    description:
      - Tags for the API. When not set, the API's tags are left as they are.
    type: dict
    aliases: ['resource_tags']
  purge_tags:
    description:
      - Whether to remove tags of the API that O(tags) does not name.
    default: true
    type: bool
notes:
  - In check mode the module reports what would change and makes no change.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: An HTTP API in front of the app's Cloud Map service, through a VPC link
  webstack.aws.apigatewayv2_http_api:
    name: webstack-prod-api
    integration:
      connection_type: VPC_LINK
      connection_id: "{{ vpc_link.vpc_link.vpc_link_id }}"
      integration_uri: "{{ discovery.service.arn }}"
    routes: ["$default"]
    stage:
      access_log_settings:
        destination_arn: "{{ log_group_arn }}"
        format: '{"requestId":"$context.requestId","status":"$context.status"}'
      default_route_settings:
        throttling_burst_limit: 100
        throttling_rate_limit: 50
    tags:
      webstack:stack: webstack
  register: api

- name: Remove the API
  webstack.aws.apigatewayv2_http_api:
    name: webstack-prod-api
    state: absent
"""

RETURN = r"""
api:
  description:
    - The API with its integration, routes and stage. In check mode, what the module would create has only the
      settings it asked for (no IDs).
  returned: when O(state=present)
  type: dict
  contains:
    api_id:
      description: The ID of the API.
      type: str
      returned: when the API exists
      sample: a1b2c3d4e5
    api_endpoint:
      description: The API's default endpoint.
      type: str
      returned: when the API exists
      sample: https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com
    name:
      description: The name of the API.
      type: str
      returned: always
      sample: webstack-prod-api
    description:
      description: The description of the API.
      type: str
      returned: always
      sample: The app's public API
    protocol_type:
      description: C(HTTP).
      type: str
      returned: always
      sample: HTTP
    cors_configuration:
      description: The CORS configuration, snake_case.
      type: dict
      returned: when the API has one
      sample: {"allow_origins": ["https://www.example.com"]}
    disable_execute_api_endpoint:
      description: Whether the default endpoint is disabled.
      type: bool
      returned: always
      sample: false
    created_date:
      description: When the API was created (ISO 8601).
      type: str
      returned: when the API exists
      sample: "2025-01-01T12:00:00+00:00"
    tags:
      description: The API's tags.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
    integration:
      description: The integration (C(integration_id), C(integration_type), C(connection_type), C(connection_id), C(integration_uri), ...).
      type: dict
      returned: always
      sample: {"integration_id": "abc123", "connection_type": "VPC_LINK", "timeout_in_millis": 30000}
    routes:
      description: The routes (C(route_id), C(route_key), C(target)), sorted by key.
      type: list
      elements: dict
      returned: always
      sample: [{"route_id": "r1", "route_key": "$default", "target": "integrations/abc123"}]
    stage:
      description: The stage (C(stage_name), C(auto_deploy), C(access_log_settings), C(default_route_settings), ...).
      type: dict
      returned: always
      sample: {"stage_name": "$default", "auto_deploy": true}
"""

from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import snake_dict_to_camel_dict
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.apigatewayv2 import api_parts
from ansible_collections.webstack.aws.plugins.module_utils.apigatewayv2 import apply_tags
from ansible_collections.webstack.aws.plugins.module_utils.apigatewayv2 import list_apis
from ansible_collections.webstack.aws.plugins.module_utils.apigatewayv2 import resource_arn
from ansible_collections.webstack.aws.plugins.module_utils.apigatewayv2 import snake
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

CORS_SPEC = dict(
    allow_origins=dict(type="list", elements="str"),
    allow_methods=dict(type="list", elements="str"),
    allow_headers=dict(type="list", elements="str"),
    expose_headers=dict(type="list", elements="str"),
    max_age=dict(type="int"),
    allow_credentials=dict(type="bool"),
)
INTEGRATION_SPEC = dict(
    type=dict(type="str", default="HTTP_PROXY", choices=["HTTP_PROXY"]),
    connection_type=dict(type="str", default="INTERNET", choices=["VPC_LINK", "INTERNET"]),
    connection_id=dict(type="str"),
    integration_uri=dict(type="str", required=True),
    integration_method=dict(type="str", default="ANY"),
    payload_format_version=dict(type="str", default="1.0", choices=["1.0", "2.0"]),
    timeout_in_millis=dict(type="int", default=30000),
)
STAGE_SPEC = dict(
    name=dict(type="str", default="$default"),
    auto_deploy=dict(type="bool", default=True),
    access_log_settings=dict(type="dict", options=dict(destination_arn=dict(type="str", required=True), format=dict(type="str", required=True))),
    default_route_settings=dict(
        type="dict",
        options=dict(
            throttling_burst_limit=dict(type="int"),
            throttling_rate_limit=dict(type="float"),
            detailed_metrics_enabled=dict(type="bool"),
        ),
    ),
)
ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    description=dict(type="str"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    cors_configuration=dict(type="dict", options=CORS_SPEC),
    disable_execute_api_endpoint=dict(type="bool", default=False),
    integration=dict(type="dict", options=INTEGRATION_SPEC),
    routes=dict(type="list", elements="str", default=["$default"]),
    stage=dict(type="dict", options=STAGE_SPEC, apply_defaults=True),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
)

HTTP_METHODS = ("ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
# integration option -> the API's integration member, for the settings compared and sent
INTEGRATION_KEYS = {
    "type": "IntegrationType",
    "connection_type": "ConnectionType",
    "connection_id": "ConnectionId",
    "integration_uri": "IntegrationUri",
    "integration_method": "IntegrationMethod",
    "payload_format_version": "PayloadFormatVersion",
    "timeout_in_millis": "TimeoutInMillis",
}


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the module's options, each naming the option; [] when all is well."""
    errors = []
    if not 1 <= len(params["name"] or "") <= 128:
        errors.append("name must have 1 to 128 characters")
    errors.extend(_integration_errors(params.get("integration")))
    routes = params.get("routes") or []
    if len(set(routes)) != len(routes):
        errors.append(f"routes lists a route key twice: {', '.join(routes)}")
    errors.extend(
        f"routes has {key!r}: a route key is $default or a method and a path starting with / (GET /health)" for key in routes if not _route_key_ok(key)
    )
    cors = params.get("cors_configuration") or {}
    if cors.get("max_age") is not None and not -1 <= cors["max_age"] <= 86400:
        errors.append(f"cors_configuration.max_age {cors['max_age']} is outside -1 to 86400")
    stage = params.get("stage") or {}
    if not stage.get("name"):
        errors.append("stage.name must not be empty")
    limits = stage.get("default_route_settings") or {}
    for key in ("throttling_burst_limit", "throttling_rate_limit"):
        if limits.get(key) is not None and limits[key] < 0:
            errors.append(f"stage.default_route_settings.{key} must be 0 or more")
    log_arn = (stage.get("access_log_settings") or {}).get("destination_arn")
    if log_arn is not None and not (log_arn.startswith("arn:") and ":logs:" in log_arn):
        errors.append(f"stage.access_log_settings.destination_arn {log_arn!r} is not a CloudWatch Logs log group ARN")
    return errors


def _integration_errors(integration: Optional[Dict[str, Any]]) -> List[str]:
    if integration is None:
        return []
    errors = []
    if integration["connection_type"] == "VPC_LINK" and not integration.get("connection_id"):
        errors.append("integration.connection_id is required with integration.connection_type=VPC_LINK: give the VPC link's ID")
    if integration["connection_type"] == "INTERNET" and integration.get("connection_id"):
        errors.append("integration.connection_id applies only to integration.connection_type=VPC_LINK")
    if integration["connection_type"] == "INTERNET" and not integration["integration_uri"].startswith(("http://", "https://")):
        errors.append("integration.integration_uri must be an http(s) URL with integration.connection_type=INTERNET")
    if integration["connection_type"] == "VPC_LINK" and not integration["integration_uri"].startswith("arn:"):
        errors.append("integration.integration_uri must be a Cloud Map service ARN or a load balancer listener ARN with integration.connection_type=VPC_LINK")
    if not 50 <= integration["timeout_in_millis"] <= 30000:
        errors.append(f"integration.timeout_in_millis {integration['timeout_in_millis']} is outside 50 to 30000")
    if integration["integration_method"].upper() not in HTTP_METHODS:
        errors.append(f"integration.integration_method {integration['integration_method']!r} is not one of {', '.join(HTTP_METHODS)}")
    return errors


def _route_key_ok(key: str) -> bool:
    if key == "$default":
        return True
    method, space, path = key.partition(" ")
    return bool(space) and method in HTTP_METHODS and path.startswith("/")


def _present(values: Dict[str, Any]) -> Dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def api_changes(current: Dict[str, Any], params: Dict[str, Any]) -> Dict[str, Any]:
    """The UpdateApi members that differ (CorsConfiguration None: delete the CORS configuration)."""
    changes: Dict[str, Any] = {}
    if params.get("description") is not None and params["description"] != (current.get("description") or ""):
        changes["Description"] = params["description"]
    if params["disable_execute_api_endpoint"] != bool(current.get("disable_execute_api_endpoint")):
        changes["DisableExecuteApiEndpoint"] = params["disable_execute_api_endpoint"]
    cors = params.get("cors_configuration")
    if cors is not None and _present(cors) != _present(current.get("cors_configuration") or {}):
        changes["CorsConfiguration"] = snake_dict_to_camel_dict(_present(cors), capitalize_first=True) if _present(cors) else None
    return changes


def integration_changes(current: Optional[Dict[str, Any]], wanted: Dict[str, Any]) -> Dict[str, Any]:
    """The integration members to send: all of them for a new integration, those that differ for an existing one."""
    desired = {member: wanted[option] for option, member in INTEGRATION_KEYS.items() if wanted.get(option) is not None}
    if current is None:
        return desired
    return {member: value for member, value in desired.items() if current.get(member) != value}


def route_changes(current: List[Dict[str, Any]], keys: List[str], target: Optional[str]) -> Dict[str, List[Any]]:
    """Routes to create (keys), retarget (route IDs) and delete (route IDs)."""
    by_key = {route["RouteKey"]: route for route in current}
    return {
        "create": [key for key in keys if key not in by_key],
        "retarget": [by_key[key]["RouteId"] for key in keys if key in by_key and target is not None and by_key[key].get("Target") != target],
        "delete": [route["RouteId"] for route in current if route["RouteKey"] not in keys],
    }


def stage_changes(current: Optional[Dict[str, Any]], wanted: Dict[str, Any]) -> Dict[str, Any]:
    """The CreateStage/UpdateStage members to send: those that differ (all given ones for a new stage)."""
    have = current or {}
    changes: Dict[str, Any] = {}
    if have.get("AutoDeploy") != wanted["auto_deploy"] or current is None:
        changes["AutoDeploy"] = wanted["auto_deploy"]
    logs = wanted.get("access_log_settings")
    if logs is not None and have.get("AccessLogSettings") != {"DestinationArn": logs["destination_arn"], "Format": logs["format"]}:
        changes["AccessLogSettings"] = {"DestinationArn": logs["destination_arn"], "Format": logs["format"]}
    limits = snake_dict_to_camel_dict(_present(wanted.get("default_route_settings") or {}), capitalize_first=True)
    merged = dict(have.get("DefaultRouteSettings") or {}, **limits)
    if limits and merged != have.get("DefaultRouteSettings"):
        changes["DefaultRouteSettings"] = merged
    return changes


class HttpApiManager:
    """Brings the API named by the options, its integration, routes and stage to the state they describe."""

    def __init__(self, module: Any, client: Any) -> None:
        self.module = module
        self.client = client
        self.params = module.params
        self.name = module.params["name"]
        self.calls: List[str] = []

    def fail(self, error: Exception, msg: str) -> None:
        self.module.fail_json_aws(error, msg=msg)

    def call(self, operation: str, **params: Any) -> Dict[str, Any]:
        """A mutating call, or nothing in check mode."""
        self.calls.append(operation)
        if self.module.check_mode:
            return {}
        try:
            return getattr(self.client, operation)(aws_retry=True, **params)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.fail(e, f"Failed to {operation.replace('_', ' ')} of API {self.name}")

    def find(self) -> Optional[Dict[str, Any]]:
        try:
            found = [api for api in list_apis(self.client) if api["Name"] == self.name]
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.fail(e, f"Failed to look up API {self.name}")
        if len(found) > 1:
            self.module.fail_json(msg=f"{len(found)} APIs are named {self.name}: {', '.join(sorted(api['ApiId'] for api in found))}. Delete all but one")
        if found and found[0]["ProtocolType"] != "HTTP":
            self.module.fail_json(msg=f"name {self.name} is taken by a {found[0]['ProtocolType']} API ({found[0]['ApiId']}); this module manages HTTP APIs")
        return found[0] if found else None

    def parts(self, api_id: Optional[str]) -> Dict[str, List[Dict[str, Any]]]:
        if api_id is None:
            return {"integrations": [], "routes": [], "stages": []}
        try:
            return api_parts(self.client, api_id)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.fail(e, f"Failed to read the integrations, routes and stages of API {self.name} ({api_id})")

    def ensure_present(self, api: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        parts = self.parts(api["ApiId"] if api else None)
        before = self.view(api, parts) if api else None
        api_id = self.ensure_api(api)
        integration_id = self.ensure_integration(api_id, parts["integrations"], parts["routes"])
        target = f"integrations/{integration_id}" if integration_id else None
        self.ensure_routes(api_id, parts["routes"], target)
        self.ensure_stage(api_id, parts["stages"])
        if not self.calls:
            return self.result(False, before, before)
        if self.module.check_mode:
            return self.result(True, before, self.predicted(before))
        return self.result(True, before, self.view(self.find(), self.parts(api_id)))

    def ensure_api(self, api: Optional[Dict[str, Any]]) -> Optional[str]:
        if api is None:
            request: Dict[str, Any] = {"Name": self.name, "ProtocolType": "HTTP", "DisableExecuteApiEndpoint": self.params["disable_execute_api_endpoint"]}
            request.update({key: value for key, value in api_changes({}, self.params).items() if value is not None})
            if self.params.get("tags"):
                request["Tags"] = self.params["tags"]
            return self.call("create_api", **request).get("ApiId")
        current = snake(api)
        changes = api_changes(current, self.params)
        if "CorsConfiguration" in changes and changes["CorsConfiguration"] is None:
            self.call("delete_cors_configuration", ApiId=api["ApiId"])
            changes.pop("CorsConfiguration")
        if changes:
            self.call("update_api", ApiId=api["ApiId"], **changes)
        if self.params.get("tags") is not None:
            to_set, to_remove = compare_aws_tags(api.get("Tags") or {}, self.params["tags"], purge_tags=self.params["purge_tags"])
            if to_set or to_remove:
                self.calls.append("tag_resource")
                if not self.module.check_mode:
                    try:
                        apply_tags(self.client, resource_arn(self.module.region, "apis", api["ApiId"]), to_set, to_remove)
                    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                        self.fail(e, f"Failed to tag API {self.name} ({api['ApiId']})")
        return api["ApiId"]

    def managed_integration(self, integrations: List[Dict[str, Any]], routes: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
        """The integration the routes target, else the API's first one."""
        targeted = {route.get("Target") for route in routes}
        return next((i for i in integrations if f"integrations/{i['IntegrationId']}" in targeted), integrations[0] if integrations else None)

    def ensure_integration(self, api_id: Optional[str], integrations: List[Dict[str, Any]], routes: List[Dict[str, Any]]) -> Optional[str]:
        current = self.managed_integration(integrations, routes)
        wanted = self.params.get("integration")
        if wanted is None:
            return current["IntegrationId"] if current else None
        changes = integration_changes(current, wanted)
        if current is None:
            return self.call("create_integration", ApiId=api_id, **changes).get("IntegrationId", "new")
        if changes:
            self.call("update_integration", ApiId=api_id, IntegrationId=current["IntegrationId"], **changes)
        return current["IntegrationId"]

    def ensure_routes(self, api_id: Optional[str], routes: List[Dict[str, Any]], target: Optional[str]) -> None:
        changes = route_changes(routes, self.params["routes"], target)
        for route_id in changes["delete"]:
            self.call("delete_route", ApiId=api_id, RouteId=route_id)
        for key in changes["create"]:
            self.call("create_route", ApiId=api_id, RouteKey=key, **({"Target": target} if target else {}))
        for route_id in changes["retarget"]:
            self.call("update_route", ApiId=api_id, RouteId=route_id, Target=target)

    def ensure_stage(self, api_id: Optional[str], stages: List[Dict[str, Any]]) -> None:
        wanted = self.params["stage"]
        current = next((stage for stage in stages if stage["StageName"] == wanted["name"]), None)
        changes = stage_changes(current, wanted)
        if current is None:
            self.call("create_stage", ApiId=api_id, StageName=wanted["name"], **changes)
        elif changes:
            self.call("update_stage", ApiId=api_id, StageName=wanted["name"], **changes)

    def view(self, api: Dict[str, Any], parts: Dict[str, List[Dict[str, Any]]]) -> Dict[str, Any]:
        view = snake(api)
        view.setdefault("description", "")
        view["integration"] = snake(self.managed_integration(parts["integrations"], parts["routes"]))
        view["routes"] = sorted((snake(route) for route in parts["routes"]), key=lambda route: route["route_key"])
        view["stage"] = snake(next((stage for stage in parts["stages"] if stage["StageName"] == self.params["stage"]["name"]), None))
        return view

    def predicted(self, before: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        """What check mode reports: the options applied to what exists (IDs of new parts unknown)."""
        after = dict(before or {"name": self.name, "protocol_type": "HTTP", "description": "", "tags": {}})
        if self.params.get("description") is not None:
            after["description"] = self.params["description"]
        after["disable_execute_api_endpoint"] = self.params["disable_execute_api_endpoint"]
        if self.params.get("tags") is not None:
            to_set, to_remove = compare_aws_tags(after.get("tags") or {}, self.params["tags"], purge_tags=self.params["purge_tags"])
            after["tags"] = {k: v for k, v in dict(after.get("tags") or {}, **to_set).items() if k not in to_remove}
        if self.params.get("integration") is not None:
            after["integration"] = dict(after.get("integration") or {}, **_present(self.params["integration"]))
        after["routes"] = [{"route_key": key} for key in sorted(self.params["routes"])]
        after["stage"] = dict(after.get("stage") or {}, stage_name=self.params["stage"]["name"], auto_deploy=self.params["stage"]["auto_deploy"])
        return after

    def ensure_absent(self, api: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if api is None:
            return self.with_diff({"changed": False}, None, None)
        before = self.view(api, self.parts(api["ApiId"]))
        if not self.module.check_mode:
            try:
                self.client.delete_api(aws_retry=True, ApiId=api["ApiId"])
            except is_boto3_error_code("NotFoundException"):
                return self.with_diff({"changed": False}, None, None)  # deleted by someone else since the lookup
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
                self.fail(e, f"Failed to delete API {self.name} ({api['ApiId']})")
        return self.with_diff({"changed": True}, before, None)

    def result(self, changed: bool, before: Optional[Dict[str, Any]], after: Dict[str, Any]) -> Dict[str, Any]:
        return self.with_diff({"changed": changed, "api": after}, before, after)

    def with_diff(self, answer: Dict[str, Any], before: Optional[Dict[str, Any]], after: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if self.module._diff:
            answer["diff"] = {"before": before or {}, "after": after or {}}
        return answer


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    manager = HttpApiManager(module, module.client("apigatewayv2", retry_decorator=retrying()))
    api = manager.find()
    if module.params["state"] == "present":
        result = manager.ensure_present(api)
    else:
        result = manager.ensure_absent(api)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
