# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""CloudWatch alarms and dashboards, shared by the modules that manage and read them.

Alarms: reading, tagging and returning them, shared by cloudwatch_metric_alarm and
cloudwatch_composite_alarm; AlarmManager calls a retrying amazon.aws client and leaves
what an alarm of its type is (its request, its settings, its diff) to the module.
Dashboards: listing and returning them, shared by cloudwatch_dashboard and cloudwatch_dashboard_info.
Everything except AlarmManager and list_dashboards (which only call a retrying client) is pure.
"""

from __future__ import annotations

import datetime
import json
from typing import Any
from typing import Dict
from typing import Iterable
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags


def tags_after(current: Dict[str, str], tags: Optional[Dict[str, str]], purge_tags: bool) -> Dict[str, str]:
    """The tags the alarm will have: current ones when tags is None, else tags (plus current ones unless purged)."""
    if tags is None:
        return dict(current)
    to_set, to_remove = compare_aws_tags(current, tags, purge_tags)
    return {**{k: v for k, v in current.items() if k not in to_remove}, **to_set}


def alarm_view(alarm: Optional[Dict[str, Any]], tags: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
    """A DescribeAlarms entry (or a Put*Alarm request) as the modules return it: snake_case, timestamps ISO 8601, with its tags."""
    if not alarm:
        return {}
    plain = {k: (v.isoformat() if isinstance(v, (datetime.datetime, datetime.date)) else v) for k, v in alarm.items() if k not in ("Tags", "ResponseMetadata")}
    view = camel_dict_to_snake_dict(plain)
    view["tags"] = dict(tags or {})
    return view


def predicted_alarm(current: Optional[Dict[str, Any]], request: Dict[str, Any], settings: Iterable[str]) -> Dict[str, Any]:
    """The alarm DescribeAlarms would answer after a Put*Alarm request: what AWS keeps of the current one, overwritten.

    AWS overwrites the whole configuration, so a setting the request leaves out is gone.
    """
    alarm = {**(current or {}), **request}
    for key in settings:
        if key not in request:
            alarm.pop(key, None)
    return alarm


class AlarmManager:
    """Reads, puts, tags and deletes one alarm of ALARM_TYPE (DescribeAlarms' AlarmTypes) through PUT_METHOD.

    KIND names the alarm in error messages ("metric alarm"); diff_view is how the diff shows an alarm.
    """

    ALARM_TYPE = ""
    PUT_METHOD = ""
    KIND = "alarm"

    def __init__(self, module, client) -> None:
        self.module = module
        self.client = client
        self.params = module.params

    def diff_view(self, alarm: Optional[Dict[str, Any]], tags: Optional[Dict[str, str]]) -> Dict[str, Any]:
        return alarm_view(alarm, tags)

    def describe(self) -> Optional[Dict[str, Any]]:
        try:
            response = self.client.describe_alarms(aws_retry=True, AlarmNames=[self.params["name"]], AlarmTypes=[self.ALARM_TYPE])
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to describe {self.KIND} {self.params['name']}")
        found = response.get(f"{self.ALARM_TYPE}s") or []
        return found[0] if found else None

    def tags_of(self, alarm_arn: str) -> Dict[str, str]:
        try:
            response = self.client.list_tags_for_resource(aws_retry=True, ResourceARN=alarm_arn)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to list the tags of {self.KIND} {self.params['name']}")
        return boto3_tag_list_to_ansible_dict(response.get("Tags") or [])

    def apply(
        self, current: Optional[Dict[str, Any]], request: Dict[str, Any], changed_settings: bool, current_tags: Dict[str, str], wanted_tags: Dict[str, str]
    ) -> None:
        """Creates the alarm with its tags, or puts what changed and retags it (AWS ignores tags sent with an update)."""
        if current is None:
            self.put(request, wanted_tags)
            return
        if changed_settings:
            self.put(request, None)
        if wanted_tags != current_tags:
            self.update_tags(current["AlarmArn"], current_tags, wanted_tags)

    def ensure_absent(self) -> Dict[str, Any]:
        current = self.describe()
        if current is None:
            return {"changed": False, "diff": {"before": {}, "after": {}}}
        before = self.diff_view(current, self.tags_of(current["AlarmArn"]))
        if not self.module.check_mode:
            try:
                self.client.delete_alarms(aws_retry=True, AlarmNames=[self.params["name"]])
            except is_boto3_error_code("ResourceNotFound"):
                pass  # already gone
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
                self.module.fail_json_aws(e, msg=f"Failed to delete {self.KIND} {self.params['name']}")
        return {"changed": True, "diff": {"before": before, "after": {}}}

    def put(self, request: Dict[str, Any], tags: Optional[Dict[str, str]]) -> None:
        """Put*Alarm; tags only when creating (AWS ignores them on an update)."""
        call = dict(request)
        if tags:
            call["Tags"] = ansible_dict_to_boto3_tag_list(tags)
        try:
            getattr(self.client, self.PUT_METHOD)(aws_retry=True, **call)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to put {self.KIND} {self.params['name']}")

    def update_tags(self, alarm_arn: str, current: Dict[str, str], wanted: Dict[str, str]) -> None:
        to_set, to_remove = compare_aws_tags(current, wanted, purge_tags=True)
        try:
            if to_remove:
                self.client.untag_resource(aws_retry=True, ResourceARN=alarm_arn, TagKeys=to_remove)
            if to_set:
                self.client.tag_resource(aws_retry=True, ResourceARN=alarm_arn, Tags=ansible_dict_to_boto3_tag_list(to_set))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to update the tags of {self.KIND} {self.params['name']}")


# Dashboards


def list_dashboards(client: Any, prefix: Optional[str]) -> List[Dict[str, Any]]:
    """Every ListDashboards entry (whose name starts with prefix), from every page."""
    entries: List[Dict[str, Any]] = []
    params = {"DashboardNamePrefix": prefix} if prefix else {}
    while True:
        answer = client.list_dashboards(aws_retry=True, **params)
        entries.extend(answer.get("DashboardEntries", []))
        if not answer.get("NextToken"):
            return entries
        params["NextToken"] = answer["NextToken"]


def dashboard_from(entry: Dict[str, Any], body: str, tags: List[Dict[str, str]]) -> Dict[str, Any]:
    """A dashboard as the modules return it, from its name and ARN (with Size and LastModified when listed), its body and its tags.

    entry is a ListDashboards entry, or a GetDashboard answer with what ListDashboards knows of it.
    """
    dashboard = {"dashboard_name": entry["DashboardName"], "dashboard_arn": entry["DashboardArn"], "body": json.loads(body)}
    if entry.get("Size") is not None:
        dashboard["size"] = entry["Size"]
    if entry.get("LastModified"):
        dashboard["last_modified"] = entry["LastModified"].isoformat()
    dashboard["tags"] = boto3_tag_list_to_ansible_dict(tags)
    return dashboard
