"""ACM certificates: PENDING_VALIDATION, then ISSUED.

A DNS-validated certificate is issued once its validation records are in Route 53
(extensions/acm.py); an email-validated one on the first read after MOTO_ACM_VALIDATION_WAIT
(moto's own rule). With a profile, the phase starts at that moment (a read that finds the
records) and the certificate shows PENDING_VALIDATION until it ends; without one it is ISSUED at once.
"""

from __future__ import annotations

from functools import wraps

from webstack_emulator.lifecycle.phases import LIFECYCLE
from webstack_emulator.lifecycle.phases import timed


def patch() -> None:
    from moto.acm.models import CertBundle

    timed(CertBundle, "status")
    original = CertBundle.check

    @wraps(original)
    def check(self: CertBundle) -> None:
        before = vars(self).get("status")  # what moto stored, behind any running phase
        original(self)
        if self.type == "AMAZON_ISSUED" and before == "PENDING_VALIDATION" and vars(self).get("status") == "ISSUED":
            LIFECYCLE.start(self, "acm_certificate", "create", self.arn, {"status": "PENDING_VALIDATION"})

    CertBundle.check = check  # type: ignore[method-assign]
