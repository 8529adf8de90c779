"""sns_topic: pure functions, then end-to-end runs of main() against the emulator."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import sns_topic

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

NAME = "demo-local-alarms"
ACCOUNT = "123456789012"
ALIAS = "alias/demo-local"
QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}:demo-local-alarms"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:demo-local-alarms"
EMAIL = {"protocol": "email", "endpoint": "ops@example.com"}
HOOK = {"protocol": "https", "endpoint": "https://hooks.example.com/alarms"}
TAGS = {"webstack:stack": "demo", "webstack:environment": "local", "webstack:component": "monitoring", "ManagedBy": "ansible"}


def policy(*actions: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "CloudWatchAlarms",
                "Effect": "Allow",
                "Principal": {"Service": "cloudwatch.amazonaws.com"},
                "Action": list(actions) or "sns:Publish",
                "Resource": f"arn:aws:sns:{REGION}:{ACCOUNT}:{NAME}",
            }
        ],
    }


def warnings(result: Result) -> list[str]:
    """The module's warnings, whether ansible-core gives them as strings or as events."""
    return [warning if isinstance(warning, str) else warning["event"]["msg"] for warning in result.out.get("warnings", [])]


@dataclass
class World:
    aws: Emulator
    key_arn: str

    def topic(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(sns_topic.main, self.aws, {"name": NAME, **args}, check_mode)

    def arn(self) -> str:
        return f"arn:aws:sns:{REGION}:{ACCOUNT}:{NAME}"

    def exists(self) -> bool:
        return any(t["TopicArn"] == self.arn() for t in self.aws.client("sns").list_topics()["Topics"])

    def attributes(self) -> dict[str, str]:
        return self.aws.client("sns").get_topic_attributes(TopicArn=self.arn())["Attributes"]

    def subscriptions(self) -> dict[tuple[str, str], str]:
        listed = self.aws.client("sns").list_subscriptions_by_topic(TopicArn=self.arn())["Subscriptions"]
        return {(s["Protocol"], s["Endpoint"]): s["SubscriptionArn"] for s in listed}

    def tags(self) -> dict[str, str]:
        return {t["Key"]: t["Value"] for t in self.aws.client("sns").list_tags_for_resource(ResourceArn=self.arn())["Tags"]}

    def full(self, **overrides: Any) -> dict[str, Any]:
        return {
            "display_name": "demo alarms",
            "kms_master_key_id": ALIAS,
            "policy": policy(),
            "subscriptions": [EMAIL, HOOK],
            "tags": TAGS,
            **overrides,
        }


@pytest.fixture
def world(aws: Emulator) -> World:
    """A KMS key with the stack's alias; the call log starts empty."""
    kms = aws.client("kms")
    key = kms.create_key(Description="demo-local")["KeyMetadata"]
    kms.create_alias(AliasName=ALIAS, TargetKeyId=key["KeyId"])
    aws.clear_calls()
    return World(aws, key["Arn"])


# Pure functions


def params(**overrides: Any) -> dict[str, Any]:
    base = {
        "name": NAME,
        "display_name": None,
        "kms_master_key_id": None,
        "policy": None,
        "subscriptions": None,
        "purge_subscriptions": True,
        "tags": None,
        "purge_tags": True,
        "state": "present",
    }
    return {**base, **overrides}


def existing(**overrides: Any) -> dict[str, Any]:
    attributes = {"DisplayName": "d", "KmsMasterKeyId": ALIAS, "Policy": json.dumps(policy())}
    subscriptions = [
        {"protocol": "email", "endpoint": "ops@example.com", "subscription_arn": "PendingConfirmation"},
        {"protocol": "sqs", "endpoint": QUEUE, "subscription_arn": f"arn:aws:sns:{REGION}:{ACCOUNT}:{NAME}:1"},
    ]
    view = sns_topic.topic_view(f"arn:aws:sns:{REGION}:{ACCOUNT}:{NAME}", NAME, attributes, subscriptions, {"a": "1"})
    return {**view, **overrides}


def test_validate_accepts_every_protocol_with_its_endpoint() -> None:
    subscriptions = [
        EMAIL,
        {"protocol": "email-json", "endpoint": "ops@example.com"},
        {"protocol": "http", "endpoint": "http://hooks.example.com"},
        HOOK,
        {"protocol": "sqs", "endpoint": QUEUE},
        {"protocol": "lambda", "endpoint": f"{FUNCTION}:live"},
        {"protocol": "firehose", "endpoint": f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/alarms"},
        {"protocol": "sms", "endpoint": "+15555550100"},
        {"protocol": "application", "endpoint": f"arn:aws:sns:{REGION}:{ACCOUNT}:endpoint/GCM/app/1234"},
    ]
    assert sns_topic.validate_params(params(subscriptions=subscriptions, kms_master_key_id="alias/aws/sns")) == []


@pytest.mark.parametrize(
    "key",
    [
        "",
        ALIAS,
        "1234abcd-12ab-34cd-56ef-1234567890ab",
        "mrk-1234abcd12ab34cd56ef1234567890ab",
        f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    ],
)
def test_validate_accepts_each_form_of_key(key: str) -> None:
    assert sns_topic.validate_params(params(kms_master_key_id=key)) == []


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"name": "alarms.fifo"}, "name"),
        ({"name": "x" * 257}, "name"),
        ({"display_name": "x" * 101}, "display_name"),
        ({"kms_master_key_id": "my key"}, "kms_master_key_id"),
        ({"subscriptions": [{"protocol": "lambda", "endpoint": "my-function"}]}, "subscriptions[0].endpoint"),
        ({"subscriptions": [EMAIL, {"protocol": "sms", "endpoint": "555-0100"}]}, "subscriptions[1].endpoint"),
    ],
)
def test_validate_names_the_bad_option(overrides: dict[str, Any], named: str) -> None:
    [error] = sns_topic.validate_params(params(**overrides))
    assert error.startswith(named)


def test_absent_needs_only_a_valid_name() -> None:
    assert sns_topic.validate_params(params(state="absent", kms_master_key_id="my key")) == []


def test_plan_of_a_converged_topic_is_empty() -> None:
    current = existing()
    changes = sns_topic.plan(
        current,
        params(display_name="d", kms_master_key_id=ALIAS, policy=policy(), subscriptions=[EMAIL, {"protocol": "sqs", "endpoint": QUEUE}], tags={"a": "1"}),
    )
    assert not sns_topic.has_changes(current, changes)


def test_plan_compares_policies_by_meaning() -> None:
    current = existing(policy={**policy(), "Statement": [{**policy()["Statement"][0], "Action": ["sns:Publish"]}]})
    assert sns_topic.attribute_changes(current, params(policy=policy())) == {}
    assert list(sns_topic.attribute_changes(current, params(policy=policy("sns:Publish", "sns:Subscribe")))) == ["Policy"]


def test_plan_compares_the_key_as_given() -> None:
    assert sns_topic.attribute_changes(existing(), params(kms_master_key_id=ALIAS)) == {}
    assert sns_topic.attribute_changes(existing(), params(kms_master_key_id="alias/other")) == {"KmsMasterKeyId": "alias/other"}
    assert sns_topic.attribute_changes(existing(), params(kms_master_key_id="")) == {"KmsMasterKeyId": ""}


def test_plan_keeps_pending_subscriptions_it_cannot_remove() -> None:
    changes = sns_topic.plan(existing(), params(subscriptions=[HOOK]))
    assert changes["subscribe"] == [HOOK]
    assert [s["endpoint"] for s in changes["unsubscribe"]] == [QUEUE]
    assert [s["endpoint"] for s in changes["pending"]] == ["ops@example.com"]


def test_plan_without_purge_only_adds() -> None:
    changes = sns_topic.plan(existing(), params(subscriptions=[HOOK], purge_subscriptions=False))
    assert (changes["subscribe"], changes["unsubscribe"], changes["pending"]) == ([HOOK], [], [])


def test_plan_leaves_what_is_not_given() -> None:
    changes = sns_topic.plan(existing(), params())
    assert not sns_topic.has_changes(existing(), changes)


def test_create_params_send_attributes_and_tags_but_no_empty_ones() -> None:
    request = sns_topic.create_params(params(display_name="", kms_master_key_id=ALIAS, policy=policy(), tags={"a": "1"}))
    assert request["Name"] == NAME
    assert request["Attributes"] == {"KmsMasterKeyId": ALIAS, "Policy": json.dumps(policy(), sort_keys=True)}
    assert request["Tags"] == [{"Key": "a", "Value": "1"}]
    assert sns_topic.create_params(params()) == {"Name": NAME}


# Create


def test_create_with_alias_policy_subscriptions_and_tags(world: World) -> None:
    run_ = world.topic(world.full())

    assert not run_.failed, run_.out
    assert run_.changed
    attributes = world.attributes()
    assert attributes["KmsMasterKeyId"] == ALIAS
    assert attributes["DisplayName"] == "demo alarms"
    assert json.loads(attributes["Policy"]) == policy()
    assert world.subscriptions() == {("email", EMAIL["endpoint"]): "PendingConfirmation", ("https", HOOK["endpoint"]): "PendingConfirmation"}
    assert world.tags() == TAGS
    topic = run_.out["topic"]
    assert topic["topic_arn"] == world.arn()
    assert (topic["name"], topic["display_name"], topic["kms_master_key_id"], topic["policy"]) == (NAME, "demo alarms", ALIAS, policy())
    assert topic["subscriptions"] == [{**EMAIL, "subscription_arn": "PendingConfirmation"}, {**HOOK, "subscription_arn": "PendingConfirmation"}]
    assert topic["tags"] == TAGS
    assert world.aws.calls().mutating == ["sns:CreateTopic", "sns:Subscribe", "sns:Subscribe"]


def test_create_with_the_key_arn(world: World) -> None:
    run_ = world.topic({"kms_master_key_id": world.key_arn})

    assert not run_.failed, run_.out
    assert world.attributes()["KmsMasterKeyId"] == world.key_arn
    assert run_.out["topic"]["kms_master_key_id"] == world.key_arn
    assert run_.out["topic"]["subscriptions"] == []


def test_create_without_a_key_is_not_encrypted(world: World) -> None:
    run_ = world.topic({})

    assert run_.changed
    assert "KmsMasterKeyId" not in world.attributes()
    assert run_.out["topic"]["kms_master_key_id"] == ""


# Idempotence, check mode, diff


@pytest.mark.parametrize("key", ["alias", "arn"])
def test_second_identical_run_changes_nothing_and_calls_nothing_mutating(world: World, key: str) -> None:
    args = world.full(kms_master_key_id=ALIAS if key == "alias" else world.key_arn)
    first = world.topic(args)
    world.aws.clear_calls()

    again = world.topic(args)

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["topic"] == first.out["topic"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_check_mode_reports_the_create_and_creates_nothing(world: World) -> None:
    run_ = world.topic(world.full(), check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert not world.exists()
    assert world.aws.calls().mutating == []
    assert "topic_arn" not in run_.out["topic"]
    assert run_.out["topic"]["kms_master_key_id"] == ALIAS
    assert run_.out["diff"]["before"] == {}
    assert run_.out["diff"]["after"]["subscriptions"] == [EMAIL, HOOK]


def test_check_mode_update_changes_nothing(world: World) -> None:
    world.topic(world.full())
    world.aws.clear_calls()

    run_ = world.topic(world.full(display_name="other", subscriptions=[EMAIL], tags={"a": "1"}), check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.attributes()["DisplayName"] == "demo alarms"
    assert world.tags() == TAGS
    assert run_.out["topic"]["display_name"] == "other"
    assert run_.out["topic"]["tags"] == {"a": "1"}


def test_check_mode_on_a_converged_topic_reports_no_change(world: World) -> None:
    world.topic(world.full())
    world.aws.clear_calls()

    run_ = world.topic(world.full(), check_mode=True)

    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_diff_shows_attributes_subscriptions_and_tags_before_and_after(world: World) -> None:
    world.topic(world.full())

    run_ = world.topic(world.full(display_name="renamed", subscriptions=[EMAIL, {"protocol": "sqs", "endpoint": QUEUE}], tags={"ManagedBy": "ansible"}))

    before, after = run_.out["diff"]["before"], run_.out["diff"]["after"]
    assert before["attributes"] == {"display_name": "demo alarms", "kms_master_key_id": ALIAS, "policy": policy()}
    assert after["attributes"] == {"display_name": "renamed", "kms_master_key_id": ALIAS, "policy": policy()}
    assert before["subscriptions"] == [EMAIL, HOOK]
    # The pending https subscription cannot be unsubscribed, so it stays.
    assert after["subscriptions"] == [EMAIL, HOOK, {"protocol": "sqs", "endpoint": QUEUE}]
    assert (before["tags"], after["tags"]) == (TAGS, {"ManagedBy": "ansible"})


# Updates


def test_key_changes_from_alias_to_arn_and_off(world: World) -> None:
    world.topic(world.full())

    to_arn = world.topic(world.full(kms_master_key_id=world.key_arn))
    assert to_arn.changed
    assert world.attributes()["KmsMasterKeyId"] == world.key_arn
    world.aws.clear_calls()

    off = world.topic({"kms_master_key_id": ""})
    assert off.changed
    assert "KmsMasterKeyId" not in world.attributes()
    assert off.out["topic"]["kms_master_key_id"] == ""
    assert world.aws.calls().mutating == ["sns:SetTopicAttributes"]


def test_policy_change_is_set(world: World) -> None:
    world.topic(world.full())
    world.aws.clear_calls()

    run_ = world.topic({"policy": policy("sns:Publish", "sns:Subscribe")})

    assert run_.changed
    assert json.loads(world.attributes()["Policy"]) == policy("sns:Publish", "sns:Subscribe")
    assert run_.out["diff"]["before"]["attributes"]["policy"] == policy()
    assert world.aws.calls().mutating == ["sns:SetTopicAttributes"]


def test_same_policy_written_differently_is_no_change(world: World) -> None:
    world.topic(world.full())
    same = policy()
    same["Statement"][0]["Action"] = ["sns:Publish"]
    world.aws.clear_calls()

    run_ = world.topic({"policy": same})

    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_display_name_change_is_set(world: World) -> None:
    world.topic(world.full())

    run_ = world.topic({"display_name": "renamed"})

    assert run_.changed
    assert world.attributes()["DisplayName"] == "renamed"
    assert world.attributes()["KmsMasterKeyId"] == ALIAS  # what is not given is left as is
    assert world.tags() == TAGS


def test_subscriptions_are_added_and_purged(world: World) -> None:
    world.topic({"subscriptions": [{"protocol": "sqs", "endpoint": QUEUE}, {"protocol": "lambda", "endpoint": FUNCTION}]})
    world.aws.clear_calls()

    run_ = world.topic({"subscriptions": [{"protocol": "lambda", "endpoint": FUNCTION}, EMAIL]})

    assert run_.changed
    assert set(world.subscriptions()) == {("lambda", FUNCTION), ("email", EMAIL["endpoint"])}
    assert world.aws.calls().mutating == ["sns:Subscribe", "sns:Unsubscribe"]
    assert [s["protocol"] for s in run_.out["topic"]["subscriptions"]] == ["email", "lambda"]


def test_subscriptions_without_purge_are_kept(world: World) -> None:
    world.topic({"subscriptions": [{"protocol": "sqs", "endpoint": QUEUE}]})

    run_ = world.topic({"subscriptions": [{"protocol": "lambda", "endpoint": FUNCTION}], "purge_subscriptions": False})

    assert run_.changed
    assert set(world.subscriptions()) == {("sqs", QUEUE), ("lambda", FUNCTION)}


def test_subscriptions_left_out_are_left_alone(world: World) -> None:
    world.topic({"subscriptions": [{"protocol": "sqs", "endpoint": QUEUE}]})
    world.aws.clear_calls()

    run_ = world.topic({"display_name": "d"})

    assert set(world.subscriptions()) == {("sqs", QUEUE)}
    assert "sns:Unsubscribe" not in world.aws.calls().mutating
    assert run_.changed


def test_empty_subscriptions_purge_every_confirmed_one(world: World) -> None:
    world.topic({"subscriptions": [{"protocol": "sqs", "endpoint": QUEUE}, {"protocol": "lambda", "endpoint": FUNCTION}]})

    run_ = world.topic({"subscriptions": []})

    assert run_.changed
    assert world.subscriptions() == {}


def test_a_pending_subscription_not_listed_is_left_with_a_warning_and_no_change(world: World) -> None:
    world.topic({"subscriptions": [EMAIL]})
    world.aws.clear_calls()

    run_ = world.topic({"subscriptions": []})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert world.aws.calls().mutating == []
    assert world.subscriptions() == {("email", EMAIL["endpoint"]): "PendingConfirmation"}
    assert any("pending confirmation" in warning for warning in warnings(run_))


def test_tags_change(world: World) -> None:
    world.topic({"tags": {"keep": "1", "drop": "2"}})
    world.aws.clear_calls()

    run_ = world.topic({"tags": {"keep": "1", "add": "3"}})

    assert run_.changed
    assert world.tags() == {"keep": "1", "add": "3"}
    assert run_.out["topic"]["tags"] == {"keep": "1", "add": "3"}
    assert world.aws.calls().mutating == ["sns:UntagResource", "sns:TagResource"]


def test_tags_without_purge_are_added(world: World) -> None:
    world.topic({"tags": {"keep": "1"}})

    world.topic({"tags": {"add": "3"}, "purge_tags": False})

    assert world.tags() == {"keep": "1", "add": "3"}


# Absent


def test_absent_deletes_the_topic_and_twice_changes_nothing(world: World) -> None:
    world.topic(world.full())

    gone = world.topic({"state": "absent"})

    assert not gone.failed, gone.out
    assert gone.changed
    assert not world.exists()
    assert gone.out["diff"]["before"]["attributes"]["kms_master_key_id"] == ALIAS
    assert gone.out["diff"]["after"] == {}
    world.aws.clear_calls()

    again = world.topic({"state": "absent"})

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.topic({})
    world.aws.clear_calls()

    run_ = world.topic({"state": "absent"}, check_mode=True)

    assert run_.changed
    assert world.exists()
    assert world.aws.calls().mutating == []


def test_absent_finds_the_topic_by_its_whole_name(world: World) -> None:
    world.aws.client("sns").create_topic(Name=f"{NAME}-other")
    world.aws.client("sns").create_topic(Name=f"x{NAME}")

    run_ = world.topic({"state": "absent"})

    assert not run_.changed
    assert len(world.aws.client("sns").list_topics()["Topics"]) == 2


def test_the_topic_is_found_beyond_the_first_page_of_topics(world: World) -> None:
    sns = world.aws.client("sns")
    for number in range(100):
        sns.create_topic(Name=f"filler-{number:03d}")
    world.topic({"display_name": "d"})
    world.aws.clear_calls()

    again = world.topic({"display_name": "d"})

    assert not again.changed
    assert world.aws.calls().count("ListTopics") == 2


# Bad input


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"name": "alarms.fifo"}, "name"),
        ({"subscriptions": [{"protocol": "carrier-pigeon", "endpoint": "ops@example.com"}]}, "protocol"),
        ({"subscriptions": [{"protocol": "email", "endpoint": "ops.example.com"}]}, "subscriptions[0].endpoint"),
        ({"subscriptions": [{"protocol": "https", "endpoint": "http://hooks.example.com/alarms"}]}, "subscriptions[0].endpoint"),
        ({"policy": ["not", "a", "dict"]}, "policy"),
        ({"kms_master_key_id": "stack key"}, "kms_master_key_id"),
    ],
)
def test_bad_input_fails_naming_the_option_with_no_mutating_call(world: World, args: dict[str, Any], named: str) -> None:
    run_ = world.topic(args)

    assert run_.failed
    assert named in run_.out["msg"]
    assert world.aws.calls().mutating == []
    assert not world.exists()
