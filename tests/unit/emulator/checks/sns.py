"""Checks of the SNS fixes (webstack_emulator/extensions/sns.py), one per fixed operation."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check


def topic(aws: Emulator, name: str = "webstack-alarms") -> str:
    return aws.client("sns").create_topic(Name=name)["TopicArn"]


def listed(aws: Emulator, topic_arn: str) -> dict[str, str]:
    """Endpoint -> SubscriptionArn, as ListSubscriptionsByTopic shows them."""
    subscriptions = aws.client("sns").list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]
    return {s["Endpoint"]: s["SubscriptionArn"] for s in subscriptions}


@check("sns", "Subscribe")
def an_email_subscription_awaits_confirmation(aws: Emulator) -> dict[str, Any]:
    arn = topic(aws)
    response = aws.client("sns").subscribe(TopicArn=arn, Protocol="email", Endpoint="ops@example.com")
    assert response["SubscriptionArn"] == "pending confirmation"
    assert listed(aws, arn) == {"ops@example.com": "PendingConfirmation"}
    return response


@check("sns", "Unsubscribe")
def a_pending_subscription_cannot_be_unsubscribed(aws: Emulator) -> dict[str, Any]:
    arn = topic(aws)
    sns = aws.client("sns")
    sns.subscribe(TopicArn=arn, Protocol="email", Endpoint="ops@example.com")
    with pytest.raises(ClientError) as error:
        sns.unsubscribe(SubscriptionArn="PendingConfirmation")
    assert error.value.response["Error"]["Code"] == "InvalidParameter"
    assert listed(aws, arn) == {"ops@example.com": "PendingConfirmation"}
    queue = "arn:aws:sqs:eu-west-1:123456789012:webstack-alarms"
    confirmed = sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue)["SubscriptionArn"]
    response = sns.unsubscribe(SubscriptionArn=confirmed)
    assert queue not in listed(aws, arn)
    return response
