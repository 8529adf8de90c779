"""The call log names each AWS operation right, for every protocol the collection's clients speak.

Each case prepares what its call needs, then makes exactly one boto3 call; the call log must
hold exactly that call: service, operation and whether it mutates.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config
from webstack_emulator.operations import Call
from webstack_emulator.operations import identify

from tests.harness.emulator import CREDENTIALS
from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator

Prepare = Callable[[Emulator], Callable[[], Any]]
CASES: list[Any] = []

# operations.identify routes REST requests on method, path and the query keys written in
# requestUri only; these operations share all three with another one (see the report).


def case(service: str, operation: str, mutating: bool, *marks: pytest.MarkDecorator) -> Callable[[Prepare], Prepare]:
    def register(prepare: Prepare) -> Prepare:
        CASES.append(pytest.param(prepare, service, operation, mutating, id=f"{service}:{operation}", marks=marks))
        return prepare

    return register


@pytest.mark.parametrize(("prepare", "service", "operation", "mutating"), CASES)
def test_call_log_names_the_operation(aws: Emulator, prepare: Prepare, service: str, operation: str, mutating: bool) -> None:
    call = prepare(aws)
    aws.clear_calls()
    call()
    assert [(c["service"], c["operation"], c["mutating"]) for c in aws.calls().calls] == [(service, operation, mutating)]


def s3(aws: Emulator) -> Any:
    return boto3.client("s3", endpoint_url=aws.url, region_name=REGION, config=Config(s3={"addressing_style": "path"}), **CREDENTIALS)


def bucket(aws: Emulator, name: str = "webstack-assets") -> Any:
    client = s3(aws)
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return client


def hosted_zone(aws: Emulator) -> str:
    return aws.client("route53").create_hosted_zone(Name="example.com", CallerReference="zone")["HostedZone"]["Id"]


def function_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def lambda_function(aws: Emulator) -> str:
    role = aws.client("iam").create_role(RoleName="fn", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    answer = aws.client("lambda").create_function(
        FunctionName="fn", Runtime="python3.12", Role=role, Handler="handler.handler", Code={"ZipFile": function_zip()}
    )
    return answer["FunctionArn"]


# --- query protocol (form-encoded Action=...) --------------------------------------------


@case("ec2", "CreateVpc", True)
def create_vpc(aws: Emulator) -> Callable[[], Any]:
    return lambda: aws.client("ec2").create_vpc(CidrBlock="10.30.0.0/16")


@case("ec2", "DescribeVpcs", False)
def describe_vpcs(aws: Emulator) -> Callable[[], Any]:
    return lambda: aws.client("ec2").describe_vpcs()


@case("iam", "CreateRole", True)
def create_role(aws: Emulator) -> Callable[[], Any]:
    return lambda: aws.client("iam").create_role(RoleName="web", AssumeRolePolicyDocument="{}")


@case("iam", "ListRoles", False)
def list_roles(aws: Emulator) -> Callable[[], Any]:
    return lambda: aws.client("iam").list_roles()


@case("rds", "CreateDBParameterGroup", True)
def create_db_parameter_group(aws: Emulator) -> Callable[[], Any]:
    return lambda: aws.client("rds").create_db_parameter_group(DBParameterGroupName="web", DBParameterGroupFamily="postgres16", Description="web")


@case("rds", "DescribeDBInstances", False)
def describe_db_instances(aws: Emulator) -> Callable[[], Any]:
    return lambda: aws.client("rds").describe_db_instances()


# --- json protocol (X-Amz-Target) --------------------------------------------------------


@case("logs", "CreateLogGroup", True)
def create_log_group(aws: Emulator) -> Callable[[], Any]:
    return lambda: aws.client("logs").create_log_group(logGroupName="/webstack/app")


@case("logs", "DescribeLogGroups", False)
def describe_log_groups(aws: Emulator) -> Callable[[], Any]:
    return lambda: aws.client("logs").describe_log_groups()


@case("ecs", "CreateCluster", True)
def create_cluster(aws: Emulator) -> Callable[[], Any]:
    return lambda: aws.client("ecs").create_cluster(clusterName="web")


@case("ecs", "ListClusters", False)
def list_clusters(aws: Emulator) -> Callable[[], Any]:
    return lambda: aws.client("ecs").list_clusters()


@case("kms", "CreateKey", True)
def create_key(aws: Emulator) -> Callable[[], Any]:
    return lambda: aws.client("kms").create_key()


@case("kms", "ListKeys", False)
def list_keys(aws: Emulator) -> Callable[[], Any]:
    return lambda: aws.client("kms").list_keys()


# --- rest-json -------------------------------------------------------------------------


@case("lambda", "CreateFunction", True)
def create_function(aws: Emulator) -> Callable[[], Any]:
    role = aws.client("iam").create_role(RoleName="fn", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    code = {"ZipFile": function_zip()}
    return lambda: aws.client("lambda").create_function(FunctionName="fn", Runtime="python3.12", Role=role, Handler="handler.handler", Code=code)


@case("lambda", "GetFunction", False)
def get_function(aws: Emulator) -> Callable[[], Any]:
    lambda_function(aws)
    return lambda: aws.client("lambda").get_function(FunctionName="fn")


@case("lambda", "TagResource", True)
def tag_function(aws: Emulator) -> Callable[[], Any]:
    arn = lambda_function(aws)
    return lambda: aws.client("lambda").tag_resource(Resource=arn, Tags={"team": "web"})


@case("lambda", "ListFunctions", False)
def list_functions(aws: Emulator) -> Callable[[], Any]:
    return lambda: aws.client("lambda").list_functions()


# --- rest-xml: cloudfront, route53, s3 (path style) ---------------------------------------


@case("cloudfront", "ListDistributions", False)
def list_distributions(aws: Emulator) -> Callable[[], Any]:
    return lambda: aws.client("cloudfront").list_distributions()


@case("route53", "CreateHostedZone", True)
def create_hosted_zone(aws: Emulator) -> Callable[[], Any]:
    return lambda: aws.client("route53").create_hosted_zone(Name="example.com", CallerReference="zone")


@case("route53", "ListHostedZones", False)
def list_hosted_zones(aws: Emulator) -> Callable[[], Any]:
    return lambda: aws.client("route53").list_hosted_zones()


@case("route53", "ChangeResourceRecordSets", True)
def change_record_sets(aws: Emulator) -> Callable[[], Any]:
    zone = hosted_zone(aws)
    record = {"Name": "www.example.com", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.10"}]}
    batch = {"Changes": [{"Action": "UPSERT", "ResourceRecordSet": record}]}
    return lambda: aws.client("route53").change_resource_record_sets(HostedZoneId=zone, ChangeBatch=batch)


@case("route53", "ListResourceRecordSets", False)
def list_record_sets(aws: Emulator) -> Callable[[], Any]:
    zone = hosted_zone(aws)
    return lambda: aws.client("route53").list_resource_record_sets(HostedZoneId=zone)


@case("s3", "CreateBucket", True)
def create_bucket(aws: Emulator) -> Callable[[], Any]:
    client = s3(aws)
    return lambda: client.create_bucket(Bucket="webstack-assets", CreateBucketConfiguration={"LocationConstraint": REGION})


@case("s3", "ListBuckets", False)
def list_buckets(aws: Emulator) -> Callable[[], Any]:
    client = s3(aws)
    return client.list_buckets


@case("s3", "PutBucketVersioning", True)
def put_bucket_versioning(aws: Emulator) -> Callable[[], Any]:
    client = bucket(aws)
    return lambda: client.put_bucket_versioning(Bucket="webstack-assets", VersioningConfiguration={"Status": "Enabled"})


@case("s3", "GetBucketVersioning", False)
def get_bucket_versioning(aws: Emulator) -> Callable[[], Any]:
    client = bucket(aws)
    return lambda: client.get_bucket_versioning(Bucket="webstack-assets")


@case("s3", "ListObjectsV2", False)
def list_objects(aws: Emulator) -> Callable[[], Any]:
    client = bucket(aws)
    return lambda: client.list_objects_v2(Bucket="webstack-assets")


@case("s3", "GetObject", False)
def get_object(aws: Emulator) -> Callable[[], Any]:
    client = bucket(aws)
    client.put_object(Bucket="webstack-assets", Key="site/index.html", Body=b"<html/>")
    return lambda: client.get_object(Bucket="webstack-assets", Key="site/index.html")


@case("s3", "PutObject", True)
def put_object(aws: Emulator) -> Callable[[], Any]:
    client = bucket(aws)
    return lambda: client.put_object(Bucket="webstack-assets", Key="site/index.html", Body=b"<html/>")


@case("s3", "DeleteObject", True)
def delete_object(aws: Emulator) -> Callable[[], Any]:
    client = bucket(aws)
    client.put_object(Bucket="webstack-assets", Key="site/index.html", Body=b"<html/>")
    return lambda: client.delete_object(Bucket="webstack-assets", Key="site/index.html")


@case("s3", "GetBucketLifecycleConfiguration", False)
def get_bucket_lifecycle(aws: Emulator) -> Callable[[], Any]:
    client = bucket(aws)
    rule = {"ID": "expire", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 30}}
    client.put_bucket_lifecycle_configuration(Bucket="webstack-assets", LifecycleConfiguration={"Rules": [rule]})
    return lambda: client.get_bucket_lifecycle_configuration(Bucket="webstack-assets")


# --- identify() on its own -----------------------------------------------------------------


def test_mutating_is_every_operation_that_does_not_read() -> None:
    names = ("CreateVpc", "DeleteVpc", "TagResource", "DescribeVpcs", "ListTagsForResource", "GetObject", "HeadBucket")
    assert {name for name in names if Call("any", name).mutating} == {"CreateVpc", "DeleteVpc", "TagResource"}


def test_identify_reads_the_json_target_and_the_signing_name() -> None:
    environ = {
        "HTTP_AUTHORIZATION": "AWS4-HMAC-SHA256 Credential=testing/20250101/eu-west-1/monitoring/aws4_request, SignedHeaders=host, Signature=0",
        "HTTP_X_AMZ_TARGET": "GraniteServiceVersion20100801.PutMetricAlarm",
    }
    assert identify(environ, b"") == Call("cloudwatch", "PutMetricAlarm")


def test_identify_falls_back_to_method_and_path() -> None:
    assert identify({"REQUEST_METHOD": "GET", "PATH_INFO": "/nowhere"}, b"") == Call("unknown", "GET /nowhere")


@case("guardduty", "ListTagsForResource", False)
def guardduty_tags_by_arn(aws: Emulator) -> Callable[[], Any]:
    """An ARN in a URI label holds '/', sent as %2F: the call is still one label, so the read is named and not mutating."""
    guardduty = aws.client("guardduty")
    detector = guardduty.create_detector(Enable=True)["DetectorId"]
    arn = f"arn:aws:guardduty:{REGION}:123456789012:detector/{detector}"
    return lambda: guardduty.list_tags_for_resource(ResourceArn=arn)


@case("securityhub", "TagResource", True)
def securityhub_tags_by_arn(aws: Emulator) -> Callable[[], Any]:
    hub = aws.client("securityhub")
    hub.enable_security_hub(EnableDefaultStandards=False)
    arn = hub.describe_hub()["HubArn"]
    return lambda: hub.tag_resource(ResourceArn=arn, Tags={"team": "platform"})
