"""API Gateway WebSocket event shapes, as the real service delivers them to Lambda."""

from __future__ import annotations

import base64
import os
import time
import uuid
from typing import Any

API_ID = "local"


def new_connection_id() -> str:
    """API Gateway ids look like ``L0SM9cOFvHcCIhw=``: 10 random bytes, base64."""
    return base64.b64encode(os.urandom(10)).decode()


def _request_context(route_key: str, event_type: str, connection_id: str, *, stage: str, domain: str,
                     connected_at: int, source_ip: str, user_agent: str) -> dict[str, Any]:
    now = int(time.time() * 1000)
    return {
        "routeKey": route_key,
        "eventType": event_type,
        "extendedRequestId": uuid.uuid4().hex[:16],
        "requestTime": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime()),
        "messageDirection": "IN",
        "stage": stage,
        "connectedAt": connected_at,
        "requestTimeEpoch": now,
        "identity": {"sourceIp": source_ip, "userAgent": user_agent},
        "requestId": uuid.uuid4().hex[:16],
        "domainName": domain,
        "connectionId": connection_id,
        "apiId": API_ID,
    }


def connect_event(connection_id: str, *, headers: dict[str, str], query: dict[str, list[str]], stage: str,
                  domain: str, connected_at: int, source_ip: str) -> dict[str, Any]:
    user_agent = headers.get("User-Agent", "")
    return {
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": {k: v[-1] for k, v in query.items()} or None,
        "multiValueQueryStringParameters": query or None,
        "requestContext": _request_context("$connect", "CONNECT", connection_id, stage=stage, domain=domain,
                                           connected_at=connected_at, source_ip=source_ip, user_agent=user_agent),
        "isBase64Encoded": False,
    }


def message_event(connection_id: str, route_key: str, body: str, *, stage: str, domain: str,
                  connected_at: int, source_ip: str) -> dict[str, Any]:
    context = _request_context(route_key, "MESSAGE", connection_id, stage=stage, domain=domain,
                               connected_at=connected_at, source_ip=source_ip, user_agent="")
    context["messageId"] = uuid.uuid4().hex[:16]
    return {"requestContext": context, "body": body, "isBase64Encoded": False}


def disconnect_event(connection_id: str, *, status_code: int, reason: str, stage: str, domain: str,
                     connected_at: int, source_ip: str) -> dict[str, Any]:
    context = _request_context("$disconnect", "DISCONNECT", connection_id, stage=stage, domain=domain,
                               connected_at=connected_at, source_ip=source_ip, user_agent="")
    context["disconnectStatusCode"] = status_code
    context["disconnectReason"] = reason
    return {"headers": {}, "multiValueHeaders": {}, "requestContext": context, "isBase64Encoded": False}
