"""ElastiCache cache parameter groups, and the subnet group operations moto 5.2.5 lacks (moto/elasticache).

moto keeps no cache parameter groups at all. Here each ElastiCache backend (account and Region)
also holds, beside moto's own records, its parameter groups: the default group of every family
the emulator catalogues (``default.redis7``, ``default.redis7.cluster.on``, ``default.valkey8``,
...; IsGlobal false, never modified nor deleted) and the groups CreateCacheParameterGroup made,
each with the values ModifyCacheParameterGroup set over its family's defaults.

The catalogue of a family is a realistic subset of what AWS answers for it (names, defaults,
DataType, AllowedValues, IsModifiable, ChangeType as in the ElastiCache parameter reference);
AWS's full lists are longer. Families outside the catalogue are refused with InvalidParameterValue.
Names are kept in lower case, as ElastiCache keeps them.

A group is in use while a replication group or cache cluster names it; a deleting one still
does while the latency lifecycle runs its delete phase (moto alone never ends a deletion, so a
deleting resource holds nothing there). The same rule keeps a cache subnet group in use.

Answers follow botocore's ``elasticache`` service model (CacheParameterGroup, Parameter,
TagListMessage, CacheSubnetGroup).
"""

from __future__ import annotations

import re
from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

DEFAULT_PREFIX = "default."
NAME = re.compile(r"^[a-z](?!.*--)[a-z0-9-]{0,254}(?<!-)$")
MAX_RECORDS = (20, 100)
MAX_PARAMETERS_PER_REQUEST = 20
KEYSPACE_EVENT_CLASSES = set("KEg$lshzxeAtmdn")
PARAMETER_GROUP_ARN = re.compile(r"^arn:[^:]+:elasticache:[^:]*:\d*:parametergroup:(.+)$")
SUBNET_GROUP_ARN = re.compile(r"^arn:[^:]+:elasticache:[^:]*:\d*:subnetgroup:(.+)$")

# --- the catalogue --------------------------------------------------------------------------

EVICTION_POLICIES = "volatile-lru,allkeys-lru,volatile-lfu,allkeys-lfu,volatile-random,allkeys-random,volatile-ttl,noeviction"

# name: (default value, description, data type, allowed values, modifiable, change type, minimum engine version)
Spec = tuple[str, str, str, "str | None", bool, str, str]
REDIS_PARAMETERS: dict[str, Spec] = {
    "activedefrag": ("no", "Enabled active memory defragmentation", "string", "yes,no", True, "immediate", "4.0.9"),
    "active-defrag-cycle-max": ("75", "Maximal effort for defrag in CPU percentage", "integer", "1-75", True, "immediate", "4.0.9"),
    "cluster-enabled": ("no", "Enable cluster mode", "string", "yes,no", True, "requires-reboot", "3.2.4"),
    "databases": ("16", "Set the number of databases.", "integer", "1-1200000", True, "requires-reboot", "2.6.13"),
    "lua-time-limit": ("5000", "Max execution time of a Lua script in milliseconds.", "integer", "5000", False, "immediate", "2.6.13"),
    "maxmemory-policy": ("volatile-lru", "Max memory policy.", "string", EVICTION_POLICIES, True, "immediate", "2.6.13"),
    "maxmemory-samples": ("3", "Max memory samples.", "integer", "1-", True, "immediate", "2.6.13"),
    "notify-keyspace-events": ("", "The keyspace events to notify Pub/Sub clients about.", "string", None, True, "immediate", "2.8.6"),
    "reserved-memory-percent": ("25", "The percent of memory reserved for non-cache memory usage.", "integer", "0-100", True, "immediate", "3.2.4"),
    "slowlog-log-slower-than": (
        "10000",
        "The execution time, in microseconds, to exceed in order for the command to get logged.",
        "integer",
        "-",
        True,
        "immediate",
        "2.6.13",
    ),
    "slowlog-max-len": ("128", "The length of the slow log.", "integer", "0-", True, "immediate", "2.6.13"),
    "tcp-keepalive": ("300", "If non-zero, send ACKs every given number of seconds.", "integer", "0-", True, "immediate", "2.6.13"),
    "timeout": ("0", "Close connection if client is idle for a given number of seconds, or never if 0.", "integer", "0,20-", True, "immediate", "2.6.13"),
}
REDIS7_PARAMETERS = {
    "latency-tracking": ("no", "Enable latency tracking", "string", "yes,no", True, "immediate", "7.0.0"),
}
MEMCACHED_PARAMETERS: dict[str, Spec] = {
    "binding_protocol": ("auto", "Binding protocol.", "string", "auto,binary,ascii", True, "requires-reboot", "1.4.5"),
    "cas_disabled": ("0", "Disable the use of CAS.", "boolean", "0,1", True, "requires-reboot", "1.4.5"),
    "chunk_size": ("48", "Minimum space allocated for key+value+flags.", "integer", "1-", True, "requires-reboot", "1.4.5"),
    "idle_timeout": ("0", "Time in seconds to disconnect idle clients.", "integer", "0-", True, "immediate", "1.4.33"),
    "max_item_size": ("1048576", "The size of the largest item storable in the cache", "integer", "1048576-134217728", True, "requires-reboot", "1.4.24"),
}

# family: (engine catalogue, whether a ``.cluster.on`` default group exists)
FAMILIES: dict[str, tuple[dict[str, Spec], bool]] = {
    "memcached1.6": (MEMCACHED_PARAMETERS, False),
    "redis6.x": (REDIS_PARAMETERS, True),
    "redis7": ({**REDIS_PARAMETERS, **REDIS7_PARAMETERS}, True),
    "valkey7": ({**REDIS_PARAMETERS, **REDIS7_PARAMETERS}, True),
    "valkey8": ({**REDIS_PARAMETERS, **REDIS7_PARAMETERS}, True),
}


def catalogue(family: str) -> dict[str, Spec]:
    return FAMILIES[family][0]


def default_groups() -> dict[str, dict[str, Any]]:
    """Name -> (family, description, values over the family's defaults) of every default group."""
    groups: dict[str, dict[str, Any]] = {}
    for family, spec in FAMILIES.items():
        cluster_on = spec[1]
        groups[f"{DEFAULT_PREFIX}{family}"] = {"family": family, "description": f"Default parameter group for {family}", "values": {}}
        if cluster_on:
            groups[f"{DEFAULT_PREFIX}{family}.cluster.on"] = {
                "family": family,
                "description": f"Customized default parameter group for {family} with cluster mode on",
                "values": {"cluster-enabled": "yes"},
            }
    return groups


# --- errors ---------------------------------------------------------------------------------


def error(code: str, message: str) -> Exception:
    from moto.elasticache.exceptions import ElastiCacheException

    return ElastiCacheException(code, message)


def invalid_value(message: str) -> Exception:
    return error("InvalidParameterValue", message)


def not_found(name: str) -> Exception:
    return error("CacheParameterGroupNotFound", f"CacheParameterGroup {name} not found.")


# --- the records each backend keeps -----------------------------------------------------------


def groups_of(backend: Any) -> dict[str, dict[str, Any]]:
    """The parameter groups of one backend by name; moto's reset forgets them with the backend."""
    groups = backend.__dict__.get("_webstack_parameter_groups")
    if groups is None:
        groups = {}
        for name, group in default_groups().items():
            groups[name] = record(backend, name, group["family"], group["description"], group["values"])
        backend.__dict__["_webstack_parameter_groups"] = groups
    return groups


def record(backend: Any, name: str, family: str, description: str, values: dict[str, str] | None = None) -> dict[str, Any]:
    arn = f"arn:aws:elasticache:{backend.region_name}:{backend.account_id}:parametergroup:{name}"
    group = {"CacheParameterGroupName": name, "CacheParameterGroupFamily": family, "Description": description, "IsGlobal": False, "ARN": arn}
    return {**group, "values": dict(values or {}), "defaults": dict(values or {})}


def answer(group: dict[str, Any]) -> dict[str, Any]:
    """The CacheParameterGroup structure of a group."""
    return {key: value for key, value in group.items() if key not in ("values", "defaults")}


def group_named(backend: Any, name: str | None) -> dict[str, Any]:
    group = groups_of(backend).get((name or "").lower())
    if group is None:
        raise not_found(name or "")
    return group


def parameters(group: dict[str, Any]) -> list[dict[str, Any]]:
    """The Parameter list of a group: its family's catalogue with the group's values."""
    found = []
    for name, (default, description, data_type, allowed, modifiable, change_type, minimum) in sorted(catalogue(group["CacheParameterGroupFamily"]).items()):
        user_set = name in group["values"] and name not in group["defaults"]
        parameter = {
            "ParameterName": name,
            "ParameterValue": group["values"].get(name, default),
            "Description": description,
            "Source": "user" if user_set else "system",
            "DataType": data_type,
            "AllowedValues": allowed,
            "IsModifiable": modifiable,
            "MinimumEngineVersion": minimum,
            "ChangeType": change_type,
        }
        found.append({key: value for key, value in parameter.items() if value is not None})
    return found


# --- values AWS accepts -----------------------------------------------------------------------


def value_error(name: str, value: str, spec: Spec) -> str | None:
    """Why AWS refuses value for the parameter (None when it accepts it)."""
    data_type, allowed, modifiable = spec[2], spec[3], spec[4]
    if not modifiable:
        return f"Parameter {name} is not modifiable."
    refused = f"Value ({value}) for parameter {name} is incorrect. "
    if name == "notify-keyspace-events":
        return None if set(value) <= KEYSPACE_EVENT_CLASSES else refused + f"Allowed characters: {''.join(sorted(KEYSPACE_EVENT_CLASSES))}"
    if data_type == "integer":
        if not re.fullmatch(r"-?\d+", value):
            return refused + "Must be an integer."
        return None if in_ranges(int(value), allowed or "-") else refused + f"Allowed values are: {allowed}"
    return None if allowed is None or value in allowed.split(",") else refused + f"Allowed values are: {allowed}"


def in_ranges(number: int, allowed: str) -> bool:
    """Whether number is in one of AllowedValues' comma-separated ranges (``0``, ``20-``, ``1-100``, ``-``)."""
    for part in allowed.split(","):
        low, dash, high = part.partition("-")
        if not dash:
            if number == int(low):
                return True
        elif (not low or number >= int(low)) and (not high or number <= int(high)):
            return True
    return False


def name_values(self: Any) -> list[dict[str, str]]:
    return self._get_param("ParameterNameValues", []) or []


def page(items: list[dict[str, Any]], self: Any, key: str) -> tuple[list[dict[str, Any]], str | None]:
    """One page of items for MaxRecords (20..100, default 100) and Marker (the key of the last item answered)."""
    size = self._get_int_param("MaxRecords") or MAX_RECORDS[1]
    if not MAX_RECORDS[0] <= size <= MAX_RECORDS[1]:
        raise invalid_value(f"The parameter MaxRecords must be between {MAX_RECORDS[0]} and {MAX_RECORDS[1]}.")
    marker = self._get_param("Marker")
    start = 0
    if marker:
        keys = [item[key] for item in items]
        if marker not in keys:
            raise invalid_value(f"Invalid marker: {marker}")
        start = keys.index(marker) + 1
    chosen = items[start : start + size]
    return chosen, (chosen[-1][key] if start + size < len(items) else None)


def backend_of(self: Any) -> Any:
    return self.elasticache_backend


# --- what holds a group -----------------------------------------------------------------------


def holds(resource: Any, status: str | None) -> bool:
    """Whether a replication group or cache cluster still holds what it names: not once its deletion is over."""
    if status != "deleting":
        return True
    from webstack_emulator.lifecycle.phases import LIFECYCLE
    from webstack_emulator.lifecycle.phases import PHASE

    phase = vars(resource).get(PHASE)
    return phase is not None and phase.name == "delete" and not LIFECYCLE.ended(resource, "delete")


def users_of(backend: Any, attribute: str, name: str) -> list[str]:
    """The replication groups and cache clusters that hold the group (parameter or subnet) named."""
    found = [
        f"replication group {group.replication_group_id}"
        for group in backend.describe_replication_groups()
        if (getattr(group, attribute, None) or "").lower() == name.lower() and holds(group, group.status)
    ]
    found += [
        f"cache cluster {cluster.cache_cluster_id}"
        for cluster in backend.cache_clusters.values()
        if (getattr(cluster, attribute, None) or "").lower() == name.lower() and holds(cluster, cluster.cache_cluster_status)
    ]
    return found


# --- parameter groups -------------------------------------------------------------------------


@fix(
    "elasticache",
    "CreateCacheParameterGroup",
    "moto has no cache parameter groups (NotImplemented). The emulator keeps them per account and Region: a family the emulator "
    "catalogues (redis6.x, redis7, valkey7, valkey8, memcached1.6), Tags, CacheParameterGroupAlreadyExists, the ARN "
    "arn:aws:elasticache:<region>:<account>:parametergroup:<name>, the name in lower case.",
)
def create_cache_parameter_group() -> None:
    from moto.core.responses import ActionResult
    from moto.elasticache.responses import ElastiCacheResponse

    def create(self: Any) -> ActionResult:
        backend = backend_of(self)
        name = (self._get_param("CacheParameterGroupName") or "").lower()
        family = self._get_param("CacheParameterGroupFamily")
        if not NAME.match(name):
            raise invalid_value(
                "The parameter CacheParameterGroupName must begin with a letter, contain only ASCII letters, digits, and hyphens, "
                "and must not end with a hyphen or contain two consecutive hyphens."
            )
        if family not in FAMILIES:
            raise invalid_value(f"The parameter CacheParameterGroupFamily has an invalid value: {family}. Valid families: {', '.join(sorted(FAMILIES))}.")
        groups = groups_of(backend)
        if name in groups:
            raise error("CacheParameterGroupAlreadyExists", f"Parameter group {name} already exists.")
        group = record(backend, name, family, self._get_param("Description") or "")
        groups[name] = group
        tags = self._get_param("Tags", []) or []
        if tags:
            backend.tagging_service.tag_resource(group["ARN"], tags)
        return ActionResult({"CacheParameterGroup": answer(group)})

    ElastiCacheResponse.create_cache_parameter_group = create  # type: ignore[attr-defined]


@fix(
    "elasticache",
    "DescribeCacheParameterGroups",
    "moto has no cache parameter groups (NotImplemented). The emulator answers the default group of each catalogued family "
    "(default.redis7, default.redis7.cluster.on, default.valkey8, ...; IsGlobal false) and the groups made, sorted by name, "
    "MaxRecords 20..100 with a Marker; a name that does not exist answers CacheParameterGroupNotFound (HTTP 404).",
)
def describe_cache_parameter_groups() -> None:
    from moto.core.responses import ActionResult
    from moto.elasticache.responses import ElastiCacheResponse

    def describe(self: Any) -> ActionResult:
        backend = backend_of(self)
        name = self._get_param("CacheParameterGroupName")
        found = [group_named(backend, name)] if name else [groups_of(backend)[key] for key in sorted(groups_of(backend))]
        chosen, marker = page([answer(group) for group in found], self, "CacheParameterGroupName")
        return ActionResult({"CacheParameterGroups": chosen, **({"Marker": marker} if marker else {})})

    ElastiCacheResponse.describe_cache_parameter_groups = describe  # type: ignore[attr-defined]


@fix(
    "elasticache",
    "DescribeCacheParameters",
    "moto has no cache parameter groups (NotImplemented). The emulator answers a realistic subset of each family's parameters "
    "(maxmemory-policy, timeout, tcp-keepalive, slowlog-*, notify-keyspace-events, cluster-enabled, maxmemory-samples, "
    "reserved-memory-percent, activedefrag, ...) with DataType, AllowedValues, IsModifiable, ChangeType, MinimumEngineVersion, "
    "the group's value and Source user (set by ModifyCacheParameterGroup) or system; Source filters, MaxRecords/Marker page.",
)
def describe_cache_parameters() -> None:
    from moto.core.responses import ActionResult
    from moto.elasticache.responses import ElastiCacheResponse

    def describe(self: Any) -> ActionResult:
        group = group_named(backend_of(self), self._get_param("CacheParameterGroupName"))
        source = self._get_param("Source")
        if source not in (None, "user", "system", "engine-default"):
            raise invalid_value(f"Invalid source: {source}. Valid values: user, system, engine-default.")
        found = parameters(group)
        if source == "user":
            found = [parameter for parameter in found if parameter["Source"] == "user"]
        elif source in ("system", "engine-default"):
            found = [parameter for parameter in found if parameter["Source"] == "system"]
        chosen, marker = page(found, self, "ParameterName")
        return ActionResult({"Parameters": chosen, "CacheNodeTypeSpecificParameters": [], **({"Marker": marker} if marker else {})})

    ElastiCacheResponse.describe_cache_parameters = describe  # type: ignore[attr-defined]


def checked_values(group: dict[str, Any], values: list[dict[str, str]]) -> dict[str, str]:
    """ParameterNameValues as name -> value once AWS would accept every one of them (else its error)."""
    if not values:
        raise error("InvalidParameterCombination", "At least one parameter name value must be provided.")
    if len(values) > MAX_PARAMETERS_PER_REQUEST:
        raise error("InvalidParameterCombination", f"Cannot modify more than {MAX_PARAMETERS_PER_REQUEST} parameters in a single request")
    known = catalogue(group["CacheParameterGroupFamily"])
    checked = {}
    for entry in values:
        name, value = entry.get("ParameterName"), entry.get("ParameterValue")
        if name not in known:
            raise invalid_value(f"Unrecognized parameter: {name}")
        if value is None:
            raise invalid_value(f"No value given for parameter {name}.")
        why = value_error(name, str(value), known[name])
        if why:
            raise invalid_value(why)
        checked[name] = str(value)
    return checked


def own_group(backend: Any, name: str | None) -> dict[str, Any]:
    """A group the caller may change: one that exists and is not a default group."""
    group = group_named(backend, name)
    if group["CacheParameterGroupName"].startswith(DEFAULT_PREFIX):
        raise invalid_value(f"Default parameter group {group['CacheParameterGroupName']} cannot be modified.")
    return group


@fix(
    "elasticache",
    "ModifyCacheParameterGroup",
    "moto has no cache parameter groups (NotImplemented). The emulator sets the values (read back with Source user); it refuses "
    "an unknown or unmodifiable parameter, a value outside AllowedValues/DataType and a default.* group (InvalidParameterValue), "
    "more than 20 parameters (InvalidParameterCombination), a missing group (CacheParameterGroupNotFound).",
)
def modify_cache_parameter_group() -> None:
    from moto.core.responses import ActionResult
    from moto.elasticache.responses import ElastiCacheResponse

    def modify(self: Any) -> ActionResult:
        group = own_group(backend_of(self), self._get_param("CacheParameterGroupName"))
        group["values"].update(checked_values(group, name_values(self)))
        return ActionResult({"CacheParameterGroupName": group["CacheParameterGroupName"]})

    ElastiCacheResponse.modify_cache_parameter_group = modify  # type: ignore[attr-defined]


@fix(
    "elasticache",
    "ResetCacheParameterGroup",
    "moto has no cache parameter groups (NotImplemented). The emulator resets every parameter (ResetAllParameters) or the ones "
    "named to the family's default (Source system again); a default.* group is refused (InvalidParameterValue), and so is "
    "ResetAllParameters with ParameterNameValues (InvalidParameterCombination).",
)
def reset_cache_parameter_group() -> None:
    from moto.core.responses import ActionResult
    from moto.elasticache.responses import ElastiCacheResponse

    def reset(self: Any) -> ActionResult:
        group = own_group(backend_of(self), self._get_param("CacheParameterGroupName"))
        reset_all = self._get_bool_param("ResetAllParameters", False)
        named = name_values(self)
        if reset_all and named:
            raise error("InvalidParameterCombination", "Cannot specify both ResetAllParameters and ParameterNameValues.")
        if not reset_all and not named:
            raise error("InvalidParameterCombination", "Either ResetAllParameters or ParameterNameValues must be provided.")
        if reset_all:
            group["values"] = dict(group["defaults"])
        else:
            known = catalogue(group["CacheParameterGroupFamily"])
            for entry in named:
                name = entry.get("ParameterName")
                if name not in known:
                    raise invalid_value(f"Unrecognized parameter: {name}")
                group["values"].pop(name, None)
                group["values"].update({name: group["defaults"][name]} if name in group["defaults"] else {})
        return ActionResult({"CacheParameterGroupName": group["CacheParameterGroupName"]})

    ElastiCacheResponse.reset_cache_parameter_group = reset  # type: ignore[attr-defined]


@fix(
    "elasticache",
    "DeleteCacheParameterGroup",
    "moto has no cache parameter groups (NotImplemented). The emulator deletes a group and its tags; it refuses a default.* group "
    "and a group a replication group or cache cluster uses (InvalidCacheParameterGroupState), a missing one (CacheParameterGroupNotFound).",
)
def delete_cache_parameter_group() -> None:
    from moto.core.responses import EmptyResult
    from moto.elasticache.responses import ElastiCacheResponse

    def delete(self: Any) -> EmptyResult:
        backend = backend_of(self)
        group = group_named(backend, self._get_param("CacheParameterGroupName"))
        name = group["CacheParameterGroupName"]
        if name.startswith(DEFAULT_PREFIX):
            raise error("InvalidCacheParameterGroupState", f"Default parameter group {name} cannot be deleted.")
        users = users_of(backend, "cache_parameter_group_name", name)
        if users:
            raise error("InvalidCacheParameterGroupState", f"Parameter group {name} is in use by {', '.join(users)}.")
        del groups_of(backend)[name]
        backend.tagging_service.delete_all_tags_for_resource(group["ARN"])
        return EmptyResult()

    ElastiCacheResponse.delete_cache_parameter_group = delete  # type: ignore[attr-defined]


@fix(
    "elasticache",
    "CreateCacheCluster",
    "moto accepted any CacheParameterGroupName (it has no parameter groups); AWS refuses one that does not exist with "
    "CacheParameterGroupNotFound (HTTP 404) and changes nothing. The same fix covers CreateReplicationGroup and "
    "ModifyReplicationGroup (registered under CreateCacheCluster: extensions/elasticache.py keys its replication group fixes on those).",
)
def creates_need_a_known_parameter_group() -> None:
    from moto.elasticache.responses import ElastiCacheResponse

    for operation in ("create_replication_group", "modify_replication_group", "create_cache_cluster"):
        setattr(ElastiCacheResponse, operation, requiring_parameter_group(getattr(ElastiCacheResponse, operation)))


def requiring_parameter_group(original: Any) -> Any:
    @wraps(original)
    def create(self: Any) -> Any:
        name = self._get_param("CacheParameterGroupName")
        if name:
            group_named(backend_of(self), name)
        return original(self)

    return create


# --- tags -----------------------------------------------------------------------------------


def tagged_resource_exists(backend: Any, arn: str) -> None:
    """Raise what AWS answers when a parameter group or subnet group ARN names nothing."""
    parameter_group = PARAMETER_GROUP_ARN.match(arn)
    if parameter_group:
        group_named(backend, parameter_group.group(1))
    subnet_group = SUBNET_GROUP_ARN.match(arn)
    if subnet_group:
        backend.describe_cache_subnet_groups(subnet_group.group(1))


@fix(
    "elasticache",
    "ListTagsForResource",
    "moto refused a parameter group ARN (InvalidARN: it has no parameter groups). The emulator answers the group's TagList, "
    "and CacheParameterGroupNotFound / CacheSubnetGroupNotFoundFault for a parameter group / subnet group ARN that names nothing.",
)
def list_tags_of_parameter_groups() -> None:
    from moto.core.responses import ActionResult
    from moto.elasticache.responses import ElastiCacheResponse

    original = ElastiCacheResponse.list_tags_for_resource

    @wraps(original)
    def list_tags(self: Any) -> Any:
        arn = self._get_param("ResourceName") or ""
        backend = backend_of(self)
        tagged_resource_exists(backend, arn)
        if PARAMETER_GROUP_ARN.match(arn):
            return ActionResult({"TagList": backend.tagging_service.list_tags_for_resource(arn)["Tags"]})
        return original(self)

    ElastiCacheResponse.list_tags_for_resource = list_tags  # type: ignore[method-assign]


@fix(
    "elasticache",
    "AddTagsToResource",
    "moto answered nothing (AWS answers the resource's TagList after the change) and tagged any ARN, even a parameter group or "
    "subnet group that does not exist; AWS answers CacheParameterGroupNotFound / CacheSubnetGroupNotFoundFault. "
    "RemoveTagsFromResource likewise.",
)
def tag_changes_answer_the_tag_list() -> None:
    from moto.core.responses import ActionResult
    from moto.elasticache.responses import ElastiCacheResponse

    for operation in ("add_tags_to_resource", "remove_tags_from_resource"):
        original = getattr(ElastiCacheResponse, operation)

        def changing_tags(self: Any, original: Any = original) -> Any:
            arn = self._get_param("ResourceName") or ""
            backend = backend_of(self)
            tagged_resource_exists(backend, arn)
            original(self)
            return ActionResult({"TagList": backend.tagging_service.list_tags_for_resource(arn)["Tags"]})

        setattr(ElastiCacheResponse, operation, wraps(original)(changing_tags))


# --- subnet groups --------------------------------------------------------------------------


@fix(
    "elasticache",
    "DeleteCacheSubnetGroup",
    "moto has no DeleteCacheSubnetGroup (NotImplemented). The emulator deletes the group and its tags; it refuses a group a "
    "replication group or cache cluster uses (CacheSubnetGroupInUse) and a missing one (CacheSubnetGroupNotFoundFault).",
)
def delete_cache_subnet_group() -> None:
    from moto.core.responses import EmptyResult
    from moto.elasticache.responses import ElastiCacheResponse

    def delete(self: Any) -> EmptyResult:
        backend = backend_of(self)
        name = self._get_param("CacheSubnetGroupName") or ""
        [group] = backend.describe_cache_subnet_groups(name)
        users = users_of(backend, "cache_subnet_group_name", name)
        if users:
            raise error("CacheSubnetGroupInUse", f"Cache subnet group {name} is currently in use by {', '.join(users)}.")
        del backend.cache_subnet_groups[name]
        backend.tagging_service.delete_all_tags_for_resource(group.arn)
        return EmptyResult()

    ElastiCacheResponse.delete_cache_subnet_group = delete  # type: ignore[attr-defined]


@fix(
    "elasticache",
    "ModifyCacheSubnetGroup",
    "moto has no ModifyCacheSubnetGroup (NotImplemented). The emulator changes the description and/or replaces the subnets "
    "(they must exist and share one VPC: InvalidSubnet otherwise) and answers the CacheSubnetGroup; a missing group answers "
    "CacheSubnetGroupNotFoundFault.",
)
def modify_cache_subnet_group() -> None:
    from moto.core.responses import ActionResult
    from moto.elasticache.models import CacheSubnetGroup
    from moto.elasticache.responses import ElastiCacheResponse

    def modify(self: Any) -> ActionResult:
        backend = backend_of(self)
        name = self._get_param("CacheSubnetGroupName") or ""
        [group] = backend.describe_cache_subnet_groups(name)
        description = self._get_param("CacheSubnetGroupDescription")
        subnet_ids = self._get_param("SubnetIds")
        if subnet_ids:
            known_subnets(backend, subnet_ids)
            replaced = CacheSubnetGroup(backend.account_id, backend.region_name, name, group.cache_subnet_group_description, subnet_ids, group.tags)
            for attribute in ("subnet_ids", "subnets", "supported_network_types", "vpc_id"):
                setattr(group, attribute, getattr(replaced, attribute))
        if description is not None:
            group.cache_subnet_group_description = description
        return ActionResult({"CacheSubnetGroup": group})

    ElastiCacheResponse.modify_cache_subnet_group = modify  # type: ignore[attr-defined]


def known_subnets(backend: Any, subnet_ids: list[str]) -> None:
    """InvalidSubnet unless every subnet exists in the backend's Region."""
    from moto.ec2.models import ec2_backends

    ec2 = ec2_backends[backend.account_id][backend.region_name]
    known = {subnet.id for subnet in ec2.describe_subnets()}
    for subnet_id in subnet_ids:
        if subnet_id not in known:
            raise error("InvalidSubnet", f"The subnet ID {subnet_id} does not exist")
