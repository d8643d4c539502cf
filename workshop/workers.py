"""Several server processes on one database (run.py --workers N, or one process on each
of several machines): a vote taken by one process reaches a projector connected to
another.

What one process kept in memory, and where it lives with several:
- Pushes: python-socketio's AsyncRedisManager carries each emit to every process, which
  hands it to its own sockets in the room. On a blocking pool of REDIS_CONNECTIONS:
  redis-py 8's own pool (100 connections) fails a burst of pushes with "Too many
  connections"; a blocking pool makes a push wait for a free connection instead.
- Coalescing: shared, in Redis. Each process adds the parts it changed to the pending
  set of each of the workshop's feeds (realtime.Feed: its screens, its phones); the one
  whose SET NX claims the next flush renders them all, from the database, once per room
  (the others only add), and holds the claim until its pushes are in Redis. Coalescing
  per process would render each part once per process, and two processes' renders could
  arrive in the wrong order, leaving a projector on the older one.
- Online counts and which rooms have members: shared, in SQLite (table `online`), each
  process its own rows, refreshed while it lives. They are read while rendering, which
  is synchronous: a SQLite read is, a Redis read would not be. A killed process's rows
  stop counting after GONE_AFTER_SECONDS.
- The revision a page compares on connecting: shared, in SQLite (`live_revisions`),
  bumped by each flush (`realtime.revises`) before it reads what it renders, so a page
  rendered before a change always differs from the revision after it.
- Caches of activities (app.state.activity_state, e.g. the similar-topic index): per
  process, since building them is cheap and reading them is hot; a `forget(workshop_id)`
  in one process is repeated in the others through Redis.
- Rate limits: the `limits` library's Redis storage (settings.RATE_LIMIT_STORAGE).
What stays per process: the sockets themselves and their sessions (a socket stays on
the process that accepted it), and the coalescing of one process's own publishes before
they reach Redis (a few microseconds).

Redis holds nothing that was acknowledged: every write is in SQLite before it is
published. When Redis restarts, pushes pending or sent meanwhile are lost; python-socketio
and redis-py reconnect by themselves, and once Redis answers again every open workshop
is marked changed (a change whose pending push Redis lost would not say so) and every
page is told to catch up (RedisManager.caught_up): each fetches itself, at a random
moment within settings.CATCH_UP_SECONDS.
"""

import asyncio
import functools
import json
import logging
import os
import socket
import time
from collections import defaultdict

import socketio
from redis import asyncio as aioredis
from redis.exceptions import RedisError

from workshop import settings
from workshop.events import CATCH_UP
from workshop.realtime import AUDIENCES, FOLLOWERS, FanOut, Feed, Realtime, revises

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 10
# A process not seen for this long is gone (killed): its sockets no longer count.
GONE_AFTER_SECONDS = 3 * HEARTBEAT_SECONDS
# A flush is claimed for at most this long: one claimed by a process that died before
# finishing it is claimed again after it (a flush takes milliseconds, seconds at worst).
CLAIM_MILLISECONDS = 15_000
RETRY_SECONDS = 1.0


def redis_client(url: str) -> aioredis.Redis:
    """A Redis client on a blocking pool of at most settings.REDIS_CONNECTIONS."""
    return aioredis.Redis(connection_pool=aioredis.BlockingConnectionPool.from_url(
        url, max_connections=settings.REDIS_CONNECTIONS, timeout=10))


class RedisManager(socketio.AsyncRedisManager, FanOut):
    """python-socketio's Redis manager on `redis_client`'s blocking pool, handing pushes
    to this process's sockets as realtime.FanOut does. It reads what
    other processes sent with the standard JSON module: the server's (realtime.SocketJSON,
    for browsers' text) takes no bytes, and the manager drops what it cannot read."""

    def __init__(self, *args, before_catch_up=lambda: None, **kwargs):
        """`before_catch_up`: called before the pages are told to catch up
        (SharedRealtime marks every workshop changed)."""
        super().__init__(*args, **kwargs)
        # Redis was lost since this process's pages last heard everything sent to them;
        # they hear again once the listener is subscribed.
        self.lost = False
        self.listening = False
        self.redis = redis_client(self.redis_url)
        self.before_catch_up = before_catch_up

    def initialize(self):
        super().initialize()
        self.json = json

    def _redis_connect(self):
        """A new subscription on the pool (redis-py reconnects the pool's other
        connections by itself)."""
        self.pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        self.connected = True

    async def _publish(self, data):
        """python-socketio's publish, which logs a failure and drops the push; this one
        also remembers it, so the pages catch up once Redis answers again."""
        try:
            await self.redis.publish(self.channel, self.json.dumps(data))
        except RedisError as error:
            log.warning("Redis unreachable (%s); a push is lost, pages catch up later", error)
            self.lost = True
            return
        await self.caught_up()

    async def _redis_listen_with_retries(self):
        """python-socketio's listener (it subscribes again after losing Redis, waiting
        longer each time, up to a minute); after a gap, whatever other processes pushed
        meanwhile never reached this one's pages, and they are told to catch up."""
        wait = RETRY_SECONDS
        while True:
            try:
                self._redis_connect()
                await self.pubsub.subscribe(self.channel)
                self.listening = True
                await self.caught_up()
                wait = RETRY_SECONDS
                async for message in self.pubsub.listen():
                    yield message
            except Exception as error:  # as python-socketio's: any failure, not only Redis's
                log.warning("Redis unreachable (%s); listening again in %s s", error, wait)
                self.lost, self.listening = True, False
                await self.pubsub.aclose()  # its connection back to the pool
                await asyncio.sleep(wait)
                wait = min(2 * wait, 60)

    async def caught_up(self) -> None:
        """Redis answers again: every page, on every process, asks for its workshop's
        revision (events.CATCH_UP) and fetches itself if a push it missed changed it. All
        processes, since a push this one failed to publish reached none of them."""
        if self.lost and self.listening:
            self.lost = False
            self.before_catch_up()
            await self.emit(CATCH_UP.name, {"within_ms": settings.CATCH_UP_SECONDS * 1000},
                            namespace="/")


class SharedRealtime(Realtime):
    """The socket.io server of one of several processes (see the module's docstring)."""

    def __init__(self, store, secret_key: str, interval: float = settings.LIVE_INTERVAL_SECONDS,
                 redis_url: str = settings.REDIS_URL, channel: str = settings.REDIS_CHANNEL):
        super().__init__(store, secret_key, interval,
                         client_manager=RedisManager(redis_url, channel=channel,
                                                     before_catch_up=self.bump_revisions),
                         transports=list(settings.SOCKET_TRANSPORTS))
        self.redis = redis_client(redis_url)
        self.channel = channel
        self.process = f"{socket.gethostname()}:{os.getpid()}:{self.boot}"
        self.outbox: dict[int, set[str]] = {}
        self.forgetters: dict = {}

    def key(self, kind: str, subject: Feed | str) -> str:
        return f"{self.channel}:{kind}:{subject}"

    async def start(self, activity_state: dict) -> None:
        for name, state in activity_state.items():
            if hasattr(state, "forget"):
                self.forgetters[name] = state.forget
                state.forget = functools.partial(self.forget_everywhere, name)
        self.spawn(self.beat())
        self.spawn(self.hear_forgetting())

    async def stop(self) -> None:
        await super().stop()
        self.store.db.execute("DELETE FROM online WHERE process = ?", [self.process])
        await self.redis.aclose()

    # Shared in SQLite: online counts, rooms, revisions

    async def connect(self, sid, environ, auth):
        await super().connect(sid, environ, auth)
        self.count_online(*(await self.sio.get_session(sid))["audience"], 1)

    async def disconnect(self, sid, reason=None):
        await super().disconnect(sid, reason)
        self.count_online(*(await self.sio.get_session(sid))["audience"], -1)

    def count_online(self, workshop_id: int, role: str, language: str, change: int) -> None:
        """One socket more (1) or fewer (-1) of this process in a room (of a workshop that
        still exists: one deleted meanwhile took its rows along)."""
        self.store.db.execute(
            "INSERT INTO online (process, workshop_id, role, language, members, seen_at)"
            " SELECT ?, id, ?, ?, ?, ? FROM workshops WHERE id = ?"
            " ON CONFLICT (workshop_id, role, language, process)"
            " DO UPDATE SET members = members + excluded.members, seen_at = excluded.seen_at",
            [self.process, role, language, change, time.time(), workshop_id])

    def online(self, workshop_id: int, role: str) -> int:
        return self.store.value(
            "SELECT coalesce(sum(members), 0) FROM online WHERE workshop_id = ? AND role = ?"
            " AND seen_at > ?", [workshop_id, role, time.time() - GONE_AFTER_SECONDS])

    def rooms(self, workshop_id: int) -> list[tuple[str, str]]:
        return [(row["role"], row["language"]) for row in self.store.db.query(
            "SELECT role, language FROM online WHERE workshop_id = ? AND seen_at > ?"
            " GROUP BY role, language HAVING sum(members) > 0",
            [workshop_id, time.time() - GONE_AFTER_SECONDS])]

    def revision(self, workshop_id: int) -> str:
        return str(self.store.value(
            "SELECT coalesce(max(revision), 0) FROM live_revisions WHERE workshop_id = ?",
            [workshop_id]))

    def bump_revision(self, workshop_id: int) -> None:
        self.store.db.execute(
            "INSERT INTO live_revisions (workshop_id, revision) VALUES (?, 1)"
            " ON CONFLICT (workshop_id) DO UPDATE SET revision = revision + 1", [workshop_id])

    def bump_revisions(self) -> None:
        """Every workshop with pages open is marked changed: after losing Redis, a change
        whose pending push was lost with it (a restarted Redis keeps nothing) would
        otherwise leave pages that missed it answered "in step"."""
        self.store.db.execute(
            "INSERT INTO live_revisions (workshop_id, revision)"
            " SELECT DISTINCT workshop_id, 1 FROM online WHERE seen_at > ?"
            " ON CONFLICT (workshop_id) DO UPDATE SET revision = revision + 1",
            [time.time() - GONE_AFTER_SECONDS])

    async def beat(self) -> None:
        """While this process lives: its online rows stay fresh, rows of processes long
        gone are deleted, and flushes a killed process had claimed are claimed again."""
        while True:
            now = time.time()
            self.store.db.execute("UPDATE online SET seen_at = ? WHERE process = ?",
                                  [now, self.process])
            self.store.db.execute("DELETE FROM online WHERE seen_at < ?",
                                  [now - 10 * GONE_AFTER_SECONDS])
            try:
                async for key in self.redis.scan_iter(match=self.key("pending", "*")):
                    workshop_id, audience = key.decode().rsplit(":", 2)[1:]
                    self.spawn(self.claim(Feed(int(workshop_id), audience)))
            except RedisError as error:
                log.warning("Redis unreachable (%s); retrying", error)
            await asyncio.sleep(HEARTBEAT_SECONDS)

    # Shared in Redis: coalescing, forgetting

    def publish(self, workshop_id: int, part: str, ids=()) -> None:
        for audience in AUDIENCES:
            feed = Feed(workshop_id, audience)
            outbox = self.outbox.setdefault(feed, set())
            first = not outbox
            for name in (part, *FOLLOWERS[part]):
                outbox.update([f"{name}|{item}" for item in ids] or [f"{name}|"])
            if first:
                self.spawn(self.claim(feed))

    async def claim(self, feed: Feed) -> None:
        """Add this process's changed parts ("part|id") to the feed's pending set; if
        no process has claimed its next flush, claim it and flush an interval after the
        last one (at once after a quiet spell)."""
        changed = self.outbox.pop(feed, set())
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                if changed:
                    pipe.sadd(self.key("pending", feed), *changed)
                pipe.set(self.key("flush", feed), self.process, nx=True,
                         px=CLAIM_MILLISECONDS)
                pipe.get(self.key("last", feed))
                *_, claimed, last = await pipe.execute()
        except RedisError as error:
            log.warning("Redis unreachable (%s); the push waits", error)
            self.outbox.setdefault(feed, set()).update(changed)
            await asyncio.sleep(RETRY_SECONDS)
            return self.spawn(self.claim(feed))
        if claimed:
            self.flush_after(feed, float(last or 0) - time.time())

    async def take_pending(self, feed: Feed) -> dict[str, set]:
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.smembers(self.key("pending", feed))
                pipe.delete(self.key("pending", feed))
                pipe.set(self.key("last", feed), time.time(), ex=60)
                changed = (await pipe.execute())[0]
        except RedisError as error:  # the claim expires, and the pending set is kept
            log.warning("Redis unreachable (%s); the push waits", error)
            return {}
        pending = defaultdict(set)
        for member in changed:
            part, _, item = member.decode().partition("|")
            pending[part].update([int(item) if item.isdigit() else item] if item else [])
        if revises(pending):
            self.bump_revision(feed.workshop_id)
        return pending

    async def flush(self, feed: Feed) -> None:
        """Render and push as one process does, holding the claim until every push is in
        Redis: the next flush, by any process, starts after it, so its newer renders
        cannot be overtaken by this one's older ones."""
        try:
            await super().flush(feed)
        finally:
            await self.release(feed)

    async def release(self, feed: Feed) -> None:
        """Give up the claim; changes published meanwhile get a flush of their own."""
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.delete(self.key("flush", feed))
                pipe.exists(self.key("pending", feed))
                waiting = (await pipe.execute())[1]
        except RedisError as error:  # the claim expires by itself
            log.warning("Redis unreachable (%s); the push waits", error)
            return
        if waiting:
            self.spawn(self.claim(feed))

    def forget_everywhere(self, name: str, workshop_id: int) -> None:
        """An activity's state forgets a workshop here, and in every other process."""
        self.forgetters[name](workshop_id)
        self.spawn(self.redis.publish(self.key("forget", "all"),
                                      f"{name} {workshop_id} {self.process}"))

    async def hear_forgetting(self) -> None:
        while True:
            try:
                async with self.redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self.key("forget", "all"))
                    async for message in pubsub.listen():
                        name, workshop_id, process = message["data"].decode().split(" ")
                        if process != self.process:
                            self.forgetters[name](int(workshop_id))
            except RedisError as error:
                log.warning("Redis unreachable (%s); retrying", error)
                await asyncio.sleep(RETRY_SECONDS)
