"""scripts/prune_lambda_versions.py, run as deploy.sh runs it, against a moto server over HTTP."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

ROOT = Path(__file__).resolve().parents[2]
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture
def endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def zipped(source: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", source)
    return buffer.getvalue()


def deploy_versions(client: Any, role: str, name: str, count: int) -> None:
    """Create ``name`` and publish ``count`` versions of it, each with new code, as deploys do."""
    client.create_function(FunctionName=name, Runtime="python3.11", Role=role, Handler="app.handler",
                           Code={"ZipFile": zipped("v = 0")})
    for n in range(1, count + 1):
        client.update_function_code(FunctionName=name, ZipFile=zipped(f"v = {n}"))
        client.publish_version(FunctionName=name)


def versions(client: Any, name: str) -> list[str]:
    return [v["Version"] for v in client.list_versions_by_function(FunctionName=name)["Versions"]]


def test_keeps_the_newest_and_every_aliased_version(endpoint: str, tmp_path: Path) -> None:
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                    region_name="us-east-1")
    role = session.client("iam", endpoint_url=endpoint).create_role(
        RoleName="app", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
    )["Role"]["Arn"]
    client = session.client("lambda", endpoint_url=endpoint)
    deploy_versions(client, role, "chat-app", 10)
    deploy_versions(client, role, "chat-ws-message", 3)
    # live rolled back to 2; a canary alias on 10 sends some traffic to 3.
    client.create_alias(FunctionName="chat-app", Name="live", FunctionVersion="2")
    client.create_alias(FunctionName="chat-app", Name="canary", FunctionVersion="10",
                        RoutingConfig={"AdditionalVersionWeights": {"3": 0.1}})
    outputs = tmp_path / "outputs.json"
    outputs.write_text(json.dumps({"function_names": {"value": {"app": "chat-app", "ws_message": "chat-ws-message"}}}))

    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "prune_lambda_versions.py"),
                          "--outputs", str(outputs), "--keep", "5"],
                         env={**os.environ, **CREDENTIALS, "AWS_ENDPOINT_URL": endpoint},
                         capture_output=True, text=True, check=True)

    assert versions(client, "chat-app") == ["$LATEST", "2", "3", "6", "7", "8", "9", "10"]
    assert versions(client, "chat-ws-message") == ["$LATEST", "1", "2", "3"]
    assert "chat-app: pruned 3 old version(s): 1, 4, 5" in run.stdout
    assert "chat-ws-message: pruned 0 old version(s)" in run.stdout


def test_refuses_to_keep_nothing(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "prune_lambda_versions.py"),
                          "--outputs", str(tmp_path / "unused.json"), "--keep", "0"], capture_output=True, text=True)
    assert run.returncode == 2
    assert "--keep must be at least 1" in run.stderr
