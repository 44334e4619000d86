"""The backend's IAM grants exactly what the code calls, scoped to resources, and nothing is '*'.

Both ways: the actions the code needs are derived from the source (PynamoDB / boto3 call sites
in app.py and chalicelib/, mapped to IAM actions; Chalice's policy generator cannot see PynamoDB
calls, which is why the policy is written by hand), and every granted action must be one of them
or one of the few the Lambda platform itself needs (PLATFORM_ACTIONS).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from infra_hcl import APP_SOURCES, attr, blocks, flat, resources

# call-site regex -> IAM actions it needs
CALL_TO_ACTIONS: dict[str, set[str]] = {
    # PynamoDB model / index methods
    r"\b[A-Z]\w*\.get\(": {"dynamodb:GetItem"},
    r"\.batch_get\(": {"dynamodb:BatchGetItem"},
    r"\.save\(": {"dynamodb:PutItem"},
    r"\.update\(\s*actions=": {"dynamodb:UpdateItem"},
    r"\)\.delete\(\)|\brow\.delete\(|\.delete\(\s*condition=": {"dynamodb:DeleteItem"},
    r"\bbatch\.delete\(": {"dynamodb:BatchWriteItem"},
    r"\.query\(": {"dynamodb:Query"},
    r"\.batch_write\(": {"dynamodb:BatchWriteItem"},
    r"\.condition_check\(": {"dynamodb:ConditionCheckItem"},
    r"\bTransactGet\(": {"dynamodb:GetItem"},
    # Model.exists() describes the table; Model.attribute.exists() is only a condition expression
    r"(?<![\w.])\w+\.exists\(\)|\.describe_table\(": {"dynamodb:DescribeTable"},
    r"\.scan\(": {"dynamodb:Scan"},
    # boto3 clients
    r"\.post_to_connection\(": {"execute-api:ManageConnections"},
    r"\.delete_connection\(": {"execute-api:ManageConnections"},
    r"\.get_connection\(": {"execute-api:ManageConnections"},
    # gateway.ManagementApi.post signs its @connections requests itself (SigV4, service execute-api)
    r"SigV4Auth\(.*?[\"']execute-api[\"']": {"execute-api:ManageConnections"},
    r"generate_presigned_(url|post)\([^)]*put_object": {"s3:PutObject"},
    r"generate_presigned_(url|post)\([^)]*get_object": {"s3:GetObject"},
    r"\.put_events\(": {"events:PutEvents"},
    r"\.publish\(\s*(TopicArn|TargetArn|PhoneNumber)=": {"sns:Publish"},
    r"\.send_email\(": {"ses:SendEmail"},
    r"\.get_secret_value\(": {"secretsmanager:GetSecretValue"},
    r"get_paginator\(\s*[\"']get_parameters_by_path[\"']": {"ssm:GetParametersByPath"},
    # Cognito Admin* calls, made directly or named to Sessions.admin("admin_...", ...)
    r"\badmin_add_user_to_group\b": {"cognito-idp:AdminAddUserToGroup"},
    r"\badmin_remove_user_from_group\b": {"cognito-idp:AdminRemoveUserFromGroup"},
    r"\badmin_list_groups_for_user\b": {"cognito-idp:AdminListGroupsForUser"},
    r"\badmin_disable_user\b": {"cognito-idp:AdminDisableUser"},
    r"\badmin_enable_user\b": {"cognito-idp:AdminEnableUser"},
    r"\badmin_user_global_sign_out\b": {"cognito-idp:AdminUserGlobalSignOut"},
    r"\.generate_data_key\(": {"kms:GenerateDataKey"},
    r"\.decrypt\(\s*CiphertextBlob=": {"kms:Decrypt"},
    # a stream handler: its event source mapping reads the stream with the function's role
    r"\.on_dynamodb_record\(": {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                                 "dynamodb:ListStreams"},
}

# Granted without a call in the code: the Lambda runtime writes the function's own log streams,
# and the data key decrypts the tables (via DynamoDB) and the environment variables (via Lambda).
PLATFORM_ACTIONS = {"logs:CreateLogStream", "logs:PutLogEvents", "kms:Decrypt"}

# Table management the local stack runs against moto/LocalStack (local/stack.py); in AWS,
# Terraform owns the tables, so these functions' calls need no grant.
LOCAL_BOOTSTRAP_FUNCTIONS = {"create_tables"}


def lambda_source(path: Path) -> str:
    """The file's text without the local-bootstrap functions: what can run in Lambda."""
    text = path.read_text()
    lines = text.splitlines()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef) and node.name in LOCAL_BOOTSTRAP_FUNCTIONS:
            assert node.end_lineno is not None
            lines[node.lineno - 1:node.end_lineno] = [""] * (node.end_lineno - node.lineno + 1)
    return "\n".join(lines)


def required_actions() -> set[str]:
    needed: set[str] = set()
    for source in APP_SOURCES:
        text = lambda_source(source)
        for pattern, actions in CALL_TO_ACTIONS.items():
            if re.search(pattern, text, flags=re.S):
                needed |= actions
    return needed


def statements(doc: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(blocks(doc, "statement"))
    for dynamic in blocks(doc, "dynamic"):
        for name, body in dynamic.items():
            if name == "statement":
                found.extend(blocks(body, "content"))
    return found


def policy_docs(module_hcl: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return resources(module_hcl["backend"], "aws_iam_policy_document", section="data")


def granted(doc: dict[str, Any]) -> set[str]:
    return {a for st in statements(doc) if attr(st, "effect", "Allow") == "Allow" for a in flat(st.get("actions", []))}


def test_the_scan_sees_the_known_calls() -> None:
    needed = required_actions()
    assert {"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem",
            "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
            "execute-api:ManageConnections"} <= needed


def test_the_scan_skips_local_bootstrap() -> None:
    # create_tables calls Model.exists() (DescribeTable); Lambda never runs it.
    models = next(s for s in APP_SOURCES if s.name == "models.py")
    assert ".exists()" in models.read_text() and ".exists()" not in lambda_source(models)
    assert "dynamodb:DescribeTable" not in required_actions()


def test_app_role_grants_every_action_the_code_calls(module_hcl: dict[str, Any]) -> None:
    missing = required_actions() - granted(policy_docs(module_hcl)["app"])
    assert not missing, f"backend app policy lacks {sorted(missing)}"


def test_app_role_grants_nothing_the_code_does_not_call(module_hcl: dict[str, Any]) -> None:
    extra = granted(policy_docs(module_hcl)["app"]) - required_actions() - PLATFORM_ACTIONS
    assert not extra, f"backend app policy grants {sorted(extra)}, which no code in app.py/chalicelib calls"


def test_authorizer_grants_only_platform_actions(module_hcl: dict[str, Any]) -> None:
    extra = granted(policy_docs(module_hcl)["authorizer"]) - PLATFORM_ACTIONS
    assert not extra, f"authorizer policy grants {sorted(extra)}; it only verifies JWTs"


def test_no_wildcards(module_hcl: dict[str, Any]) -> None:
    for name, doc in policy_docs(module_hcl).items():
        for st in statements(doc):
            actions = flat(st.get("actions", []))
            assert not [a for a in actions if a == "*" or a.endswith(":*")], f"{name}: wildcard action {actions}"
            res = flat(st.get("resources", []))
            if "principals" in st:  # trust policies have no resources
                continue
            assert res, f"{name}: statement without resources"
            assert "*" not in res, f"{name}: resource '*' in {attr(st, 'sid')}"


def test_dynamodb_resources_are_the_tables_and_indexes(module_hcl: dict[str, Any]) -> None:
    app = policy_docs(module_hcl)["app"]
    dynamo = next(st for st in statements(app) if attr(st, "sid") == "DynamoDBTablesAndIndexes")
    assert attr(dynamo, "resources").replace(" ", "") == "${concat(var.table_arns,var.index_arns)}"


def test_stream_reads_are_scoped_to_the_messages_stream(module_hcl: dict[str, Any]) -> None:
    app = policy_docs(module_hcl)["app"]
    stream = next(st for st in statements(app) if attr(st, "sid") == "ReadMessagesStream")
    assert flat(stream["resources"]) == ["${var.messages_stream_arn}"]


def test_manage_connections_is_scoped_to_this_api(module_hcl: dict[str, Any]) -> None:
    app = policy_docs(module_hcl)["app"]
    ws = next(st for st in statements(app) if attr(st, "sid") == "WebSocketConnections")
    for arn in flat(ws["resources"]):
        assert arn.startswith("${aws_apigatewayv2_api.websocket.execution_arn}/") and "@connections" in arn


def test_table_management_is_local_bootstrap_only() -> None:
    """create_table/update_ttl appear only inside the local-bootstrap functions, which no Lambda code calls."""
    for source in APP_SOURCES:
        text = lambda_source(source)
        assert "create_table(" not in text and "update_ttl(" not in text, source.name
        assert not [f for f in LOCAL_BOOTSTRAP_FUNCTIONS if f"{f}(" in text], source.name
