"""What in the account still carries a stack's tags, service by service."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator

# The stack's Region, where CloudFront's alarms, certificates and web ACL live (us-east-1) and the inventories' DR Region.
GLOBAL_REGION = "us-east-1"
REGIONS = (REGION, GLOBAL_REGION, "eu-central-1")
# Where the edge puts its certificates and web ACLs: the stack's Region (the load balancer's) and CloudFront's.
EDGE_REGIONS = (REGION, GLOBAL_REGION)
# ListCertificates lists only RSA_1024 and RSA_2048 certificates unless asked for every key type.
ACM_KEY_TYPES = ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"]


def _has(tags: dict[str, str], stack: str, environment: str) -> bool:
    return tags.get("webstack:stack") == stack and tags.get("webstack:environment") == environment


def _where(region: str, name: str) -> str:
    """A resource's name, qualified by its Region when that is not the stack's."""
    return name if region == REGION else f"{region}/{name}"


def tagged_resources(emulator: Emulator, stack: str, environment: str) -> list[str]:
    """IDs or names of every live resource tagged with the stack, across the services the roles use."""
    found: list[str] = []
    found += [f"ec2:{resource}" for resource in _ec2_tagged(emulator.client("ec2"), stack)]
    for region in REGIONS:  # the edge's WAF logs and its replica key live outside the stack's Region
        logs = emulator.client("logs", region)
        for group in logs.describe_log_groups()["logGroups"]:
            tags = logs.list_tags_for_resource(resourceArn=group["arn"].rstrip(":*"))["tags"]
            if _has(tags, stack, environment):
                found.append(f"logs:{_where(region, group['logGroupName'])}")
        kms = emulator.client("kms", region)
        for key in kms.list_keys()["Keys"]:
            if kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "PendingDeletion":
                continue
            tags = {t["TagKey"]: t["TagValue"] for t in kms.list_resource_tags(KeyId=key["KeyId"])["Tags"]}
            if _has(tags, stack, environment):
                found.append(f"kms:{_where(region, key['KeyId'])}")
    iam = emulator.client("iam")
    for role in iam.list_roles()["Roles"]:
        tags = {t["Key"]: t["Value"] for t in iam.list_role_tags(RoleName=role["RoleName"])["Tags"]}
        if _has(tags, stack, environment):
            found.append(f"iam:{role['RoleName']}")
    for provider in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]:
        tags = {t["Key"]: t["Value"] for t in iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=provider["Arn"])["Tags"]}
        if _has(tags, stack, environment):
            found.append(f"iam:{provider['Arn']}")
    found += _audit_tagged(emulator, stack, environment)
    found += _cost_tagged(emulator, stack, environment)
    found += _monitoring_tagged(emulator, stack, environment)
    found += _backup_tagged(emulator, stack, environment)
    found += _data_tagged(emulator, stack, environment)
    found += _edge_tagged(emulator, stack, environment)
    found += _app_tagged(emulator, stack, environment)
    return found


def managed_resources(emulator: Emulator, stack: str, environment: str) -> list[str]:
    """What the stack manages: its tagged resources, plus what AWS cannot tag.

    One stack is one account and region (DESIGN.md section 2), so the account's
    settings (password policy, S3 public access block, EBS default encryption,
    Inspector scanning, Config recorder and channel, Security Hub standards) are
    the stack's; so are the inline policies of its roles and its Config rules.
    """
    found = tagged_resources(emulator, stack, environment)
    prefix = f"{stack}-{environment}-"
    iam = emulator.client("iam")
    for role in iam.list_roles()["Roles"]:
        if role["RoleName"].startswith(prefix):
            found += [f"iam:{role['RoleName']}/{name}" for name in iam.list_role_policies(RoleName=role["RoleName"])["PolicyNames"]]
            attached = iam.list_attached_role_policies(RoleName=role["RoleName"])["AttachedPolicies"]
            found += [f"iam:{role['RoleName']}/attached/{policy['PolicyName']}" for policy in attached]
    try:
        iam.get_account_password_policy()
        found.append("iam:password-policy")
    except iam.exceptions.NoSuchEntityException:
        pass
    config = emulator.client("config")
    found += [f"config:{rule['ConfigRuleName']}" for rule in config.describe_config_rules()["ConfigRules"] if rule["ConfigRuleName"].startswith(prefix)]
    found += [f"config:recorder/{recorder['name']}" for recorder in config.describe_configuration_recorders()["ConfigurationRecorders"]]
    found += [f"config:channel/{channel['name']}" for channel in config.describe_delivery_channels()["DeliveryChannels"]]
    account = emulator.client("sts").get_caller_identity()["Account"]
    s3control = emulator.client("s3control")
    try:
        s3control.get_public_access_block(AccountId=account)
        found.append("s3control:public-access-block")
    except s3control.exceptions.ClientError:
        pass
    if emulator.client("ec2").get_ebs_encryption_by_default()["EbsEncryptionByDefault"]:
        found.append("ec2:ebs-encryption-by-default")
    [status] = emulator.client("inspector2").batch_get_account_status(accountIds=[account])["accounts"]
    found += [f"inspector2:{kind}" for kind, state in status["resourceState"].items() if state["status"] == "ENABLED"]
    securityhub = emulator.client("securityhub")
    try:
        found += [f"securityhub:{s['StandardsSubscriptionArn']}" for s in securityhub.get_enabled_standards()["StandardsSubscriptions"]]
    except securityhub.exceptions.ClientError:
        pass  # not enabled
    budgets = emulator.client("budgets")
    for budget in budgets.describe_budgets(AccountId=account).get("Budgets", []):
        if budget["BudgetName"].startswith(prefix):
            notifications = budgets.describe_notifications_for_budget(AccountId=account, BudgetName=budget["BudgetName"]).get("Notifications", [])
            found += [f"budgets:{budget['BudgetName']}/{n['NotificationType']}-{n['Threshold']}" for n in notifications]
    found += _untaggable(emulator, prefix)
    found += _attachments(emulator, prefix)
    found += _data_untagged(emulator, prefix)
    found += _edge_untagged(emulator, stack, environment)
    found += _app_untagged(emulator, prefix)
    found += _bucket_configurations(emulator, [name.split(":", 1)[1] for name in found if name.startswith("s3:")])
    return found


# The configuration documents of a bucket that the roles set, each with its own Put, Get and Delete call.
_BUCKET_CONFIGURATIONS = (
    ("policy", "get_bucket_policy"),
    ("lifecycle", "get_bucket_lifecycle_configuration"),
    ("public-access-block", "get_public_access_block"),
    ("ownership-controls", "get_bucket_ownership_controls"),
    ("encryption", "get_bucket_encryption"),
    ("replication", "get_bucket_replication"),
)


def _bucket_configurations(emulator: Emulator, buckets: list[str]) -> list[str]:
    """Each stack bucket's configurations that AWS holds, and its versioning when it is on."""
    s3 = emulator.client("s3")
    found = []
    for bucket in buckets:
        for kind, read in _BUCKET_CONFIGURATIONS:
            try:
                getattr(s3, read)(Bucket=bucket)
                found.append(f"s3:{bucket}/{kind}")
            except s3.exceptions.ClientError:
                pass  # NoSuchBucketPolicy, NoSuchLifecycleConfiguration, ...: not set
        if s3.get_bucket_versioning(Bucket=bucket).get("Status") == "Enabled":
            found.append(f"s3:{bucket}/versioning")
    return found


def _attachments(emulator: Emulator, prefix: str) -> list[str]:
    """What hangs off the alarm topics and the EventBridge rules: subscriptions and targets."""
    found = []
    for region in REGIONS:
        sns = emulator.client("sns", region)
        for topic in sns.list_topics()["Topics"]:
            if topic["TopicArn"].split(":")[-1].startswith(prefix):
                subscriptions = sns.list_subscriptions_by_topic(TopicArn=topic["TopicArn"])["Subscriptions"]
                found += [f"sns:{topic['TopicArn']}/{s['Protocol']}:{s['Endpoint']}" for s in subscriptions]
    events = emulator.client("events")
    for rule in events.list_rules(NamePrefix=prefix)["Rules"]:
        found += [f"events:{rule['Name']}/{target['Id']}" for target in events.list_targets_by_rule(Rule=rule["Name"])["Targets"]]
    return found


def _untaggable(emulator: Emulator, prefix: str) -> list[str]:
    """What the monitoring and backup roles make without tags: metric alarms, dashboards, EventBridge rules, selections."""
    found = []
    for region in REGIONS:
        cloudwatch = emulator.client("cloudwatch", region)
        alarms = cloudwatch.describe_alarms(AlarmNamePrefix=prefix)["MetricAlarms"]
        found += [f"cloudwatch:{region}/{alarm['AlarmName']}" for alarm in alarms]
    cloudwatch = emulator.client("cloudwatch")
    found += [f"cloudwatch:dashboard/{d['DashboardName']}" for d in cloudwatch.list_dashboards(DashboardNamePrefix=prefix)["DashboardEntries"]]
    found += [f"events:{rule['Name']}" for rule in emulator.client("events").list_rules(NamePrefix=prefix)["Rules"]]
    backup = emulator.client("backup")
    for plan in backup.list_backup_plans()["BackupPlansList"]:
        selections = backup.list_backup_selections(BackupPlanId=plan["BackupPlanId"])["BackupSelectionsList"]
        found += [f"backup:selection/{s['SelectionName']}" for s in selections if s["SelectionName"].startswith(prefix)]
    return found


def _audit_tagged(emulator: Emulator, stack: str, environment: str) -> list[str]:
    """The stack's tagged buckets (the audit bucket, the edge's site and log buckets), trails, the GuardDuty detector and the Security Hub hub."""
    found = []
    s3 = emulator.client("s3")
    for bucket in s3.list_buckets()["Buckets"]:
        try:
            tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=bucket["Name"])["TagSet"]}
        except s3.exceptions.ClientError:
            continue  # NoSuchTagSet
        if _has(tags, stack, environment):
            found.append(f"s3:{bucket['Name']}")
    cloudtrail = emulator.client("cloudtrail")
    for trail in cloudtrail.describe_trails()["trailList"]:
        [listed] = cloudtrail.list_tags(ResourceIdList=[trail["TrailARN"]])["ResourceTagList"]
        if _has({t["Key"]: t["Value"] for t in listed.get("TagsList", [])}, stack, environment):
            found.append(f"cloudtrail:{trail['Name']}")
    guardduty = emulator.client("guardduty")
    for detector in guardduty.list_detectors()["DetectorIds"]:
        if _has(guardduty.get_detector(DetectorId=detector).get("Tags", {}), stack, environment):
            found.append(f"guardduty:{detector}")
    securityhub = emulator.client("securityhub")
    try:
        hub = securityhub.describe_hub()["HubArn"]
    except securityhub.exceptions.ClientError:
        return found  # not enabled
    if _has(securityhub.list_tags_for_resource(ResourceArn=hub)["Tags"], stack, environment):
        found.append(f"securityhub:{hub}")
    return found


def _cost_tagged(emulator: Emulator, stack: str, environment: str) -> list[str]:
    """The cost role's tagged resources: budgets, anomaly monitors and anomaly subscriptions."""
    found = []
    account = emulator.client("sts").get_caller_identity()["Account"]
    budgets = emulator.client("budgets")
    for budget in budgets.describe_budgets(AccountId=account).get("Budgets", []):
        arn = f"arn:aws:budgets::{account}:budget/{budget['BudgetName']}"
        tags = {t["Key"]: t["Value"] for t in budgets.list_tags_for_resource(ResourceARN=arn).get("ResourceTags", [])}
        if _has(tags, stack, environment):
            found.append(f"budgets:{budget['BudgetName']}")
    ce = emulator.client("ce")
    anomaly_resources = [(m["MonitorArn"], m["MonitorName"]) for m in ce.get_anomaly_monitors()["AnomalyMonitors"]]
    anomaly_resources += [(s["SubscriptionArn"], s["SubscriptionName"]) for s in ce.get_anomaly_subscriptions()["AnomalySubscriptions"]]
    for arn, name in anomaly_resources:
        tags = {t["Key"]: t["Value"] for t in ce.list_tags_for_resource(ResourceArn=arn).get("ResourceTags", [])}
        if _has(tags, stack, environment):
            found.append(f"ce:{arn.split(':')[-1].split('/')[0]}/{name}")
    return found


def _monitoring_tagged(emulator: Emulator, stack: str, environment: str) -> list[str]:
    """The monitoring role's tagged resources: the alarm topics (the stack's Region and us-east-1) and the composite alarm."""
    found = []
    for region in REGIONS:
        sns = emulator.client("sns", region)
        for topic in sns.list_topics()["Topics"]:
            tags = {t["Key"]: t["Value"] for t in sns.list_tags_for_resource(ResourceArn=topic["TopicArn"])["Tags"]}
            if _has(tags, stack, environment):
                found.append(f"sns:{region}/{topic['TopicArn'].split(':')[-1]}")
    cloudwatch = emulator.client("cloudwatch")
    for alarm in cloudwatch.describe_alarms(AlarmTypes=["CompositeAlarm"])["CompositeAlarms"]:
        tags = {t["Key"]: t["Value"] for t in cloudwatch.list_tags_for_resource(ResourceARN=alarm["AlarmArn"])["Tags"]}
        if _has(tags, stack, environment):
            found.append(f"cloudwatch:composite/{alarm['AlarmName']}")
    return found


def _backup_tagged(emulator: Emulator, stack: str, environment: str) -> list[str]:
    """The backup role's tagged resources: vaults (the stack's Region and the DR Region) and plans."""
    found = []
    for region in REGIONS:
        backup = emulator.client("backup", region)
        for vault in backup.list_backup_vaults()["BackupVaultList"]:
            if _has(backup.list_tags(ResourceArn=vault["BackupVaultArn"])["Tags"], stack, environment):
                found.append(f"backup:{region}/{vault['BackupVaultName']}")
        if region == REGIONS[0]:
            for plan in backup.list_backup_plans()["BackupPlansList"]:
                if _has(backup.list_tags(ResourceArn=plan["BackupPlanArn"])["Tags"], stack, environment):
                    found.append(f"backup:plan/{plan['BackupPlanName']}")
    return found


def _tag_dict(tags: list[dict[str, str]]) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in tags}


def _data_tagged(emulator: Emulator, stack: str, environment: str) -> list[str]:
    """The data tier's tagged resources: databases, proxies, snapshots, caches, their groups and secrets."""
    rds = emulator.client("rds")

    def listed(kind: str, items: list[dict[str, Any]], name_key: str) -> list[str]:
        return [f"rds:{kind}/{item[name_key]}" for item in items if _has(_tag_dict(item.get("TagList", [])), stack, environment)]

    found = listed("db", rds.describe_db_instances()["DBInstances"], "DBInstanceIdentifier")
    found += listed("cluster", rds.describe_db_clusters()["DBClusters"], "DBClusterIdentifier")
    found += listed("snapshot", rds.describe_db_snapshots(SnapshotType="manual")["DBSnapshots"], "DBSnapshotIdentifier")
    found += listed("cluster-snapshot", rds.describe_db_cluster_snapshots(SnapshotType="manual")["DBClusterSnapshots"], "DBClusterSnapshotIdentifier")
    arns = [(f"rds:proxy/{p['DBProxyName']}", p["DBProxyArn"]) for p in rds.describe_db_proxies()["DBProxies"]]
    arns += [(f"rds:pg/{g['DBParameterGroupName']}", g["DBParameterGroupArn"]) for g in rds.describe_db_parameter_groups()["DBParameterGroups"]]
    cluster_groups = rds.describe_db_cluster_parameter_groups()["DBClusterParameterGroups"]
    arns += [(f"rds:cpg/{g['DBClusterParameterGroupName']}", g["DBClusterParameterGroupArn"]) for g in cluster_groups]
    arns += [(f"rds:subnets/{g['DBSubnetGroupName']}", g["DBSubnetGroupArn"]) for g in rds.describe_db_subnet_groups()["DBSubnetGroups"]]
    found += [name for name, arn in arns if _has(_tag_dict(rds.list_tags_for_resource(ResourceName=arn)["TagList"]), stack, environment)]
    elasticache = emulator.client("elasticache")
    for group in elasticache.describe_replication_groups()["ReplicationGroups"]:
        if group["Status"] != "deleting" and _has(_tag_dict(elasticache.list_tags_for_resource(ResourceName=group["ARN"])["TagList"]), stack, environment):
            found.append(f"elasticache:{group['ReplicationGroupId']}")
    for snapshot in elasticache.describe_snapshots(SnapshotSource="manual")["Snapshots"]:
        if _has(_tag_dict(elasticache.list_tags_for_resource(ResourceName=snapshot["ARN"])["TagList"]), stack, environment):
            found.append(f"elasticache:snapshot/{snapshot['SnapshotName']}")
    secrets = emulator.client("secretsmanager").list_secrets()["SecretList"]
    found += [f"secretsmanager:{s['Name']}" for s in secrets if "DeletedDate" not in s and _has(_tag_dict(s.get("Tags", [])), stack, environment)]
    return found


def _data_untagged(emulator: Emulator, prefix: str) -> list[str]:
    """What the data tier manages that its modules cannot tag: cache groups, proxy targets and pool, RDS-kept secrets."""
    elasticache = emulator.client("elasticache")
    groups = elasticache.describe_cache_parameter_groups()["CacheParameterGroups"]
    found = [f"elasticache:pg/{g['CacheParameterGroupName']}" for g in groups if g["CacheParameterGroupName"].startswith(prefix)]
    subnet_groups = elasticache.describe_cache_subnet_groups()["CacheSubnetGroups"]
    found += [f"elasticache:subnets/{g['CacheSubnetGroupName']}" for g in subnet_groups if g["CacheSubnetGroupName"].startswith(prefix)]
    rds = emulator.client("rds")
    for proxy in rds.describe_db_proxies()["DBProxies"]:
        if proxy["DBProxyName"].startswith(prefix):
            targets = rds.describe_db_proxy_targets(DBProxyName=proxy["DBProxyName"])["Targets"]
            found += [f"rds:proxy/{proxy['DBProxyName']}/{t['RdsResourceId']}" for t in targets]
            found.append(f"rds:proxy/{proxy['DBProxyName']}/target-group/default")
    # The master password secrets RDS keeps for the stack's databases (rds_master_user_secret sets them and their key).
    instances = [(db["DBInstanceIdentifier"], db) for db in rds.describe_db_instances()["DBInstances"]]
    clusters = [(db["DBClusterIdentifier"], db) for db in rds.describe_db_clusters()["DBClusters"]]
    kept_by_rds = [db["MasterUserSecret"]["SecretArn"] for name, db in instances + clusters if name.startswith(prefix) and "MasterUserSecret" in db]
    found += [f"secretsmanager:{arn}" for arn in kept_by_rds]
    return found


def _distributions(emulator: Emulator) -> list[dict[str, Any]]:
    paginator = emulator.client("cloudfront").get_paginator("list_distributions")
    return [item for page in paginator.paginate() for item in page["DistributionList"].get("Items", [])]


def _origin_access_controls(emulator: Emulator) -> list[dict[str, Any]]:
    paginator = emulator.client("cloudfront").get_paginator("list_origin_access_controls")
    return [control for page in paginator.paginate() for control in page["OriginAccessControlList"].get("Items", [])]


def _response_headers_policies(emulator: Emulator) -> list[dict[str, Any]]:
    """The account's own response headers policies (one page: the stack makes one)."""
    return emulator.client("cloudfront").list_response_headers_policies(Type="custom")["ResponseHeadersPolicyList"].get("Items", [])


def _certificates(emulator: Emulator) -> list[tuple[str, str]]:
    """(Region, ARN) of every certificate where the edge requests them, of every key type and status."""
    found = []
    for region in EDGE_REGIONS:
        pages = emulator.client("acm", region).get_paginator("list_certificates").paginate(Includes={"keyTypes": ACM_KEY_TYPES})
        found += [(region, summary["CertificateArn"]) for page in pages for summary in page["CertificateSummaryList"]]
    return found


def _web_acls(emulator: Emulator) -> list[tuple[str, str, dict[str, Any]]]:
    """(scope, Region, summary) of every web ACL: REGIONAL in the stack's Region, CLOUDFRONT in us-east-1."""
    found = []
    for scope, region in (("REGIONAL", REGION), ("CLOUDFRONT", GLOBAL_REGION)):
        wafv2 = emulator.client("wafv2", region)
        page = wafv2.list_web_acls(Scope=scope)
        found += [(scope, region, acl) for acl in page["WebACLs"]]
        while page.get("NextMarker") and page["WebACLs"]:
            page = wafv2.list_web_acls(Scope=scope, NextMarker=page["NextMarker"])
            found += [(scope, region, acl) for acl in page["WebACLs"]]
    return found


def _hosted_zones(emulator: Emulator) -> list[dict[str, Any]]:
    paginator = emulator.client("route53").get_paginator("list_hosted_zones")
    return [zone for page in paginator.paginate() for zone in page["HostedZones"]]


def _record_sets(emulator: Emulator, zone: dict[str, Any]) -> list[dict[str, Any]]:
    """A hosted zone's records, without the NS and SOA records Route 53 makes with it."""
    paginator = emulator.client("route53").get_paginator("list_resource_record_sets")
    records = [record for page in paginator.paginate(HostedZoneId=zone["Id"]) for record in page["ResourceRecordSets"]]
    return [record for record in records if record["Type"] not in ("NS", "SOA")]


def _stack_distributions(emulator: Emulator, stack: str, environment: str) -> list[dict[str, Any]]:
    cloudfront = emulator.client("cloudfront")

    def tags(distribution: dict[str, Any]) -> dict[str, str]:
        return _tag_dict(cloudfront.list_tags_for_resource(Resource=distribution["ARN"])["Tags"].get("Items", []))

    return [d for d in _distributions(emulator) if _has(tags(d), stack, environment)]


def _stack_certificates(emulator: Emulator, stack: str, environment: str) -> list[tuple[str, str]]:
    return [
        (region, arn)
        for region, arn in _certificates(emulator)
        if _has(_tag_dict(emulator.client("acm", region).list_tags_for_certificate(CertificateArn=arn).get("Tags", [])), stack, environment)
    ]


def _edge_tagged(emulator: Emulator, stack: str, environment: str) -> list[str]:
    """The edge's tagged distributions, certificates, web ACLs and hosted zones.

    Its buckets are among _audit_tagged's, its WAF log groups and keys among the per-Region loops of tagged_resources.
    """
    found = [f"cloudfront:{d['Id']}" for d in _stack_distributions(emulator, stack, environment)]
    found += [f"acm:{arn}" for region, arn in _stack_certificates(emulator, stack, environment)]
    for scope, region, acl in _web_acls(emulator):
        tags = emulator.client("wafv2", region).list_tags_for_resource(ResourceARN=acl["ARN"])["TagInfoForResource"].get("TagList", [])
        if _has(_tag_dict(tags), stack, environment):
            found.append(f"wafv2:{scope.lower()}/{acl['Name']}")
    route53 = emulator.client("route53")
    for zone in _hosted_zones(emulator):
        tags = route53.list_tags_for_resource(ResourceType="hostedzone", ResourceId=zone["Id"].split("/")[-1])["ResourceTagSet"].get("Tags", [])
        if _has(_tag_dict(tags), stack, environment):
            found.append(f"route53:{zone['Name']}")
    return found


def _edge_untagged(emulator: Emulator, stack: str, environment: str) -> list[str]:
    """What the edge manages that AWS cannot tag: its OAC, its headers policy, the WAF logging, its records."""
    prefix = f"{stack}-{environment}-"
    found = [f"cloudfront:oac/{c['Name']}" for c in _origin_access_controls(emulator) if c["Name"] == f"{prefix}site"]
    names = [p["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"]["Name"] for p in _response_headers_policies(emulator)]
    found += [f"cloudfront:response-headers-policy/{name}" for name in names if name == f"{prefix}security-headers"]
    for scope, region, acl in _web_acls(emulator):
        wafv2 = emulator.client("wafv2", region)
        if acl["Name"].startswith(prefix):
            try:
                wafv2.get_logging_configuration(ResourceArn=acl["ARN"])
                found.append(f"wafv2:{scope.lower()}/{acl['Name']}/logging")
            except wafv2.exceptions.WAFNonexistentItemException:
                pass
    found += [f"route53:{zone}/{record}" for zone, record in _edge_records(emulator, stack, environment)]
    return found


def _edge_records(emulator: Emulator, stack: str, environment: str) -> list[tuple[str, str]]:
    """(zone, "name type") of the records of the stack's names: the aliases of its distributions and its certificates'
    names (A, AAAA), and its certificates' validation CNAMEs, in whichever hosted zone holds them."""
    names = {alias for d in _stack_distributions(emulator, stack, environment) for alias in d.get("Aliases", {}).get("Items", [])}
    for region, arn in _stack_certificates(emulator, stack, environment):
        certificate = emulator.client("acm", region).describe_certificate(CertificateArn=arn)["Certificate"]
        names.update([certificate["DomainName"], *certificate.get("SubjectAlternativeNames", [])])
        names.update(o["ResourceRecord"]["Name"] for o in certificate.get("DomainValidationOptions", []) if "ResourceRecord" in o)
    wanted = {name.rstrip(".") for name in names}
    return [
        (zone["Name"], f"{record['Name']} {record['Type']}")
        for zone in _hosted_zones(emulator)
        for record in _record_sets(emulator, zone)
        if record["Name"].rstrip(".") in wanted
    ]


# (describe call, result key, ID key, states that count as gone) per EC2 resource type.
EC2_TYPES = (
    ("describe_vpcs", "Vpcs", "VpcId", ()),
    ("describe_subnets", "Subnets", "SubnetId", ()),
    ("describe_route_tables", "RouteTables", "RouteTableId", ()),
    ("describe_internet_gateways", "InternetGateways", "InternetGatewayId", ()),
    ("describe_nat_gateways", "NatGateways", "NatGatewayId", ("deleting", "deleted")),
    ("describe_vpc_endpoints", "VpcEndpoints", "VpcEndpointId", ("deleting", "deleted")),
    ("describe_security_groups", "SecurityGroups", "GroupId", ()),
    ("describe_network_acls", "NetworkAcls", "NetworkAclId", ()),
    ("describe_flow_logs", "FlowLogs", "FlowLogId", ()),
    ("describe_addresses", "Addresses", "AllocationId", ()),
)


def _ec2_tagged(ec2: Any, stack: str) -> list[str]:
    """Live EC2 resources with the stack tag; AWS keeps deleted NAT gateways and endpoints listed for a while."""
    live = []
    for call, key, id_key, gone in EC2_TYPES:
        for resource in getattr(ec2, call)(Filters=[{"Name": "tag:webstack:stack", "Values": [stack]}])[key]:
            if resource.get("State", resource.get("state", "")) not in gone:
                live.append(resource[id_key])
    return live


def account_resources(emulator: Emulator) -> dict[str, list[str]]:
    """Everything in the account the roles could have made, tagged or not, outside the default VPC.

    Untagged resources are what an interrupted run leaves behind when a module
    created something and was killed before tagging it; comparing this with the
    account after an uninterrupted run shows every orphan and every duplicate.
    """
    ec2 = emulator.client("ec2")
    default_vpcs = {vpc["VpcId"] for vpc in ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]}
    found: dict[str, list[str]] = {}
    for call, key, id_key, gone in EC2_TYPES:
        found[key] = sorted(
            resource[id_key]
            for resource in getattr(ec2, call)()[key]
            if resource.get("State", resource.get("state", "")) not in gone and not _in_default_vpc(resource, default_vpcs)
        )
    found["LogGroups"], found["Keys"], found["Aliases"] = [], [], []
    for region in REGIONS:  # the edge's WAF logs (us-east-1) and replica key live outside the stack's Region
        found["LogGroups"] += [_where(region, group["logGroupName"]) for group in emulator.client("logs", region).describe_log_groups()["logGroups"]]
        kms = emulator.client("kms", region)
        # A key pending deletion is gone as far as the stack goes; AWS deletes its aliases with it.
        # AWS makes its own keys (aws/ebs, ...) on first use and keeps them: only customer keys count.
        metadata = [kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"] for key in kms.list_keys()["Keys"]]
        keys = {key["KeyId"] for key in metadata if key["KeyState"] != "PendingDeletion" and key["KeyManager"] == "CUSTOMER"}
        found["Keys"] += [_where(region, key) for key in keys]
        aliases = kms.list_aliases()["Aliases"]
        found["Aliases"] += [_where(region, a["AliasName"]) for a in aliases if a.get("TargetKeyId") in keys and not a["AliasName"].startswith("alias/aws/")]
    for kind in ("LogGroups", "Keys", "Aliases"):
        found[kind].sort()
    iam = emulator.client("iam")
    found["Roles"] = sorted(role["RoleName"] for role in iam.list_roles()["Roles"])
    found["OpenIDConnectProviders"] = sorted(p["Arn"] for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"])
    found["Buckets"] = sorted(bucket["Name"] for bucket in emulator.client("s3").list_buckets()["Buckets"])
    found["Trails"] = sorted(trail["Name"] for trail in emulator.client("cloudtrail").describe_trails()["trailList"])
    found["Detectors"] = sorted(emulator.client("guardduty").list_detectors()["DetectorIds"])
    found["ConfigRules"] = sorted(rule["ConfigRuleName"] for rule in emulator.client("config").describe_config_rules()["ConfigRules"])
    account = emulator.client("sts").get_caller_identity()["Account"]
    found["Budgets"] = sorted(b["BudgetName"] for b in emulator.client("budgets").describe_budgets(AccountId=account).get("Budgets", []))
    ce = emulator.client("ce")
    found["AnomalyMonitors"] = sorted(m["MonitorName"] for m in ce.get_anomaly_monitors()["AnomalyMonitors"])
    found["AnomalySubscriptions"] = sorted(s["SubscriptionName"] for s in ce.get_anomaly_subscriptions()["AnomalySubscriptions"])
    found["Topics"] = sorted(t["TopicArn"] for region in REGIONS for t in emulator.client("sns", region).list_topics()["Topics"])
    found["Alarms"] = sorted(a["AlarmName"] for region in REGIONS for a in emulator.client("cloudwatch", region).describe_alarms()["MetricAlarms"])
    found["Vaults"] = sorted(v["BackupVaultArn"] for region in REGIONS for v in emulator.client("backup", region).list_backup_vaults()["BackupVaultList"])
    found["BackupPlans"] = sorted(p["BackupPlanName"] for p in emulator.client("backup").list_backup_plans()["BackupPlansList"])
    found.update(_data_resources(emulator))
    found.update(_edge_resources(emulator))
    found.update(_app_resources(emulator))
    return found


def _data_resources(emulator: Emulator) -> dict[str, list[str]]:
    """The data tier's resources in the account, tagged or not (a second database or cache is a duplicate)."""
    rds = emulator.client("rds")
    elasticache = emulator.client("elasticache")
    secrets = emulator.client("secretsmanager").list_secrets()["SecretList"]
    return {
        "DBInstances": sorted(db["DBInstanceIdentifier"] for db in rds.describe_db_instances()["DBInstances"]),
        "DBClusters": sorted(c["DBClusterIdentifier"] for c in rds.describe_db_clusters()["DBClusters"]),
        "DBProxies": sorted(p["DBProxyName"] for p in rds.describe_db_proxies()["DBProxies"]),
        "DBSnapshots": sorted(s["DBSnapshotIdentifier"] for s in rds.describe_db_snapshots(SnapshotType="manual")["DBSnapshots"]),
        "DBParameterGroups": sorted(
            g["DBParameterGroupName"] for g in rds.describe_db_parameter_groups()["DBParameterGroups"] if not g["DBParameterGroupName"].startswith("default.")
        ),
        "DBSubnetGroups": sorted(g["DBSubnetGroupName"] for g in rds.describe_db_subnet_groups()["DBSubnetGroups"]),
        "ReplicationGroups": sorted(g["ReplicationGroupId"] for g in elasticache.describe_replication_groups()["ReplicationGroups"]),
        "CacheParameterGroups": sorted(
            g["CacheParameterGroupName"]
            for g in elasticache.describe_cache_parameter_groups()["CacheParameterGroups"]
            if not g["CacheParameterGroupName"].startswith("default.")
        ),
        "CacheSubnetGroups": sorted(g["CacheSubnetGroupName"] for g in elasticache.describe_cache_subnet_groups()["CacheSubnetGroups"]),
        "Secrets": sorted(s["Name"] for s in secrets if "DeletedDate" not in s),
    }


def _edge_resources(emulator: Emulator) -> dict[str, list[str]]:
    """The edge's resources in the account, tagged or not (a second distribution, certificate or web ACL is a duplicate)."""
    zones = _hosted_zones(emulator)
    return {
        "Distributions": sorted(d["Id"] for d in _distributions(emulator)),
        "Certificates": sorted(arn for region, arn in _certificates(emulator)),
        "WebACLs": sorted(acl["ARN"] for scope, region, acl in _web_acls(emulator)),
        "OriginAccessControls": sorted(c["Id"] for c in _origin_access_controls(emulator)),
        "ResponseHeadersPolicies": sorted(p["ResponseHeadersPolicy"]["Id"] for p in _response_headers_policies(emulator)),
        "HostedZones": sorted(zone["Id"].split("/")[-1] for zone in zones),
        "RecordSets": sorted(
            f"{zone['Id'].split('/')[-1]}/{record['Name']} {record['Type']}{'/' + record['SetIdentifier'] if 'SetIdentifier' in record else ''}"
            for zone in zones
            for record in _record_sets(emulator, zone)
        ),
    }


def _ecs_clusters(emulator: Emulator) -> list[dict[str, Any]]:
    ecs = emulator.client("ecs")
    arns = ecs.list_clusters()["clusterArns"]
    return [c for c in ecs.describe_clusters(clusters=arns, include=["TAGS"])["clusters"] if c["status"] == "ACTIVE"] if arns else []


def _ecs_services(emulator: Emulator, cluster: str) -> list[dict[str, Any]]:
    ecs = emulator.client("ecs")
    arns = [arn for page in ecs.get_paginator("list_services").paginate(cluster=cluster) for arn in page["serviceArns"]]
    services = []
    for start in range(0, len(arns), 10):
        services += ecs.describe_services(cluster=cluster, services=arns[start : start + 10], include=["TAGS"])["services"]
    return [service for service in services if service["status"] != "INACTIVE"]


def _elbv2_resources(emulator: Emulator) -> list[tuple[str, str, dict[str, str]]]:
    """(kind, name, tags) of every load balancer and target group."""
    elbv2 = emulator.client("elbv2")
    named = [("loadbalancer", b["LoadBalancerName"], b["LoadBalancerArn"]) for b in elbv2.describe_load_balancers()["LoadBalancers"]]
    named += [("targetgroup", g["TargetGroupName"], g["TargetGroupArn"]) for g in elbv2.describe_target_groups()["TargetGroups"]]
    tags: dict[str, dict[str, str]] = {}
    for start in range(0, len(named), 20):
        for description in elbv2.describe_tags(ResourceArns=[arn for kind, name, arn in named[start : start + 20]])["TagDescriptions"]:
            tags[description["ResourceArn"]] = _tag_dict(description.get("Tags", []))
    return [(kind, name, tags.get(arn, {})) for kind, name, arn in named]


def _app_tagged(emulator: Emulator, stack: str, environment: str) -> list[str]:
    """The app tier's tagged image repositories, clusters, services, load balancers and target groups.

    Its security groups are among the EC2 resources, its log groups among the per-Region loops, its log bucket among _audit_tagged's.
    """
    ecr = emulator.client("ecr")
    found = [
        f"ecr:{r['repositoryName']}"
        for r in ecr.describe_repositories()["repositories"]
        if _has(_tag_dict(ecr.list_tags_for_resource(resourceArn=r["repositoryArn"])["tags"]), stack, environment)
    ]
    for cluster in _ecs_clusters(emulator):
        if _has({t["key"]: t["value"] for t in cluster.get("tags", [])}, stack, environment):
            found.append(f"ecs:{cluster['clusterName']}")
        for service in _ecs_services(emulator, cluster["clusterArn"]):
            if _has({t["key"]: t["value"] for t in service.get("tags", [])}, stack, environment):
                found.append(f"ecs:{cluster['clusterName']}/{service['serviceName']}")
    found += [f"elbv2:{kind}/{name}" for kind, name, tags in _elbv2_resources(emulator) if _has(tags, stack, environment)]
    return found


def _app_untagged(emulator: Emulator, prefix: str) -> list[str]:
    """What the app tier manages without tags: listeners, task definition revisions, scalable targets, scaling policies and schedules."""
    elbv2 = emulator.client("elbv2")
    found = []
    for balancer in elbv2.describe_load_balancers()["LoadBalancers"]:
        if balancer["LoadBalancerName"].startswith(prefix):
            listeners = elbv2.describe_listeners(LoadBalancerArn=balancer["LoadBalancerArn"])["Listeners"]
            found += [f"elbv2:listener/{balancer['LoadBalancerName']}/{listener['Port']}" for listener in listeners]
    ecr = emulator.client("ecr")
    for repository in ecr.describe_repositories()["repositories"]:
        if repository["repositoryName"].startswith(prefix):
            try:  # a document of its own, with its Put, Get and Delete calls, as a bucket's lifecycle
                ecr.get_lifecycle_policy(repositoryName=repository["repositoryName"])
                found.append(f"ecr:{repository['repositoryName']}/lifecycle-policy")
            except ecr.exceptions.LifecyclePolicyNotFoundException:
                pass
    ecs = emulator.client("ecs")
    found += [f"ecs:task-definition/{arn.split('/')[-1]}" for arn in ecs.list_task_definitions(familyPrefix=prefix, status="ACTIVE")["taskDefinitionArns"]]
    scaling = emulator.client("application-autoscaling")
    mine = f"service/{prefix}"
    targets = scaling.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"]
    found += [f"application-autoscaling:{t['ResourceId']}" for t in targets if t["ResourceId"].startswith(mine)]
    policies = scaling.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"]
    found += [f"application-autoscaling:policy/{p['PolicyName']}" for p in policies if p["ResourceId"].startswith(mine)]
    actions = scaling.describe_scheduled_actions(ServiceNamespace="ecs")["ScheduledActions"]
    found += [f"application-autoscaling:schedule/{a['ScheduledActionName']}" for a in actions if a["ResourceId"].startswith(mine)]
    return found


def _app_resources(emulator: Emulator) -> dict[str, list[str]]:
    """The app tier's resources in the account, tagged or not (a second cluster, service or load balancer is a duplicate)."""
    clusters = _ecs_clusters(emulator)
    scaling = emulator.client("application-autoscaling")
    return {
        "Repositories": sorted(r["repositoryName"] for r in emulator.client("ecr").describe_repositories()["repositories"]),
        "Clusters": sorted(c["clusterName"] for c in clusters),
        "Services": sorted(f"{c['clusterName']}/{s['serviceName']}" for c in clusters for s in _ecs_services(emulator, c["clusterArn"])),
        "LoadBalancersAndTargetGroups": sorted(f"{kind}/{name}" for kind, name, tags in _elbv2_resources(emulator)),
        "ScalingPolicies": sorted(p["PolicyName"] for p in scaling.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"]),
    }


def _in_default_vpc(resource: dict[str, Any], default_vpcs: set[str]) -> bool:
    attachments = resource.get("Attachments") or [{}]
    return resource.get("VpcId", attachments[0].get("VpcId")) in default_vpcs
