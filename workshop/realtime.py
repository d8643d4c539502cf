"""The socket.io server: who is connected to which room, and coalesced live updates.

Rooms are per workshop, role and language (w:{id}:{role}:{lang}), so each live
fragment is rendered once per room, in that room's language, and pushed to all
of its members: 2,000 phones cost one render, not 2,000. Parts changed in a
burst are coalesced: at most one push per part, workshop and audience (screens, phones)
per interval; the phones' interval grows with their number (Realtime.interval_of).
"""

import asyncio
import logging
import secrets
import time
from collections import Counter, defaultdict
from typing import Callable, NamedTuple

import engineio.json
import engineio.packet
import socketio
from itsdangerous import BadSignature, URLSafeSerializer

from workshop import i18n
from workshop.events import MINE_CHANGED, REVISION_ASKED
from workshop.settings import (
    LIVE_INTERVAL_SECONDS,
    PHONE_MESSAGES_PER_SECOND,
    SCREEN_INTERVAL_SECONDS,
    SOCKET_MAX_DEPTH,
)
from workshop.untrusted_json import refuse_deeper_than

log = logging.getLogger(__name__)
ROLES = ("participant", "projector", "facilitator")
# Who a flush pushes to: each audience's pushes are coalesced and timed on their own.
AUDIENCES = {"screens": ("facilitator", "projector"), "phones": ("participant",)}

# part name -> render(realtime, workshop, role, ids) -> (event, payload), a list of them,
# or None
LIVE_PARTS: dict[str, Callable] = {}
# part name -> the parts that follow it (refreshed whenever it is published)
FOLLOWERS: dict[str, set[str]] = defaultdict(set)


def live_part(name: str, follows: tuple[str, ...] = ()):
    """Register the renderer of one live part of the page, and the parts it follows."""
    def register(render):
        LIVE_PARTS[name] = render
        for leader in follows:
            follow(leader, name)
        return render
    return register


def follow(leader: str, follower: str) -> None:
    """Refresh `follower` whenever `leader` is published (e.g. an activity whose changes
    move the engine's progress line), with the leader's ids (the facilitator's themes
    place each changed topic)."""
    FOLLOWERS[leader].add(follower)


class Feed(NamedTuple):
    """The pushes of one workshop to one audience (AUDIENCES): the unit that is
    coalesced, timed (Realtime.interval_of) and flushed."""
    workshop_id: int
    audience: str

    def __str__(self) -> str:
        return f"{self.workshop_id}:{self.audience}"


def revises(parts) -> bool:
    """Whether a change of these parts changes the revision a connecting page compares.
    Not the counts of who is online ("participation" and what follows it): every socket
    that connects publishes them, and so receives them itself once it is in its room;
    counting them would send every page that opens in a busy room to fetch itself again,
    one more request per phone as a room of 2,000 joins."""
    presence = {"participation", *FOLLOWERS["participation"]}
    return any(part not in presence for part in parts)


def room_name(workshop_id: int, role: str, language: str) -> str:
    return f"w:{workshop_id}:{role}:{language}"


def participant_room(participant_id: int) -> str:
    return f"p:{participant_id}"


class SocketJSON:
    """The JSON of socket.io and engine.io, refusing (ValueError) a payload nested deeper
    than SOCKET_MAX_DEPTH before the parser recurses into it."""

    dumps = staticmethod(engineio.json.dumps)

    @staticmethod
    def loads(text, **options):
        return engineio.json.loads(refuse_deeper_than(text, SOCKET_MAX_DEPTH), **options)


class ReadablePacket(socketio.packet.Packet):
    """A socket.io packet. One that cannot be read (not JSON, nested too deep) ends the
    sender's connection to the namespace with one log line, where socket.io would log
    a traceback and carry on."""

    def decode(self, encoded_packet):
        try:
            return super().decode(encoded_packet)
        except ValueError as error:
            log.warning("socket packet refused: %s", str(error)[:200])
            self.packet_type, self.data = socketio.packet.DISCONNECT, None
            return 0


FAN_OUT_SLICE = 50


class FanOut(socketio.AsyncManager):
    """python-socketio's manager, handing a room's push to its members one after another.

    The stock manager starts one asyncio task per member and waits for them all: with
    2,000 phones in a room, 2,000 tasks per push, which py-spy showed as 30 % of the
    server's time while a room of 2,000 posted topics. Handing a packet to a member only
    puts it on that socket's queue (engine.io's writer task sends it), so there is
    nothing to wait for concurrently. Emits that expect an answer (callbacks) keep the
    stock path. A manager that shares pushes between processes puts this class after
    itself (workers.RedisManager), where its local delivery calls `super().emit`.

    Every FAN_OUT_SLICE members it lets the event loop turn: each member's writer then
    sends (a system call, 1–2 ms each on the 2-core benchmark machine), and what came in
    meanwhile is served between slices. All at once, a phase change to 2,000 phones
    held every request for 2–4 s (benchmarks/README.md)."""

    async def emit(self, event, data, namespace, room=None, skip_sid=None,
                   callback=None, to=None, **kwargs):
        if callback is not None or namespace not in self.rooms:
            return await super().emit(event, data, namespace, room=room, skip_sid=skip_sid,
                                      callback=callback, to=to, **kwargs)
        data = list(data) if isinstance(data, tuple) else [] if data is None else [data]
        skip = set(skip_sid if isinstance(skip_sid, list) else [skip_sid])
        encoded = self.server.packet_class(socketio.packet.EVENT, namespace=namespace,
                                           data=[event, *data]).encode()
        packets = [engineio.packet.Packet(engineio.packet.MESSAGE, part)
                   for part in (encoded if isinstance(encoded, list) else [encoded])]
        for number, (sid, eio_sid) in enumerate(self.get_participants(namespace, to or room)):
            if sid not in skip:
                for eio_packet in packets:
                    await self.server._send_eio_packet(eio_sid, eio_packet)
            if number % FAN_OUT_SLICE == FAN_OUT_SLICE - 1:
                await asyncio.sleep(0)


class Realtime:
    def __init__(self, store, secret_key: str, interval: float = LIVE_INTERVAL_SECONDS,
                 screen_interval: float = SCREEN_INTERVAL_SECONDS, **server_options):
        """`interval`, `screen_interval`: seconds from one push of a feed to the next, to
        phones (at least) and to screens (interval_of). `server_options`: more of
        socket.io's AsyncServer's (workers.SharedRealtime's client manager and
        transports)."""
        self.store = store
        self.interval = interval
        self.screen_interval = screen_interval
        self.tokens = URLSafeSerializer(secret_key, salt="samla-socket")
        server_options.setdefault("client_manager", FanOut())
        self.sio = socketio.AsyncServer(async_mode="asgi", ping_interval=20, ping_timeout=20,
                                        max_http_buffer_size=16 * 1024,
                                        serializer=ReadablePacket, json=SocketJSON,
                                        **server_options)
        self.sio.on("connect", self.connect)
        self.sio.on("disconnect", self.disconnect)
        self.sio.on(REVISION_ASKED, self.revision_asked)
        self.audiences: dict[int, Counter] = defaultdict(Counter)
        self._pending: dict[Feed, dict[str, set]] = {}
        self._last_flush: dict[Feed, float] = {}
        self.revisions: Counter = Counter()
        self.boot = secrets.token_hex(4)
        self._tasks: set[asyncio.Task] = set()
        self._timers: dict[Feed, asyncio.TimerHandle] = {}

    async def start(self, activity_state: dict) -> None:
        """What runs beside the server while it serves: nothing for a single process
        (workers.SharedRealtime shares its state with other processes)."""

    async def stop(self) -> None:
        """The end of what start() began, and of the flushes still to come: a timer that
        fired after the event loop closed would start a flush that never runs."""
        for timer in self._timers.values():
            timer.cancel()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def token(self, workshop_id: int, role: str, language: str,
              participant_id: int | None = None) -> str:
        """What a page hands its socket so the server knows which rooms it may join."""
        return self.tokens.dumps([workshop_id, role, language, participant_id])

    async def connect(self, sid, environ, auth):
        token = auth.get("token") if isinstance(auth, dict) else None
        try:
            workshop_id, role, language, participant_id = self.tokens.loads(token)
        except (BadSignature, ValueError, TypeError):
            client = environ.get("asgi.scope", {}).get("client") or ("?",)
            log.warning("socket from %s refused: no valid token", client[0])
            raise socketio.exceptions.ConnectionRefusedError("invalid token")
        await self.sio.save_session(sid, {"audience": (workshop_id, role, language)})
        await self.sio.enter_room(sid, room_name(workshop_id, role, language))
        if participant_id is not None:
            await self.sio.enter_room(sid, participant_room(participant_id))
        self.audiences[workshop_id][role, language] += 1
        self.publish(workshop_id, "participation")

    async def disconnect(self, sid, reason=None):
        workshop_id, role, language = (await self.sio.get_session(sid))["audience"]
        self.audiences[workshop_id][role, language] -= 1
        self.publish(workshop_id, "participation")

    async def revision_asked(self, sid, data=None) -> str:
        """A page that just connected asks whether anything changed since it was rendered
        (it may have missed pushes while it loaded); it re-fetches itself if so."""
        workshop_id = (await self.sio.get_session(sid))["audience"][0]
        return self.revision(workshop_id)

    def revision(self, workshop_id: int) -> str:
        """Changes with every published change, and with every start of the server."""
        return f"{self.boot}.{self.revisions[workshop_id]}"

    def online(self, workshop_id: int, role: str) -> int:
        return sum(n for (r, _), n in self.audiences[workshop_id].items() if r == role)

    def publish(self, workshop_id: int, part: str, ids=()) -> None:
        """Mark a part of a workshop's pages (and the parts that follow it) as changed;
        each is pushed soon, once."""
        if revises([part]):
            self.revisions[workshop_id] += 1
        for audience in AUDIENCES:
            feed = Feed(workshop_id, audience)
            first = feed not in self._pending
            pending = self._pending.setdefault(feed, {})
            pending.setdefault(part, set()).update(ids)
            for follower in FOLLOWERS[part]:
                pending.setdefault(follower, set()).update(ids)
            if first:
                self.flush_after(feed, self._last_flush.get(feed, 0.0) - time.monotonic())

    def flush_after(self, feed: Feed, since_last: float) -> None:
        """Flush a feed an interval after its last flush, `since_last` seconds ago (a
        negative number): at once after a quiet spell."""
        wait = self.interval_of(feed) + since_last
        self._timers[feed] = asyncio.get_running_loop().call_later(
            max(0.0, wait), self._start_flush, feed)

    def interval_of(self, feed: Feed) -> float:
        """Seconds from one flush of a feed to the next. Screens: the screen interval.
        Phones: the live interval, longer once a room holds more phones than
        PHONE_MESSAGES_PER_SECOND allows per interval (2,000 phones: 0.8 s). Each push to a room is one message per
        phone, and handing each its message costs the server tens of microseconds: at
        every 100 ms, a room of 2,000 posting topics kept the server busy with pushes
        alone, and its phones' sockets dropped (benchmarks/README.md). A projector's
        numbers stay at the screen interval; a phone sees others' posts a little later."""
        if feed.audience != "phones":
            return self.screen_interval
        return max(self.interval,
                   self.online(feed.workshop_id, "participant") / PHONE_MESSAGES_PER_SECOND)

    async def notify_participants(self, participant_ids) -> None:
        """Tell these phones their own topics or dots changed (after a merge or hide)."""
        for participant_id in participant_ids:
            await self.sio.emit(MINE_CHANGED.name, {}, room=participant_room(participant_id))

    def spawn(self, coroutine) -> None:
        """Run a coroutine beside the server; stop() ends it."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _start_flush(self, feed: Feed) -> None:
        self._timers.pop(feed, None)
        self.spawn(self.flush(feed))

    async def flush(self, feed: Feed) -> None:
        """Render each changed part once per room of the feed's audience from the saved
        state, and push it."""
        pending = await self.take_pending(feed)
        rooms = [(role, language) for role, language in self.rooms(feed.workshop_id)
                 if role in AUDIENCES[feed.audience]]
        workshop = self.store.workshop_by_id(feed.workshop_id) if rooms else None
        if workshop is None:  # nobody to push to (no read), or the workshop is gone
            return
        # The stage first; parts nobody renders are signals only their followers heed.
        for part in sorted((p for p in pending if p in LIVE_PARTS), key=lambda p: p != "stage"):
            for role, language in rooms:
                await self._push(workshop, part, role, language, pending[part])

    async def take_pending(self, feed: Feed) -> dict[str, set]:
        """The parts published since the feed's last flush (part -> ids), taken for
        this one."""
        self._last_flush[feed] = time.monotonic()
        return self._pending.pop(feed, {})

    def rooms(self, workshop_id: int) -> list[tuple[str, str]]:
        """The (role, language) rooms of a workshop with someone in them."""
        return [room for room, members in self.audiences[workshop_id].items() if members > 0]

    async def _push(self, workshop, part, role, language, ids) -> None:
        try:
            with i18n.language(language):
                rendered = LIVE_PARTS[part](self, workshop, role, ids)
            # A part renders one (event, payload), or a list of them (one per list).
            for event, payload in [rendered] if isinstance(rendered, tuple) else rendered or ():
                await self.sio.emit(event.name, payload,
                                    room=room_name(workshop["id"], role, language))
        except Exception:
            log.exception("live part %s for %s failed", part, role)
