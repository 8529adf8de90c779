"""Checks of the CloudWatch alarm fixes (tools/emulator/webstack_emulator/extensions/cloudwatch.py)."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

TOPIC = "arn:aws:sns:eu-west-1:123456789012:alerts"


def cpu_alarm(aws: Emulator, name: str = "cpu-high", **extra: Any) -> dict[str, Any]:
    return aws.client("cloudwatch").put_metric_alarm(
        AlarmName=name,
        Namespace="AWS/EC2",
        MetricName="CPUUtilization",
        Dimensions=[{"Name": "InstanceId", "Value": "i-0123456789abcdef0"}],
        Statistic="Average",
        Period=60,
        EvaluationPeriods=3,
        Threshold=80.0,
        ComparisonOperator="GreaterThanThreshold",
        **extra,
    )


def composite_alarm(aws: Emulator, name: str = "web-unhealthy", **extra: Any) -> dict[str, Any]:
    return aws.client("cloudwatch").put_composite_alarm(AlarmName=name, AlarmRule='ALARM("cpu-high")', **extra)


@check("cloudwatch", "PutCompositeAlarm")
def a_composite_alarm_is_created_with_its_suppressor(aws: Emulator) -> dict[str, Any]:
    cpu_alarm(aws)
    response = composite_alarm(
        aws,
        AlarmActions=[TOPIC],
        AlarmDescription="web is unhealthy",
        ActionsSuppressor="cpu-high",
        ActionsSuppressorWaitPeriod=60,
        ActionsSuppressorExtensionPeriod=120,
        Tags=[{"Key": "team", "Value": "web"}],
    )
    [alarm] = aws.client("cloudwatch").describe_alarms(AlarmTypes=["CompositeAlarm"])["CompositeAlarms"]
    assert (alarm["AlarmRule"], alarm["AlarmActions"], alarm["StateValue"]) == ('ALARM("cpu-high")', [TOPIC], "INSUFFICIENT_DATA")
    assert (alarm["ActionsSuppressor"], alarm["ActionsSuppressorWaitPeriod"], alarm["ActionsSuppressorExtensionPeriod"]) == ("cpu-high", 60, 120)
    return response


@check("cloudwatch", "PutMetricAlarm")
def an_updated_metric_alarm_keeps_its_state_and_tags(aws: Emulator) -> dict[str, Any]:
    cloudwatch = aws.client("cloudwatch")
    cpu_alarm(aws, Tags=[{"Key": "team", "Value": "web"}])
    assert cloudwatch.describe_alarms(AlarmNames=["cpu-high"])["MetricAlarms"][0]["StateValue"] == "INSUFFICIENT_DATA"
    cloudwatch.set_alarm_state(AlarmName="cpu-high", StateValue="ALARM", StateReason="test")
    response = cpu_alarm(aws, AlarmDescription="updated", Tags=[{"Key": "ignored", "Value": "on update"}])
    [alarm] = cloudwatch.describe_alarms(AlarmNames=["cpu-high"])["MetricAlarms"]
    assert (alarm["StateValue"], alarm["AlarmDescription"]) == ("ALARM", "updated")
    assert cloudwatch.list_tags_for_resource(ResourceARN=alarm["AlarmArn"])["Tags"] == [{"Key": "team", "Value": "web"}]
    return response


@check("cloudwatch", "DescribeAlarms")
def composite_alarms_are_answered_only_when_asked_for(aws: Emulator) -> dict[str, Any]:
    cpu_alarm(aws)
    composite_alarm(aws)
    cloudwatch = aws.client("cloudwatch")
    plain = cloudwatch.describe_alarms()
    assert ([a["AlarmName"] for a in plain["MetricAlarms"]], plain.get("CompositeAlarms", [])) == (["cpu-high"], [])
    response = cloudwatch.describe_alarms(AlarmTypes=["CompositeAlarm"])
    assert ([a["AlarmName"] for a in response["CompositeAlarms"]], response.get("MetricAlarms", [])) == (["web-unhealthy"], [])
    return response


@check("cloudwatch", "DeleteAlarms")
def a_deleted_composite_alarm_takes_its_tags(aws: Emulator) -> dict[str, Any]:
    cpu_alarm(aws)
    composite_alarm(aws, Tags=[{"Key": "team", "Value": "web"}])
    cloudwatch = aws.client("cloudwatch")
    response = cloudwatch.delete_alarms(AlarmNames=["web-unhealthy"])
    assert cloudwatch.describe_alarms(AlarmTypes=["CompositeAlarm"])["CompositeAlarms"] == []
    composite_alarm(aws)
    arn = cloudwatch.describe_alarms(AlarmTypes=["CompositeAlarm"])["CompositeAlarms"][0]["AlarmArn"]
    assert cloudwatch.list_tags_for_resource(ResourceARN=arn)["Tags"] == []
    return response


@check("cloudwatch", "UntagResource")
def an_alarm_without_tags_can_be_untagged(aws: Emulator) -> dict[str, Any]:
    cpu_alarm(aws)
    composite_alarm(aws)
    cloudwatch = aws.client("cloudwatch")
    arn = cloudwatch.describe_alarms(AlarmTypes=["CompositeAlarm"])["CompositeAlarms"][0]["AlarmArn"]
    response = cloudwatch.untag_resource(ResourceARN=arn, TagKeys=["team"])
    assert cloudwatch.list_tags_for_resource(ResourceARN=arn)["Tags"] == []
    return response
