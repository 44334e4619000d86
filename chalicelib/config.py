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
    message_retention_days: int
    resume_window: int  # the widest gap ``resume`` replays; wider gets ``resumeGap``
    max_rooms_per_user: int  # memberships per user (join, accept, create, DM)
    max_members_per_room: int
    max_connections_per_user: int  # open sockets; the next $connect gets 429
    invitation_days: int  # an unanswered invitation expires after this

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
            message_retention_days=int(env.get("MESSAGE_RETENTION_DAYS", "90")),
            resume_window=int(env.get("RESUME_WINDOW", "5000")),
            max_rooms_per_user=int(env.get("MAX_ROOMS_PER_USER", "500")),
            max_members_per_room=int(env.get("MAX_MEMBERS_PER_ROOM", "5000")),
            max_connections_per_user=int(env.get("MAX_CONNECTIONS_PER_USER", "20")),
            invitation_days=int(env.get("INVITATION_DAYS", "30")),
        )

    def table_name(self, table: str) -> str:
        """The DynamoDB table name for a model's table, e.g. ``cloudchat-dev-Messages``."""
        return f"{self.table_prefix}{table}"
