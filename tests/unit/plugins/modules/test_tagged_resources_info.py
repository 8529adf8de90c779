"""tagged_resources_info, run end to end through main() against the emulator, and its pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import tagged_resources_info

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.tagging import distribution
from tests.unit.emulator.checks.tagging import tag_list
from tests.unit.emulator.checks.tagging import web_acl
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run


def stack_tags(stack: str) -> dict[str, str]:
    return {"webstack:stack": stack, "webstack:environment": "local", "webstack:component": "app", "ManagedBy": "ansible"}


@dataclass
class World:
    aws: Emulator
    arns: dict[str, dict[str, str]]  # stack -> kind -> ARN

    def info(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(tagged_resources_info.main, self.aws, args, check_mode)


def network(aws: Emulator) -> tuple[str, list[str]]:
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.40.{n}.0/24", AvailabilityZone=f"{REGION}{zone}")["Subnet"]["SubnetId"] for n, zone in ((1, "a"), (2, "b"))
    ]
    return vpc, subnets


def build_stack(aws: Emulator, stack: str, vpc: str, subnets: list[str]) -> dict[str, str]:
    """One of each resource the monitoring role looks for, named <stack>-local and tagged for the stack; kind -> ARN."""
    name, tags = f"{stack}-local", stack_tags(stack)
    arns = {}
    arns["db"] = aws.client("rds").create_db_instance(
        DBInstanceIdentifier=name,
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        MasterUsername="webstack",
        MasterUserPassword="not-a-secret-1",
        AllocatedStorage=20,
        Tags=tag_list(tags),
    )["DBInstance"]["DBInstanceArn"]
    elb = aws.client("elbv2")
    arns["loadbalancer"] = elb.create_load_balancer(Name=name, Subnets=subnets, Tags=tag_list(tags))["LoadBalancers"][0]["LoadBalancerArn"]
    arns["targetgroup"] = elb.create_target_group(Name=name, Protocol="HTTP", Port=80, VpcId=vpc, Tags=tag_list(tags))["TargetGroups"][0]["TargetGroupArn"]
    sqs = aws.client("sqs")
    queue = sqs.create_queue(QueueName=name, tags=tags)["QueueUrl"]
    arns["queue"] = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    arns["topic"] = aws.client("sns").create_topic(Name=name, Tags=tag_list(tags))["TopicArn"]
    logs = aws.client("logs")
    logs.create_log_group(logGroupName=f"/webstack/{name}", tags=tags)
    arns["log-group"] = logs.describe_log_groups(logGroupNamePrefix=f"/webstack/{name}")["logGroups"][0]["logGroupArn"]
    ecs = aws.client("ecs")
    ecs_tags = [{"key": key, "value": value} for key, value in tags.items()]
    arns["cluster"] = ecs.create_cluster(clusterName=name, tags=ecs_tags)["cluster"]["clusterArn"]
    ecs.register_task_definition(family=name, containerDefinitions=[{"name": "web", "image": "nginx", "memory": 128}])
    arns["service"] = ecs.create_service(cluster=name, serviceName="web", taskDefinition=name, desiredCount=0, tags=ecs_tags)["service"]["serviceArn"]
    arns["cache"] = aws.client("elasticache").create_cache_cluster(
        CacheClusterId=name, Engine="redis", CacheNodeType="cache.t3.micro", NumCacheNodes=1, Tags=tag_list(tags)
    )["CacheCluster"]["ARN"]
    arns["web-acl"] = web_acl(aws, name, tags)
    return arns


@pytest.fixture
def world(aws: Emulator) -> World:
    """Two stacks, demo and other, of the same resources in the Region; the call log starts empty."""
    vpc, subnets = network(aws)
    arns = {stack: build_stack(aws, stack, vpc, subnets) for stack in ("demo", "other")}
    aws.clear_calls()
    return World(aws, arns)


def arns_of(result: Result) -> list[str]:
    return [resource["resource_arn"] for resource in result.out["resources"]]


# Listing by tags


def test_a_stacks_tags_list_exactly_its_resources_sorted_by_arn(world: World) -> None:
    result = world.info({"tags": {"webstack:stack": "demo", "webstack:environment": "local"}})

    assert not result.failed, result.out
    assert not result.changed
    assert arns_of(result) == sorted(world.arns["demo"].values())
    assert len(arns_of(result)) == 10
    assert all(resource["tags"] == stack_tags("demo") for resource in result.out["resources"])
    assert world.aws.calls().mutating == []


def test_a_list_of_values_matches_either(world: World) -> None:
    result = world.info({"tags": {"webstack:stack": ["demo", "other"], "ManagedBy": "ansible"}})

    assert not result.failed, result.out
    assert arns_of(result) == sorted([*world.arns["demo"].values(), *world.arns["other"].values()])


def test_every_key_must_match(world: World) -> None:
    result = world.info({"tags": {"webstack:stack": "demo", "webstack:environment": "prod"}})

    assert not result.failed, result.out
    assert result.out["resources"] == []


def test_type_filters_keep_only_those_types(world: World) -> None:
    result = world.info({"tags": {"webstack:stack": "demo"}, "resource_type_filters": ["elasticloadbalancing:loadbalancer", "rds:db", "logs:log-group"]})

    assert not result.failed, result.out
    demo = world.arns["demo"]
    assert arns_of(result) == sorted([demo["loadbalancer"], demo["db"], demo["log-group"]])


def test_a_service_filter_keeps_all_its_types(world: World) -> None:
    result = world.info({"tags": {"webstack:stack": "other"}, "resource_type_filters": ["ecs", "wafv2:regional/webacl", "elasticache:cluster"]})

    assert not result.failed, result.out
    other = world.arns["other"]
    assert arns_of(result) == sorted([other["cluster"], other["service"], other["web-acl"], other["cache"]])


def test_check_mode_lists_the_same(world: World) -> None:
    result = world.info({"tags": {"webstack:stack": "demo"}}, check_mode=True)

    assert not result.failed, result.out
    assert arns_of(result) == sorted(world.arns["demo"].values())


def test_cloudfront_distributions_are_listed_from_us_east_1(aws: Emulator) -> None:
    arn = distribution(aws, "demo-local", stack_tags("demo"))

    in_home = run(tagged_resources_info.main, aws, {"region": "us-east-1", "tags": {"webstack:stack": "demo"}})
    elsewhere = run(tagged_resources_info.main, aws, {"tags": {"webstack:stack": "demo"}})

    assert arns_of(in_home) == [arn]
    assert arns_of(elsewhere) == []


# Paging


def test_every_page_is_read(aws: Emulator) -> None:
    sqs = aws.client("sqs")
    for n in range(30):
        sqs.create_queue(QueueName=f"demo-{n:02d}", tags=stack_tags("demo"))
    aws.clear_calls()

    result = run(tagged_resources_info.main, aws, {"tags": {"webstack:stack": "demo"}, "resource_type_filters": ["sqs"]})

    assert not result.failed, result.out
    assert arns_of(result) == [f"arn:aws:sqs:{REGION}:123456789012:demo-{n:02d}" for n in range(30)]
    assert aws.calls().count("GetResources") >= 2


class PagedClient:
    """Answers GetResources from pages chained by tokens, and records each request."""

    def __init__(self, pages: list[list[str]]) -> None:
        self.pages = pages
        self.requests: list[dict[str, Any]] = []

    def get_resources(self, aws_retry: bool, **request: Any) -> dict[str, Any]:
        assert aws_retry
        self.requests.append(request)
        index = int(request.get("PaginationToken", "0"))
        answer: dict[str, Any] = {"ResourceTagMappingList": [{"ResourceARN": arn, "Tags": []} for arn in self.pages[index]]}
        answer["PaginationToken"] = str(index + 1) if index + 1 < len(self.pages) else ""
        return answer


def test_get_all_resources_follows_tokens_until_an_empty_one() -> None:
    client = PagedClient([["arn:c"], [], ["arn:a", "arn:b"]])

    mappings = tagged_resources_info.get_all_resources(client, {"ResourceTypeFilters": ["sqs"]})

    assert [m["ResourceARN"] for m in mappings] == ["arn:c", "arn:a", "arn:b"]
    assert client.requests == [
        {"ResourceTypeFilters": ["sqs"]},
        {"ResourceTypeFilters": ["sqs"], "PaginationToken": "1"},
        {"ResourceTypeFilters": ["sqs"], "PaginationToken": "2"},
    ]


def test_get_all_resources_stops_when_no_token_is_answered() -> None:
    class OnePage:
        calls = 0

        def get_resources(self, aws_retry: bool, **request: Any) -> dict[str, Any]:
            self.calls += 1
            return {"ResourceTagMappingList": [{"ResourceARN": "arn:x"}]}

    client = OnePage()
    assert [m["ResourceARN"] for m in tagged_resources_info.get_all_resources(client, {})] == ["arn:x"]
    assert client.calls == 1


# Pure functions


def test_build_request_makes_one_filter_a_key() -> None:
    request = tagged_resources_info.build_request({"tags": {"a": "1", "b": ["2", "3"], "c": []}, "resource_type_filters": ["rds:db"]})

    assert request == {
        "TagFilters": [{"Key": "a", "Values": ["1"]}, {"Key": "b", "Values": ["2", "3"]}, {"Key": "c", "Values": []}],
        "ResourceTypeFilters": ["rds:db"],
    }


def test_build_request_without_options_is_empty() -> None:
    assert tagged_resources_info.build_request({"tags": {}, "resource_type_filters": []}) == {}


def test_resources_view_sorts_by_arn_and_keeps_tag_keys() -> None:
    mappings = [
        {"ResourceARN": "arn:b", "Tags": [{"Key": "webstack:stack", "Value": "demo"}]},
        {"ResourceARN": "arn:a", "Tags": []},
        {"ResourceARN": "arn:b", "Tags": [{"Key": "webstack:stack", "Value": "demo"}]},
    ]
    assert tagged_resources_info.resources_view(mappings) == [
        {"resource_arn": "arn:a", "tags": {}},
        {"resource_arn": "arn:b", "tags": {"webstack:stack": "demo"}},
    ]


@pytest.mark.parametrize(
    "type_filter", ["rds", "rds:db", "logs:log-group", "wafv2:regional/webacl", "elasticloadbalancing:loadbalancer", "cloudfront:distribution"]
)
def test_valid_type_filters(type_filter: str) -> None:
    assert tagged_resources_info.type_filter_errors([type_filter]) == []


@pytest.mark.parametrize("type_filter", ["", "RDS", "rds:", ":db", "rds db", "rds:db:x", "AWS::RDS::DBInstance", "rds:" + "x" * 300])
def test_invalid_type_filters(type_filter: str) -> None:
    [error] = tagged_resources_info.type_filter_errors([type_filter])
    assert error.startswith("resource_type_filters:")


def test_too_many_type_filters() -> None:
    assert "at most 100" in tagged_resources_info.type_filter_errors(["sqs"] * 101)[0]


@pytest.mark.parametrize(
    ("tags", "part"),
    [
        ({"": "x"}, "a key must be a string of 1 to 128"),
        ({"k" * 129: "x"}, "a key must be a string of 1 to 128"),
        ({"k": 1}, "must be a string or a list of strings"),
        ({"k": ["a", 2]}, "must be a string or a list of strings"),
        ({"k": {"a": "b"}}, "must be a string or a list of strings"),
        ({"k": None}, "must be a string or a list of strings"),
        ({"k": "v" * 257}, "at most 256 characters"),
        ({"k": [str(n) for n in range(21)]}, "at most 20 values"),
        ({f"k{n}": "v" for n in range(51)}, "at most 50 keys"),
    ],
)
def test_invalid_tags(tags: dict[Any, Any], part: str) -> None:
    errors = tagged_resources_info.tag_errors(tags)
    assert errors and all(error.startswith("tags") for error in errors)
    assert any(part in error for error in errors)


def test_valid_tags() -> None:
    assert tagged_resources_info.tag_errors({"k" * 128: "", "b": ["x", "y"], "c": []}) == []


# Bad inputs through main()


@pytest.mark.parametrize(
    ("args", "option"),
    [
        ({"tags": {"webstack:stack": 3}}, "tags['webstack:stack']"),
        ({"tags": {"": "demo"}}, "tags:"),
        ({"resource_type_filters": ["rds db"]}, "resource_type_filters"),
    ],
)
def test_bad_input_fails_before_any_call(aws: Emulator, args: dict[str, Any], option: str) -> None:
    aws.clear_calls()
    result = run(tagged_resources_info.main, aws, args)

    assert result.failed
    assert option in result.out["msg"]
    assert aws.calls().calls == []
