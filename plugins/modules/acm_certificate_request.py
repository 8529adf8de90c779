#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: acm_certificate_request
version_added: 0.2.0
short_description: Request an Amazon-issued ACM certificate validated through DNS
description:
  - Request, tag or delete a public certificate issued by AWS Certificate Manager (ACM) and validated through DNS.
    The validation method is always DNS. C(community.aws.acm_certificate) only imports certificates.
  - The module returns the CNAME records that prove ownership of each domain in RV(validation_records); ACM issues
    the certificate once they resolve. Write them to Route 53 (for example with C(amazon.aws.route53)) and run the module
    again with O(wait=true) to wait until the certificate is C(ISSUED).
  - A certificate is identified by O(domain_name), the set of its names (O(domain_name) and O(subject_alternative_names),
    in any order, case-insensitively) and O(key_algorithm). Only Amazon-issued, DNS-validated certificates are considered;
    certificates that are C(FAILED), C(EXPIRED), C(REVOKED) or C(VALIDATION_TIMED_OUT) are never reused. The module looks
    through every page of C(ListCertificates).
  - When several certificates have that identity, the module manages one, chosen in this order - the ones carrying every
    tag of O(tags), then the C(ISSUED) one, then the newest - and names it and the others in RV(matching_certificate_arns).
    Its tags are then brought to O(tags) (with O(purge_tags)).
  - The names and the key algorithm of a certificate cannot change. When no certificate has the identity asked for but one
    for the same O(domain_name) exists with other names or another key algorithm, the module requests a new certificate and
    leaves the old one alone (it may still be in use), returning its ARN in RV(replaced_certificate_arn). Delete it with
    O(state=absent) once nothing uses it.
  - The request carries an C(IdempotencyToken) derived from it, so a request retried after a lost answer (within the hour
    ACM remembers tokens) returns the certificate already requested instead of a second one.
  - ACM fills in the validation records a few seconds after the request. The module polls C(DescribeCertificate) until each
    domain has its record, within O(wait_timeout), even when O(wait=false).
author:
  - webstack.aws maintainers (@webstack)
options:
  domain_name:
    description:
      - The fully qualified domain name of the certificate, for example V(www.example.com) or V(*.example.com).
    required: true
    type: str
  subject_alternative_names:
    description:
      - Further names the certificate covers, besides O(domain_name) (listing O(domain_name) here too changes nothing).
      - Changing them requests a new certificate.
    default: []
    type: list
    elements: str
  key_algorithm:
    description:
      - The algorithm of the certificate's key pair.
      - Changing it requests a new certificate.
      - Ignored when O(state=absent).
    default: RSA_2048
    choices: ['RSA_2048', 'EC_prime256v1', 'EC_secp384r1']
    type: str
  certificate_transparency_logging:
    description:
      - Whether the certificate is recorded in public certificate transparency logs.
      - An existing certificate's preference is changed in place (C(UpdateCertificateOptions)).
      - AWS no longer lets public certificates opt out and may refuse V(false).
    default: true
    type: bool
  state:
    description:
      - Whether the certificate should exist.
      - With V(absent), every Amazon-issued, DNS-validated certificate for O(domain_name) with exactly these names (any key
        algorithm, any status) is deleted; when O(tags) is given, only those carrying all of its tags.
      - A certificate that AWS resources still use (a load balancer, a CloudFront distribution) cannot be deleted; the module
        fails and names them.
    default: present
    choices: ['present', 'absent']
    type: str
  wait:
    description:
      - Wait until the certificate is C(ISSUED), which happens only once its validation records resolve in DNS.
    default: false
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait for the validation records to appear, and, with O(wait=true), for the certificate to be C(ISSUED).
    default: 600
    type: int
notes:
  - ACM is regional. A certificate for CloudFront must be requested in V(us-east-1); one for a load balancer in its Region.
  - In check mode the module reports what would change and makes no change; a certificate it would request is returned
    without an ARN and without validation records.
  - Within the hour after O(state=absent) deleted a certificate, the same request's token still names the deleted one; the
    module then waits up to 30 seconds for it to show, and requests again with a fresh token.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Request a certificate for CloudFront (us-east-1) covering the apex and www
  webstack.aws.acm_certificate_request:
    region: us-east-1
    domain_name: example.com
    subject_alternative_names:
      - www.example.com
    tags:
      webstack:stack: webstack
  register: certificate

- name: Write the validation records to Route 53
  amazon.aws.route53:
    zone: example.com
    record: "{{ item.name }}"
    type: "{{ item.type }}"
    value: "{{ item.value }}"
    ttl: 300
    overwrite: true
  loop: "{{ certificate.validation_records }}"

- name: Wait until ACM has issued it
  webstack.aws.acm_certificate_request:
    region: us-east-1
    domain_name: example.com
    subject_alternative_names:
      - www.example.com
    tags:
      webstack:stack: webstack
    wait: true
    wait_timeout: 1800

- name: An ECDSA wildcard certificate for a load balancer
  webstack.aws.acm_certificate_request:
    region: eu-west-1
    domain_name: "*.example.com"
    key_algorithm: EC_prime256v1

- name: Delete the certificate once nothing uses it
  webstack.aws.acm_certificate_request:
    region: us-east-1
    domain_name: example.com
    subject_alternative_names:
      - www.example.com
    state: absent
"""

RETURN = r"""
certificate:
  description:
    - The certificate managed, as C(DescribeCertificate) answers it, with its tags.
    - In check mode, for a certificate the module would request, the settings it would have (no ARN, no status).
  returned: when O(state=present)
  type: dict
  contains:
    arn:
      description: The ARN of the certificate.
      type: str
      returned: when the certificate exists
      sample: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d
    domain_name:
      description: The certificate's domain name.
      type: str
      returned: always
      sample: example.com
    subject_alternative_names:
      description: Every name the certificate covers, O(domain_name) first.
      type: list
      elements: str
      returned: always
      sample: ["example.com", "www.example.com"]
    status:
      description: The status of the certificate (C(PENDING_VALIDATION), C(ISSUED), ...).
      type: str
      returned: when the certificate exists
      sample: PENDING_VALIDATION
    key_algorithm:
      description: The algorithm of the certificate's key pair.
      type: str
      returned: always
      sample: RSA_2048
    certificate_transparency_logging:
      description: Whether the certificate is recorded in certificate transparency logs.
      type: bool
      returned: always
      sample: true
    in_use_by:
      description: The ARNs of the AWS resources that use the certificate.
      type: list
      elements: str
      returned: always
      sample: ["arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"]
    not_after:
      description: When the certificate expires (ISO 8601).
      type: str
      returned: once the certificate is issued
      sample: "2026-07-01T12:00:00+00:00"
    tags:
      description: The tags of the certificate.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
validation_records:
  description:
    - The DNS records that validate the certificate's domains, one per record name (a wildcard and its base domain share one).
    - Empty in check mode for a certificate the module would request.
  returned: when O(state=present)
  type: list
  elements: dict
  contains:
    domain_name:
      description: The first domain the record validates.
      type: str
      returned: always
      sample: example.com
    name:
      description: The name of the record.
      type: str
      returned: always
      sample: _a79865eb4cd1a6ab990a45779b4e0b96.example.com.
    type:
      description: The type of the record.
      type: str
      returned: always
      sample: CNAME
    value:
      description: The value of the record.
      type: str
      returned: always
      sample: _424c7224e9b0146f9a8808af955727d0.hkmpvcwbzw.acm-validations.aws.
  sample: [{"domain_name": "example.com", "name": "_a79865eb4cd1a6ab990a45779b4e0b96.example.com.", "type": "CNAME",
            "value": "_424c7224e9b0146f9a8808af955727d0.hkmpvcwbzw.acm-validations.aws."}]
matching_certificate_arns:
  description: Every certificate with the identity asked for, the one managed first (when there are several, see the description).
  returned: when O(state=present)
  type: list
  elements: str
  sample: ["arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"]
replaced_certificate_arn:
  description:
    - The certificate for O(domain_name) with other names or another key algorithm that the new certificate replaces.
      It is not deleted.
  returned: when a new certificate is requested in place of an existing one
  type: str
  sample: arn:aws:acm:us-east-1:123456789012:certificate/9f8e7d6c-5b4a-3f2e-1d0c-9b8a7f6e5d4c
deleted_certificate_arns:
  description: The ARNs of the certificates deleted (or that would be deleted in check mode).
  returned: when O(state=absent)
  type: list
  elements: str
  sample: ["arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"]
"""

import hashlib
import json
import re
import time
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    domain_name=dict(type="str", required=True),
    subject_alternative_names=dict(type="list", elements="str", default=[]),
    key_algorithm=dict(type="str", default="RSA_2048", choices=["RSA_2048", "EC_prime256v1", "EC_secp384r1"]),
    certificate_transparency_logging=dict(type="bool", default=True),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    wait=dict(type="bool", default=False),
    wait_timeout=dict(type="int", default=600),
)

KEY_ALGORITHMS = ("RSA_2048", "EC_prime256v1", "EC_secp384r1")
REUSABLE_STATUSES = ["PENDING_VALIDATION", "ISSUED", "INACTIVE"]  # not FAILED, EXPIRED, REVOKED, VALIDATION_TIMED_OUT
FAILED_STATUSES = ("FAILED", "EXPIRED", "REVOKED", "VALIDATION_TIMED_OUT")
MAX_NAMES = 100  # ACM's hard limit of names per certificate (the default quota is 10)
MAX_TAGS = 50
LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")

PAGE_SIZE = 100  # ListCertificates MaxItems
POLL_DELAY = 5  # seconds between DescribeCertificate polls
VISIBILITY_TIMEOUT = 30  # longest wait for a new certificate to be described
TOKEN_ATTEMPTS = 3  # requests with a fresh token when the previous one answered with a deleted certificate


# Pure functions: what is asked, what matches, what differs


def invalid_name(name: str) -> Optional[str]:
    """Why name is not a domain name ACM can certify, or None."""
    labels = name.lower().split(".")
    if labels[0] == "*":
        labels = labels[1:]
    if len(name) > 253 or len(labels) < 2:
        return "must be a fully qualified domain name of at most 253 characters"
    if not all(LABEL.match(label) for label in labels):
        return "must be made of labels of letters, digits and hyphens (a wildcard only as the whole first label, as in *.example.com)"
    return None


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every reason the options cannot be sent to ACM."""
    errors = []
    for option, names in (("domain_name", [params["domain_name"]]), ("subject_alternative_names", params["subject_alternative_names"])):
        for name in names:
            reason = invalid_name(name)
            if reason:
                errors.append(f"{option}: {name!r} {reason}.")
    if len(certificate_names(params["domain_name"], params["subject_alternative_names"])) > MAX_NAMES:
        errors.append(f"subject_alternative_names: a certificate covers at most {MAX_NAMES} names, domain_name included.")
    tags = params.get("tags") or {}
    if len(tags) > MAX_TAGS:
        errors.append(f"tags: at most {MAX_TAGS} tags per certificate.")
    for key, value in tags.items():
        if key.lower().startswith("aws:") or not 1 <= len(key) <= 128:
            errors.append(f"tags: key {key!r} must be 1 to 128 characters and must not start with 'aws:'.")
        if len(str(value)) > 256:
            errors.append(f"tags: the value of {key!r} must be at most 256 characters.")
    if params["wait_timeout"] < 0:
        errors.append(f"wait_timeout: must be 0 or more seconds, not {params['wait_timeout']}.")
    return errors


def certificate_names(domain_name: str, subject_alternative_names: List[str]) -> frozenset:
    """The names a certificate covers, as ACM lists them (the domain name is one of its SANs), compared case-insensitively."""
    return frozenset(name.lower() for name in [domain_name, *subject_alternative_names])


def requested_sans(domain_name: str, subject_alternative_names: List[str]) -> List[str]:
    """The SANs to send: each once, in the order given, without the domain name."""
    seen = {domain_name.lower()}
    sans = []
    for name in subject_alternative_names:
        if name.lower() not in seen:
            seen.add(name.lower())
            sans.append(name)
    return sans


def build_desired(params: Dict[str, Any]) -> Dict[str, Any]:
    return {
        "domain_name": params["domain_name"],
        "subject_alternative_names": [params["domain_name"], *requested_sans(params["domain_name"], params["subject_alternative_names"])],
        "key_algorithm": params["key_algorithm"],
        "certificate_transparency_logging": params["certificate_transparency_logging"],
        "tags": params["tags"],
    }


def is_managed_kind(detail: Dict[str, Any]) -> bool:
    """An Amazon-issued certificate validated through DNS: the only kind this module requests."""
    options = detail.get("DomainValidationOptions") or []
    return detail.get("Type") == "AMAZON_ISSUED" and bool(options) and all(option.get("ValidationMethod") == "DNS" for option in options)


def same_names(detail: Dict[str, Any], desired: Dict[str, Any]) -> bool:
    return detail.get("DomainName", "").lower() == desired["domain_name"].lower() and certificate_names(
        detail.get("DomainName", ""), detail.get("SubjectAlternativeNames") or []
    ) == certificate_names(desired["domain_name"], desired["subject_alternative_names"])


def same_identity(detail: Dict[str, Any], desired: Dict[str, Any]) -> bool:
    return same_names(detail, desired) and detail.get("KeyAlgorithm") == desired["key_algorithm"]


def carries(tags: Dict[str, str], wanted: Optional[Dict[str, str]]) -> bool:
    return all(tags.get(key) == value for key, value in (wanted or {}).items())


def ranked(certificates: List[Dict[str, Any]], wanted_tags: Optional[Dict[str, str]]) -> List[Dict[str, Any]]:
    """Candidates best first: carrying every wanted tag, then ISSUED, then newest."""

    def rank(certificate: Dict[str, Any]) -> Tuple[bool, bool, float]:
        created = certificate["detail"].get("CreatedAt")
        return (
            carries(certificate["tags"], wanted_tags),
            certificate["detail"].get("Status") == "ISSUED",
            created.timestamp() if hasattr(created, "timestamp") else 0.0,
        )

    return sorted(certificates, key=rank, reverse=True)


def idempotency_token(desired: Dict[str, Any], salt: str = "") -> str:
    """32 word characters derived from the request: ACM answers a token seen within the hour with the certificate it made."""
    request = {
        "domain_name": desired["domain_name"].lower(),
        "names": sorted(certificate_names(desired["domain_name"], desired["subject_alternative_names"])),
        "key_algorithm": desired["key_algorithm"],
        "certificate_transparency_logging": desired["certificate_transparency_logging"],
        "tags": sorted((desired["tags"] or {}).items()),
        "salt": salt,
    }
    return hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()[:32]


def transparency_preference(enabled: bool) -> str:
    return "ENABLED" if enabled else "DISABLED"


def build_request_params(desired: Dict[str, Any], token: str) -> Dict[str, Any]:
    params = {
        "DomainName": desired["domain_name"],
        "ValidationMethod": "DNS",
        "KeyAlgorithm": desired["key_algorithm"],
        "IdempotencyToken": token,
        "Options": {"CertificateTransparencyLoggingPreference": transparency_preference(desired["certificate_transparency_logging"])},
    }
    if len(desired["subject_alternative_names"]) > 1:
        params["SubjectAlternativeNames"] = desired["subject_alternative_names"]
    if desired["tags"]:
        params["Tags"] = ansible_dict_to_boto3_tag_list(desired["tags"])
    return params


def tag_changes(current: Dict[str, str], wanted: Optional[Dict[str, str]], purge_tags: bool) -> Tuple[Dict[str, str], List[str]]:
    """Tags to set and tag keys to remove; nothing when tags are not managed (wanted is None)."""
    if wanted is None:
        return {}, []
    return compare_aws_tags(current, wanted, purge_tags=purge_tags)


def tags_after(current: Dict[str, str], to_set: Dict[str, str], to_remove: List[str]) -> Dict[str, str]:
    tags = {key: value for key, value in current.items() if key not in to_remove}
    tags.update(to_set)
    return tags


def transparency_logging_of(detail: Dict[str, Any]) -> bool:
    return (detail.get("Options") or {}).get("CertificateTransparencyLoggingPreference", "ENABLED") != "DISABLED"


def certificate_view(detail: Optional[Dict[str, Any]], tags: Dict[str, str]) -> Dict[str, Any]:
    """The certificate as the module returns it (and shows it in the diff); {} for none."""
    if not detail:
        return {}
    view = {
        "arn": detail.get("CertificateArn"),
        "domain_name": detail.get("DomainName"),
        "subject_alternative_names": list(detail.get("SubjectAlternativeNames") or []),
        "status": detail.get("Status"),
        "key_algorithm": detail.get("KeyAlgorithm"),
        "certificate_transparency_logging": transparency_logging_of(detail),
        "in_use_by": list(detail.get("InUseBy") or []),
        "tags": dict(tags),
    }
    not_after = detail.get("NotAfter")
    if not_after is not None:
        view["not_after"] = not_after.isoformat() if hasattr(not_after, "isoformat") else str(not_after)
    return {key: value for key, value in view.items() if value is not None}


def predicted_view(desired: Dict[str, Any], current: Optional[Dict[str, Any]], tags: Dict[str, str]) -> Dict[str, Any]:
    """What the module would leave: current with the changes applied, or a certificate to request (no ARN, no status)."""
    if current is not None:
        view = certificate_view(current, tags)
        view["certificate_transparency_logging"] = desired["certificate_transparency_logging"]
        return view
    return {
        "domain_name": desired["domain_name"],
        "subject_alternative_names": desired["subject_alternative_names"],
        "key_algorithm": desired["key_algorithm"],
        "certificate_transparency_logging": desired["certificate_transparency_logging"],
        "in_use_by": [],
        "tags": dict(tags),
    }


def records_ready(detail: Dict[str, Any]) -> bool:
    options = detail.get("DomainValidationOptions") or []
    return bool(options) and all(option.get("ResourceRecord") for option in options)


def validation_records(detail: Dict[str, Any]) -> List[Dict[str, str]]:
    """The validation CNAMEs of the certificate, one per record name (a wildcard shares its base domain's)."""
    records: Dict[str, Dict[str, str]] = {}
    for option in detail.get("DomainValidationOptions") or []:
        record = option.get("ResourceRecord")
        if record and record["Name"] not in records:
            records[record["Name"]] = {"domain_name": option["DomainName"], "name": record["Name"], "type": record["Type"], "value": record["Value"]}
    return list(records.values())


# AWS calls


class CertificateManager:
    """Brings the certificates of one domain to the state the module's options describe."""

    def __init__(self, module, client, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.module = module
        self.client = client
        self.params = module.params
        self.check_mode = module.check_mode
        self._sleep = sleep
        self._clock = clock

    # Reading

    def certificates_for(self, domain_name: str, statuses: Optional[List[str]]) -> List[Dict[str, Any]]:
        """{"detail", "tags"} of every managed-kind certificate for domain_name, through every page of ListCertificates."""
        params: Dict[str, Any] = {"Includes": {"keyTypes": list(KEY_ALGORITHMS)}, "MaxItems": PAGE_SIZE}
        if statuses:
            params["CertificateStatuses"] = statuses
        arns = []
        try:
            while True:
                page = self.client.list_certificates(aws_retry=True, **params)
                arns += [s["CertificateArn"] for s in page.get("CertificateSummaryList", []) if s.get("DomainName", "").lower() == domain_name.lower()]
                if not page.get("NextToken"):
                    break
                params["NextToken"] = page["NextToken"]
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to list the certificates of {domain_name}")
        found = []
        for arn in arns:
            detail = self.describe(arn)
            if detail is not None and is_managed_kind(detail):
                found.append({"detail": detail, "tags": self.tags_of(arn)})
        return found

    def describe(self, arn: str) -> Optional[Dict[str, Any]]:
        """The certificate, or None when it does not exist (any more)."""
        try:
            return self.client.describe_certificate(aws_retry=True, CertificateArn=arn)["Certificate"]
        except is_boto3_error_code("ResourceNotFoundException"):
            return None
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to describe certificate {arn}")

    def tags_of(self, arn: str) -> Dict[str, str]:
        try:
            return boto3_tag_list_to_ansible_dict(self.client.list_tags_for_certificate(aws_retry=True, CertificateArn=arn).get("Tags", []))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to list the tags of certificate {arn}")

    # Desired states

    def ensure_present(self, desired: Dict[str, Any]) -> Dict[str, Any]:
        candidates = self.certificates_for(desired["domain_name"], REUSABLE_STATUSES)
        matches = ranked([c for c in candidates if same_identity(c["detail"], desired)], desired["tags"])
        result: Dict[str, Any] = {"matching_certificate_arns": [m["detail"]["CertificateArn"] for m in matches]}
        if len(matches) > 1:
            self.module.warn(
                f"{len(matches)} certificates match {desired['domain_name']} with these names and key algorithm; managing "
                f"{result['matching_certificate_arns'][0]} (tags asked for, then ISSUED, then newest)"
            )
        if matches:
            current = matches[0]
            changed, detail, tags = self.update(current, desired)
        else:
            others = ranked(candidates, desired["tags"])
            if others:
                result["replaced_certificate_arn"] = others[0]["detail"]["CertificateArn"]
            current = None
            changed, detail, tags = True, None, dict(desired["tags"] or {})
            if not self.check_mode:
                detail = self.request(desired)
                result["matching_certificate_arns"] = [detail["CertificateArn"]]

        before = certificate_view(current["detail"], current["tags"]) if current else {}
        if detail is None:  # check mode
            after = predicted_view(desired, current["detail"] if current else None, tags)
            records = validation_records(current["detail"]) if current else []
        else:
            detail = self.await_records(detail)
            if self.params["wait"]:
                detail = self.await_issued(detail)
            after = certificate_view(detail, tags)
            records = validation_records(detail)
        result.update(changed=changed, certificate=after, validation_records=records, diff={"before": before, "after": after})
        return result

    def ensure_absent(self, desired: Dict[str, Any]) -> Dict[str, Any]:
        candidates = self.certificates_for(desired["domain_name"], None)
        doomed = [c for c in candidates if same_names(c["detail"], desired) and carries(c["tags"], desired["tags"])]
        arns = [c["detail"]["CertificateArn"] for c in doomed]
        if not self.check_mode:
            for certificate in doomed:
                self.delete(certificate["detail"])
        before = certificate_view(doomed[0]["detail"], doomed[0]["tags"]) if doomed else {}
        return {"changed": bool(doomed), "deleted_certificate_arns": arns, "diff": {"before": before, "after": {}}}

    # Changing

    def update(self, current: Dict[str, Any], desired: Dict[str, Any]) -> Tuple[bool, Optional[Dict[str, Any]], Dict[str, str]]:
        """Tags and transparency logging of an existing certificate: (changed, detail after or None in check mode, tags after)."""
        arn = current["detail"]["CertificateArn"]
        to_set, to_remove = tag_changes(current["tags"], desired["tags"], self.params["purge_tags"])
        logging_changes = transparency_logging_of(current["detail"]) != desired["certificate_transparency_logging"]
        changed = bool(to_set or to_remove or logging_changes)
        tags = tags_after(current["tags"], to_set, to_remove)
        if self.check_mode:
            return changed, None, tags
        try:
            if to_remove:
                remove = [{"Key": key, "Value": current["tags"][key]} for key in to_remove]
                self.client.remove_tags_from_certificate(aws_retry=True, CertificateArn=arn, Tags=remove)
            if to_set:
                self.client.add_tags_to_certificate(aws_retry=True, CertificateArn=arn, Tags=ansible_dict_to_boto3_tag_list(to_set))
            if logging_changes:
                preference = transparency_preference(desired["certificate_transparency_logging"])
                self.client.update_certificate_options(aws_retry=True, CertificateArn=arn, Options={"CertificateTransparencyLoggingPreference": preference})
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to update certificate {arn}")
        detail = self.describe(arn) if changed else current["detail"]
        return changed, detail or current["detail"], self.tags_of(arn) if changed else tags

    def request(self, desired: Dict[str, Any]) -> Dict[str, Any]:
        """Request the certificate and return it as DescribeCertificate shows it."""
        salt = ""
        for _attempt in range(TOKEN_ATTEMPTS):
            params = build_request_params(desired, idempotency_token(desired, salt))
            try:
                arn = self.client.request_certificate(aws_retry=True, **params)["CertificateArn"]
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.module.fail_json_aws(e, msg=f"Failed to request a certificate for {desired['domain_name']}")
            detail = self._poll(arn, lambda found: found is not None, min(VISIBILITY_TIMEOUT, max(self.params["wait_timeout"], POLL_DELAY)))
            if detail is not None:
                return detail
            salt = arn  # the token was spent on a certificate deleted since: use a fresh one
        self.module.fail_json(
            msg=f"RequestCertificate answered {TOKEN_ATTEMPTS} times with a certificate that DescribeCertificate never showed; nothing usable was requested"
        )

    def delete(self, detail: Dict[str, Any]) -> None:
        arn = detail["CertificateArn"]
        try:
            self.client.delete_certificate(aws_retry=True, CertificateArn=arn)
        except is_boto3_error_code("ResourceNotFoundException"):
            pass  # already gone: a retried delete, or someone else deleted it
        except is_boto3_error_code("ResourceInUseException") as e:  # pylint: disable=duplicate-except
            users = (self.describe(arn) or detail).get("InUseBy") or []
            self.module.fail_json_aws(
                e,
                msg=f"Certificate {arn} for {detail['DomainName']} is in use by {', '.join(users) or 'AWS resources'}; stop using it there before deleting it",
                in_use_by=users,
            )
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to delete certificate {arn}")

    # Waiting

    def await_records(self, detail: Dict[str, Any]) -> Dict[str, Any]:
        if records_ready(detail):
            return detail
        found = self._poll(detail["CertificateArn"], lambda found: found is not None and records_ready(found), self.params["wait_timeout"])
        if found is None:
            self.module.fail_json(
                msg=f"Timed out after {self.params['wait_timeout']}s waiting for ACM to give the validation records of {detail['CertificateArn']}"
            )
        return found

    def await_issued(self, detail: Dict[str, Any]) -> Dict[str, Any]:
        def settled(found: Optional[Dict[str, Any]]) -> bool:
            return found is None or found.get("Status") == "ISSUED" or found.get("Status") in FAILED_STATUSES

        arn = detail["CertificateArn"]
        found = detail if settled(detail) else self._poll(arn, settled, self.params["wait_timeout"])
        if found is None or found.get("Status") != "ISSUED":
            status = found.get("Status") if found else "PENDING_VALIDATION"
            reason = f" ({found['FailureReason']})" if found and found.get("FailureReason") else ""
            self.module.fail_json(
                msg=f"Certificate {arn} is {status}{reason} after waiting up to {self.params['wait_timeout']}s for ISSUED; "
                "ACM issues it once every record of validation_records resolves in DNS",
                validation_records=validation_records(found or detail),
            )
        return found

    def _poll(self, arn: str, done: Callable[[Optional[Dict[str, Any]]], bool], timeout: float) -> Optional[Dict[str, Any]]:
        """DescribeCertificate until done(answer) holds; the answer, or None on timeout."""
        deadline = self._clock() + timeout
        while True:
            found = self.describe(arn)
            if done(found):
                return found
            remaining = deadline - self._clock()
            if remaining <= 0:
                return None
            self._sleep(min(POLL_DELAY, remaining))


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("acm", retry_decorator=retrying())
    manager = CertificateManager(module, client)
    desired = build_desired(module.params)
    if module.params["state"] == "present":
        result = manager.ensure_present(desired)
    else:
        result = manager.ensure_absent(desired)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
