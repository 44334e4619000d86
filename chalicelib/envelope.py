"""Envelope encryption of message content: one KMS data key per room, AES-GCM per value.

- A room's data key is made once by KMS (``GenerateDataKey`` AES_256, encryption context
  ``{"roomId": ...}``) and only its KMS-encrypted copy is stored, on the Room row
  (``contentKey``). The first writer wins a conditional update; a container that lost the race
  decrypts the winner's key instead, so a room never has two keys.
- Plaintext data keys live only in memory, in a bounded TTL cache per container
  (``CONTENT_KEY_CACHE_SIZE`` rooms for ``CONTENT_KEY_CACHE_SECONDS``): a miss costs one GetItem
  of the room and one KMS ``Decrypt``; a hit costs no call at all.
- Each value is sealed with AES-256-GCM under a fresh 96-bit random nonce; the associated data
  binds it to its place (room id, message id, field), so a ciphertext copied to another message,
  room or field fails to open instead of showing the wrong text.

A sealed value is ``VERSION || nonce || ciphertext+tag``.
"""

from __future__ import annotations

import base64
import os
import threading
from typing import Any

import boto3
from botocore.config import Config
from cachetools import TTLCache
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pynamodb.exceptions import DoesNotExist, UpdateError

from chalicelib.errors import NotFound
from chalicelib.models import CONTENT, PREVIOUS_CONTENT, Room

__all__ = ["CONTENT", "PREVIOUS_CONTENT", "Envelope", "SealedContentError", "open_sealed"]

VERSION = b"\x01"
NONCE_BYTES = 12  # 96 bits: GCM's native nonce size


class SealedContentError(Exception):
    """A stored value that does not open: tampered, moved, or sealed under another key."""


def associated_data(room_id: str, message_id: str, field: str) -> bytes:
    return f"{room_id}\x1f{message_id}\x1f{field}".encode()


def context(room_id: str) -> dict[str, str]:
    """The KMS encryption context of a room's data key (IAM requires the ``roomId`` key)."""
    return {"roomId": room_id}


def open_sealed(data_key: bytes, room_id: str, message_id: str, field: str, blob: bytes | str) -> str:
    """Open one sealed value with its room's plaintext data key."""
    raw = base64.b64decode(blob) if isinstance(blob, str) else bytes(blob)
    if raw[:1] != VERSION or len(raw) < 1 + NONCE_BYTES + 16:
        raise SealedContentError(f"{field} of message {message_id} is not a sealed value")
    nonce, sealed = raw[1:1 + NONCE_BYTES], raw[1 + NONCE_BYTES:]
    try:
        plain = AESGCM(data_key).decrypt(nonce, sealed, associated_data(room_id, message_id, field))
    except Exception as exc:  # cryptography's InvalidTag: wrong key, nonce, AAD or bytes
        raise SealedContentError(f"{field} of message {message_id} in room {room_id} does not open") from exc
    return plain.decode()


class Envelope:
    def __init__(self, kms_key_id: str, region: str, cache_size: int, cache_seconds: float,
                 kms: Any = None, client_config: Config | None = None) -> None:
        """``client_config``: the deployment's bounded timeouts and retries (``aws.client_config``)."""
        self._kms_key_id = kms_key_id
        self._region = region
        self._kms_client = kms
        self._client_config = client_config
        self._keys: TTLCache[str, bytes] = TTLCache(maxsize=cache_size, ttl=cache_seconds)
        self._lock = threading.Lock()  # cachetools caches are not thread-safe

    # -- values ----------------------------------------------------------------------------
    def seal(self, room_id: str, message_id: str, field: str, text: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.data_key(room_id)).encrypt(nonce, text.encode(),
                                                       associated_data(room_id, message_id, field))
        return VERSION + nonce + sealed

    def open(self, room_id: str, message_id: str, field: str, blob: bytes | str) -> str:
        """``blob`` may be base64 text: a stream record's image in Lambda's JSON event carries it so."""
        return open_sealed(self.data_key(room_id), room_id, message_id, field, blob)

    # -- keys ------------------------------------------------------------------------------
    def data_key(self, room_id: str) -> bytes:
        """The room's plaintext data key: from the cache, else the Room row's encrypted copy,
        else a new one stored once (conditional update: racing containers keep the winner's)."""
        with self._lock:
            key = self._keys.get(room_id)
        if key is None:
            key = self._load_or_create(room_id)
            with self._lock:
                self._keys[room_id] = key
        return key

    def _load_or_create(self, room_id: str) -> bytes:
        stored = self._stored_key(room_id, consistent=False)
        if stored is not None:
            return self._decrypt(room_id, stored)
        made = self._kms().generate_data_key(KeyId=self._kms_key_id, KeySpec="AES_256",
                                             EncryptionContext=context(room_id))
        try:
            Room(room_id).update(actions=[Room.content_key.set(made["CiphertextBlob"])],
                                 condition=Room.room_id.exists() & Room.content_key.does_not_exist())
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            stored = self._stored_key(room_id, consistent=True)  # another container stored one first
            if stored is None:
                raise NotFound(f"Room {room_id} not found", code="room_not_found") from exc
            return self._decrypt(room_id, stored)
        return bytes(made["Plaintext"])

    @staticmethod
    def _stored_key(room_id: str, *, consistent: bool) -> bytes | None:
        try:
            room = Room.get(room_id, consistent_read=consistent, attributes_to_get=["roomId", "contentKey"])
        except DoesNotExist as exc:
            raise NotFound(f"Room {room_id} not found", code="room_not_found") from exc
        return room.content_key

    def _decrypt(self, room_id: str, encrypted_key: bytes) -> bytes:
        answer = self._kms().decrypt(CiphertextBlob=encrypted_key, KeyId=self._kms_key_id,
                                     EncryptionContext=context(room_id))
        return bytes(answer["Plaintext"])

    def _kms(self) -> Any:
        if self._kms_client is None:
            if not self._kms_key_id:
                raise RuntimeError("CONTENT_KMS_KEY_ID is not set: message content cannot be sealed or opened")
            self._kms_client = boto3.client("kms", region_name=self._region, config=self._client_config)
        return self._kms_client
