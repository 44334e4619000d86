"""Runtime configuration, read once from the environment at start-up (``Chat.from_env``).

Every AWS endpoint comes from the standard AWS variables (``AWS_ENDPOINT_URL``,
``AWS_ENDPOINT_URL_<SERVICE>``) that boto3 and PynamoDB honour by themselves, so the
same code talks to moto, LocalStack or AWS without branches.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_REGION = "us-east-1"


def region(env: Mapping[str, str]) -> str:
    return env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or DEFAULT_REGION


@dataclass(frozen=True)
class Settings:
    region: str
    table_prefix: str
    user_pool_id: str
    client_id: str
    issuer: str
    jwks_url: str
    cognito_endpoint: str
    public_rest_url: str
    public_ws_url: str
    management_endpoint: str | None
    fanout_workers: int
    membership_cache_seconds: float
    message_retention_days: int
    resume_window: int  # the widest gap ``resume`` replays; wider gets ``resumeGap``
    content_kms_key_id: str  # the KMS key rooms' content data keys are made under (envelope.py)
    content_key_cache_size: int  # rooms whose plaintext data key a container keeps
    content_key_cache_seconds: float  # ... and for how long
    retention_sweep_days: int  # how many expiry days back the retention sweep looks (retention.py)
    retention_sweep_grace_hours: float  # ... and how long past expiry it leaves a row to DynamoDB's (free) TTL

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Settings:
        aws_region = region(env)
        pool_id = env.get("COGNITO_USER_POOL_ID", "")
        issuer = env.get("COGNITO_ISSUER") or f"https://cognito-idp.{aws_region}.amazonaws.com/{pool_id}"
        return cls(
            region=aws_region,
            table_prefix=env.get("TABLE_PREFIX", "cloudchat-dev-"),
            user_pool_id=pool_id,
            client_id=env.get("COGNITO_CLIENT_ID", ""),
            issuer=issuer,
            jwks_url=env.get("COGNITO_JWKS_URL") or f"{issuer}/.well-known/jwks.json",
            cognito_endpoint=env.get("PUBLIC_COGNITO_ENDPOINT")
            or f"https://cognito-idp.{aws_region}.amazonaws.com/",
            public_rest_url=env.get("PUBLIC_REST_URL", ""),
            public_ws_url=env.get("PUBLIC_WS_URL", ""),
            management_endpoint=env.get("WS_MANAGEMENT_ENDPOINT") or None,
            fanout_workers=int(env.get("FANOUT_WORKERS", "8")),
            membership_cache_seconds=float(env.get("MEMBERSHIP_CACHE_SECONDS", "30")),
            message_retention_days=int(env.get("MESSAGE_RETENTION_DAYS", "90")),
            resume_window=int(env.get("RESUME_WINDOW", "5000")),
            content_kms_key_id=env.get("CONTENT_KMS_KEY_ID", ""),
            content_key_cache_size=int(env.get("CONTENT_KEY_CACHE_SIZE", "1000")),
            content_key_cache_seconds=float(env.get("CONTENT_KEY_CACHE_SECONDS", "900")),
            retention_sweep_days=int(env.get("RETENTION_SWEEP_DAYS", "7")),
            retention_sweep_grace_hours=float(env.get("RETENTION_SWEEP_GRACE_HOURS", "0")),
        )

    def table_name(self, table: str) -> str:
        """The DynamoDB table name for a model's table, e.g. ``cloudchat-dev-Messages``."""
        return f"{self.table_prefix}{table}"
