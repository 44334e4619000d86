"""Which endpoint serves which AWS service: moto, LocalStack, or a mix of both.

The stack's default is ``AWS_ENDPOINT_URL`` (its own moto, or ``--aws-endpoint``). A
per-service ``AWS_ENDPOINT_URL_<SERVICE_ID>`` in the environment wins over it, as it does in
every AWS SDK, e.g. to keep Cognito (a LocalStack Pro feature) on a moto server. The
resolved URL of every service is passed on explicitly (Lambda workers, JWKS URL, ``GET
/config``, CSP), so all of them agree on it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import botocore.session

# What the stack provisions: tables, user pool, media bucket, content key.
SERVICES = ("dynamodb", "cognito-idp", "s3", "kms")


def variable(service: str) -> str:
    """The SDKs' per-service override, named from the service id rather than the client name.

    ``cognito-idp`` -> ``AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER``, ``dynamodb`` -> ``AWS_ENDPOINT_URL_DYNAMODB``.
    """
    service_id = str(botocore.session.get_session().get_service_model(service).service_id.hyphenize())
    return "AWS_ENDPOINT_URL_" + service_id.replace("-", "_").upper()


@dataclass(frozen=True)
class Endpoints:
    default: str  # AWS_ENDPOINT_URL
    services: dict[str, str]  # every service in SERVICES -> the URL its clients use

    @classmethod
    def resolve(cls, default: str, env: Mapping[str, str] = os.environ) -> Endpoints:
        return cls(default, {service: env.get(variable(service)) or default for service in SERVICES})

    def variables(self) -> dict[str, str]:
        """The environment that sends every SDK client (boto3, PynamoDB) where ``services`` says."""
        return {"AWS_ENDPOINT_URL": self.default, **{variable(s): url for s, url in self.services.items()}}
