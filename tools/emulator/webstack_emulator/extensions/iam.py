"""IAM gaps in moto 5.2.5 (moto/iam/models.py, moto/iam/responses.py): OpenID Connect provider client IDs."""

from __future__ import annotations

from webstack_emulator.extensions import fix

# "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100", as CreateOpenIDConnectProvider answers.
CLIENT_IDS_PER_PROVIDER = 100


@fix(
    "iam",
    "AddClientIDToOpenIDConnectProvider",
    "moto has no AddClientIDToOpenIDConnectProvider (HTTP 500). AWS adds the client ID (audience) to the provider's "
    "ClientIDList, does nothing when it is already there, answers NoSuchEntity for an unknown provider and "
    "LimitExceeded beyond 100 client IDs. webstack.aws iam_oidc_provider adds audiences with it.",
)
def add_client_id_to_open_id_connect_provider() -> None:
    from moto.core.responses import EmptyResult
    from moto.iam.exceptions import LimitExceededException
    from moto.iam.models import IAMBackend
    from moto.iam.responses import IamResponse

    def add_client_id(self: IAMBackend, arn: str, client_id: str) -> None:
        provider = self.get_open_id_connect_provider(arn)  # NoSuchEntity when unknown
        if client_id in provider.client_id_list:
            return
        if len(provider.client_id_list) >= CLIENT_IDS_PER_PROVIDER:
            raise LimitExceededException(f"Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: {CLIENT_IDS_PER_PROVIDER}")
        provider.client_id_list = [*provider.client_id_list, client_id]

    def response(self: IamResponse) -> EmptyResult:
        self.backend.add_client_id_to_open_id_connect_provider(self._get_param("OpenIDConnectProviderArn"), self._get_param("ClientID"))
        return EmptyResult()

    IAMBackend.add_client_id_to_open_id_connect_provider = add_client_id  # type: ignore[attr-defined]
    IamResponse.add_client_id_to_open_id_connect_provider = response  # type: ignore[attr-defined]


@fix(
    "iam",
    "RemoveClientIDFromOpenIDConnectProvider",
    "moto has no RemoveClientIDFromOpenIDConnectProvider (HTTP 500). AWS removes the client ID (audience) from the "
    "provider's ClientIDList, does nothing when it is not there, and answers NoSuchEntity for an unknown provider. "
    "webstack.aws iam_oidc_provider removes audiences with it.",
)
def remove_client_id_from_open_id_connect_provider() -> None:
    from moto.core.responses import EmptyResult
    from moto.iam.models import IAMBackend
    from moto.iam.responses import IamResponse

    def remove_client_id(self: IAMBackend, arn: str, client_id: str) -> None:
        provider = self.get_open_id_connect_provider(arn)  # NoSuchEntity when unknown
        provider.client_id_list = [known for known in provider.client_id_list if known != client_id]

    def response(self: IamResponse) -> EmptyResult:
        self.backend.remove_client_id_from_open_id_connect_provider(self._get_param("OpenIDConnectProviderArn"), self._get_param("ClientID"))
        return EmptyResult()

    IAMBackend.remove_client_id_from_open_id_connect_provider = remove_client_id  # type: ignore[attr-defined]
    IamResponse.remove_client_id_from_open_id_connect_provider = response  # type: ignore[attr-defined]


@fix(
    "iam",
    "GetPolicy",
    "Every IAM backend parses moto's 1,500 AWS managed policies from JSON when it is made: one per partition (aws, aws-cn, "
    "aws-us-gov, aws-iso, ...), since every request looks up its access key in each, and again for each after a reset. "
    "That is about 1.3 s of a reset and its first request, paid by every test that starts from an empty account.",
)
def aws_managed_policies_parsed_once() -> None:
    import functools
    import json
    from datetime import datetime

    from moto.iam.aws_managed_policies import aws_managed_policies_data
    from moto.iam.models import AWSManagedPolicy
    from moto.iam.models import IAMBackend
    from moto.settings import load_iam_aws_managed_policies

    @functools.lru_cache(maxsize=1)
    def policy_settings() -> tuple[tuple[str, dict[str, object]], ...]:
        return tuple(
            (
                name,
                {
                    "default_version_id": data.get("DefaultVersionId"),
                    "path": data.get("Path"),
                    "document": json.dumps(data.get("Document")),
                    "create_date": datetime.fromisoformat(data["CreateDate"]),
                    "update_date": datetime.fromisoformat(data["UpdateDate"]),
                },
            )
            for name, data in json.loads(aws_managed_policies_data).items()
        )

    def init_aws_policies(self: IAMBackend) -> list[AWSManagedPolicy]:
        # Only the aws partition, the one the stack and its tests run in, gets the managed policies.
        if not load_iam_aws_managed_policies() or self.region_name != "aws":
            return []
        return [AWSManagedPolicy(name, account_id=self.account_id, region=self.region_name, **settings) for name, settings in policy_settings()]

    IAMBackend._init_aws_policies = init_aws_policies  # type: ignore[method-assign]
