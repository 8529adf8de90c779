"""ACM fidelity fixes for moto 5.2.5 (moto/acm/models.py, moto/acm/responses.py).

An Amazon-issued certificate keeps what its request asked for (key algorithm, validation
method) and, when validated through DNS, is issued only once every validation CNAME it
names exists in a public Route 53 hosted zone of the account, as AWS issues it only once
it finds them in DNS. The validation record of a domain is the same for every certificate
of the account (AWS reuses it for renewals and for other certificates of that domain);
a wildcard domain shares the record of its base domain.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import threading
from collections.abc import Iterator
from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

AMAZON_ISSUED = "AMAZON_ISSUED"
PENDING_VALIDATION = "PENDING_VALIDATION"
ISSUED = "ISSUED"
DNS = "DNS"
EMAIL = "EMAIL"  # what AWS validates with when a request names no ValidationMethod
REQUESTABLE_KEY_ALGORITHMS = ("RSA_2048", "EC_prime256v1", "EC_secp384r1")
DEFAULT_LISTED_KEY_TYPES = ["RSA_1024", "RSA_2048"]  # ListCertificates without Includes.keyTypes
VALIDATION_METHOD = "_webstack_validation_method"
EMAIL_PREFIXES = ("admin", "administrator", "hostmaster", "postmaster", "webmaster")
# Fields of CertificateSummary that ListCertificates takes from the certificate as DescribeCertificate answers it.
SUMMARY_FIELDS = (
    "CertificateArn",
    "DomainName",
    "Status",
    "Type",
    "KeyAlgorithm",
    "KeyUsages",
    "ExtendedKeyUsages",
    "RenewalEligibility",
    "NotBefore",
    "NotAfter",
    "CreatedAt",
    "IssuedAt",
    "ImportedAt",
    "RevokedAt",
)
MAX_LISTED_NAMES = 100  # SubjectAlternativeNameSummaries holds the first 100 names

# Set by the RequestCertificate handler for the certificate it is making (moto's server runs a thread per request).
_request = threading.local()


# --- validation records ---------------------------------------------------------------


def validation_domain(domain_name: str) -> str:
    """The name a domain is validated under: a wildcard shares its base domain's record."""
    return domain_name[2:] if domain_name.startswith("*.") else domain_name


def validation_record(account_id: str, domain_name: str) -> dict[str, str]:
    """The CNAME that validates domain_name for the account: the same for each of its certificates."""
    base = validation_domain(domain_name).lower()
    digest = hashlib.sha256(f"{account_id}:{base}".encode()).hexdigest()
    return {"Name": f"_{digest[:32]}.{base}.", "Type": "CNAME", "Value": f"_{digest[32:64]}.{digest[:10]}.acm-validations.aws."}


def _dns_name(name: str) -> str:
    return name.lower().rstrip(".")


def public_cnames(account_id: str, region: str) -> set[tuple[str, str]]:
    """Every (name, value) CNAME in the public hosted zones of the account, names and values without the final dot."""
    from moto.route53.models import route53_backends
    from moto.utilities.utils import get_partition

    found = set()
    for zone in route53_backends[account_id][get_partition(region)].zones.values():
        if zone.private_zone:
            continue
        suffix = _dns_name(zone.name)
        for record in zone.rrsets:
            name = _dns_name(record.name)
            if record.type == "CNAME" and (name == suffix or name.endswith(f".{suffix}")):
                found.update((name, _dns_name(value)) for value in record.records or [])
    return found


def domains_of(certificate: Any) -> list[str]:
    """The certificate's domain first, then its other names, as AWS lists them."""
    names = [certificate.common_name] if certificate.common_name else []
    return names + [name for name in certificate.sans if name not in names]


def validated_in_dns(certificate: Any) -> bool:
    account_id = certificate.arn.split(":")[4]
    region = certificate.arn.split(":")[3]
    found = public_cnames(account_id, region)
    for domain_name in domains_of(certificate):
        record = validation_record(account_id, domain_name)
        if (_dns_name(record["Name"]), _dns_name(record["Value"])) not in found:
            return False
    return True


def validation_method_of(certificate: Any) -> str | None:
    return vars(certificate).get(VALIDATION_METHOD) if certificate.type == AMAZON_ISSUED else None


# --- who uses a certificate -----------------------------------------------------------


def in_use_by(certificate: Any) -> list[str]:
    """The load balancers and distributions whose listeners or viewer certificate name the certificate.

    moto records the listener (not its load balancer) when a listener is created, never forgets it,
    and records nothing for CloudFront: the users are looked up instead.
    """
    users = [user for user in certificate.in_use_by if ":listener/" not in user]  # classic load balancers moto recorded
    users += [arn for arn in _load_balancers_using(certificate) if arn not in users]
    users += [arn for arn in _distributions_using(certificate.arn) if arn not in users]
    return users


def _load_balancers_using(certificate: Any) -> Iterator[str]:
    from moto.elbv2.models import elbv2_backends

    account_id, region = certificate.arn.split(":")[4], certificate.arn.split(":")[3]
    if region not in elbv2_backends[account_id]:
        return
    for balancer in list(elbv2_backends[account_id][region].load_balancers.values()):
        for listener in list(balancer.listeners.values()):
            if certificate.arn == listener.certificate or certificate.arn in (listener.certificates or []):
                yield balancer.arn
                break


def _distributions_using(arn: str) -> Iterator[str]:
    from moto.cloudfront.models import cloudfront_backends
    from moto.utilities.utils import get_partition

    account_id, region = arn.split(":")[4], arn.split(":")[3]
    if region != "us-east-1" and not region.startswith("cn-") and not region.startswith("us-gov-"):
        return  # CloudFront takes certificates from us-east-1 only
    backend = cloudfront_backends[account_id][get_partition(region)]
    for distribution in list(backend.distributions.values()):
        config = distribution.distribution_config
        viewer = getattr(config, "ViewerCertificate", None) or getattr(config, "viewer_certificate", None)  # moto keeps the config's keys
        named = viewer.get("ACMCertificateArn") if isinstance(viewer, dict) else getattr(viewer, "acm_certificate_arn", None)
        if named == arn:
            yield distribution.arn


# --- the fixes ------------------------------------------------------------------------


@fix(
    "acm",
    "RequestCertificate",
    "moto made every certificate RSA_2048 whatever KeyAlgorithm asked, accepted key algorithms ACM cannot issue, ignored "
    "ValidationMethod, and failed with HTTP 500 when an IdempotencyToken named a certificate deleted since; AWS issues the key "
    "algorithm asked (RSA_2048, EC_prime256v1 or EC_secp384r1), validates as asked (EMAIL when not said) and answers a token "
    "seen within the hour with the ARN it gave.",
)
def request_certificate_as_asked() -> None:
    from moto.acm.exceptions import AWSError
    from moto.acm.models import AWSCertificateManagerBackend
    from moto.acm.models import CertBundle
    from moto.acm.responses import AWSCertificateManagerResponse

    original_response = AWSCertificateManagerResponse.request_certificate

    @wraps(original_response)
    def request_certificate_response(self: AWSCertificateManagerResponse) -> Any:
        key_algorithm = self._get_param("KeyAlgorithm") or "RSA_2048"
        if key_algorithm not in REQUESTABLE_KEY_ALGORITHMS:
            raise AWSError(
                f"KeyAlgorithm {key_algorithm} is not supported for a certificate request: one of {', '.join(REQUESTABLE_KEY_ALGORITHMS)}",
                exception_type="InvalidParameterException",
            )
        _request.key_algorithm = key_algorithm
        _request.validation_method = self._get_param("ValidationMethod") or EMAIL
        try:
            return original_response(self)
        finally:
            _request.key_algorithm = _request.validation_method = None

    AWSCertificateManagerResponse.request_certificate = request_certificate_response  # type: ignore[method-assign]

    original_request = AWSCertificateManagerBackend.request_certificate

    @wraps(original_request)
    def request_certificate(self: AWSCertificateManagerBackend, domain_name: str, idempotency_token: str | None, *args: Any, **kwargs: Any) -> str:
        if idempotency_token is not None:
            remembered = self._get_arn_from_idempotency_token(idempotency_token)
            if remembered is not None and remembered not in self._certificates:
                return remembered  # the token's certificate was deleted since: still its answer within the hour
        known = set(self._certificates)
        arn = original_request(self, domain_name, idempotency_token, *args, **kwargs)
        certificate = self._certificates[arn]
        if arn not in known and certificate.type == AMAZON_ISSUED:
            vars(certificate)[VALIDATION_METHOD] = getattr(_request, "validation_method", None) or EMAIL
        return arn

    AWSCertificateManagerBackend.request_certificate = request_certificate  # type: ignore[method-assign]

    original_generate = CertBundle.generate_cert.__func__  # type: ignore[attr-defined]

    @wraps(original_generate)
    def generate_cert(cls: type, domain_name: str, account_id: str, region: str, sans: list[str] | None = None, cert_authority_arn: str | None = None) -> Any:
        key_algorithm = getattr(_request, "key_algorithm", None) or "RSA_2048"
        if key_algorithm == "RSA_2048":
            return original_generate(cls, domain_name, account_id, region, sans, cert_authority_arn)
        return _generate_ec_cert(cls, key_algorithm, domain_name, account_id, region, sans, cert_authority_arn)

    CertBundle.generate_cert = classmethod(generate_cert)  # type: ignore[assignment,method-assign]


def _generate_ec_cert(
    cls: Any, key_algorithm: str, domain_name: str, account_id: str, region: str, sans: list[str] | None, cert_authority_arn: str | None
) -> Any:
    """moto's generate_cert with an elliptic curve key (moto makes RSA_2048 keys only)."""
    import cryptography.x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from moto.core.utils import utcnow

    curve, digest = (ec.SECP256R1(), hashes.SHA256()) if key_algorithm == "EC_prime256v1" else (ec.SECP384R1(), hashes.SHA384())
    key = ec.generate_private_key(curve)
    names = [domain_name] + [name for name in dict.fromkeys(sans or []) if name != domain_name]
    subject = cryptography.x509.Name([cryptography.x509.NameAttribute(NameOID.COMMON_NAME, domain_name)])
    issuer = cryptography.x509.Name(
        [
            cryptography.x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
            cryptography.x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Amazon"),
            cryptography.x509.NameAttribute(NameOID.COMMON_NAME, "Amazon ECDSA 256 M02" if key_algorithm == "EC_prime256v1" else "Amazon ECDSA 384 M02"),
        ]
    )
    cert = (
        cryptography.x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(cryptography.x509.random_serial_number())
        .not_valid_before(utcnow())
        .not_valid_after(utcnow() + datetime.timedelta(days=395))
        .add_extension(cryptography.x509.SubjectAlternativeName([cryptography.x509.DNSName(name) for name in names]), critical=False)
        .sign(key, digest)
    )
    private_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    return cls(
        certificate=cert.public_bytes(serialization.Encoding.PEM),
        private_key=private_key,
        cert_type="PRIVATE" if cert_authority_arn is not None else AMAZON_ISSUED,
        cert_status=ISSUED if cert_authority_arn is not None else PENDING_VALIDATION,
        cert_authority_arn=cert_authority_arn,
        account_id=account_id,
        region=region,
    )


@fix(
    "acm",
    "DescribeCertificate",
    "moto issued a DNS-validated certificate on the first read after MOTO_ACM_VALIDATION_WAIT whether or not its validation "
    "records existed; AWS keeps it PENDING_VALIDATION until it finds, for each domain, the CNAME DomainValidationOptions names.",
)
def dns_validation_waits_for_the_records() -> None:
    from moto.acm.models import CertBundle

    original_check = CertBundle.check

    @wraps(original_check)
    def check(self: CertBundle) -> None:
        if validation_method_of(self) == DNS and self.status == PENDING_VALIDATION:
            if validated_in_dns(self):
                self.status = ISSUED
            return
        original_check(self)

    CertBundle.check = check  # type: ignore[method-assign]


@fix(
    "acm",
    "DescribeCertificate",
    "moto answered every domain with one validation record and ValidationMethod DNS even for email validation, NotBefore, "
    "NotAfter, IssuedAt and Serial before issue, and InUseBy with listener ARNs never removed and no CloudFront distribution; "
    "AWS answers a record per account and domain (a wildcard shares its base domain's), ValidationEmails for email validation, "
    "the dates once issued, and the load balancers and distributions that use the certificate.",
)
def describe_certificate_as_aws_does() -> None:
    from moto.acm.models import CertBundle

    original_describe = CertBundle.describe

    @wraps(original_describe)
    def describe(self: CertBundle) -> dict[str, Any]:
        answer = original_describe(self)
        detail = answer["Certificate"]
        detail["InUseBy"] = in_use_by(self)
        method = validation_method_of(self)
        if method is None:
            return answer
        account_id = self.arn.split(":")[4]
        status = "SUCCESS" if self.status == ISSUED else PENDING_VALIDATION
        detail["DomainValidationOptions"] = [_validation(account_id, name, method, status) for name in domains_of(self)]
        detail["SubjectAlternativeNames"] = domains_of(self)
        if self.status != ISSUED:
            for key in ("NotBefore", "NotAfter", "IssuedAt", "Serial"):
                detail.pop(key, None)
        return answer

    CertBundle.describe = describe  # type: ignore[method-assign]


@fix(
    "acm",
    "GetCertificate",
    "moto answered the certificate and chain of a certificate still PENDING_VALIDATION; AWS refuses with RequestInProgressException until it is ISSUED.",
)
def get_certificate_only_once_issued() -> None:
    from moto.acm.exceptions import AWSError
    from moto.acm.responses import AWSCertificateManagerResponse

    original = AWSCertificateManagerResponse.get_certificate

    @wraps(original)
    def get_certificate(self: AWSCertificateManagerResponse) -> Any:
        arn = self._get_param("CertificateArn")
        if arn is not None:
            status = self.acm_backend.get_certificate(arn).status
            if status != ISSUED:
                raise AWSError(
                    f"Certificate {arn} status is {status}. Certificate may only be retrieved when the status is 'ISSUED'.",
                    exception_type="RequestInProgressException",
                )
        return original(self)

    AWSCertificateManagerResponse.get_certificate = get_certificate  # type: ignore[method-assign]


def _validation(account_id: str, domain_name: str, method: str, status: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "DomainName": domain_name,
        "ValidationDomain": domain_name,
        "ValidationStatus": status,
        "ValidationMethod": method,
    }
    if method == DNS:
        entry["ResourceRecord"] = validation_record(account_id, domain_name)
    else:
        base = validation_domain(domain_name)
        entry["ValidationEmails"] = [f"{prefix}@{base}" for prefix in EMAIL_PREFIXES]
    return entry


@fix(
    "acm",
    "ListCertificates",
    "moto listed certificates of every key type, ignored MaxItems and NextToken, and answered SubjectAlternativeNames (not in the "
    "summary) without SubjectAlternativeNameSummaries; AWS lists only RSA_1024 and RSA_2048 certificates unless Includes.keyTypes "
    "names others, pages by MaxItems with a NextToken, and summarises each certificate's names.",
)
def list_certificates_as_aws_does() -> None:
    from moto.acm.exceptions import AWSError
    from moto.acm.responses import AWSCertificateManagerResponse
    from moto.core.responses import ActionResult

    def list_certificates(self: AWSCertificateManagerResponse) -> ActionResult:
        includes = dict(self._get_param("Includes") or {})
        includes["keyTypes"] = includes.get("keyTypes") or DEFAULT_LISTED_KEY_TYPES
        listed = [_summary(bundle) for bundle in self.acm_backend.list_certificates(self._get_param("CertificateStatuses") or [], includes)]
        start = _offset(self._get_param("NextToken"), AWSError)
        size = self._get_param("MaxItems") or len(listed) or 1
        result: dict[str, Any] = {"CertificateSummaryList": listed[start : start + size]}
        if start + size < len(listed):
            result["NextToken"] = base64.urlsafe_b64encode(f"offset:{start + size}".encode()).decode()
        return ActionResult(result=result)

    AWSCertificateManagerResponse.list_certificates = list_certificates  # type: ignore[method-assign]


def _summary(bundle: Any) -> dict[str, Any]:
    detail = bundle.describe()["Certificate"]
    summary = {key: detail[key] for key in SUMMARY_FIELDS if key in detail}
    names = detail.get("SubjectAlternativeNames") or []
    summary.update(
        SubjectAlternativeNameSummaries=names[:MAX_LISTED_NAMES],
        HasAdditionalSubjectAlternativeNames=len(names) > MAX_LISTED_NAMES,
        InUse=bool(detail.get("InUseBy")),
        Exported=bundle.cert_options.get("Export") == "ENABLED",
    )
    return summary


def _offset(token: str | None, error: type) -> int:
    if not token:
        return 0
    try:
        kind, _, number = base64.urlsafe_b64decode(token.encode()).decode().partition(":")
        if kind == "offset" and number.isdigit():
            return int(number)
    except (ValueError, UnicodeDecodeError):
        pass
    raise error("The NextToken is not valid.", exception_type="InvalidArgsException")


@fix(
    "acm",
    "DeleteCertificate",
    "moto deleted a certificate that a load balancer listener or a CloudFront distribution used; AWS refuses with "
    "ResourceInUseException until no AWS resource uses it.",
)
def delete_certificate_in_use_is_refused() -> None:
    from moto.acm.exceptions import AWSError
    from moto.acm.models import AWSCertificateManagerBackend

    original = AWSCertificateManagerBackend.delete_certificate

    @wraps(original)
    def delete_certificate(self: AWSCertificateManagerBackend, arn: str) -> None:
        if arn in self._certificates:
            users = in_use_by(self._certificates[arn])
            if users:
                raise AWSError(f"Certificate {arn} in use by {', '.join(users)}", exception_type="ResourceInUseException")
        original(self, arn)

    AWSCertificateManagerBackend.delete_certificate = delete_certificate  # type: ignore[method-assign]


@fix(
    "acm",
    "UpdateCertificateOptions",
    "Missing (moto answers HTTP 500 for the unknown action); AWS changes the certificate's CertificateTransparencyLoggingPreference (and Export) in place.",
)
def update_certificate_options() -> None:
    from moto.acm.exceptions import AWSValidationException
    from moto.acm.responses import AWSCertificateManagerResponse
    from moto.core.responses import EmptyResult

    def update(self: AWSCertificateManagerResponse) -> EmptyResult:
        arn = self._get_param("CertificateArn")
        options = self._get_param("Options")
        if arn is None or options is None:
            raise AWSValidationException("A required parameter for the specified action is not supplied.")
        certificate = self.acm_backend.get_certificate(arn)
        certificate.cert_options.update({key: value for key, value in options.items() if key in ("CertificateTransparencyLoggingPreference", "Export")})
        return EmptyResult()

    AWSCertificateManagerResponse.update_certificate_options = update  # type: ignore[attr-defined]
