"""Bounded AWS calls: real PynamoDB and boto3 clients against an endpoint that refuses or never answers."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError
from pynamodb.exceptions import GetError

from chalicelib import aws, models
from chalicelib.config import Settings
from chalicelib.errors import NotFound, ServiceUnavailable


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """Accepts TCP connections (the kernel does, from the backlog) and never answers: a hung server."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield f"http://127.0.0.1:{server.getsockname()[1]}"


@pytest.fixture
def refusing_endpoint() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # closed again: connections are refused


def settings_for(endpoint: str, read_timeout: int = 1, attempts: int = 2) -> Settings:
    return Settings.from_env({"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x",
                              "AWS_READ_TIMEOUT_SECONDS": str(read_timeout), "AWS_CONNECT_TIMEOUT_SECONDS": "1",
                              "AWS_MAX_ATTEMPTS": str(attempts)})


@pytest.mark.parametrize("endpoint", ["silent_endpoint", "refusing_endpoint"])
def test_a_model_call_to_an_unreachable_endpoint_is_bounded_and_maps_to_503(
        endpoint: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    url = request.getfixturevalue(endpoint)
    for name, value in {"AWS_ENDPOINT_URL": url, "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x"}.items():
        monkeypatch.setenv(name, value)
    models.bind(settings_for(url))
    started = time.monotonic()
    with pytest.raises(GetError) as failure:
        models.User.get("someone")
    elapsed = time.monotonic() - started
    assert elapsed < 2 * 1 + 3, elapsed  # attempts x read timeout + standard-mode backoff, not PynamoDB's 4 x 30 s
    mapped = aws.unavailable(failure.value)
    assert isinstance(mapped, ServiceUnavailable) and mapped.status == 503 and mapped.code == "service_unavailable"


def test_a_boto3_client_with_the_client_config_is_bounded(silent_endpoint: str) -> None:
    client = boto3.client("dynamodb", region_name="us-east-1", endpoint_url=silent_endpoint,
                          aws_access_key_id="x", aws_secret_access_key="x",
                          config=aws.client_config(settings_for(silent_endpoint)))
    started = time.monotonic()
    with pytest.raises(Exception) as failure:
        client.list_tables()
    assert time.monotonic() - started < 5
    assert aws.unavailable(failure.value) is not None


def test_guarded_maps_only_transport_failures() -> None:
    @aws.guarded
    def failing(exc: Exception) -> None:
        raise exc

    with pytest.raises(NotFound):  # the app's own errors pass through
        failing(NotFound("no"))
    with pytest.raises(KeyError):  # and so do bugs: they stay 500s, logged
        failing(KeyError("x"))
    with pytest.raises(ServiceUnavailable):
        failing(EndpointConnectionError(endpoint_url="http://x"))
