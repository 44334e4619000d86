"""Runtime configuration, read once from the environment at start-up (``Chat.from_env``).

Every AWS endpoint comes from the standard AWS variables (``AWS_ENDPOINT_URL``,
``AWS_ENDPOINT_URL_<SERVICE>``) that boto3 and PynamoDB honour by themselves, so the
same code talks to moto, LocalStack or AWS without branches.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from chalicelib.ratelimit.policy import Policy, policies_from_env

DEFAULT_REGION = "us-east-1"
RATE_LIMIT_BACKENDS = ("redis", "dynamodb", "off")
# The variables FEATURE_FLAGS_SSM_PATH may override (see ``feature_overrides``).
FEATURE_VARIABLES = frozenset({"FEATURE_FILE_UPLOAD", "FEATURE_PUSH", "FEATURE_REACTIONS", "FEATURE_VOICE",
                               "MAX_FILE_SIZE_BYTES", "MESSAGE_RETENTION_DAYS"})
_TRUE, _FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}


def region(env: Mapping[str, str]) -> str:
    return env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or DEFAULT_REGION


def rate_limit_backend(env: Mapping[str, str]) -> str:
    """``RATE_LIMIT_BACKEND``; unset: Redis when ``REDIS_URL`` is set, else DynamoDB."""
    backend = env.get("RATE_LIMIT_BACKEND") or ("redis" if env.get("REDIS_URL") else "dynamodb")
    if backend not in RATE_LIMIT_BACKENDS:
        raise ValueError(f"RATE_LIMIT_BACKEND={backend!r}: expected one of {', '.join(RATE_LIMIT_BACKENDS)}")
    return backend


def flag(name: str, value: str) -> bool:
    """A boolean variable's value; a typo fails start-up rather than silently turning a feature off."""
    value = value.strip().lower()
    if value not in _TRUE | _FALSE:
        raise ValueError(f"{name} must be true or false, not {value!r}")
    return value in _TRUE


def feature_overrides(env: Mapping[str, str]) -> dict[str, str]:
    """The feature variables stored under ``FEATURE_FLAGS_SSM_PATH`` (one GetParametersByPath,
    paginated, at start-up), by their last path segment, e.g. ``/cloudchat/prod/features/FEATURE_PUSH``.

    SSM wins over the environment: Terraform sets the environment's deploy-time defaults, and an
    operator flips a flag in Parameter Store, effective in every new Lambda container."""
    path = env.get("FEATURE_FLAGS_SSM_PATH")
    if not path:
        return {}
    import boto3  # only deployments that use SSM pay for the import

    ssm = boto3.client("ssm", region_name=region(env))
    found: dict[str, str] = {}
    for page in ssm.get_paginator("get_parameters_by_path").paginate(Path=path, WithDecryption=True):
        for parameter in page["Parameters"]:
            name = parameter["Name"].rsplit("/", 1)[-1]
            if name in FEATURE_VARIABLES:
                found[name] = parameter["Value"]
    return found


@dataclass(frozen=True)
class Features:
    """What ``GET /config`` exposes under ``features`` and ``require_feature`` enforces."""

    file_upload: bool
    push: bool
    reactions: bool
    voice: bool
    max_file_size_bytes: int
    message_retention_days: int

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Features:
        return cls(file_upload=flag("FEATURE_FILE_UPLOAD", env.get("FEATURE_FILE_UPLOAD", "false")),
                   push=flag("FEATURE_PUSH", env.get("FEATURE_PUSH", "false")),
                   reactions=flag("FEATURE_REACTIONS", env.get("FEATURE_REACTIONS", "true")),
                   voice=flag("FEATURE_VOICE", env.get("FEATURE_VOICE", "false")),
                   max_file_size_bytes=int(env.get("MAX_FILE_SIZE_BYTES", "10485760")),
                   message_retention_days=int(env.get("MESSAGE_RETENTION_DAYS", "90")))

    def require_feature(self, name: str) -> None:
        """Every feature-gated path calls this first: a disabled feature answers 403 ``feature_disabled``."""
        if not getattr(self, name):
            from chalicelib.errors import Forbidden  # errors imports chalice; config stays importable without it

            raise Forbidden(f"The {name} feature is turned off", code="feature_disabled")

    def to_wire(self) -> dict[str, bool | int]:
        return {"fileUpload": self.file_upload, "push": self.push, "reactions": self.reactions,
                "voice": self.voice, "maxFileSizeBytes": self.max_file_size_bytes,
                "messageRetentionDays": self.message_retention_days}


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
    rate_limit_backend: str  # redis | dynamodb | off
    redis_url: str | None
    redis_auth_secret_arn: str | None
    redis_timeout_seconds: float  # per Redis call; past it the limiter lets the request through
    rate_limits: dict[str, Policy]  # by policy name (ratelimit/policy.py DEFAULT_POLICIES)
    aws_connect_timeout: int  # seconds; with the read timeout and attempts, bounds a call to an unreachable AWS
    aws_read_timeout: int
    aws_max_attempts: int  # per AWS call, the first included (botocore's standard retry mode)
    features: Features
    content_kms_key_id: str  # the KMS key rooms' content data keys are made under (envelope.py)
    content_key_cache_size: int  # rooms whose plaintext data key a container keeps
    content_key_cache_seconds: float  # ... and for how long
    retention_sweep_days: int  # how many expiry days back the retention sweep looks (retention.py)
    retention_sweep_grace_hours: float  # ... and how long past expiry it leaves a row to DynamoDB's (free) TTL
    max_rooms_per_user: int  # memberships per user (join, accept, create, DM)
    max_members_per_room: int
    max_connections_per_user: int  # open sockets; the next $connect gets 429
    invitation_days: int  # an unanswered invitation expires after this
    allowed_origins: frozenset[str] = frozenset()  # browser origins ``$connect`` accepts (no Origin: not a browser)
    ticket_seconds: int = 60  # how long a WebSocket ticket stays redeemable (at most 60)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Settings:
        env = {**env, **feature_overrides(env)}
        features = Features.from_env(env)
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
            message_retention_days=features.message_retention_days,
            resume_window=int(env.get("RESUME_WINDOW", "5000")),
            rate_limit_backend=rate_limit_backend(env),
            redis_url=env.get("REDIS_URL") or None,
            redis_auth_secret_arn=env.get("REDIS_AUTH_SECRET_ARN") or None,
            redis_timeout_seconds=int(env.get("REDIS_TIMEOUT_MS", "100")) / 1000,
            rate_limits=policies_from_env(env),
            aws_connect_timeout=int(env.get("AWS_CONNECT_TIMEOUT_SECONDS", "2")),
            aws_read_timeout=int(env.get("AWS_READ_TIMEOUT_SECONDS", "4")),
            aws_max_attempts=int(env.get("AWS_MAX_ATTEMPTS", "3")),
            features=features,
            allowed_origins=frozenset(o.strip().rstrip("/") for o in env.get("ALLOWED_ORIGINS", "").split(",")
                                      if o.strip()),
            ticket_seconds=max(1, min(60, int(env.get("TICKET_SECONDS", "60")))),
            content_kms_key_id=env.get("CONTENT_KMS_KEY_ID", ""),
            content_key_cache_size=int(env.get("CONTENT_KEY_CACHE_SIZE", "1000")),
            content_key_cache_seconds=float(env.get("CONTENT_KEY_CACHE_SECONDS", "900")),
            retention_sweep_days=int(env.get("RETENTION_SWEEP_DAYS", "7")),
            retention_sweep_grace_hours=float(env.get("RETENTION_SWEEP_GRACE_HOURS", "0")),
            max_rooms_per_user=int(env.get("MAX_ROOMS_PER_USER", "500")),
            max_members_per_room=int(env.get("MAX_MEMBERS_PER_ROOM", "5000")),
            max_connections_per_user=int(env.get("MAX_CONNECTIONS_PER_USER", "20")),
            invitation_days=int(env.get("INVITATION_DAYS", "30")),
        )

    def table_name(self, table: str) -> str:
        """The DynamoDB table name for a model's table, e.g. ``cloudchat-dev-Messages``."""
        return f"{self.table_prefix}{table}"
