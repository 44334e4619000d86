#!/usr/bin/env python3
"""Delete old published versions of a stage's Lambda functions (run by scripts/deploy.sh).

Every deploy publishes a new version of each function, and Lambda keeps every version's code
until it is deleted; a region's code storage is capped at 75 GB. Per function this keeps the
newest ``--keep`` versions (what a rollback can go back to) and every version an alias points
at, including a weighted alias's second version, whatever its age: ``live`` may be pinned to an
old version on purpose. Lambda itself refuses to delete a version an alias references, so an alias
created meanwhile is safe too.

    python scripts/prune_lambda_versions.py --outputs build/terraform-outputs-dev.json [--keep 5]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import ClientError

DEFAULT_KEEP = 5


def pinned_versions(aliases: Iterable[dict[str, Any]]) -> set[str]:
    """Versions that ``list_aliases`` entries point at, weighted (canary) versions included."""
    pinned: set[str] = set()
    for alias in aliases:
        pinned.add(alias["FunctionVersion"])
        pinned.update(alias.get("RoutingConfig", {}).get("AdditionalVersionWeights", {}))
    return pinned


def stale_versions(published: Iterable[str], pinned: set[str], keep: int) -> list[str]:
    """Published versions (never ``$LATEST``) older than the newest ``keep`` and not pinned, oldest first."""
    numbered = sorted(int(v) for v in published if v.isdigit())
    return [str(v) for v in numbered[:-keep] if str(v) not in pinned]


def prune(client: Any, function: str, keep: int) -> list[str]:
    """Delete ``function``'s stale versions; returns the ones deleted."""
    aliases = [a for page in client.get_paginator("list_aliases").paginate(FunctionName=function)
               for a in page["Aliases"]]
    published = [v["Version"] for page in client.get_paginator("list_versions_by_function").paginate(
        FunctionName=function) for v in page["Versions"]]
    deleted = []
    for version in stale_versions(published, pinned_versions(aliases), keep):
        try:
            client.delete_function(FunctionName=function, Qualifier=version)
        except ClientError as err:
            if err.response["Error"]["Code"] != "ResourceConflictException":
                raise
            print(f"{function}: version {version} kept ({err.response['Error']['Message']})")
            continue
        deleted.append(version)
    return deleted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outputs", type=Path, required=True, help="`terraform output -json` of the stage")
    parser.add_argument("--keep", type=int, default=DEFAULT_KEEP, help="newest versions kept per function")
    args = parser.parse_args()
    if args.keep < 1:
        parser.error("--keep must be at least 1")
    functions = json.loads(args.outputs.read_text())["function_names"]["value"]
    client = boto3.client("lambda")
    for function in sorted(functions.values()):
        deleted = prune(client, function, args.keep)
        print(f"{function}: pruned {len(deleted)} old version(s){': ' + ', '.join(deleted) if deleted else ''}")


if __name__ == "__main__":
    main()
