"""The local stack's security headers: built from CloudFront's JSON, connect-src names origins only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from local import security_headers
from local.bootstrap import Provisioned
from local.endpoints import Endpoints
from local.stack import StackOptions, stack_env, web_headers

KEYWORD = re.compile(r"'[a-z-]+'")  # 'self', 'none', 'unsafe-inline'
SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:")  # data:, blob:, https:
ORIGIN = re.compile(r"(https?|wss?)://[^/?#\s]+")  # scheme://host[:port], nothing after it
PROVISIONED = Provisioned("us-east-1_pool", "client", "cloud-chat-local-media", "content-key")


def directives(csp: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in csp.split(";"):
        name, *sources = directive.split()
        parsed[name] = sources
    return parsed


def sent_connect_src(endpoints: Endpoints) -> list[str]:
    env = stack_env(StackOptions(http_port=8000, ws_port=8001), endpoints, PROVISIONED)
    return directives(web_headers(env, endpoints)["Content-Security-Policy"])["connect-src"]


MOTO = Endpoints.resolve("http://127.0.0.1:4599", {})
LOCALSTACK_AND_MOTO = Endpoints("http://localhost:4566/", {"dynamodb": "http://localhost:4566/",
                                                           "s3": "http://s3.localhost.localstack.cloud:4566/",
                                                           "cognito-idp": "http://127.0.0.1:4600/cognito/"})


def test_static_connect_src_entries_are_keywords_or_origins() -> None:
    for source in security_headers.load()["content_security_policy"]["connect-src"]:
        assert KEYWORD.fullmatch(source) or ORIGIN.fullmatch(source), source


def test_every_static_source_is_a_keyword_scheme_or_origin() -> None:
    for name, sources in security_headers.load()["content_security_policy"].items():
        for source in sources:
            assert KEYWORD.fullmatch(source) or SCHEME.fullmatch(source) or ORIGIN.fullmatch(source), (name, source)


@pytest.mark.parametrize("endpoints", [MOTO, LOCALSTACK_AND_MOTO], ids=["moto", "localstack-and-moto"])
def test_every_connect_src_entry_the_stack_sends_is_an_origin(endpoints: Endpoints) -> None:
    sources = sent_connect_src(endpoints)
    for source in sources:
        assert KEYWORD.fullmatch(source) or ORIGIN.fullmatch(source), source
    assert len(sources) == len(set(sources))


def test_connect_src_names_the_websocket_cognito_and_media_origins() -> None:
    assert sent_connect_src(LOCALSTACK_AND_MOTO) == ["'self'", "ws://127.0.0.1:8001", "http://127.0.0.1:4600",
                                                     "http://s3.localhost.localstack.cloud:4566"]


def test_headers_follow_the_json_except_connect_src_and_hsts() -> None:
    policy = security_headers.load()
    headers = security_headers.build(["wss://example.test/api"])
    sent = directives(headers["Content-Security-Policy"])
    assert list(sent) == sorted(policy["content_security_policy"])
    assert {k: v for k, v in sent.items() if k != "connect-src"} == {
        k: v for k, v in policy["content_security_policy"].items() if k != "connect-src"}
    assert sent["connect-src"] == [*policy["content_security_policy"]["connect-src"], "wss://example.test"]
    assert headers["X-Content-Type-Options"] == policy["content_type_options"]
    assert headers["X-Frame-Options"] == policy["frame_options"]
    assert headers["Referrer-Policy"] == policy["referrer_policy"]
    assert headers["X-XSS-Protection"] == policy["xss_protection"]
    assert "Strict-Transport-Security" not in headers  # plain HTTP: browsers ignore it there


@pytest.mark.parametrize("url", ["127.0.0.1:4599", "/api", ""])
def test_origin_rejects_what_is_not_an_absolute_url(url: str) -> None:
    with pytest.raises(ValueError, match="not an absolute URL"):
        security_headers.origin(url)


def test_the_source_is_terraforms_file() -> None:
    terraforms = Path(__file__).resolve().parents[2] / "terraform" / "modules" / "web" / "security_headers.json"
    assert terraforms == security_headers.SOURCE
