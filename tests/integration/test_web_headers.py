"""The local web origin sends CloudFront's security headers where CloudFront would: the site and /api/*."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from local import security_headers

CLOUDFRONT_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
                      "X-XSS-Protection")


def get(url: str) -> requests.Response:
    session = requests.Session()
    session.trust_env = False
    return session.get(url, timeout=10)


@pytest.mark.parametrize("path", ["", "rooms/some-deep-link", "api/config", "api/no-such-route"])
def test_site_and_api_carry_the_policy(stack: dict[str, Any], path: str) -> None:
    config = get(f"{stack['rest']}/config").json()
    expected = security_headers.build([config["wsUrl"], config["cognitoEndpoint"], stack["endpoints"]["s3"]])
    headers = get(stack["web"] + path).headers
    assert {name: headers.get(name) for name in CLOUDFRONT_HEADERS} == expected
    assert "Strict-Transport-Security" not in headers  # plain HTTP


@pytest.mark.parametrize("path", ["@connections/nope", "_local/stats"])
def test_what_cloudfront_does_not_front_has_no_policy(stack: dict[str, Any], path: str) -> None:
    headers = get(stack["web"] + path).headers
    assert not set(CLOUDFRONT_HEADERS) & set(headers)
