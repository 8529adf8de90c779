# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Subnet planning for the vpc role: carve tiers out of the VPC CIDR and check a plan."""

from __future__ import annotations

import ipaddress
from typing import Any
from typing import Dict
from typing import List

from ansible.errors import AnsibleFilterError

TIERS = ("public", "private", "isolated")


def _network(value: Any) -> ipaddress.IPv4Network:
    return ipaddress.IPv4Network(str(value), strict=True)


def _carve(vpc: ipaddress.IPv4Network, az_count: int, prefixes: Dict[str, int]) -> Dict[str, List[str]]:
    """Allocate az_count blocks per tier, largest blocks first so every block stays aligned."""
    plan: Dict[str, List[str]] = {tier: [] for tier in TIERS}
    cursor = int(vpc.network_address)
    end = int(vpc.broadcast_address)
    for tier in sorted(TIERS, key=lambda t: (prefixes[t], TIERS.index(t))):
        size = 2 ** (32 - prefixes[tier])
        for _index in range(az_count):
            cursor = -(-cursor // size) * size
            if cursor + size - 1 > end:
                raise ValueError(f"{az_count} x /{prefixes[tier]} {tier} subnets do not fit in {vpc}")
            plan[tier].append(str(ipaddress.IPv4Network((cursor, prefixes[tier]))))
            cursor += size
    return plan


def vpc_plan_errors(vpc_cidr: Any, az_count: Any, prefixes: Any, subnets: Any) -> List[str]:
    """Every problem with a subnet plan, each naming the variable to fix; empty when the plan is sound."""
    try:
        vpc = _network(vpc_cidr)
    except ValueError as error:
        return [f"vpc_cidr: {vpc_cidr!r} is not an IPv4 network in CIDR notation ({error})"]
    errors = []
    if not 16 <= vpc.prefixlen <= 24:
        errors.append(f"vpc_cidr: AWS accepts VPC blocks from /16 to /24; {vpc} is /{vpc.prefixlen}")
    if not vpc.is_private:
        errors.append(f"vpc_cidr: {vpc} is not a private (RFC 1918) range")
    if subnets:
        errors.extend(_explicit_errors(vpc, int(az_count), subnets))
    else:
        errors.extend(_prefix_errors(vpc, int(az_count), prefixes))
    return errors


def _prefix_errors(vpc: ipaddress.IPv4Network, az_count: int, prefixes: Dict[str, Any]) -> List[str]:
    errors = []
    for tier in TIERS:
        value = prefixes.get(tier)
        if not isinstance(value, int) or not vpc.prefixlen < value <= 28:
            errors.append(f"vpc_subnet_prefixes.{tier}: must be an integer between /{vpc.prefixlen + 1} and /28, got {value!r}")
    if errors:
        return errors
    try:
        _carve(vpc, az_count, prefixes)
    except ValueError as error:
        return [f"vpc_subnet_prefixes: {error}; use smaller subnets (larger prefix numbers) or a larger vpc_cidr"]
    return []


def _explicit_errors(vpc: ipaddress.IPv4Network, az_count: int, subnets: Dict[str, Any]) -> List[str]:
    errors = []
    seen: List[tuple] = []
    for tier in TIERS:
        blocks = subnets.get(tier)
        if not isinstance(blocks, list) or len(blocks) != az_count:
            errors.append(f"vpc_subnets.{tier}: give exactly one CIDR per AZ ({az_count}, from vpc_az_count), got {blocks!r}")
            continue
        for block in blocks:
            try:
                network = _network(block)
            except ValueError as error:
                errors.append(f"vpc_subnets.{tier}: {block!r} is not an IPv4 network in CIDR notation ({error})")
                continue
            if not network.subnet_of(vpc):
                errors.append(f"vpc_subnets.{tier}: {network} is outside vpc_cidr {vpc}")
            elif network.prefixlen > 28:
                errors.append(f"vpc_subnets.{tier}: {network} is smaller than /28, the smallest subnet AWS accepts")
            for other_tier, other in seen:
                if network.overlaps(other):
                    errors.append(f"vpc_subnets.{tier}: {network} overlaps {other} of vpc_subnets.{other_tier}")
            seen.append((tier, network))
    unknown = sorted(set(subnets) - set(TIERS))
    if unknown:
        errors.append(f"vpc_subnets: unknown tier(s) {', '.join(unknown)}; tiers are {', '.join(TIERS)}")
    return errors


def vpc_subnet_plan(vpc_cidr: Any, az_count: Any, prefixes: Any, subnets: Any = None) -> Dict[str, List[str]]:
    """The subnet CIDRs per tier: the explicit ones when given, else carved from the VPC CIDR."""
    errors = vpc_plan_errors(vpc_cidr, az_count, prefixes, subnets)
    if errors:
        raise AnsibleFilterError("; ".join(errors))
    if subnets:
        return {tier: [str(_network(block)) for block in subnets[tier]] for tier in TIERS}
    return _carve(_network(vpc_cidr), int(az_count), prefixes)


def vpc_subnet_layout(plan: Dict[str, List[str]], azs: List[str]) -> List[Dict[str, str]]:
    """One entry per subnet, tier by tier and AZ by AZ: {tier, az, cidr}."""
    if any(len(plan[tier]) != len(azs) for tier in TIERS):
        raise AnsibleFilterError(f"vpc_subnet_layout: the plan has {[len(plan[t]) for t in TIERS]} subnets per tier for {len(azs)} AZs")
    return [{"tier": tier, "az": az, "cidr": cidr} for tier in TIERS for az, cidr in zip(azs, plan[tier], strict=True)]


def vpc_isolated_nacl(plan: Dict[str, List[str]], ports: List[int]) -> Dict[str, List[list]]:
    """Network ACL entries for the data tier, in amazon.aws.ec2_vpc_nacl's list form.

    In: the private tier on each service port, and the isolated tier itself (replication).
    Out: replies to the private tier on ephemeral ports, and the isolated tier itself.
    Anything else meets the ACL's final deny.
    """
    ingress = [["tcp", "allow", cidr, None, None, port, port] for cidr in plan["private"] for port in ports]
    ingress += [["all", "allow", cidr, None, None, None, None] for cidr in plan["isolated"]]
    egress = [["tcp", "allow", cidr, None, None, 1024, 65535] for cidr in plan["private"]]
    egress += [["all", "allow", cidr, None, None, None, None] for cidr in plan["isolated"]]
    return {
        "ingress": [[100 + 10 * number, *rule] for number, rule in enumerate(ingress)],
        "egress": [[100 + 10 * number, *rule] for number, rule in enumerate(egress)],
    }


class FilterModule:
    """Subnet planning filters."""

    def filters(self) -> Dict[str, Any]:
        return {
            "vpc_plan_errors": vpc_plan_errors,
            "vpc_subnet_plan": vpc_subnet_plan,
            "vpc_subnet_layout": vpc_subnet_layout,
            "vpc_isolated_nacl": vpc_isolated_nacl,
        }
