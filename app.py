"""Cloud Chat — Chalice wiring only: routes and handlers; the domain lives in chalicelib/."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice import AuthResponse, Chalice, CORSConfig, Rate, Response
from chalice.app import AuthRequest, CloudWatchEvent, DynamoDBEvent, Request, WebsocketEvent

from chalicelib import aws, logsafe, telemetry
from chalicelib.auth import Principal
from chalicelib.chat import Chat
from chalicelib.errors import ChatError, RateLimited, ValidationFailed, chalice_error_body
from chalicelib.protocol import (
    BlockWire,
    MemberWire,
    MessageWire,
    MuteWire,
    RoomPageWire,
    RoomWire,
    SearchPageWire,
    SettingsWire,
    TicketWire,
    room_wire,
)
from chalicelib.ratelimit.limits import rate_headers
from chalicelib.schemas import (
    AddMember,
    BanMember,
    CreateRoom,
    EditMessage,
    HistoryQuery,
    KickMember,
    LeaveRooms,
    Logout,
    MuteMember,
    PinMessage,
    PublicRoomsQuery,
    SearchQuery,
    SetGlobalRoles,
    SetRole,
    UserSettings,
    decode_json,
    parse,
    parse_uuid,
)

# The search indexer's event source is Terraform's (terraform/modules/backend maps the Messages
# table's stream to it); this ARN only names the source for `chalice package`.
MESSAGES_STREAM = "arn:aws:dynamodb:us-east-1:000000000000:table/cloudchat-Messages/stream/terraform"

logsafe.install()  # before anything logs: no token or message content in the logs at any level
app = Chalice(app_name="cloud-chat")
app.experimental_feature_flags.update(["WEBSOCKETS"])  # chalice package/deploy refuse WebSocket handlers without it
# Every route below answers an unreachable AWS service with 503 service_unavailable, not Chalice's 500.
app.route = aws.guard_routes(app.route)  # type: ignore[method-assign]
CHAT = Chat.from_env()


# -- edges ---------------------------------------------------------------------------------
@app.middleware("http")
def rate_limit(event: Request, get_response: Callable[[Request], Response]) -> Response:
    """Every REST request counts per user and per source IP; past either limit it gets a 429.
    Registered first, so it is the outermost middleware: every answer, errors included, carries
    the ``RateLimit-*`` headers (an operation's own 429, e.g. room creations, keeps its own)."""
    user_id = (event.context.get("authorizer") or {}).get("userId")
    source_ip = (event.context.get("identity") or {}).get("sourceIp")
    try:
        verdict = CHAT.limits.rest(user_id, source_ip)
    except RateLimited as exc:  # answered before the route, so with the CORS headers its cors=True would add
        headers = {**exc.headers(), **CORSConfig().get_access_control_headers()}
        return Response(body=exc.to_dict(), status_code=exc.status, headers=headers)
    response = get_response(event)
    for name, value in rate_headers(verdict).items():
        response.headers.setdefault(name, value)
    return response


@app.middleware("http")
def render_errors(event: Request, get_response: Callable[[Request], Response]) -> Response:
    """Every expected failure becomes ``{"error": {"code", "message"}}`` with its 4xx status."""
    try:
        response = get_response(event)
    except ChatError as exc:
        return Response(body=exc.to_dict(), status_code=exc.status, headers=exc.headers())
    refusal = chalice_error_body(response.body) if 400 <= response.status_code < 500 else None
    if refusal is not None:  # Chalice refused it before our view ran (e.g. a 415 content type)
        return Response(body=refusal, status_code=response.status_code, headers=response.headers)
    return response


@app.middleware("all")
def publish_metrics(event: Any, get_response: Any) -> Any:
    """One EMF flush per Lambda event, whatever kind of event it is."""
    try:
        return get_response(event)
    finally:
        telemetry.flush()


@app.authorizer(ttl_seconds=300)
def cognito(auth_request: AuthRequest) -> AuthResponse:
    try:
        principal = CHAT.verifier.verify(auth_request.token)
    except ChatError:
        raise Exception("Unauthorized")  # API Gateway's contract for a 401  # noqa: B904
    return AuthResponse(routes=["*"], principal_id=principal.user_id, context=principal.to_context())


def request() -> Request:
    """The REST request being handled (Chalice sets it before calling a route)."""
    assert app.current_request is not None
    return app.current_request


def query_params() -> dict[str, str]:
    return dict(request().query_params or {})


def caller() -> Principal:
    return Principal.from_context(request().context["authorizer"])


def body() -> Any:
    raw = request().raw_body
    return decode_json(raw, "Body") if raw else {}


def room_id(value: str) -> str:
    return parse_uuid(value, "roomId")


def message_id(value: str) -> str:
    return parse_uuid(value, "messageId")


# -- REST ----------------------------------------------------------------------------------
@app.route("/config", cors=True)
def client_config() -> dict[str, Any]:
    return CHAT.client_config()


@app.route("/me", authorizer=cognito, cors=True)
def me() -> dict[str, Any]:
    CHAT.users.ensure(caller())
    return CHAT.users.me(caller())


@app.route("/me/settings", methods=["PUT"], authorizer=cognito, cors=True)
def update_settings() -> SettingsWire:
    CHAT.users.ensure(caller())
    return CHAT.users.update_settings(caller(), parse(UserSettings, body()))


@app.route("/me/unread", authorizer=cognito, cors=True)
def unread() -> dict[str, Any]:
    return {"rooms": CHAT.receipts.unread(caller())}


@app.route("/me/invitations", authorizer=cognito, cors=True)
def my_invitations() -> dict[str, Any]:
    return {"invitations": CHAT.invitations.pending(caller())}


@app.route("/me/blocks", authorizer=cognito, cors=True)
def my_blocks() -> dict[str, Any]:
    return {"blocks": CHAT.blocks.list(caller())}


@app.route("/me/blocks/{uid}", methods=["PUT"], authorizer=cognito, cors=True)
def block_user(uid: str) -> BlockWire:
    return CHAT.blocks.block(caller(), uid)


@app.route("/me/blocks/{uid}", methods=["DELETE"], authorizer=cognito, cors=True)
def unblock_user(uid: str) -> dict[str, str]:
    return CHAT.blocks.unblock(caller(), uid)


@app.route("/rooms", methods=["GET"], authorizer=cognito, cors=True)
def list_rooms() -> dict[str, Any] | RoomPageWire:
    scope = query_params().get("scope", "mine")
    if scope not in ("mine", "public"):
        raise ValidationFailed("scope must be 'mine' or 'public'", code="invalid_scope")
    if scope == "public":
        return CHAT.rooms.list_public(parse(PublicRoomsQuery, query_params()))
    return {"rooms": CHAT.rooms.list_mine(caller())}


@app.route("/rooms/leave", methods=["POST"], authorizer=cognito, cors=True)
def leave_rooms() -> dict[str, list[str]]:
    request = parse(LeaveRooms, body())
    return {"left": CHAT.rooms.leave_many(caller(), [str(rid) for rid in request.room_ids])}


@app.route("/rooms", methods=["POST"], authorizer=cognito, cors=True)
def create_room() -> Response:
    CHAT.users.ensure(caller())
    new_room = parse(CreateRoom, body())
    CHAT.limits.room_created(caller().user_id, new_room.kind)
    room, created = CHAT.rooms.create(caller(), new_room)
    return Response(body=room_wire(room), status_code=201 if created else 200)


@app.route("/rooms/{rid}", methods=["GET"], authorizer=cognito, cors=True)
def get_room(rid: str) -> RoomWire:
    return room_wire(CHAT.rooms.visible(caller(), room_id(rid)))


@app.route("/rooms/{rid}/join", methods=["POST"], authorizer=cognito, cors=True)
def join_room(rid: str) -> RoomWire:
    CHAT.users.ensure(caller())
    return room_wire(CHAT.rooms.join(caller(), room_id(rid)))


@app.route("/rooms/{rid}/leave", methods=["POST"], authorizer=cognito, cors=True)
def leave_room(rid: str) -> dict[str, bool]:
    CHAT.rooms.leave(caller(), room_id(rid))
    return {"left": True}


@app.route("/rooms/{rid}/members", methods=["GET"], authorizer=cognito, cors=True)
def list_members(rid: str) -> dict[str, Any]:
    return {"members": CHAT.rooms.members(caller(), room_id(rid))}


@app.route("/rooms/{rid}/members", methods=["POST"], authorizer=cognito, cors=True)
def add_member(rid: str) -> Response:
    invitation = parse(AddMember, body())
    CHAT.limits.member_added(caller().user_id)
    return Response(body=CHAT.rooms.add_member(caller(), room_id(rid), invitation), status_code=201)


@app.route("/rooms/{rid}/invitation/accept", methods=["POST"], authorizer=cognito, cors=True)
def accept_invitation(rid: str) -> RoomWire:
    CHAT.users.ensure(caller())
    return room_wire(CHAT.rooms.accept(caller(), room_id(rid)))


@app.route("/rooms/{rid}/invitation/decline", methods=["POST"], authorizer=cognito, cors=True)
def decline_invitation(rid: str) -> dict[str, bool]:
    CHAT.invitations.discard(caller().user_id, room_id(rid))
    return {"declined": True}


@app.route("/rooms/{rid}/members/{uid}", methods=["PUT"], authorizer=cognito, cors=True)
def set_member_role(rid: str, uid: str) -> MemberWire:
    return CHAT.moderation.set_role(caller(), room_id(rid), uid, parse(SetRole, body()))


@app.route("/rooms/{rid}/mutes", methods=["POST"], authorizer=cognito, cors=True)
def mute_member(rid: str) -> Response:
    return Response(body=CHAT.moderation.mute(caller(), room_id(rid), parse(MuteMember, body())), status_code=201)


@app.route("/rooms/{rid}/mutes/{uid}", methods=["DELETE"], authorizer=cognito, cors=True)
def unmute_member(rid: str, uid: str) -> MuteWire:
    return CHAT.moderation.unmute(caller(), room_id(rid), uid)


@app.route("/rooms/{rid}/kick", methods=["POST"], authorizer=cognito, cors=True)
def kick_member(rid: str) -> dict[str, str]:
    return CHAT.moderation.kick(caller(), room_id(rid), parse(KickMember, body()))


@app.route("/rooms/{rid}/bans", methods=["GET"], authorizer=cognito, cors=True)
def list_bans(rid: str) -> dict[str, Any]:
    return {"bans": CHAT.moderation.bans(caller(), room_id(rid))}


@app.route("/rooms/{rid}/bans", methods=["POST"], authorizer=cognito, cors=True)
def ban_member(rid: str) -> Response:
    return Response(body=CHAT.moderation.ban(caller(), room_id(rid), parse(BanMember, body())), status_code=201)


@app.route("/rooms/{rid}/bans/{uid}", methods=["DELETE"], authorizer=cognito, cors=True)
def unban_member(rid: str, uid: str) -> dict[str, str]:
    return CHAT.moderation.unban(caller(), room_id(rid), uid)


@app.route("/rooms/{rid}/pins", methods=["GET"], authorizer=cognito, cors=True)
def list_pins(rid: str) -> dict[str, Any]:
    return {"pins": CHAT.moderation.pins(caller(), room_id(rid))}


@app.route("/rooms/{rid}/pins", methods=["POST"], authorizer=cognito, cors=True)
def pin_message(rid: str) -> Response:
    pin, created = CHAT.moderation.pin(caller(), room_id(rid), parse(PinMessage, body()))
    return Response(body=pin, status_code=201 if created else 200)


@app.route("/rooms/{rid}/pins/{mid}", methods=["DELETE"], authorizer=cognito, cors=True)
def unpin_message(rid: str, mid: str) -> dict[str, str]:
    return CHAT.moderation.unpin(caller(), room_id(rid), message_id(mid))


@app.route("/rooms/{rid}/receipts", methods=["GET"], authorizer=cognito, cors=True)
def room_receipts(rid: str) -> dict[str, Any]:
    return {"members": CHAT.receipts.room_receipts(caller(), room_id(rid))}


@app.route("/rooms/{rid}/presence", methods=["GET"], authorizer=cognito, cors=True)
def room_presence(rid: str) -> dict[str, Any]:
    return {"users": CHAT.presence.room_presence(caller(), room_id(rid))}


@app.route("/rooms/{rid}/messages", methods=["GET"], authorizer=cognito, cors=True)
def history(rid: str) -> dict[str, Any]:
    return CHAT.messages.history(caller(), room_id(rid), parse(HistoryQuery, query_params()))


@app.route("/rooms/{rid}/messages", methods=["POST"], authorizer=cognito, cors=True)
def post_message(rid: str) -> Response:
    posted = CHAT.post_message(caller(), room_id(rid), body())
    return Response(body=posted.message, status_code=200 if posted.duplicate else 201)


@app.route("/rooms/{rid}/messages/{mid}", methods=["PATCH"], authorizer=cognito, cors=True)
def edit_message(rid: str, mid: str) -> MessageWire:
    changed = CHAT.changes.edit(caller(), room_id(rid), message_id(mid), parse(EditMessage, body()).content)
    changed.fan_out()
    return changed.message


@app.route("/rooms/{rid}/messages/{mid}", methods=["DELETE"], authorizer=cognito, cors=True)
def delete_message(rid: str, mid: str) -> MessageWire:
    changed = CHAT.changes.delete(caller(), room_id(rid), message_id(mid))
    changed.fan_out()
    return changed.message


@app.route("/rooms/{rid}/messages/{mid}/thread", methods=["GET"], authorizer=cognito, cors=True)
def thread(rid: str, mid: str) -> dict[str, Any]:
    return CHAT.messages.thread(caller(), room_id(rid), message_id(mid), parse(HistoryQuery, query_params()))


@app.route("/rooms/{rid}/audit", methods=["GET"], authorizer=cognito, cors=True)
def audit(rid: str) -> dict[str, Any]:
    return CHAT.changes.audit(caller(), room_id(rid), parse(HistoryQuery, query_params()))


@app.route("/search", methods=["GET"], authorizer=cognito, cors=True)
def search() -> SearchPageWire:
    return CHAT.search.search(caller(), parse(SearchQuery, query_params()))


@app.route("/realtime/ticket", methods=["POST"], authorizer=cognito, cors=True)
def realtime_ticket() -> TicketWire:
    return CHAT.tickets.issue(caller())


@app.route("/auth/logout", methods=["POST"], authorizer=cognito, cors=True)
def logout() -> dict[str, bool]:
    CHAT.users.ensure(caller())
    return CHAT.sessions.logout(caller(), parse(Logout, body()))


@app.route("/admin/users/{uid}/roles", methods=["PUT"], authorizer=cognito, cors=True)
def set_user_roles(uid: str) -> dict[str, Any]:
    return CHAT.admin.set_roles(caller(), uid, parse(SetGlobalRoles, body()))


@app.route("/admin/users/{uid}/disable", methods=["POST"], authorizer=cognito, cors=True)
def disable_user(uid: str) -> dict[str, Any]:
    return CHAT.admin.disable(caller(), uid)


@app.route("/admin/users/{uid}/enable", methods=["POST"], authorizer=cognito, cors=True)
def enable_user(uid: str) -> dict[str, Any]:
    return CHAT.admin.enable(caller(), uid)


@app.route("/admin/users/{uid}/signout", methods=["POST"], authorizer=cognito, cors=True)
def sign_out_user(uid: str) -> dict[str, Any]:
    return CHAT.admin.sign_out(caller(), uid)


# -- schedules -----------------------------------------------------------------------------
@app.schedule("rate(1 minute)")
def sweep_expired_sockets(event: CloudWatchEvent) -> None:
    """Sockets whose token expired are closed within a minute even if they never send again."""
    CHAT.sessions.sweep()


# -- streams -------------------------------------------------------------------------------
@app.on_dynamodb_record(stream_arn=MESSAGES_STREAM, batch_size=100, starting_position="TRIM_HORIZON")
def index_messages(event: DynamoDBEvent) -> None:
    """The search index follows every message change; a failure retries the whole batch."""
    CHAT.search.index((record.old_image, record.new_image) for record in event)


# -- schedules -----------------------------------------------------------------------------
@app.schedule(Rate(1, unit=Rate.HOURS))
def sweep_retention(event: CloudWatchEvent) -> None:
    """Delete history past its retention that DynamoDB's TTL has not removed yet (moto never does)."""
    CHAT.retention.sweep()


# -- WebSocket -----------------------------------------------------------------------------
def _configure(event: WebsocketEvent) -> None:
    CHAT.gateway.configure_from_event(event.domain_name, event.stage)


def _is_frame(event: WebsocketEvent) -> bool:
    """A client frame whose ``action`` named a reserved route (``$connect``, ``$disconnect``):
    the gateway may select that route for it, but it is a frame and gets a frame's answer."""
    return bool(event.to_dict()["requestContext"].get("eventType") == "MESSAGE")


def _receive(event: WebsocketEvent) -> None:
    _configure(event)
    CHAT.realtime.receive(event.connection_id, event.body)


@app.on_ws_connect()
def ws_connect(event: WebsocketEvent) -> Response | None:
    if _is_frame(event):
        _receive(event)
        return None
    _configure(event)
    raw = event.to_dict()
    ticket = (raw.get("queryStringParameters") or {}).get("ticket")
    origin = {name.lower(): value for name, value in (raw.get("headers") or {}).items()}.get("origin")
    try:
        CHAT.realtime.connect(event.connection_id, ticket, origin)
    except ChatError as exc:
        return Response(body=exc.to_dict(), status_code=exc.status)
    return None


@app.on_ws_message()
def ws_message(event: WebsocketEvent) -> None:
    _receive(event)


@app.on_ws_disconnect()
def ws_disconnect(event: WebsocketEvent) -> None:
    if _is_frame(event):
        _receive(event)
        return
    CHAT.realtime.disconnect(event.connection_id)
