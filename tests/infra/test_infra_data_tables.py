"""Every DynamoDB table, key, GSI and TTL in terraform/modules/data matches chalicelib.models.

The expected side is generated from the PynamoDB models themselves (imported in the app's
virtualenv), so adding a model, an index or a TTL attribute without Terraform fails here.
"""

from __future__ import annotations

from typing import Any

import pytest
from infra_hcl import attr, blocks, locals_of, resources, run_app_python

PREFIX = "cloudchat-infratest-"

SCHEMA_DUMP = r"""
import json
from pynamodb.attributes import TTLAttribute
from chalicelib.config import Settings
from chalicelib.models import ALL_MODELS, bind

bind(Settings.from_env())
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
        "stream": getattr(model.Meta, "stream_view_type", None),
    }
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def models() -> dict[str, dict[str, Any]]:
    return run_app_python(SCHEMA_DUMP, env={"TABLE_PREFIX": PREFIX})


@pytest.fixture(scope="module")
def table_resource(module_hcl: dict[str, Any]) -> dict[str, Any]:
    """The one aws_dynamodb_table resource; it creates a table per entry of local.tables."""
    found = resources(module_hcl["data"], "aws_dynamodb_table")
    assert list(found) == ["this"], "one for_each table resource"
    body = found["this"]
    assert attr(body, "for_each") == "${local.tables}"
    return body


@pytest.fixture(scope="module")
def tables(module_hcl: dict[str, Any], table_resource: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """local.tables keyed by the name each entry gets with table_prefix = PREFIX."""
    name = attr(table_resource, "name")
    assert name == "${var.table_prefix}${each.key}"
    return {name.replace("${var.table_prefix}", PREFIX).replace("${each.key}", model): spec
            for model, spec in locals_of(module_hcl["data"])["tables"].items()}


def dynamic(body: dict[str, Any], block: str) -> dict[str, Any]:
    found = [d[block] for d in blocks(body, "dynamic") if block in d]
    assert len(found) == 1, f"one dynamic {block!r} block"
    return found[0]


def test_the_resource_builds_every_block_from_the_table_entry(table_resource: dict[str, Any]) -> None:
    """describe() reads local.tables; this pins how the resource turns an entry into blocks."""
    assert attr(table_resource, "hash_key") == "${each.value.hash_key}"
    assert attr(table_resource, "range_key") == "${each.value.range_key}"
    assert attr(table_resource, "billing_mode") == "PAY_PER_REQUEST"
    attribute = dynamic(table_resource, "attribute")
    assert attr(attribute, "for_each") == "${each.value.attributes}"
    assert attr(attribute["content"][0], "name") == "${attribute.key}"
    assert attr(attribute["content"][0], "type") == "${attribute.value}"
    gsi = dynamic(table_resource, "global_secondary_index")
    assert attr(gsi, "for_each") == "${each.value.gsis}"
    content = gsi["content"][0]
    assert attr(content, "name") == "${global_secondary_index.key}"
    for key in ("hash_key", "range_key", "projection_type"):
        assert attr(content, key) == f"${{global_secondary_index.value.{key}}}", key
    ttl = dynamic(table_resource, "ttl")
    assert "each.value.ttl" in attr(ttl, "for_each")
    assert attr(ttl["content"][0], "attribute_name") == "${ttl.value}"
    assert attr(ttl["content"][0], "enabled") is True
    assert not blocks(table_resource, "local_secondary_index")
    # python-hcl2 renders HCL's null as None
    assert attr(table_resource, "stream_enabled").replace(" ", "") == "${each.value.stream!=None}"
    assert attr(table_resource, "stream_view_type") == "${each.value.stream}"


def describe(spec: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """One local.tables entry in the shape SCHEMA_DUMP gives for a model."""
    gsis = {
        index: {"hash": gsi["hash_key"], "range": gsi["range_key"], "projection": gsi["projection_type"]}
        for index, gsi in spec["gsis"].items()
    }
    return {
        "hash": spec["hash_key"], "range": spec["range_key"], "attributes": dict(spec["attributes"]),
        "gsis": gsis, "ttl": [] if spec["ttl"] is None else [spec["ttl"]],
        "lsis": len(blocks(body, "local_secondary_index")),
        "billing": attr(body, "billing_mode"),
        "stream": spec["stream"],
    }


def test_one_table_per_model(models: dict[str, Any], tables: dict[str, Any]) -> None:
    assert sorted(tables) == sorted(models)


def test_keys_indexes_and_ttl_match_the_models(
    models: dict[str, Any], tables: dict[str, Any], table_resource: dict[str, Any],
) -> None:
    for name, expected in models.items():
        assert describe(tables[name], table_resource) == expected, name


def test_tables_are_encrypted_recoverable_and_protectable(table_resource: dict[str, Any]) -> None:
    body = table_resource  # one resource: the settings hold for every table
    sse = blocks(body, "server_side_encryption")
    assert sse and attr(sse[0], "enabled") is True and attr(sse[0], "kms_key_arn") == "${var.kms_key_arn}"
    assert attr(blocks(body, "point_in_time_recovery")[0], "enabled") == "${var.point_in_time_recovery}"
    assert attr(body, "deletion_protection_enabled") == "${var.deletion_protection}"
