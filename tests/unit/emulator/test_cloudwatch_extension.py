"""Behaviour of the CloudWatch alarm fixes (tools/emulator/webstack_emulator/extensions/cloudwatch.py)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.cloudwatch import TOPIC
from tests.unit.emulator.checks.cloudwatch import composite_alarm
from tests.unit.emulator.checks.cloudwatch import cpu_alarm
from tests.unit.emulator.model import shape_errors


def composites(aws: Emulator) -> list[dict]:
    return aws.client("cloudwatch").describe_alarms(AlarmTypes=["CompositeAlarm"])["CompositeAlarms"]


def test_a_composite_alarm_reads_back_in_the_model_shape(aws: Emulator) -> None:
    cpu_alarm(aws)
    composite_alarm(aws, AlarmDescription="web", OKActions=[TOPIC], InsufficientDataActions=[TOPIC], ActionsEnabled=False)
    response = aws.client("cloudwatch").describe_alarms(AlarmNames=["web-unhealthy"], AlarmTypes=["CompositeAlarm"])
    [alarm] = response["CompositeAlarms"]
    assert alarm["AlarmArn"] == "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:web-unhealthy"
    assert (alarm["AlarmDescription"], alarm["OKActions"], alarm["InsufficientDataActions"], alarm["ActionsEnabled"]) == ("web", [TOPIC], [TOPIC], False)
    assert {"AlarmConfigurationUpdatedTimestamp", "StateUpdatedTimestamp", "StateReason"} <= set(alarm)
    assert "ActionsSuppressor" not in alarm
    assert shape_errors("cloudwatch", "DescribeAlarms", response) == ""


def test_actions_are_enabled_unless_told_otherwise(aws: Emulator) -> None:
    composite_alarm(aws)
    assert composites(aws)[0]["ActionsEnabled"] is True


def test_an_update_overwrites_the_configuration_and_keeps_state_and_tags(aws: Emulator) -> None:
    composite_alarm(aws, AlarmActions=[TOPIC], AlarmDescription="first", Tags=[{"Key": "team", "Value": "web"}])
    cloudwatch = aws.client("cloudwatch")
    cloudwatch.set_alarm_state(AlarmName="web-unhealthy", StateValue="ALARM", StateReason="test")
    cloudwatch.put_composite_alarm(AlarmName="web-unhealthy", AlarmRule="FALSE", Tags=[{"Key": "other", "Value": "x"}])
    [alarm] = composites(aws)
    assert (alarm["AlarmRule"], alarm["AlarmActions"], alarm["StateValue"]) == ("FALSE", [], "ALARM")
    assert "AlarmDescription" not in alarm
    assert cloudwatch.list_tags_for_resource(ResourceARN=alarm["AlarmArn"])["Tags"] == [{"Key": "team", "Value": "web"}]


@pytest.mark.parametrize(
    "settings",
    [
        {"ActionsSuppressor": "cpu-high", "ActionsSuppressorWaitPeriod": 60},
        {"ActionsSuppressor": "cpu-high", "ActionsSuppressorExtensionPeriod": 60},
        {"ActionsSuppressorWaitPeriod": 60, "ActionsSuppressorExtensionPeriod": 60},
    ],
)
def test_suppressor_periods_come_with_a_suppressor(aws: Emulator, settings: dict) -> None:
    with pytest.raises(ClientError) as error:
        composite_alarm(aws, **settings)
    assert error.value.response["Error"]["Code"] == "ValidationError"
    assert composites(aws) == []


def test_describe_alarms_answers_both_types_when_both_are_asked_for(aws: Emulator) -> None:
    cpu_alarm(aws)
    composite_alarm(aws)
    response = aws.client("cloudwatch").describe_alarms(AlarmTypes=["MetricAlarm", "CompositeAlarm"])
    assert ([a["AlarmName"] for a in response["MetricAlarms"]], [a["AlarmName"] for a in response["CompositeAlarms"]]) == (["cpu-high"], ["web-unhealthy"])


def test_describe_alarms_applies_every_filter(aws: Emulator) -> None:
    cpu_alarm(aws, AlarmActions=[TOPIC])
    cpu_alarm(aws, "cpu-low")
    composite_alarm(aws, "cpu-composite", AlarmActions=[TOPIC])
    cloudwatch = aws.client("cloudwatch")
    cloudwatch.set_alarm_state(AlarmName="cpu-low", StateValue="ALARM", StateReason="test")
    both = ["MetricAlarm", "CompositeAlarm"]
    by_prefix_and_action = cloudwatch.describe_alarms(AlarmNamePrefix="cpu", ActionPrefix=TOPIC, AlarmTypes=both)
    assert sorted(a["AlarmName"] for a in by_prefix_and_action["MetricAlarms"] + by_prefix_and_action["CompositeAlarms"]) == ["cpu-composite", "cpu-high"]
    by_prefix_and_state = cloudwatch.describe_alarms(AlarmNamePrefix="cpu", StateValue="ALARM")
    assert [a["AlarmName"] for a in by_prefix_and_state["MetricAlarms"]] == ["cpu-low"]


def test_composite_alarms_are_tagged_and_untagged_by_arn(aws: Emulator) -> None:
    composite_alarm(aws, Tags=[{"Key": "team", "Value": "web"}])
    cloudwatch = aws.client("cloudwatch")
    arn = composites(aws)[0]["AlarmArn"]
    cloudwatch.tag_resource(ResourceARN=arn, Tags=[{"Key": "env", "Value": "test"}])
    cloudwatch.untag_resource(ResourceARN=arn, TagKeys=["team"])
    assert cloudwatch.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "env", "Value": "test"}]


def test_untagging_an_alarm_that_does_not_exist_is_refused(aws: Emulator) -> None:
    with pytest.raises(ClientError) as error:
        aws.client("cloudwatch").untag_resource(ResourceARN="arn:aws:cloudwatch:eu-west-1:123456789012:alarm:nope", TagKeys=["team"])
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_delete_alarms_deletes_a_composite_and_its_metric_alarms_in_one_call(aws: Emulator) -> None:
    cpu_alarm(aws)
    composite_alarm(aws)
    aws.client("cloudwatch").delete_alarms(AlarmNames=["web-unhealthy", "cpu-high", "no-such-alarm"])
    response = aws.client("cloudwatch").describe_alarms(AlarmTypes=["MetricAlarm", "CompositeAlarm"])
    assert (response["MetricAlarms"], response["CompositeAlarms"]) == ([], [])


def test_composite_alarms_are_listed_by_the_tagging_api(aws: Emulator) -> None:
    composite_alarm(aws, Tags=[{"Key": "webstack:stack", "Value": "demo"}])
    found = aws.client("resourcegroupstaggingapi").get_resources(TagFilters=[{"Key": "webstack:stack", "Values": ["demo"]}])
    assert [r["ResourceARN"] for r in found["ResourceTagMappingList"]] == [composites(aws)[0]["AlarmArn"]]
