"""RDS fidelity fixes for moto 5.2.5 (moto/rds): the RDS-managed master user secret.

ModifyDBInstance and ModifyDBCluster turn the management of the master user password in
Secrets Manager on and off (``ManageMasterUserPassword``), choose the KMS key of the secret
(``MasterUserSecretKmsKeyId``) and rotate it (``RotateMasterUserPassword``). The checks and
the answers follow the RDS API reference of both operations and ``MasterUserSecret``.
"""

from __future__ import annotations

import re
from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

KEY_NEEDS_MANAGE = "A ManageMasterUserPassword value is required when MasterUserSecretKmsKeyId is specified."
MANAGE_WITH_PASSWORD = "You can't specify MasterUserPassword when ManageMasterUserPassword is true."
NOT_MANAGED = "You cannot set ManageMasterUserPassword to false because the master user password is not currently managed by RDS."
OFF_NEEDS_PASSWORD = "You must specify MasterUserPassword when you set ManageMasterUserPassword to false."
ROTATE_NOT_MANAGED = "You can rotate the master user password only when it is managed by RDS in AWS Secrets Manager."
ROTATE_NEEDS_APPLY = "You must specify apply immediately when rotating the master user password."
SETTLING = ("creating", "rotating")


def check_master_user_request(resource: Any, request: Any) -> None:
    """Refuse what AWS refuses in a modify request about the master user secret (before anything changes)."""
    from moto.rds.exceptions import InvalidParameterCombination
    from moto.rds.exceptions import InvalidParameterValue

    manage = request.get("manage_master_user_password")
    managed = hasattr(resource, "master_user_secret")
    if request.get("master_user_secret_kms_key_id") and manage is None:
        raise InvalidParameterValue(KEY_NEEDS_MANAGE)
    if manage and request.get("master_user_password"):
        raise InvalidParameterCombination(MANAGE_WITH_PASSWORD)
    if manage is False and not managed:
        raise InvalidParameterCombination(NOT_MANAGED)
    if manage is False and not request.get("master_user_password"):
        raise InvalidParameterCombination(OFF_NEEDS_PASSWORD)
    if request.get("rotate_master_user_password"):
        if manage is False or not (managed or manage):
            raise InvalidParameterCombination(ROTATE_NOT_MANAGED)
        if not request.get("apply_immediately"):
            raise InvalidParameterCombination(ROTATE_NEEDS_APPLY)
    if manage and request.get("master_user_secret_kms_key_id"):
        check_key(resource, request["master_user_secret_kms_key_id"])


def check_key(resource: Any, key_id: str) -> None:
    """KMSKeyNotAccessibleFault for a key (ID, ARN, alias name or alias ARN) the Region's KMS does not know."""
    from moto.rds.exceptions import KMSKeyNotAccessibleFault

    kms = resource.backend.kms
    try:  # moto's KMS answers an unknown alias with None (AttributeError on it) and an unknown key ID with a KeyError
        known = kms.any_id_to_key_id(key_id) in kms.keys
    except (AttributeError, KeyError):
        known = False
    if not known:
        raise KMSKeyNotAccessibleFault(key_id)


def keep_managed_secret(resource: Any, request: Any) -> None:
    """ManageMasterUserPassword=true on a resource that has its secret: keep that secret, under the key asked for.

    moto made a new secret each time and left the old one behind in Secrets Manager.
    """
    if not (request.get("manage_master_user_password") and hasattr(resource, "master_user_secret")):
        return
    request.pop("manage_master_user_password")
    key_id = request.pop("master_user_secret_kms_key_id", None)
    if key_id:
        resource.master_user_secret.secret.kms_key_id = key_id


@fix(
    "rds",
    "ModifyDBInstance",
    "ManageMasterUserPassword=true on an instance whose password is already managed made a second secret (a new "
    "SecretArn) and left the first in Secrets Manager; MasterUserSecretKmsKeyId alone was ignored; turning management "
    "off was accepted on an unmanaged instance or without MasterUserPassword; RotateMasterUserPassword on an unmanaged "
    "instance crashed (HTTP 500); an unknown key was accepted and the secret read back without KmsKeyId. AWS keeps the "
    "secret (re-encrypted under the key given), refuses those requests, and answers KMSKeyNotAccessibleFault.",
)
def modify_db_instance_master_user_secret() -> None:
    from moto.rds.models import RDSBackend

    original = RDSBackend.modify_db_instance

    @wraps(original)
    def modify_db_instance(self: Any, db_instance_identifier: str, db_kwargs: dict[str, Any]) -> Any:
        database = self.describe_db_instances(db_instance_identifier)[0]
        check_master_user_request(database, db_kwargs)
        keep_managed_secret(database, db_kwargs)
        return original(self, db_instance_identifier, db_kwargs)

    RDSBackend.modify_db_instance = modify_db_instance  # type: ignore[method-assign]


@fix(
    "rds",
    "ModifyDBCluster",
    "As for ModifyDBInstance (a second secret on ManageMasterUserPassword=true, the key ignored or unchecked, turning "
    "management off without a password accepted), and worse: a refused RotateMasterUserPassword (unmanaged cluster, "
    "HTTP 500; or without ApplyImmediately) removed the cluster from moto's backend, so every later call on it failed. "
    "AWS refuses the request and the cluster is unchanged.",
)
def modify_db_cluster_master_user_secret() -> None:
    from moto.rds.exceptions import DBClusterNotFoundError
    from moto.rds.models import RDSBackend

    original = RDSBackend.modify_db_cluster

    @wraps(original)
    def modify_db_cluster(self: Any, kwargs: dict[str, Any]) -> Any:
        cluster = self.clusters.get(kwargs["db_cluster_identifier"])
        if cluster is None:
            raise DBClusterNotFoundError(kwargs["db_cluster_identifier"])
        check_master_user_request(cluster, kwargs)
        keep_managed_secret(cluster, kwargs)
        return original(self, kwargs)

    RDSBackend.modify_db_cluster = modify_db_cluster  # type: ignore[method-assign]


@fix(
    "rds",
    "DescribeDBInstances",
    "MasterUserSecret.SecretStatus answered creating or rotating once, on the first read, then active, even while the "
    "instance was still modifying under a latency profile. AWS answers creating or rotating until the change is done.",
)
def secret_status_follows_its_resource() -> None:
    from moto.rds.models import MasterUserSecret

    original = MasterUserSecret.secret_status

    def secret_status(self: Any) -> str:
        if self._status in SETTLING and getattr(self.resource, "status", "available") != "available":
            return str(self._status)
        return str(original.fget(self))

    MasterUserSecret.secret_status = property(secret_status)  # type: ignore[assignment,method-assign]


# --- parameter groups -------------------------------------------------------------------

POSTGRES_FAMILY = re.compile(r"^(aurora-postgresql|postgres)(\d+)$")
# name, DataType, ApplyType, AllowedValues, engine-default ParameterValue (None: AWS answers none), Description
POSTGRES_PARAMETERS: tuple[tuple[str, str, str, str, str | None, str], ...] = (
    ("rds.force_ssl", "boolean", "dynamic", "0,1", None, "Force SSL connections."),
    ("log_min_duration_statement", "integer", "dynamic", "-1-2147483647", None, "Sets the minimum execution time above which statements will be logged."),
    ("log_connections", "boolean", "dynamic", "0,1", None, "Logs each successful connection."),
    ("log_disconnections", "boolean", "dynamic", "0,1", None, "Logs end of a session, including duration."),
    ("log_statement", "string", "dynamic", "none,ddl,mod,all", None, "Sets the type of statements logged."),
    ("log_lock_waits", "boolean", "dynamic", "0,1", None, "Logs long lock waits."),
    ("log_temp_files", "integer", "dynamic", "-1-2147483647", None, "Log the use of temporary files larger than this number of kilobytes."),
    (
        "log_autovacuum_min_duration",
        "integer",
        "dynamic",
        "-1-2147483647",
        "10000",
        "Sets the minimum execution time above which autovacuum actions will be logged.",
    ),
    ("idle_in_transaction_session_timeout", "integer", "dynamic", "0-2147483647", "86400000", "Sets the maximum allowed duration of any idling transaction."),
    ("statement_timeout", "integer", "dynamic", "0-2147483647", None, "Sets the maximum allowed duration of any statement."),
    ("work_mem", "integer", "dynamic", "64-2147483647", None, "Sets the maximum memory to be used for query workspaces."),
    (
        "maintenance_work_mem",
        "integer",
        "dynamic",
        "1024-2147483647",
        "GREATEST({DBInstanceClassMemory*1024/63963136},65536)",
        "Sets the maximum memory to be used for maintenance operations.",
    ),
    ("max_connections", "integer", "static", "6-262143", "LEAST({DBInstanceClassMemory/9531392},5000)", "Sets the maximum number of concurrent connections."),
    (
        "shared_preload_libraries",
        "list",
        "static",
        "auto_explain,orafce,pg_cron,pg_hint_plan,pg_similarity,pg_stat_statements,pg_tle,pg_transport,pgaudit,pglogical",
        "pg_stat_statements",
        "Lists shared libraries to preload into server.",
    ),
    (
        "pgaudit.log",
        "list",
        "dynamic",
        "ddl,function,misc,read,role,write,none,all,-ddl,-function,-misc,-read,-role,-write",
        None,
        "Specifies which classes of statements will be logged by session audit logging.",
    ),
    ("timezone", "string", "dynamic", "", "UTC", "Sets the time zone for displaying and interpreting time stamps."),
    ("password_encryption", "string", "dynamic", "md5,scram-sha-256", "scram-sha-256", "Encrypt passwords."),
    ("ssl_min_protocol_version", "string", "dynamic", "TLSv1,TLSv1.1,TLSv1.2,TLSv1.3", "TLSv1.2", "Sets the minimum SSL/TLS protocol version to use."),
)


def default_parameters(family: str | None) -> dict[str, dict[str, Any]]:
    """The engine-default parameters of a PostgreSQL or Aurora PostgreSQL family, by name ({} for other families)."""
    found = POSTGRES_FAMILY.match(family or "")
    if found is None:
        return {}
    aurora, version = found.group(1).startswith("aurora"), int(found.group(2))
    parameters = {}
    for name, data_type, apply_type, allowed, value, description in POSTGRES_PARAMETERS:
        if name == "rds.force_ssl" and not aurora and version >= 15:
            value = "1"  # RDS for PostgreSQL 15 and later force SSL by default
        if name == "password_encryption" and version < 14:
            value = "md5"
        parameter = {
            "ParameterName": name,
            "Description": description,
            "Source": "engine-default" if value is None or not value.startswith(("LEAST", "GREATEST")) else "system",
            "ApplyType": apply_type,
            "DataType": data_type,
            "IsModifiable": True,
            "ApplyMethod": "pending-reboot",
        }
        if allowed:
            parameter["AllowedValues"] = allowed
        if value is not None:
            parameter["ParameterValue"] = value
        parameters[name] = parameter
    return parameters


def with_defaults(group: Any, family: str | None) -> None:
    """Give a new parameter group its family's parameters, as AWS does; moto's start empty."""
    group.parameters.update(default_parameters(family))


def user_parameters(original: Any) -> Any:
    """An update that marks the parameters it sets as the user's (Source ``user``)."""

    @wraps(original)
    def update(self: Any, new_parameters: Any) -> None:
        new_parameters = list(new_parameters)
        original(self, new_parameters)
        for parameter in new_parameters:
            self.parameters[parameter["ParameterName"]]["Source"] = "user"

    return update


@fix(
    "rds",
    "DescribeDBParameterGroups",
    "A DBParameterGroupName that names no group answered an empty list; AWS answers DBParameterGroupNotFound. amazon.aws "
    "rds_instance_param_group reads the first group of the answer and crashed with an IndexError, so it could not "
    "create a group.",
)
def describe_missing_parameter_group_is_not_found() -> None:
    from moto.rds.exceptions import DBParameterGroupNotFoundError
    from moto.rds.models import RDSBackend

    original = RDSBackend.describe_db_parameter_groups

    @wraps(original)
    def describe_db_parameter_groups(self: Any, db_parameter_group_kwargs: dict[str, Any]) -> Any:
        groups = original(self, db_parameter_group_kwargs)
        name = db_parameter_group_kwargs.get("db_parameter_group_name")
        if name and not groups:
            raise DBParameterGroupNotFoundError(name)
        return groups

    RDSBackend.describe_db_parameter_groups = describe_db_parameter_groups  # type: ignore[method-assign]


@fix(
    "rds",
    "DescribeDBParameters",
    "A new DB parameter group had no parameters at all (only those set since), so amazon.aws rds_instance_param_group "
    "found none of the parameters it was asked to set, reported them in `errors` and set nothing. AWS lists every "
    "parameter of the family with its engine-default value, DataType, ApplyType, AllowedValues and IsModifiable; "
    "those set by ModifyDBParameterGroup read back with Source user.",
)
def parameter_groups_start_with_their_family_defaults() -> None:
    from moto.rds.models import DBParameterGroup

    original_init = DBParameterGroup.__init__

    @wraps(original_init)
    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        with_defaults(self, self.family)

    DBParameterGroup.__init__ = init  # type: ignore[method-assign]
    DBParameterGroup.update_parameters = user_parameters(DBParameterGroup.update_parameters)  # type: ignore[method-assign]


@fix(
    "rds",
    "DescribeDBClusterParameters",
    "A new DB cluster parameter group had no parameters, so amazon.aws rds_cluster_param_group failed with 'Could not "
    "find parameter with name: ...' for any parameter. AWS lists every parameter of the family, as for DB parameter groups.",
)
def cluster_parameter_groups_start_with_their_family_defaults() -> None:
    from moto.rds.models import DBClusterParameterGroup

    original_init = DBClusterParameterGroup.__init__

    @wraps(original_init)
    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        with_defaults(self, self.db_parameter_group_family)

    DBClusterParameterGroup.__init__ = init  # type: ignore[method-assign]
    DBClusterParameterGroup.update_cluster_parameters = user_parameters(DBClusterParameterGroup.update_cluster_parameters)  # type: ignore[method-assign]


# --- what an instance reads back -------------------------------------------------------

PERFORMANCE_INSIGHTS_RETENTION = 7  # days, the free tier AWS defaults to


def gp3_baseline(engine: str | None, allocated_storage: int | None) -> tuple[int, int]:
    """The IOPS and throughput (MiB/s) a gp3 volume has when none were asked for, by engine and size (RDS User Guide)."""
    engine = engine or ""
    if engine.startswith("sqlserver"):
        return 3000, 125
    threshold = 200 if engine.startswith("oracle") else 400
    return (3000, 125) if (allocated_storage or 0) < threshold else (12000, 500)


def key_arn(resource: Any, key_id: str | None, default_alias: str) -> str | None:
    """The ARN of the KMS key a request named (key ID, ARN, alias), or of the AWS managed key when it named none.

    A key the Region's KMS does not know is kept as given.
    """
    kms = resource.backend.kms
    try:
        return str(kms.describe_key(key_id or default_alias).arn)
    except (AttributeError, KeyError):
        return key_id


@fix(
    "rds",
    "CreateDBInstance",
    "Settings read back missing or wrong (and so after ModifyDBInstance): a gp3 instance without Iops and "
    "StorageThroughput had neither, and amazon.aws rds_instance crashed with a KeyError on its second run; "
    "EnablePerformanceInsights, PerformanceInsightsKMSKeyId and PerformanceInsightsRetentionPeriod were dropped, and "
    "rds_instance crashed on None.split; an encrypted instance without KmsKeyId read back 'default_kms_key_id', one "
    "with an alias or key ID read back as given. AWS answers the gp3 baseline (3000 IOPS and 125 MiB/s below 400 GiB, "
    "200 GiB for Oracle, always for SQL Server; 12000 and 500 from there), PerformanceInsightsEnabled always, the "
    "Performance Insights key ARN (aws/rds by default) and retention (7 days by default) when enabled, and the key ARN "
    "of the storage (aws/rds by default). An instance created in a DB cluster read back without DBSubnetGroup, and "
    "rds_instance crashed with a KeyError on its second run; AWS answers the cluster's subnet group.",
)
def instances_read_back_their_settings() -> None:
    from moto.rds.models import DBInstance
    from moto.rds.models import DBInstanceClustered

    throughput = DBInstance.storage_throughput
    storage_key = DBInstance.kms_key_id
    original_init = DBInstance.__init__

    @wraps(original_init)
    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.enable_performance_insights = bool(kwargs.get("enable_performance_insights"))
        self.performance_insights_kms_key_id = kwargs.get("performance_insights_kms_key_id")
        self.performance_insights_retention_period = kwargs.get("performance_insights_retention_period")

    def storage_throughput(self: Any) -> int | None:
        asked = throughput.fget(self)
        if asked is None and self.storage_type == "gp3":
            return gp3_baseline(self.engine, self.allocated_storage)[1]
        return asked  # type: ignore[no-any-return]

    def iops(self: Any) -> Any:
        asked = vars(self).get("_iops")
        if asked is None and getattr(self, "storage_type", None) == "gp3":
            return gp3_baseline(self.engine, self.allocated_storage)[0]
        return asked

    def set_iops(self: Any, value: Any) -> None:
        self._iops = value  # "_iops": moto's restores copy attributes without the underscore, as the iops argument

    def kms_key_id(self: Any) -> str | None:
        asked = storage_key.fget(self)
        if not self.storage_encrypted:
            return asked  # type: ignore[no-any-return]
        return key_arn(self, None if asked == "default_kms_key_id" else asked, "alias/aws/rds")

    def performance_insights_enabled(self: Any) -> bool:
        return bool(vars(self).get("enable_performance_insights"))

    def performance_insights_kms_key_id(self: Any) -> str | None:
        if not performance_insights_enabled(self):
            return None
        return key_arn(self, vars(self).get("_performance_insights_kms_key_id"), "alias/aws/rds")

    def set_performance_insights_kms_key_id(self: Any, value: str | None) -> None:
        self._performance_insights_kms_key_id = value

    def performance_insights_retention_period(self: Any) -> int | None:
        if not performance_insights_enabled(self):
            return None
        return int(vars(self).get("_performance_insights_retention_period") or PERFORMANCE_INSIGHTS_RETENTION)

    def set_performance_insights_retention_period(self: Any, value: int | None) -> None:
        self._performance_insights_retention_period = value

    clustered_init = DBInstanceClustered.__init__

    @wraps(clustered_init)
    def init_clustered(self: Any, *args: Any, **kwargs: Any) -> None:
        clustered_init(self, *args, **kwargs)
        group = self.cluster.db_subnet_group_name
        if vars(self).get("_db_subnet_group_name") is None and group in self.backend.subnet_groups:
            self.db_subnet_group_name = group

    DBInstance.__init__ = init  # type: ignore[method-assign]
    DBInstanceClustered.__init__ = init_clustered  # type: ignore[method-assign]
    DBInstance.storage_throughput = property(storage_throughput, throughput.fset)  # type: ignore[method-assign,assignment]
    DBInstance.iops = property(iops, set_iops)  # type: ignore[attr-defined]
    DBInstance.kms_key_id = property(kms_key_id, storage_key.fset)  # type: ignore[method-assign,assignment]
    DBInstance.performance_insights_enabled = property(performance_insights_enabled)  # type: ignore[attr-defined]
    DBInstance.performance_insights_kms_key_id = property(performance_insights_kms_key_id, set_performance_insights_kms_key_id)  # type: ignore[attr-defined]
    DBInstance.performance_insights_retention_period = property(  # type: ignore[attr-defined]
        performance_insights_retention_period, set_performance_insights_retention_period
    )
