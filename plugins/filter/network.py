# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Subnet planning for the vpc role: carve tiers out of the VPC CIDR and check a plan."""

from __future__ import annotations

import ipaddress
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

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


def vpc_subnet_layout(plan: Dict[str, List[str]], azs: List[str], tags: Optional[Dict[str, str]] = None, name: str = "") -> List[Dict[str, Any]]:
    """One entry per subnet, tier by tier and AZ by AZ: {tier, az, cidr, map_public, tags}.

    ``tags`` are the stack's tags; each subnet adds its Name (``<name>-<tier>-<az>``) and tier.
    """
    if any(len(plan[tier]) != len(azs) for tier in TIERS):
        raise AnsibleFilterError(f"vpc_subnet_layout: the plan has {[len(plan[t]) for t in TIERS]} subnets per tier for {len(azs)} AZs")
    return [
        {"tier": tier, "az": az, "cidr": cidr, "map_public": False, "tags": _tier_tags(tags, f"{name}-{tier}-{az}", tier)}
        for tier in TIERS
        for az, cidr in zip(azs, plan[tier], strict=True)
    ]


def _tier_tags(tags: Optional[Dict[str, str]], name: str, tier: str) -> Dict[str, str]:
    return {**(tags or {}), "Name": name, "webstack:tier": tier}


def vpc_route_tables(subnets: List[Dict[str, Any]], igw_id: str, nat_by_az: List[str], azs: List[str], tags: Dict[str, str], name: str) -> List[Dict[str, Any]]:
    """The route tables the tiers need, in amazon.aws.ec2_vpc_route_table's terms, each with its tier.

    ``subnets`` is the resolved subnet layout (each item with its ``id``). One
    public table to the internet gateway (when there is one), one private table
    per AZ to its NAT gateway (no default route without one), one isolated table
    with no default route. Subnets and routes are sorted, as vpc_route_table_state
    reads them back.
    """

    def ids(tier: str, az: Optional[str] = None) -> List[str]:
        return sorted(s["id"] for s in subnets if s["tier"] == tier and s.get("id") and az in (None, s["az"]))

    tables = []
    if igw_id:
        tables.append(_table(tags, f"{name}-public", "public", ids("public"), [{"dest": "0.0.0.0/0", "gateway_id": igw_id}]))
    for az, nat_id in zip(azs, nat_by_az, strict=True):
        routes = [{"dest": "0.0.0.0/0", "nat_gateway_id": nat_id}] if nat_id else []
        tables.append(_table(tags, f"{name}-private-{az}", "private", ids("private", az), routes))
    if ids("isolated"):
        tables.append(_table(tags, f"{name}-isolated", "isolated", ids("isolated"), []))
    return tables


def _table(tags: Dict[str, str], name: str, tier: str, subnet_ids: List[str], routes: List[Dict[str, str]]) -> Dict[str, Any]:
    return {"tier": tier, "tags": _tier_tags(tags, name, tier), "subnets": subnet_ids, "routes": routes}


def vpc_route_table_state(found: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """amazon.aws.ec2_vpc_route_table_info's tables in vpc_route_tables' terms.

    Only what the role manages is kept: explicit subnet associations, and the
    routes it creates (to an internet or NAT gateway); the local route and the
    routes gateway endpoints add themselves are left out, as the module's
    purge_routes leaves them alone.
    """
    return [
        {
            "id": table["id"],
            "tags": table.get("tags") or {},
            "subnets": sorted(a["subnet_id"] for a in table.get("associations") or [] if a.get("subnet_id") and not a.get("main")),
            "routes": sorted((_route(r) for r in table.get("routes") or [] if _managed_route(r)), key=lambda r: r["dest"]),
        }
        for table in found or []
    ]


def _managed_route(route: Dict[str, Any]) -> bool:
    gateway = route.get("gateway_id") or ""
    return bool(route.get("destination_cidr_block")) and gateway != "local" and not gateway.startswith("vpce-")


def _route(route: Dict[str, Any]) -> Dict[str, str]:
    target = {"nat_gateway_id": route["nat_gateway_id"]} if route.get("nat_gateway_id") else {"gateway_id": route.get("gateway_id")}
    return {"dest": route["destination_cidr_block"], **target}


def vpc_endpoint_plan(gateway: List[str], interface: List[str], region: str, tags: Dict[str, str], name: str) -> List[Dict[str, Any]]:
    """One entry per VPC endpoint: {name, type, service, tags}."""
    return [
        {"name": short, "type": kind, "service": f"com.amazonaws.{region}.{short}", "tags": {**tags, "Name": f"{name}-vpce-{short}"}}
        for kind, shorts in (("Gateway", gateway), ("Interface", interface))
        for short in shorts
    ]


def vpc_endpoint_state(found: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """amazon.aws.ec2_vpc_endpoint_info's endpoints with their tags as a dictionary."""
    return [dict(endpoint, tags={t["key"]: t["value"] for t in endpoint.get("tags") or []}) for endpoint in found or []]


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


def vpc_eip_by_az(found: List[Dict[str, Any]], allocated: List[Dict[str, Any]], name_prefix: str) -> Dict[str, str]:
    """AZ -> allocation ID of its NAT gateway's elastic IP.

    ``found`` are amazon.aws.ec2_eip_info addresses, named ``<name_prefix><az>``;
    ``allocated`` are the results of an amazon.aws.ec2_eip loop over AZs (in
    check mode they carry no allocation ID and are left out).
    """
    by_az = {}
    for address in found or []:
        name = (address.get("tags") or {}).get("Name", "")
        if name.startswith(name_prefix):
            by_az[name[len(name_prefix) :]] = address["allocation_id"]
    for result in allocated or []:
        if result.get("allocation_id"):
            by_az[result["item"]] = result["allocation_id"]
    return by_az


class FilterModule:
    """Subnet planning filters."""

    def filters(self) -> Dict[str, Any]:
        return {
            "vpc_plan_errors": vpc_plan_errors,
            "vpc_subnet_plan": vpc_subnet_plan,
            "vpc_subnet_layout": vpc_subnet_layout,
            "vpc_isolated_nacl": vpc_isolated_nacl,
            "vpc_eip_by_az": vpc_eip_by_az,
            "vpc_route_tables": vpc_route_tables,
            "vpc_route_table_state": vpc_route_table_state,
            "vpc_endpoint_plan": vpc_endpoint_plan,
            "vpc_endpoint_state": vpc_endpoint_state,
        }
