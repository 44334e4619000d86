"""The API Gateway Management API (``@connections``): push bytes to one WebSocket connection."""

from __future__ import annotations

import threading
from typing import Any

import boto3
from botocore.config import Config

from chalicelib.errors import ConnectionGone


class ManagementApi:
    """Posts to connections through boto3's ``apigatewaymanagementapi`` client.

    The endpoint is either configured (a local emulator, a custom domain) or derived from
    the WebSocket event's ``domainName``/``stage`` the first time a handler runs in AWS.
    The client's HTTP pool is sized to the fan-out pool so parallel posts never queue on it.
    """

    def __init__(self, region: str, endpoint: str | None, pool_size: int) -> None:
        self._region = region
        self._endpoint = endpoint
        self._config = Config(
            max_pool_connections=pool_size,
            retries={"max_attempts": 2, "mode": "standard"},
            connect_timeout=2,
            read_timeout=5,
        )
        self._client: Any = None
        self._lock = threading.Lock()

    def configure_from_event(self, domain_name: str, stage: str) -> None:
        """First WebSocket event in AWS tells us where our API lives (configured wins)."""
        if self._endpoint is None:
            self._endpoint = f"https://{domain_name}/{stage}"

    @property
    def configured(self) -> bool:
        return self._endpoint is not None

    def post(self, connection_id: str, data: bytes) -> None:
        try:
            self._get_client().post_to_connection(ConnectionId=connection_id, Data=data)
        except self._get_client().exceptions.GoneException as exc:
            raise ConnectionGone(connection_id) from exc

    def disconnect(self, connection_id: str) -> None:
        try:
            self._get_client().delete_connection(ConnectionId=connection_id)
        except self._get_client().exceptions.GoneException as exc:
            raise ConnectionGone(connection_id) from exc

    def _get_client(self) -> Any:
        if self._client is None:
            with self._lock:
                if self._client is None:
                    if self._endpoint is None:
                        raise RuntimeError("WS_MANAGEMENT_ENDPOINT is not set and no WebSocket event has been seen")
                    self._client = boto3.session.Session().client(
                        "apigatewaymanagementapi", region_name=self._region,
                        endpoint_url=self._endpoint, config=self._config,
                    )
        return self._client
