"""Provision the local AWS stand-in the way Terraform provisions AWS, then seed demo data."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import boto3

from chalicelib.models import Membership, Room, User

log = logging.getLogger(__name__)

ROLE_GROUPS = ("admin", "moderator", "user")
DEMO_PASSWORD = "CloudChat!2026"
DEMO_USERS = {"alice": "admin", "bob": "user", "carol": "moderator"}
GENERAL_ROOM_ID = "00000000-0000-4000-8000-000000000001"


@dataclass(frozen=True)
class Provisioned:
    user_pool_id: str
    client_id: str
    bucket: str
    content_key_id: str  # the KMS key rooms' content data keys are made under (CONTENT_KMS_KEY_ID)


def provision(region: str, *, pool_name: str, bucket: str) -> Provisioned:
    """Create the user pool (groups, app client), the media bucket and the content KMS key.
    Tables come from the models."""
    cognito = boto3.client("cognito-idp", region_name=region)
    pool_id = cognito.create_user_pool(
        PoolName=pool_name,
        Policies={"PasswordPolicy": {"MinimumLength": 8, "RequireUppercase": True, "RequireLowercase": True,
                                     "RequireNumbers": True, "RequireSymbols": False}},
        AutoVerifiedAttributes=["email"],
    )["UserPool"]["Id"]
    cognito.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration="OPTIONAL",
                                     SoftwareTokenMfaConfiguration={"Enabled": True})
    for group in ROLE_GROUPS:
        cognito.create_group(UserPoolId=pool_id, GroupName=group, Description=f"Cloud Chat {group}s")
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="web",
        GenerateSecret=False,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    s3 = boto3.client("s3", region_name=region)
    s3.create_bucket(Bucket=bucket)
    kms = boto3.client("kms", region_name=region)
    content_key_id = kms.create_key(Description=f"{pool_name}: message content data keys",
                                    KeySpec="SYMMETRIC_DEFAULT", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["KeyId"]
    return Provisioned(pool_id, client_id, bucket, content_key_id)


def create_user(region: str, pool_id: str, username: str, password: str, role: str = "user") -> str:
    """A confirmed user with a permanent password in the role's group; returns its ``sub``."""
    cognito = boto3.client("cognito-idp", region_name=region)
    cognito.admin_create_user(
        UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.test"},
                        {"Name": "email_verified", "Value": "true"}],
    )
    cognito.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=password, Permanent=True)
    cognito.admin_add_user_to_group(UserPoolId=pool_id, Username=username, GroupName=role)
    attributes: list[dict[str, Any]] = cognito.admin_get_user(UserPoolId=pool_id, Username=username)["UserAttributes"]
    return next(str(a["Value"]) for a in attributes if a["Name"] == "sub")


def sign_in(region: str, client_id: str, username: str, password: str) -> dict[str, Any]:
    """USER_PASSWORD_AUTH, as the web client does; returns Cognito's AuthenticationResult."""
    cognito = boto3.client("cognito-idp", region_name=region)
    result: dict[str, Any] = cognito.initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password},
    )["AuthenticationResult"]
    return result


def seed_demo(region: str, pool_id: str) -> dict[str, str]:
    """Demo users (alice = admin, carol = moderator, bob = user) sharing a ``general`` room.

    The models must be bound first (``create_tables`` binds them)."""

    subs = {name: create_user(region, pool_id, name, DEMO_PASSWORD, role) for name, role in DEMO_USERS.items()}
    for name, sub in subs.items():
        User(sub, username=name, email=f"{name}@example.test").save()
    Room(GENERAL_ROOM_ID, name="general", kind="public", description="Say hello",
         created_by=subs["alice"], listing="public", name_key="general").save()
    for name, sub in subs.items():
        Membership(GENERAL_ROOM_ID, sub, username=name, role="owner" if name == "alice" else "member").save()
    return subs
