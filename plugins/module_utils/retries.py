# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one retry policy of the collection's modules.

amazon.aws's ``AWSRetry`` retries ``Throttling``, ``RequestLimitExceeded``,
``TooManyRequestsException`` and a few 5xx codes, but not the throttling and
transient codes other services answer (``ThrottlingException`` from the JSON
services, ``SlowDown`` from S3, ...). Every module of this collection builds
its client with :func:`retrying`, so it backs off on all of them, with jitter:

    client = module.client("ec2", retry_decorator=retrying())
    client.describe_flow_logs(aws_retry=True, ...)

Errors a module expects while AWS settles (a resource not yet visible) go in
``extra_codes`` for that module only.
"""

from __future__ import annotations

from typing import Callable
from typing import Sequence

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

# Throttling codes AWS services answer, beyond those AWSRetry already knows
# (the list botocore's standard retry mode uses).
THROTTLING_ERROR_CODES = (
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "RequestThrottled",
    "EC2ThrottledException",
    "SlowDown",
    "BandwidthLimitExceeded",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "PriorRequestNotComplete",
)

# Transient server-side codes, beyond InternalError/InternalFailure/ServiceUnavailable.
TRANSIENT_ERROR_CODES = (
    "InternalServerError",
    "InternalServerException",
    "ServiceUnavailableException",
    "RequestTimeout",
    "RequestTimeoutException",
)

RETRIES = 10  # about a minute of backoff at most, with max_delay below
DELAY = 1
MAX_DELAY = 20


def retry_codes(extra_codes: Sequence[str] = ()) -> list[str]:
    """Every error code worth retrying, besides those AWSRetry retries by itself."""
    return [*THROTTLING_ERROR_CODES, *TRANSIENT_ERROR_CODES, *extra_codes]


def retrying(extra_codes: Sequence[str] = ()) -> Callable:
    """AWSRetry's jittered backoff on throttling, transient errors and ``extra_codes``."""
    return AWSRetry.jittered_backoff(retries=RETRIES, delay=DELAY, max_delay=MAX_DELAY, catch_extra_error_codes=retry_codes(extra_codes))
