"""The web origin's security headers, built from the file CloudFront's response-headers policy is built from.

``terraform/modules/web/security_headers.json`` holds every directive; this module only
appends the origins the web client connects to (WebSocket, Cognito, media) to
``connect-src``, as Terraform does with the deployed ones, so the two cannot drift.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SOURCE = Path(__file__).resolve().parent.parent / "terraform" / "modules" / "web" / "security_headers.json"


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL.

    A CSP source with a path matches that exact path only (or, with a trailing slash, what lies
    below it), so ``wss://…/api`` blocks the client's ``wss://…/api/?ticket=``: origins never fail that way.
    """
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        raise ValueError(f"not an absolute URL: {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def load(path: Path = SOURCE) -> dict[str, Any]:
    policy: dict[str, Any] = json.loads(path.read_text())
    return policy


def build(connect_urls: Iterable[str]) -> dict[str, str]:
    """The headers CloudFront adds to the site and ``/api/*``, for a web client that also connects to ``connect_urls``.

    Strict-Transport-Security is left out: the local stack serves plain HTTP, and browsers
    ignore HSTS received over HTTP (RFC 6797, section 8.1). CloudFront sends it over HTTPS.
    """
    policy = load()
    directives: dict[str, list[str]] = dict(policy["content_security_policy"])
    directives["connect-src"] = list(dict.fromkeys([*directives["connect-src"], *map(origin, connect_urls)]))
    # In name order, as Terraform's jsondecode hands them to CloudFront's policy.
    csp = "; ".join(f"{name} {' '.join(sources)}" for name, sources in sorted(directives.items()))
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": policy["content_type_options"],
        "X-Frame-Options": policy["frame_options"],
        "Referrer-Policy": policy["referrer_policy"],
        "X-XSS-Protection": policy["xss_protection"],
    }
