"""The backend's IAM grants every action the code calls, scoped to resources, and nothing is '*'.

The required actions are derived from the source: PynamoDB / boto3 call sites in app.py and
chalicelib/ are mapped to the IAM actions they need (Chalice's policy generator cannot see
PynamoDB calls, which is why the policy is written by hand and checked here).
"""

from __future__ import annotations

import re
from typing import Any

from infra_hcl import APP_SOURCES, ROOT, attr, blocks, flat, resources

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
    r"\.exists\(\)|\.describe_table\(": {"dynamodb:DescribeTable"},
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
}

# Table management the local stack does against moto/LocalStack; in AWS, Terraform owns it.
LOCAL_BOOTSTRAP_ONLY = ("create_table(", "update_ttl(")


def required_actions() -> set[str]:
    needed: set[str] = set()
    for source in APP_SOURCES:
        text = source.read_text()
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
    assert {"dynamodb:Query", "dynamodb:PutItem", "dynamodb:BatchWriteItem",
            "execute-api:ManageConnections"} <= needed


def test_app_role_grants_every_action_the_code_calls(module_hcl: dict[str, Any]) -> None:
    missing = required_actions() - granted(policy_docs(module_hcl)["app"])
    assert not missing, f"backend app policy lacks {sorted(missing)}"


def test_dynamodb_grants_cover_the_pynamodb_surface(module_hcl: dict[str, Any]) -> None:
    # PynamoDB may describe tables; TransactWrite is authorised per item (Put/Update/Delete/ConditionCheck).
    expected = {f"dynamodb:{a}" for a in ("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "BatchWriteItem",
                                          "BatchGetItem", "ConditionCheckItem", "DescribeTable")}
    assert expected <= granted(policy_docs(module_hcl)["app"])


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


def test_manage_connections_is_scoped_to_this_api(module_hcl: dict[str, Any]) -> None:
    app = policy_docs(module_hcl)["app"]
    ws = next(st for st in statements(app) if attr(st, "sid") == "WebSocketConnections")
    for arn in flat(ws["resources"]):
        assert arn.startswith("${aws_apigatewayv2_api.websocket.execution_arn}/") and "@connections" in arn


def test_authorizer_touches_no_data(module_hcl: dict[str, Any]) -> None:
    actions = granted(policy_docs(module_hcl)["authorizer"])
    assert not [a for a in actions if a.split(":")[0] in {"dynamodb", "s3", "execute-api", "sns", "events", "ses"}]


def test_table_management_is_local_bootstrap_only() -> None:
    callers = []
    for source in APP_SOURCES:
        text = source.read_text()
        if any(call in text for call in LOCAL_BOOTSTRAP_ONLY):
            callers.append(source.name)
    assert callers in ([], ["models.py"]), callers
    assert "create_tables(" not in (ROOT / "app.py").read_text()
