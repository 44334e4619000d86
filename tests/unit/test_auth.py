"""TokenVerifier against a real JWKS endpoint (a local http.server) and RS256 tokens we sign."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt import jwks_client

from chalicelib.auth import INVALID_CREDENTIALS, Principal, TokenVerifier
from chalicelib.errors import Unauthorized

ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TEST"
CLIENT_ID = "test-client-id"


class SigningKey:
    def __init__(self, kid: str) -> None:
        self.kid = kid
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    @property
    def jwk(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.private.public_key()))
        return {**data, "kid": self.kid, "alg": "RS256", "use": "sig"}

    @property
    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(serialization.Encoding.PEM,
                                                      serialization.PublicFormat.SubjectPublicKeyInfo)

    def sign(self, claims: dict[str, Any], **header: Any) -> str:
        return jwt.encode(claims, self.private, algorithm="RS256", headers={"kid": self.kid, **header})


class Jwks:
    """A JWKS document served over HTTP; ``keys`` may change while it runs (rotation)."""

    def __init__(self) -> None:
        self.keys: list[SigningKey] = []
        self.hits = 0
        jwks = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                jwks.hits += 1
                body = json.dumps({"keys": [k.jwk for k in jwks.keys]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/.well-known/jwks.json"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return SigningKey("key-1")


@pytest.fixture(scope="module")
def jwks_server() -> Iterator[Jwks]:
    server = Jwks()
    yield server
    server.close()


@pytest.fixture
def jwks(jwks_server: Jwks, key: SigningKey) -> Jwks:
    jwks_server.keys = [key]
    jwks_server.hits = 0
    return jwks_server


@pytest.fixture
def verifier(jwks: Jwks) -> TokenVerifier:
    return TokenVerifier(ISSUER, jwks.url, CLIENT_ID)


def id_claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {"sub": "user-123", "iss": ISSUER, "aud": CLIENT_ID, "token_use": "id",
                              "iat": now, "exp": now + 3600, "cognito:username": "alice",
                              "email": "alice@example.test"}
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not ...}


def access_claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {"sub": "user-123", "iss": ISSUER, "client_id": CLIENT_ID, "token_use": "access",
                              "iat": now, "exp": now + 3600, "username": "alice"}
    claims.update(overrides)
    return claims


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def rejected(verifier: TokenVerifier, token: str) -> Unauthorized:
    """The caller sees the one generic answer; returns the reason, which only the log sees."""
    with pytest.raises(Unauthorized) as info:
        verifier.verify(token)
    assert info.value.status == 401
    assert info.value.code == "unauthorized"
    assert info.value.message == INVALID_CREDENTIALS
    cause = info.value.__cause__
    assert isinstance(cause, Unauthorized)
    return cause


def test_refusal_is_logged_with_its_reason_but_never_the_token(verifier: TokenVerifier, key: SigningKey,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    token = key.sign(id_claims(exp=int(time.time()) - 60))
    with caplog.at_level("INFO", logger="chalicelib.auth"):
        rejected(verifier, token)
    assert "expired" in caplog.text.lower()
    assert token not in caplog.text and token.split(".")[1] not in caplog.text


# -- accepted --------------------------------------------------------------------------------
def test_good_id_token(verifier: TokenVerifier, key: SigningKey) -> None:
    claims = id_claims()
    principal = verifier.verify(key.sign(claims))
    assert principal == Principal(user_id="user-123", username="alice", email="alice@example.test", roles=("user",),
                                  expires_at=claims["exp"], issued_at=claims["iat"])


def test_good_access_token(verifier: TokenVerifier, key: SigningKey) -> None:
    principal = verifier.verify(key.sign(access_claims()))
    assert (principal.user_id, principal.username, principal.email) == ("user-123", "alice", None)


def test_id_token_with_audience_list(verifier: TokenVerifier, key: SigningKey) -> None:
    assert verifier.verify(key.sign(id_claims(aud=["other", CLIENT_ID]))).user_id == "user-123"


def test_bearer_prefix_is_stripped(verifier: TokenVerifier, key: SigningKey) -> None:
    assert verifier.verify("Bearer " + key.sign(id_claims())).user_id == "user-123"


def test_username_falls_back_to_sub(verifier: TokenVerifier, key: SigningKey) -> None:
    assert verifier.verify(key.sign(id_claims(**{"cognito:username": ...}))).username == "user-123"


def test_small_clock_skew_is_tolerated(verifier: TokenVerifier, key: SigningKey) -> None:
    assert verifier.verify(key.sign(id_claims(exp=int(time.time()) - 2))).user_id == "user-123"


@pytest.mark.parametrize(("groups", "roles", "strongest"), [
    (["admin"], ("admin",), "admin"),
    (["moderator"], ("moderator",), "moderator"),
    (["user"], ("user",), "user"),
    (["admin", "moderator"], ("admin", "moderator"), "admin"),
    (["moderator", "admin", "user"], ("admin", "moderator", "user"), "admin"),
    (["beta-testers"], ("user",), "user"),
    ([], ("user",), "user"),
    (..., ("user",), "user"),
])
def test_roles_come_from_cognito_groups(verifier: TokenVerifier, key: SigningKey, groups: Any,
                                        roles: tuple[str, ...], strongest: str) -> None:
    principal = verifier.verify(key.sign(id_claims(**{"cognito:groups": groups})))
    assert principal.roles == roles
    assert principal.global_role == strongest


def test_principal_round_trips_through_authorizer_context(verifier: TokenVerifier, key: SigningKey) -> None:
    principal = verifier.verify(key.sign(id_claims(**{"cognito:groups": ["admin", "moderator"]})))
    context = principal.to_context()
    assert all(isinstance(v, str) for v in context.values())
    assert Principal.from_context(context) == principal


# -- rejected --------------------------------------------------------------------------------
@pytest.mark.parametrize("token", ["", "   ", "Bearer ", "Bearer    "])
def test_missing_token(verifier: TokenVerifier, token: str) -> None:
    assert "Missing" in rejected(verifier, token).message


@pytest.mark.parametrize("token", ["garbage", "a.b.c", "Bearer not.a.jwt"])
def test_garbage_token(verifier: TokenVerifier, token: str) -> None:
    rejected(verifier, token)


def test_unknown_kid(verifier: TokenVerifier) -> None:
    stranger = SigningKey("key-unknown")
    rejected(verifier, stranger.sign(id_claims()))


def test_known_kid_signed_by_another_key(verifier: TokenVerifier) -> None:
    impostor = SigningKey("key-1")  # same kid, different private key
    rejected(verifier, impostor.sign(id_claims()))


class Clock:
    """Stands in for ``time.monotonic`` inside PyJWKClient (its refetch cooldown is 30 s)."""

    def __init__(self) -> None:
        self.offset = 0.0
        self._real = time.monotonic

    def __call__(self) -> float:
        return self._real() + self.offset


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(jwks_client.time, "monotonic", fake)
    return fake


def test_key_rotation_is_picked_up_after_refetch(verifier: TokenVerifier, jwks: Jwks, key: SigningKey,
                                                 clock: Clock) -> None:
    assert verifier.verify(key.sign(id_claims())).user_id == "user-123"
    assert jwks.hits == 1
    rotated = SigningKey("key-2")
    jwks.keys = [key, rotated]  # Cognito publishes the new key, then starts signing with it
    clock.offset += 31  # PyJWKClient refetches on an unknown kid at most every 30 s
    assert verifier.verify(rotated.sign(id_claims(sub="user-456"))).user_id == "user-456"
    assert jwks.hits == 2
    assert verifier.verify(key.sign(id_claims())).user_id == "user-123"
    jwks.keys = [rotated]  # the old key is retired
    clock.offset += 31
    rejected(verifier, SigningKey("key-3").sign(id_claims()))
    assert jwks.hits == 3
    rejected(verifier, key.sign(id_claims()))  # retired key: the refetched set no longer has it
    assert verifier.verify(rotated.sign(id_claims())).user_id == "user-123"


def test_unknown_kids_do_not_hammer_the_jwks(verifier: TokenVerifier, jwks: Jwks, key: SigningKey,
                                             clock: Clock) -> None:
    verifier.verify(key.sign(id_claims()))
    for n in range(5):
        rejected(verifier, SigningKey(f"forged-{n}").sign(id_claims()))
    assert jwks.hits == 1


def test_jwks_is_cached_between_verifications(verifier: TokenVerifier, jwks: Jwks, key: SigningKey) -> None:
    for _ in range(3):
        verifier.verify(key.sign(id_claims()))
    assert jwks.hits == 1


def test_unreachable_jwks_is_unauthorized(key: SigningKey) -> None:
    verifier = TokenVerifier(ISSUER, "http://127.0.0.1:9/.well-known/jwks.json", CLIENT_ID)
    rejected(verifier, key.sign(id_claims()))


def test_expired(verifier: TokenVerifier, key: SigningKey) -> None:
    assert "expired" in rejected(verifier, key.sign(id_claims(exp=int(time.time()) - 60))).message.lower()


@pytest.mark.parametrize("aud", ["someone-else", ["a", "b"], ...])
def test_id_token_wrong_or_missing_audience(verifier: TokenVerifier, key: SigningKey, aud: Any) -> None:
    rejected(verifier, key.sign(id_claims(aud=aud)))


@pytest.mark.parametrize("client_id", ["someone-else", None])
def test_access_token_wrong_client_id(verifier: TokenVerifier, key: SigningKey, client_id: Any) -> None:
    claims = access_claims(client_id=client_id)
    rejected(verifier, key.sign(claims))


def test_access_token_is_not_checked_against_aud(verifier: TokenVerifier, key: SigningKey) -> None:
    rejected(verifier, key.sign(access_claims(client_id="x", aud=CLIENT_ID)))


@pytest.mark.parametrize("iss", ["https://evil.example/us-east-1_TEST", ISSUER + "/", ISSUER.upper()])
def test_wrong_issuer(verifier: TokenVerifier, key: SigningKey, iss: str) -> None:
    rejected(verifier, key.sign(id_claims(iss=iss)))


@pytest.mark.parametrize("claim", ["exp", "iss", "sub", "token_use"])
def test_required_claims(verifier: TokenVerifier, key: SigningKey, claim: str) -> None:
    rejected(verifier, key.sign(id_claims(**{claim: ...})))


@pytest.mark.parametrize("token_use", ["refresh", "", "ID", None])
def test_other_token_use(verifier: TokenVerifier, key: SigningKey, token_use: Any) -> None:
    rejected(verifier, key.sign(id_claims(token_use=token_use)))


def test_alg_none_is_rejected(verifier: TokenVerifier, key: SigningKey) -> None:
    header = b64(json.dumps({"alg": "none", "typ": "JWT", "kid": key.kid}).encode())
    payload = b64(json.dumps(id_claims()).encode())
    rejected(verifier, f"{header}.{payload}.")
    unsigned = jwt.encode(id_claims(), None, algorithm="none", headers={"kid": key.kid})
    rejected(verifier, unsigned)


def test_hs256_signed_with_the_public_key_is_rejected(verifier: TokenVerifier, key: SigningKey) -> None:
    """Algorithm confusion: the public key as an HMAC secret must not verify."""
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": key.kid}).encode())
    payload = b64(json.dumps(id_claims()).encode())
    signing_input = f"{header}.{payload}".encode()
    for secret in (key.public_pem, json.dumps(key.jwk).encode()):
        signature = b64(hmac.new(secret, signing_input, hashlib.sha256).digest())
        rejected(verifier, f"{header}.{payload}.{signature}")


def test_tampered_payload_is_rejected(verifier: TokenVerifier, key: SigningKey) -> None:
    header, _, signature = key.sign(id_claims()).split(".")
    forged = b64(json.dumps(id_claims(**{"cognito:groups": ["admin"]})).encode())
    rejected(verifier, f"{header}.{forged}.{signature}")
