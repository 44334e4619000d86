"""Per-service endpoints: the names botocore reads, and which endpoint wins."""

from __future__ import annotations

import boto3
import pytest

from local.endpoints import SERVICES, Endpoints, variable


def test_variable_names_follow_the_service_id() -> None:
    assert [variable(s) for s in SERVICES] == [
        "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "AWS_ENDPOINT_URL_S3",
        "AWS_ENDPOINT_URL_KMS"]


def test_a_per_service_variable_wins_over_the_default() -> None:
    endpoints = Endpoints.resolve("http://edge:4566", {"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "http://moto:4600"})
    assert endpoints.services == {"dynamodb": "http://edge:4566", "cognito-idp": "http://moto:4600",
                                  "s3": "http://edge:4566", "kms": "http://edge:4566"}


def test_botocore_sends_each_client_where_the_variables_say(monkeypatch: pytest.MonkeyPatch) -> None:
    endpoints = Endpoints("http://edge:4566", {"dynamodb": "http://ddb:1", "cognito-idp": "http://idp:2",
                                               "s3": "http://s3:3", "kms": "http://kms:4"})
    for name, value in endpoints.variables().items():
        monkeypatch.setenv(name, value)
    for service, url in endpoints.services.items():
        assert boto3.session.Session().client(service, region_name="us-east-1").meta.endpoint_url == url
