"""Feature flags: defaults, parsing, SSM overrides (moto) and ``require_feature``."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from chalicelib.config import Settings
from chalicelib.errors import Forbidden

ENV = {"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def test_defaults() -> None:
    assert Settings.from_env(ENV).features.to_wire() == {
        "fileUpload": False, "push": False, "reactions": True, "voice": False,
        "maxFileSizeBytes": 10485760, "messageRetentionDays": 90}


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("TRUE", True), ("1", True), ("off", False),
                                                 ("false", False), (" no ", False)])
def test_boolean_spellings(value: str, expected: bool) -> None:
    assert Settings.from_env({**ENV, "FEATURE_VOICE": value}).features.voice is expected


def test_a_typo_fails_start_up() -> None:
    with pytest.raises(ValueError, match="FEATURE_PUSH"):
        Settings.from_env({**ENV, "FEATURE_PUSH": "ture"})


@mock_aws
def test_ssm_wins_over_the_environment_and_pages_are_followed() -> None:
    ssm = boto3.client("ssm", region_name="us-east-1")
    for i in range(15):  # more than one page of GetParametersByPath (10 per page)
        ssm.put_parameter(Name=f"/cc/features/OTHER_{i}", Value="x", Type="String")
    ssm.put_parameter(Name="/cc/features/FEATURE_REACTIONS", Value="false", Type="String")
    ssm.put_parameter(Name="/cc/features/MESSAGE_RETENTION_DAYS", Value="30", Type="SecureString")
    settings = Settings.from_env({**ENV, "FEATURE_REACTIONS": "true", "FEATURE_FLAGS_SSM_PATH": "/cc/features"})
    assert settings.features.reactions is False
    assert settings.features.message_retention_days == settings.message_retention_days == 30


def test_require_feature() -> None:
    features = Settings.from_env({**ENV, "FEATURE_REACTIONS": "false"}).features
    with pytest.raises(Forbidden) as refused:
        features.require_feature("reactions")
    assert refused.value.code == "feature_disabled"
    Settings.from_env(ENV).features.require_feature("reactions")
