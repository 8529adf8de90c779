"""The collection's one retry policy: what it retries, what it lets through, and how often it tries."""

from __future__ import annotations

import pytest
from ansible_collections.amazon.aws.plugins.module_utils import cloud
from ansible_collections.webstack.aws.plugins.module_utils.retries import RETRIES
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying
from botocore.exceptions import ClientError


def _error(code: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": code}}, "DescribeThings")


class Flaky:
    """A call that fails with the given codes, one per try, then answers."""

    def __init__(self, *codes: str) -> None:
        self.codes = list(codes)
        self.tries = 0

    def __call__(self) -> str:
        self.tries += 1
        if self.codes:
            raise _error(self.codes.pop(0))
        return "answer"


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr(cloud.time, "sleep", slept.append)
    return slept


@pytest.mark.parametrize(
    "code",
    [
        "ThrottlingException",
        "Throttling",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "SlowDown",
        "InternalError",
        "ServiceUnavailable",
        "InternalFailure",
    ],
)
def test_throttling_and_transient_errors_are_retried(code: str, no_sleep: list[float]) -> None:
    call = Flaky(code, code)
    assert retrying()(call)() == "answer"
    assert call.tries == 3
    assert len(no_sleep) == 2 and all(0 <= pause <= 20 for pause in no_sleep)


def test_other_errors_surface_at_once() -> None:
    call = Flaky("InvalidParameterValue")
    with pytest.raises(ClientError):
        retrying()(call)()
    assert call.tries == 1


def test_a_module_adds_the_codes_it_expects_while_aws_settles() -> None:
    call = Flaky("InvalidFlowLogId.NotFound")
    assert retrying(["InvalidFlowLogId.NotFound"])(call)() == "answer"
    with pytest.raises(ClientError):
        retrying()(Flaky("InvalidFlowLogId.NotFound"))()


def test_it_gives_up_after_its_retries() -> None:
    call = Flaky(*["ThrottlingException"] * (RETRIES + 5))
    with pytest.raises(ClientError):
        retrying()(call)()
    assert call.tries == RETRIES
