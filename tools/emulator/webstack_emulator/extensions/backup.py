"""AWS Backup for moto 5.2.5 (moto/backup): vault answers, backup selections, on-demand backups of RDS.

moto keeps vaults, plans and report plans only. Here each Backup backend (account and
Region) also holds, beside moto's own records:

- the selections of each plan (CreateBackupSelection ... DeleteBackupSelection);
- backup jobs and the recovery points they made. StartBackupJob for an RDS DB instance
  takes a DB snapshot in moto's RDS backend, named ``awsbackup:job-<job id>`` as AWS Backup
  names it, and files a recovery point whose ARN is the snapshot's ARN in the vault; the
  job completes at once (no latency: the snapshot exists when the call answers). Other
  resource types are refused with InvalidParameterValueException (not emulated).

Answers follow the AWS Backup API reference and botocore's ``backup`` service model: list
entries are cut to the members of their shape (``RecoveryPointByBackupVault``,
``RecoveryPointByResource``, ``BackupJob``, ``BackupSelectionsListMember``).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from functools import cache
from functools import wraps
from typing import Any
from urllib.parse import unquote

from webstack_emulator.extensions import fix

DAY = 86400.0
COLD_STORAGE_MINIMUM_DAYS = 90
SELECTION_NAME = re.compile(r"^[a-zA-Z0-9\-_.]{1,50}$")
RDS_INSTANCE_ARN = re.compile(r"^arn:[^:]+:rds:([^:]+):(\d{12}):db:([^:/]+)$")
CONDITION_OPERATORS = ("StringEquals", "StringNotEquals", "StringLike", "StringNotLike")

# werkzeug does not match a trailing slash after a regex label unless the rule ends with it: those rules keep theirs.
PATHS = (
    "{0}/backup-jobs/?$",
    "{0}/backup-jobs/(?P<backup_job_id>[^/]+)$",
    "{0}/backup-vaults/(?P<vault>[^/]+)/recovery-points/$",
    "{0}/backup-vaults/(?P<vault>[^/]+)/recovery-points/(?P<recovery_point_arn>.+)$",
    "{0}/resources/(?P<resource_arn>.+)/recovery-points/$",
)


# --- answers cut to their shape ---------------------------------------------------------


@cache
def shape_members(shape: str) -> tuple[str, ...]:
    """The member names of a shape of botocore's backup model."""
    import botocore.session

    return tuple(botocore.session.get_session().get_service_model("backup").shape_for(shape).members)


def cut(record: dict[str, Any], shape: str) -> dict[str, Any]:
    """The members of record that shape has, those with a value."""
    return {key: record[key] for key in shape_members(shape) if record.get(key) is not None}


def page(items: list[Any], querystring: dict[str, list[str]]) -> tuple[list[Any], str | None]:
    """One page of items for nextToken/maxResults (the token is the index of the next item)."""
    start = int((querystring.get("nextToken") or ["0"])[0] or 0)
    size = int((querystring.get("maxResults") or ["1000"])[0] or 1000)
    end = start + size
    return items[start:end], (str(end) if end < len(items) else None)


def query(querystring: dict[str, list[str]], name: str) -> str | None:
    values = querystring.get(name)
    return values[0] if values else None


# --- lifecycles -------------------------------------------------------------------------


def lifecycle_errors(lifecycle: dict[str, Any] | None) -> str | None:
    """Why AWS refuses a Lifecycle (None when it accepts it)."""
    lifecycle = lifecycle or {}
    cold, delete = lifecycle.get("MoveToColdStorageAfterDays"), lifecycle.get("DeleteAfterDays")
    for name, days in (("MoveToColdStorageAfterDays", cold), ("DeleteAfterDays", delete)):
        if days is not None and days < 1:
            return f"{name} must be at least 1 day."
    if cold is not None and delete is not None and delete < cold + COLD_STORAGE_MINIMUM_DAYS:
        return f"DeleteAfterDays must be at least {COLD_STORAGE_MINIMUM_DAYS} days greater than MoveToColdStorageAfterDays."
    return None


def calculated_lifecycle(created: float, lifecycle: dict[str, Any] | None) -> dict[str, float] | None:
    """When a recovery point of an RDS instance is deleted. RDS snapshots have no cold storage: AWS Backup ignores that setting."""
    delete = (lifecycle or {}).get("DeleteAfterDays")
    return {"DeleteAt": created + delete * DAY} if delete is not None else None


# --- the records each backend keeps ----------------------------------------------------


def state(backend: Any) -> dict[str, dict[str, Any]]:
    """Selections by plan, jobs, recovery points and idempotency tokens of one backend; moto's reset forgets them with it."""
    return backend.__dict__.setdefault(
        "_webstack_backup",
        {"selections": {}, "jobs": {}, "recovery_points": {}, "selection_tokens": {}, "job_tokens": {}},
    )


def recovery_points_of(backend: Any, vault_name: str) -> list[dict[str, Any]]:
    """The recovery points a vault holds, newest first."""
    found = [point for point in state(backend)["recovery_points"].values() if point["BackupVaultName"] == vault_name]
    return sorted(found, key=lambda point: point["CreationDate"], reverse=True)


def count_recovery_points(backend: Any, vault_name: str) -> None:
    """Keep moto's vault counter (what ListBackupVaults answers) at the number of recovery points the vault holds."""
    vault = backend.vaults.get(vault_name)
    if vault is not None:
        vault.num_of_recovery_points = len(recovery_points_of(backend, vault_name))


# --- errors ----------------------------------------------------------------------------


def access_denied() -> Exception:
    """What AWS answers for a vault that does not exist: it cannot tell a missing vault from one you may not see."""
    from moto.core.exceptions import JsonRESTError

    error = JsonRESTError("AccessDeniedException", "Insufficient privileges to perform this action.")
    error.code = 403
    return error


def not_found(message: str) -> Exception:
    from moto.backup.exceptions import ResourceNotFoundException

    return ResourceNotFoundException(msg=message)


def invalid_parameter(message: str) -> Exception:
    from moto.backup.exceptions import InvalidParameterValueException

    return InvalidParameterValueException(msg=message)


def invalid_request(message: str) -> Exception:
    from moto.backup.exceptions import InvalidRequestException

    return InvalidRequestException(msg=message)


def already_exists(message: str) -> Exception:
    from moto.backup.exceptions import AlreadyExistsException

    return AlreadyExistsException(msg=message)


def vault(backend: Any, name: str) -> Any:
    """The vault named, or AccessDeniedException as AWS answers."""
    found = backend.vaults.get(name)
    if found is None:
        raise access_denied()
    return found


def live_plan(backend: Any, plan_id: str) -> Any:
    """A plan that exists and is not deleted, or ResourceNotFoundException."""
    plan = backend.plans.get(plan_id)
    if plan is None or plan.deletion_date is not None:
        raise not_found(f"Backup plan {plan_id} does not exist.")
    return plan


# --- plumbing --------------------------------------------------------------------------


def add_operation(name: str, operation: Callable[[Any], Any]) -> None:
    """Give moto's BackupResponse an operation (routed by botocore's model) and the URL paths it needs."""
    from moto.backup import urls
    from moto.backup.responses import BackupResponse

    for path in PATHS:
        urls.url_paths.setdefault(path, BackupResponse.dispatch)
    setattr(BackupResponse, name, operation)


def body(response: Any) -> dict[str, Any]:
    return json.loads(response.body or "{}")


def path_match(response: Any, pattern: str) -> tuple[str, ...]:
    """The URI labels of the request path, decoded."""
    found = re.search(pattern, response.path)
    if not found:
        raise invalid_parameter(f"Malformed request path {response.path}")
    return tuple(unquote(group) for group in found.groups())


def now() -> float:
    from moto.core.utils import unix_time

    return unix_time()


# --- vaults ----------------------------------------------------------------------------


@fix(
    "backup",
    "DescribeBackupVault",
    "A vault that does not exist answered ResourceNotFoundException (amazon.aws backup_vault then fails instead of creating it); "
    "AWS answers AccessDeniedException (HTTP 403). NumberOfRecoveryPoints was missing; AWS counts the vault's recovery points.",
)
def describe_backup_vault_as_aws_does() -> None:
    from moto.backup.responses import BackupResponse

    def describe_backup_vault(self: Any) -> str:
        backend = self.backup_backend
        (name,) = path_match(self, r"/backup-vaults/([^/]+)/?$")
        found = vault(backend, name)
        count_recovery_points(backend, name)
        return json.dumps(found.to_list_dict())

    BackupResponse.describe_backup_vault = describe_backup_vault  # type: ignore[method-assign]


@fix(
    "backup",
    "DeleteBackupVault",
    "moto deleted a vault that held recovery points, and answered 200 for a vault that does not exist; AWS refuses the first "
    "(InvalidRequestException, 'Backup vault cannot be deleted because it contains recovery points.') and answers AccessDeniedException to the second.",
)
def delete_backup_vault_keeps_recovery_points() -> None:
    from moto.backup.models import BackupBackend

    original = BackupBackend.delete_backup_vault

    @wraps(original)
    def delete_backup_vault(self: Any, backup_vault_name: str) -> None:
        vault(self, backup_vault_name)
        if recovery_points_of(self, backup_vault_name):
            raise invalid_request("Backup vault cannot be deleted because it contains recovery points.")
        original(self, backup_vault_name)

    BackupBackend.delete_backup_vault = delete_backup_vault  # type: ignore[method-assign]


# --- plans -----------------------------------------------------------------------------


@fix(
    "backup",
    "DeleteBackupPlan",
    "moto deleted a plan that still had selections, and a deleted plan's name could not be used again (AlreadyExistsException); "
    "AWS refuses the first (InvalidRequestException: selections must be deleted first) and a deleted plan no longer counts.",
)
def delete_backup_plan_after_its_selections() -> None:
    from moto.backup.models import BackupBackend

    original_delete = BackupBackend.delete_backup_plan

    @wraps(original_delete)
    def delete_backup_plan(self: Any, backup_plan_id: str) -> Any:
        live_plan(self, backup_plan_id)
        if state(self)["selections"].get(backup_plan_id):
            raise invalid_request("Related backup plan selections must be deleted prior to backup plan deletion.")
        return original_delete(self, backup_plan_id)

    original_create = BackupBackend.create_backup_plan

    @wraps(original_create)
    def create_backup_plan(self: Any, backup_plan: dict[str, Any], backup_plan_tags: dict[str, str], creator_request_id: str) -> Any:
        deleted = {plan_id: plan for plan_id, plan in self.plans.items() if plan.deletion_date is not None}
        for plan_id in deleted:
            del self.plans[plan_id]  # moto's duplicate check looks at every plan
        try:
            return original_create(self, backup_plan, backup_plan_tags, creator_request_id)
        finally:
            self.plans.update(deleted)

    BackupBackend.delete_backup_plan = delete_backup_plan  # type: ignore[method-assign]
    BackupBackend.create_backup_plan = create_backup_plan  # type: ignore[method-assign]


@fix(
    "backup",
    "UpdateBackupPlan",
    "moto 5.2.5 has no UpdateBackupPlan (amazon.aws backup_plan calls it when rules change); AWS replaces the plan's rules "
    "and settings and answers a new VersionId.",
)
def update_backup_plan() -> None:
    from moto.backup.models import Plan
    from moto.moto_api._internal import mock_random

    def update_backup_plan(self: Any) -> str:
        (plan_id,) = path_match(self, r"/backup/plans/([^/]+)/?$")
        plan = live_plan(self.backup_backend, plan_id)
        wanted = body(self)["BackupPlan"]
        error = next(filter(None, (lifecycle_errors(rule.get("Lifecycle")) for rule in wanted.get("Rules", []))), None)
        if error:
            raise invalid_parameter(error)
        template = Plan(backup_plan=wanted, creator_request_id=plan.creator_request_id, backend=self.backup_backend)  # fills rule defaults
        plan.backup_plan = template.backup_plan
        plan.advanced_backup_settings = template.advanced_backup_settings
        plan.version_id = mock_random.get_random_string(length=48)
        return json.dumps(plan.to_dict())

    add_operation("update_backup_plan", update_backup_plan)


# --- selections ------------------------------------------------------------------------


def selection_answer(record: dict[str, Any]) -> dict[str, Any]:
    """A selection as GetBackupSelection answers it: Conditions always with its four operators, as AWS reads it back."""
    selection = dict(record["BackupSelection"])
    conditions = selection.get("Conditions") or {}
    selection["Conditions"] = {operator: list(conditions.get(operator) or []) for operator in CONDITION_OPERATORS}
    return {key: value for key, value in dict(record, BackupSelection=selection).items() if value is not None}


@fix("backup", "CreateBackupSelection", "moto 5.2.5 has no backup selections (HTTP 404); AWS assigns resources to a plan, idempotent on CreatorRequestId.")
def create_backup_selection() -> None:
    def create_backup_selection(self: Any) -> str:
        backend = self.backup_backend
        (plan_id,) = path_match(self, r"/backup/plans/([^/]+)/selections/?$")
        request = body(self)
        live_plan(backend, plan_id)
        records = state(backend)["selections"].setdefault(plan_id, {})
        token = request.get("CreatorRequestId")
        first = state(backend)["selection_tokens"].get((plan_id, token)) if token else None
        if first in records:
            return json.dumps(cut(records[first], "CreateBackupSelectionOutput"))
        selection = request["BackupSelection"]
        if not SELECTION_NAME.match(selection.get("SelectionName", "")):
            raise invalid_parameter("SelectionName must be 1 to 50 letters, digits, hyphens, underscores or periods.")
        if any(record["BackupSelection"]["SelectionName"] == selection["SelectionName"] for record in records.values()):
            raise already_exists(f"Backup selection with the name {selection['SelectionName']} already exists in this plan.")
        record = {
            "SelectionId": str(uuid.uuid4()),
            "BackupPlanId": plan_id,
            "CreationDate": now(),
            "CreatorRequestId": token,
            "BackupSelection": selection,
        }
        records[record["SelectionId"]] = record
        if token:
            state(backend)["selection_tokens"][(plan_id, token)] = record["SelectionId"]
        return json.dumps(cut(record, "CreateBackupSelectionOutput"))

    add_operation("create_backup_selection", create_backup_selection)


def selection_of(response: Any) -> tuple[str, str, dict[str, Any]]:
    plan_id, selection_id = path_match(response, r"/backup/plans/([^/]+)/selections/([^/]+)/?$")
    record = state(response.backup_backend)["selections"].get(plan_id, {}).get(selection_id)
    if record is None:
        raise not_found(f"Backup selection {selection_id} of plan {plan_id} does not exist.")
    return plan_id, selection_id, record


@fix("backup", "GetBackupSelection", "moto 5.2.5 has no backup selections (HTTP 404); AWS answers the selection with every Conditions operator.")
def get_backup_selection() -> None:
    def get_backup_selection(self: Any) -> str:
        return json.dumps(selection_answer(selection_of(self)[2]))

    add_operation("get_backup_selection", get_backup_selection)


@fix("backup", "ListBackupSelections", "moto 5.2.5 has no backup selections (HTTP 404); AWS lists a plan's selections, paginated.")
def list_backup_selections() -> None:
    def list_backup_selections(self: Any) -> str:
        (plan_id,) = path_match(self, r"/backup/plans/([^/]+)/selections/?$")
        live_plan(self.backup_backend, plan_id)
        records = sorted(state(self.backup_backend)["selections"].get(plan_id, {}).values(), key=lambda record: record["CreationDate"])
        entries = [cut(dict(record, **record["BackupSelection"]), "BackupSelectionsListMember") for record in records]
        selected, token = page(entries, self.querystring)
        return json.dumps({"BackupSelectionsList": selected, **({"NextToken": token} if token else {})})

    add_operation("list_backup_selections", list_backup_selections)


@fix("backup", "DeleteBackupSelection", "moto 5.2.5 has no backup selections (HTTP 404); AWS deletes the selection and answers an empty 200.")
def delete_backup_selection() -> None:
    def delete_backup_selection(self: Any) -> str:
        plan_id, selection_id = selection_of(self)[:2]
        del state(self.backup_backend)["selections"][plan_id][selection_id]
        return ""

    add_operation("delete_backup_selection", delete_backup_selection)


# --- backup jobs and recovery points ---------------------------------------------------


def rds_backend(account_id: str, region: str) -> Any:
    from moto.rds.models import rds_backends

    return rds_backends[account_id][region]


def back_up_rds_instance(backend: Any, resource_arn: str, job_id: str, tags: dict[str, str]) -> Any:
    """Take the DB snapshot AWS Backup takes for a job: awsbackup:job-<job id>, of the instance, with the recovery point's tags."""
    from moto.rds.exceptions import DBInstanceNotFoundError

    found = RDS_INSTANCE_ARN.match(resource_arn)
    if not found:
        raise invalid_parameter(f"Resource {resource_arn} is not supported: the emulator backs up RDS DB instances (arn:aws:rds:<region>:<account>:db:<name>).")
    region, account_id, identifier = found.groups()
    if (region, account_id) != (backend.region_name, backend.account_id):
        raise invalid_parameter(f"Resource {resource_arn} is not in this account and Region.")
    rds = rds_backend(account_id, region)
    try:
        return rds.create_db_snapshot(
            identifier,
            f"awsbackup:job-{job_id.lower()}",
            snapshot_type="awsbackup",
            tags=[{"Key": key, "Value": value} for key, value in tags.items()] or None,
        )
    except DBInstanceNotFoundError as error:
        raise not_found(f"Resource {resource_arn} does not exist.") from error


@fix(
    "backup",
    "StartBackupJob",
    "moto 5.2.5 has no backup jobs (HTTP 404); AWS backs the resource up into the vault. For an RDS DB instance the job "
    "takes the DB snapshot awsbackup:job-<id> and its ARN is the recovery point's (completed at once here).",
)
def start_backup_job() -> None:
    def start_backup_job(self: Any) -> str:
        backend = self.backup_backend
        request = body(self)
        target = vault(backend, request["BackupVaultName"])
        records = state(backend)
        token = request.get("IdempotencyToken")
        first = records["job_tokens"].get(token) if token else None
        if first in records["jobs"]:
            return json.dumps(cut(records["jobs"][first], "StartBackupJobOutput"))
        error = lifecycle_errors(request.get("Lifecycle"))
        if error:
            raise invalid_parameter(error)
        job_id = str(uuid.uuid4()).upper()
        tags = request.get("RecoveryPointTags") or {}
        snapshot = back_up_rds_instance(backend, request["ResourceArn"], job_id, tags)
        created = now()
        size = snapshot.allocated_storage * 1024**3
        point = {
            "RecoveryPointArn": snapshot.arn,
            "BackupVaultName": target.backup_vault_name,
            "BackupVaultArn": target.backup_vault_arn,
            "ResourceArn": request["ResourceArn"],
            "ResourceType": "RDS",
            "ResourceName": snapshot.db_instance_identifier,
            "IamRoleArn": request["IamRoleArn"],
            "Status": "COMPLETED",
            "CreationDate": created,
            "InitiationDate": created,
            "CompletionDate": created,
            "BackupSizeInBytes": size,
            "BackupSizeBytes": size,
            "Lifecycle": request.get("Lifecycle"),
            "CalculatedLifecycle": calculated_lifecycle(created, request.get("Lifecycle")),
            "EncryptionKeyArn": target.encryption_key_arn,
            "IsEncrypted": bool(snapshot.storage_encrypted),
            "StorageClass": "WARM",
            "IsParent": False,
            "VaultType": "BACKUP_VAULT",
        }
        job = dict(
            point,
            AccountId=backend.account_id,
            BackupJobId=job_id,
            RecoveryPointLifecycle=request.get("Lifecycle"),
            State="COMPLETED",
            PercentDone="100.0",
            BytesTransferred=size,
            StartBy=created + (request.get("StartWindowMinutes") or 480) * 60,
            ExpectedCompletionDate=created,
            BackupOptions=request.get("BackupOptions"),
            MessageCategory="SUCCESS",
        )
        records["recovery_points"][snapshot.arn] = point
        records["jobs"][job_id] = job
        if token:
            records["job_tokens"][token] = job_id
        if tags:
            backend.tag_resource(snapshot.arn, tags)
        count_recovery_points(backend, target.backup_vault_name)
        return json.dumps(cut(job, "StartBackupJobOutput"))

    add_operation("start_backup_job", start_backup_job)


@fix("backup", "DescribeBackupJob", "moto 5.2.5 has no backup jobs (HTTP 404); AWS answers the job, its state and its recovery point.")
def describe_backup_job() -> None:
    def describe_backup_job(self: Any) -> str:
        (job_id,) = path_match(self, r"/backup-jobs/([^/]+)/?$")
        job = state(self.backup_backend)["jobs"].get(job_id)
        if job is None:
            raise not_found(f"Backup job {job_id} does not exist.")
        return json.dumps(cut(job, "DescribeBackupJobOutput"))

    add_operation("describe_backup_job", describe_backup_job)


@fix("backup", "ListBackupJobs", "moto 5.2.5 has no backup jobs (HTTP 404); AWS lists them newest first, by resource, vault, state or resource type.")
def list_backup_jobs() -> None:
    filters = {"resourceArn": "ResourceArn", "backupVaultName": "BackupVaultName", "state": "State", "resourceType": "ResourceType"}

    def list_backup_jobs(self: Any) -> str:
        wanted = {field: query(self.querystring, name) for name, field in filters.items() if query(self.querystring, name)}
        jobs = [job for job in state(self.backup_backend)["jobs"].values() if all(job.get(field) == value for field, value in wanted.items())]
        jobs.sort(key=lambda job: job["CreationDate"], reverse=True)
        selected, token = page([cut(job, "BackupJob") for job in jobs], self.querystring)
        return json.dumps({"BackupJobs": selected, **({"NextToken": token} if token else {})})

    add_operation("list_backup_jobs", list_backup_jobs)


@fix(
    "backup",
    "ListRecoveryPointsByBackupVault",
    "moto 5.2.5 has no recovery points (HTTP 404); AWS lists a vault's, and answers AccessDeniedException for a vault that does not exist.",
)
def list_recovery_points_by_backup_vault() -> None:
    filters = {"resourceArn": "ResourceArn", "resourceType": "ResourceType"}

    def list_recovery_points_by_backup_vault(self: Any) -> str:
        (name,) = path_match(self, r"/backup-vaults/([^/]+)/recovery-points/?$")
        vault(self.backup_backend, name)
        wanted = {field: query(self.querystring, key) for key, field in filters.items() if query(self.querystring, key)}
        points = [point for point in recovery_points_of(self.backup_backend, name) if all(point.get(field) == value for field, value in wanted.items())]
        selected, token = page([cut(point, "RecoveryPointByBackupVault") for point in points], self.querystring)
        return json.dumps({"RecoveryPoints": selected, **({"NextToken": token} if token else {})})

    add_operation("list_recovery_points_by_backup_vault", list_recovery_points_by_backup_vault)


@fix("backup", "ListRecoveryPointsByResource", "moto 5.2.5 has no recovery points (HTTP 404); AWS lists a resource's in every vault, newest first.")
def list_recovery_points_by_resource() -> None:
    def list_recovery_points_by_resource(self: Any) -> str:
        (resource_arn,) = path_match(self, r"/resources/(.+)/recovery-points/?$")
        points = [point for point in state(self.backup_backend)["recovery_points"].values() if point["ResourceArn"] == resource_arn]
        points.sort(key=lambda point: point["CreationDate"], reverse=True)
        selected, token = page([cut(point, "RecoveryPointByResource") for point in points], self.querystring)
        return json.dumps({"RecoveryPoints": selected, **({"NextToken": token} if token else {})})

    add_operation("list_recovery_points_by_resource", list_recovery_points_by_resource)


def recovery_point_of(response: Any) -> tuple[str, dict[str, Any]]:
    """The recovery point a /backup-vaults/{name}/recovery-points/{arn} request names, in that vault."""
    name, arn = path_match(response, r"/backup-vaults/([^/]+)/recovery-points/(.+?)/?$")
    vault(response.backup_backend, name)
    point = state(response.backup_backend)["recovery_points"].get(arn)
    if point is None or point["BackupVaultName"] != name:
        raise not_found(f"Recovery point {arn} does not exist in backup vault {name}.")
    return arn, point


@fix("backup", "DescribeRecoveryPoint", "moto 5.2.5 has no recovery points (HTTP 404); AWS answers the recovery point with its lifecycle and key.")
def describe_recovery_point() -> None:
    def describe_recovery_point(self: Any) -> str:
        return json.dumps(cut(recovery_point_of(self)[1], "DescribeRecoveryPointOutput"))

    add_operation("describe_recovery_point", describe_recovery_point)


@fix("backup", "DeleteRecoveryPoint", "moto 5.2.5 has no recovery points (HTTP 404); AWS deletes the recovery point and, for RDS, its DB snapshot.")
def delete_recovery_point() -> None:
    def delete_recovery_point(self: Any) -> str:
        backend = self.backup_backend
        arn, point = recovery_point_of(self)
        identifier = arn.split(":snapshot:", 1)[1]
        rds = rds_backend(backend.account_id, backend.region_name)
        rds.database_snapshots.pop(identifier, None)
        del state(backend)["recovery_points"][arn]
        backend.tagger.delete_all_tags_for_resource(arn)
        count_recovery_points(backend, point["BackupVaultName"])
        return ""

    add_operation("delete_recovery_point", delete_recovery_point)


@fix(
    "backup",
    "UpdateRecoveryPointLifecycle",
    "moto 5.2.5 has no recovery points (HTTP 404); AWS replaces the lifecycle and answers it with the dates it implies.",
)
def update_recovery_point_lifecycle() -> None:
    def update_recovery_point_lifecycle(self: Any) -> str:
        point = recovery_point_of(self)[1]
        lifecycle = body(self).get("Lifecycle")
        error = lifecycle_errors(lifecycle)
        if error:
            raise invalid_parameter(error)
        point.update(Lifecycle=lifecycle, CalculatedLifecycle=calculated_lifecycle(point["CreationDate"], lifecycle))
        return json.dumps(cut(point, "UpdateRecoveryPointLifecycleOutput"))

    add_operation("update_recovery_point_lifecycle", update_recovery_point_lifecycle)


@fix(
    "rds",
    "RestoreDBInstanceFromDBSnapshot",
    "moto 5.2.5 looks the snapshot up among automated and manual snapshots only, so an AWS Backup snapshot "
    "(awsbackup:job-<id>) is DBSnapshotNotFound, and it drops every override that is false (PubliclyAccessible, "
    "MultiAZ, DeletionProtection: the source's values win); AWS restores any snapshot of the account with the settings asked.",
)
def restore_from_backup_snapshots() -> None:
    from moto.rds.models import RDSBackend

    original = RDSBackend.restore_db_instance_from_db_snapshot

    def restore(self: Any, from_snapshot_id: str, overrides: dict[str, Any]) -> Any:
        identifier = self.extract_snapshot_name_from_arn(from_snapshot_id) if from_snapshot_id.startswith("arn:") else from_snapshot_id
        snapshot = self.database_snapshots.get(identifier)
        if snapshot is None or snapshot.snapshot_type != "awsbackup":
            return original(self, from_snapshot_id, overrides)
        snapshot.snapshot_type = "manual"
        try:
            return original(self, identifier, overrides)
        finally:
            snapshot.snapshot_type = "awsbackup"

    def restore_db_instance_from_db_snapshot(self: Any, from_snapshot_id: str, overrides: dict[str, Any]) -> Any:
        return with_false_overrides(restore(self, from_snapshot_id, overrides), overrides)

    RDSBackend.restore_db_instance_from_db_snapshot = restore_db_instance_from_db_snapshot


FALSE_OVERRIDES = ("publicly_accessible", "multi_az", "deletion_protection")


def with_false_overrides(instance: Any, overrides: dict[str, Any]) -> Any:
    """The settings a restore asked to be false, which moto's restores drop (they copy only truthy overrides)."""
    for key in FALSE_OVERRIDES:
        if overrides.get(key) is False:
            setattr(instance, key, False)
    return instance


@fix(
    "rds",
    "RestoreDBInstanceToPointInTime",
    "moto 5.2.5 drops every override that is false (PubliclyAccessible, MultiAZ, DeletionProtection: the source's "
    "values win); AWS restores the point in time with the settings asked.",
)
def restore_to_point_in_time_with_false_overrides() -> None:
    from moto.rds.models import RDSBackend

    original = RDSBackend.restore_db_instance_to_point_in_time

    def restore_db_instance_to_point_in_time(self: Any, source_db_identifier: str, target_db_identifier: str, overrides: dict[str, Any]) -> Any:
        return with_false_overrides(original(self, source_db_identifier, target_db_identifier, overrides), overrides)

    RDSBackend.restore_db_instance_to_point_in_time = restore_db_instance_to_point_in_time
