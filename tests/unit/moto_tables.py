"""Every table, created from the models in an in-process moto, for unit tests that need DynamoDB."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from moto import mock_aws

from chalicelib import models
from chalicelib.config import Settings


@contextlib.contextmanager
def moto_tables(settings: Settings) -> Iterator[None]:
    """Real AWS endpoints and credentials masked; the models are bound to ``settings``."""
    with pytest.MonkeyPatch.context() as env:
        for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE"):
            env.delenv(name, raising=False)
        env.setenv("AWS_ACCESS_KEY_ID", "testing")
        env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        env.setenv("AWS_DEFAULT_REGION", settings.region)
        with mock_aws():
            models.create_tables(settings)
            yield
        models.bind(settings)  # drop the connections made inside the mock
