"""SNS fidelity fixes for moto 5.2.5 (moto/sns/models.py, moto/sns/responses.py): subscriptions awaiting confirmation."""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

# Protocols whose endpoint must confirm a new subscription (the confirmation message carries a token);
# AWS confirms sqs, lambda, firehose, application and sms subscriptions of the topic owner's account by itself.
CONFIRMED_BY_ENDPOINT = ("email", "email-json", "http", "https")

# What Subscribe answers, and what the list operations show in place of the ARN, until the endpoint confirms.
PENDING_ANSWER = "pending confirmation"
PENDING_LISTED = "PendingConfirmation"


@fix(
    "sns",
    "Subscribe",
    "moto confirmed email, email-json, http and https subscriptions at once. AWS keeps them pending until the "
    "endpoint confirms: Subscribe answers 'pending confirmation' (the ARN only with ReturnSubscriptionArn=true), "
    "ListSubscriptionsByTopic and ListSubscriptions show SubscriptionArn 'PendingConfirmation', "
    "GetSubscriptionAttributes PendingConfirmation 'true', and nothing published is delivered to them.",
)
def subscriptions_await_confirmation() -> None:
    from moto.core.responses import ActionResult
    from moto.core.utils import ensure_boolean
    from moto.sns.models import SNSBackend
    from moto.sns.models import Subscription
    from moto.sns.responses import SNSResponse

    original_subscribe = SNSBackend.subscribe

    @wraps(original_subscribe)
    def subscribe(self: SNSBackend, topic_arn: str, endpoint: str, protocol: str) -> Subscription:
        known = self._find_subscription(topic_arn, endpoint, protocol)
        subscription = original_subscribe(self, topic_arn, endpoint, protocol)
        if known is None and protocol in CONFIRMED_BY_ENDPOINT:
            subscription.pending_confirmation = True  # type: ignore[attr-defined]
            subscription.attributes.update(PendingConfirmation=True, ConfirmationWasAuthenticated=False)
        return subscription

    def listed_arn(self: Subscription) -> str:
        return PENDING_LISTED if is_pending(self) else self.arn

    original_publish = Subscription.publish

    @wraps(original_publish)
    def publish(self: Subscription, *args: Any, **kwargs: Any) -> None:
        if not is_pending(self):
            original_publish(self, *args, **kwargs)

    original_response = SNSResponse.subscribe

    @wraps(original_response)
    def subscribe_response(self: SNSResponse) -> ActionResult:
        answer = original_response(self)
        arn = answer.result["SubscriptionArn"]  # type: ignore[index]
        pending = is_pending(self.backend.subscriptions[arn])
        if pending and not ensure_boolean(self._get_param("ReturnSubscriptionArn") or "false"):
            return ActionResult({"SubscriptionArn": PENDING_ANSWER})
        return answer

    SNSBackend.subscribe = subscribe  # type: ignore[method-assign]
    Subscription.subscription_arn = property(listed_arn)  # type: ignore[attr-defined]
    Subscription.publish = publish  # type: ignore[method-assign]
    SNSResponse.subscribe = subscribe_response  # type: ignore[method-assign]


def is_pending(subscription: Any) -> bool:
    return bool(getattr(subscription, "pending_confirmation", False))


@fix(
    "sns",
    "Unsubscribe",
    "moto accepted any SubscriptionArn and answered success, even 'PendingConfirmation' (what ListSubscriptionsByTopic "
    "shows for a subscription awaiting confirmation). AWS answers InvalidParameter for a value that is not an ARN, "
    "so a pending subscription cannot be unsubscribed by what the list shows.",
)
def unsubscribe_wants_an_arn() -> None:
    from moto.sns.exceptions import SNSInvalidParameter
    from moto.sns.models import SNSBackend

    original = SNSBackend.unsubscribe

    @wraps(original)
    def unsubscribe(self: SNSBackend, subscription_arn: str) -> None:
        elements = len(subscription_arn.split(":"))
        if not subscription_arn.startswith("arn:") or elements < 6:
            raise SNSInvalidParameter(f"Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not {elements}")
        original(self, subscription_arn)

    SNSBackend.unsubscribe = unsubscribe  # type: ignore[method-assign]
