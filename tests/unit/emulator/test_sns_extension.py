"""The behaviour around the SNS fixes: subscriptions that await their endpoint's confirmation, as AWS keeps them."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.sns import listed
from tests.unit.emulator.checks.sns import topic

QUEUE = "arn:aws:sqs:eu-west-1:123456789012:webstack-alarms"
FUNCTION = "arn:aws:lambda:eu-west-1:123456789012:function:webstack-alarms"


@pytest.mark.parametrize(
    ("protocol", "endpoint"),
    [("email", "ops@example.com"), ("email-json", "ops@example.com"), ("http", "http://hooks.example.com/sns"), ("https", "https://hooks.example.com/sns")],
)
def test_endpoint_confirmed_protocols_are_pending(aws: Emulator, protocol: str, endpoint: str) -> None:
    arn = topic(aws)
    answer = aws.client("sns").subscribe(TopicArn=arn, Protocol=protocol, Endpoint=endpoint)
    assert answer["SubscriptionArn"] == "pending confirmation"
    assert listed(aws, arn) == {endpoint: "PendingConfirmation"}


@pytest.mark.parametrize(("protocol", "endpoint"), [("sqs", QUEUE), ("lambda", FUNCTION)])
def test_same_account_protocols_are_confirmed_at_once(aws: Emulator, protocol: str, endpoint: str) -> None:
    arn = topic(aws)
    answer = aws.client("sns").subscribe(TopicArn=arn, Protocol=protocol, Endpoint=endpoint)
    assert answer["SubscriptionArn"].startswith(f"{arn}:")
    assert listed(aws, arn) == {endpoint: answer["SubscriptionArn"]}


def test_return_subscription_arn_answers_the_arn_of_a_pending_subscription(aws: Emulator) -> None:
    arn = topic(aws)
    sns = aws.client("sns")
    answer = sns.subscribe(TopicArn=arn, Protocol="email", Endpoint="ops@example.com", ReturnSubscriptionArn=True)
    assert answer["SubscriptionArn"].startswith(f"{arn}:")
    attributes = sns.get_subscription_attributes(SubscriptionArn=answer["SubscriptionArn"])["Attributes"]
    assert attributes["PendingConfirmation"] == "true"


def test_subscribing_a_pending_endpoint_again_makes_no_second_subscription(aws: Emulator) -> None:
    arn = topic(aws)
    sns = aws.client("sns")
    sns.subscribe(TopicArn=arn, Protocol="email", Endpoint="ops@example.com")
    again = sns.subscribe(TopicArn=arn, Protocol="email", Endpoint="ops@example.com")
    assert again["SubscriptionArn"] == "pending confirmation"
    assert len(sns.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"]) == 1


def test_list_subscriptions_shows_pending_ones_too(aws: Emulator) -> None:
    arn = topic(aws)
    sns = aws.client("sns")
    sns.subscribe(TopicArn=arn, Protocol="email", Endpoint="ops@example.com")
    confirmed = sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=QUEUE)["SubscriptionArn"]
    shown = {s["Endpoint"]: s["SubscriptionArn"] for s in sns.list_subscriptions()["Subscriptions"]}
    assert shown == {"ops@example.com": "PendingConfirmation", QUEUE: confirmed}


def test_nothing_published_reaches_a_pending_subscription(aws: Emulator) -> None:
    arn = topic(aws)
    sns = aws.client("sns")
    sns.subscribe(TopicArn=arn, Protocol="https", Endpoint="https://127.0.0.1:9/unreachable")
    assert sns.publish(TopicArn=arn, Message="alarm")["MessageId"]


@pytest.mark.parametrize("value", ["PendingConfirmation", "pending confirmation", "arn:aws:sns:eu-west-1"])
def test_unsubscribe_refuses_what_is_not_an_arn(aws: Emulator, value: str) -> None:
    with pytest.raises(ClientError) as error:
        aws.client("sns").unsubscribe(SubscriptionArn=value)
    assert error.value.response["Error"]["Code"] == "InvalidParameter"
    assert "SubscriptionArn" in error.value.response["Error"]["Message"]


def test_unsubscribe_of_an_unknown_arn_still_succeeds(aws: Emulator) -> None:
    arn = topic(aws)
    aws.client("sns").unsubscribe(SubscriptionArn=f"{arn}:00000000-0000-0000-0000-000000000000")
    assert listed(aws, arn) == {}
