"""Every DynamoDB table, key, GSI and TTL in terraform/modules/data matches chalicelib.models.

The expected side is generated from the PynamoDB models themselves (imported in the app's
virtualenv), so adding a model, an index or a TTL attribute without Terraform fails here.
"""

from __future__ import annotations

from typing import Any

import pytest
from infra_hcl import attr, blocks, resources, run_app_python

PREFIX = "cloudchat-infratest-"

SCHEMA_DUMP = r"""
import json
from pynamodb.attributes import TTLAttribute
from chalicelib.models import ALL_MODELS

out = {}
for model in ALL_MODELS:
    schema = model._get_schema()
    keys = {k["KeyType"]: k["AttributeName"] for k in schema["key_schema"]}
    attrs = {a["AttributeName"]: a["AttributeType"] for a in schema["attribute_definitions"]}
    gsis = {}
    for index in schema.get("global_secondary_indexes", []):
        ikeys = {k["KeyType"]: k["AttributeName"] for k in index["key_schema"]}
        for a in index["attribute_definitions"]:
            attrs[a["AttributeName"]] = a["AttributeType"]
        gsis[index["index_name"]] = {
            "hash": ikeys["HASH"], "range": ikeys.get("RANGE"),
            "projection": index["projection"]["ProjectionType"],
        }
    ttl = [a.attr_name for a in model.get_attributes().values() if isinstance(a, TTLAttribute)]
    out[model.Meta.table_name] = {
        "hash": keys["HASH"], "range": keys.get("RANGE"), "attributes": attrs, "gsis": gsis,
        "ttl": ttl, "lsis": len(schema.get("local_secondary_indexes", [])),
        "billing": getattr(model.Meta, "billing_mode", None),
    }
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def models() -> dict[str, dict[str, Any]]:
    return run_app_python(SCHEMA_DUMP, env={"TABLE_PREFIX": PREFIX})


@pytest.fixture(scope="module")
def tables(module_hcl: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Terraform tables keyed by the name they get with table_prefix = PREFIX."""
    found = {}
    for body in resources(module_hcl["data"], "aws_dynamodb_table").values():
        name = attr(body, "name").replace("${var.table_prefix}", PREFIX)
        found[name] = body
    return found


def describe(body: dict[str, Any]) -> dict[str, Any]:
    gsis = {}
    for index in blocks(body, "global_secondary_index"):
        gsis[attr(index, "name")] = {
            "hash": attr(index, "hash_key"), "range": attr(index, "range_key"),
            "projection": attr(index, "projection_type"),
        }
    ttl = [attr(t, "attribute_name") for t in blocks(body, "ttl") if attr(t, "enabled") is True]
    return {
        "hash": attr(body, "hash_key"), "range": attr(body, "range_key"),
        "attributes": {attr(a, "name"): attr(a, "type") for a in blocks(body, "attribute")},
        "gsis": gsis, "ttl": ttl, "lsis": len(blocks(body, "local_secondary_index")),
        "billing": attr(body, "billing_mode"),
    }


def test_one_table_per_model(models: dict[str, Any], tables: dict[str, Any]) -> None:
    assert sorted(tables) == sorted(models)


def test_keys_indexes_and_ttl_match_the_models(models: dict[str, Any], tables: dict[str, Any]) -> None:
    for name, expected in models.items():
        assert describe(tables[name]) == expected, name


def test_tables_are_encrypted_recoverable_and_protectable(tables: dict[str, Any]) -> None:
    for name, body in tables.items():
        sse = blocks(body, "server_side_encryption")
        assert sse and attr(sse[0], "enabled") is True and attr(sse[0], "kms_key_arn") == "${var.kms_key_arn}", name
        assert attr(blocks(body, "point_in_time_recovery")[0], "enabled") == "${var.point_in_time_recovery}", name
        assert attr(body, "deletion_protection_enabled") == "${var.deletion_protection}", name
