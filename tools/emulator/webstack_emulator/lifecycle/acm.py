"""ACM certificates with DNS validation: PENDING_VALIDATION, then ISSUED.

moto issues an Amazon-issued certificate on the first read after MOTO_ACM_VALIDATION_WAIT
(60 s by default); with a profile, the phase decides instead.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.lifecycle.phases import LIFECYCLE
from webstack_emulator.lifecycle.phases import timed


def patch() -> None:
    from moto.acm.models import AWSCertificateManagerBackend
    from moto.acm.models import CertBundle

    timed(CertBundle, "status")
    original = AWSCertificateManagerBackend.request_certificate

    @wraps(original)
    def request_certificate(self: AWSCertificateManagerBackend, *args: Any, **kwargs: Any) -> str:
        known = set(self._certificates)
        arn = original(self, *args, **kwargs)
        certificate = self._certificates[arn]
        if arn not in known and certificate.type == "AMAZON_ISSUED":
            LIFECYCLE.start(certificate, "acm_certificate", "create", arn, {"status": "PENDING_VALIDATION"}, {"status": "ISSUED"})
        return arn

    AWSCertificateManagerBackend.request_certificate = request_certificate  # type: ignore[method-assign]
