"""Several server processes on one database, their live updates meeting in Redis
(workers.py): a vote taken by one process reaches a projector connected to another, and
counts once. Needs a Redis server on 127.0.0.1 (make test and .ci/run start one), or
SAMLA_TEST_REDIS_URL."""

import asyncio
import contextlib
import os
import re
import secrets
import sqlite3
import subprocess
import time
from typing import NamedTuple

import httpx
import pytest
import redis

from tests.conftest import LiveServer, free_port
from tests.flows import HTMX, act, create_workshop, join, move_phase
from tests.test_realtime import Screen, dots_on, join_phones, until

REDIS_URL = os.environ.get("SAMLA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def shared(tmp_path):
    """What several processes share: the database, and a Redis channel of this test's own."""
    redis.Redis.from_url(REDIS_URL).ping()
    return tmp_path / "samla.db", {"SAMLA_REDIS_URL": REDIS_URL,
                                   "SAMLA_REDIS_CHANNEL": f"test-{secrets.token_hex(4)}"}


def dots_shown(projector: Screen) -> int | None:
    """The dot count the projector shows now: its latest push of the counts."""
    counts = [p["html"] for p in projector.received("participation_changed")
              if p["target"] == "participation"]
    return dots_on(counts[-1]) if counts else None


def two_servers(database, env) -> tuple[LiveServer, LiveServer]:
    """Two real server processes; the second starts once the first has migrated."""
    first = LiveServer(database, env=env).start()
    return first, LiveServer(database, env=env).start()


async def voting_room(facilitator: Screen, phones: list[Screen], workshop: dict) -> list[int]:
    """Phones post a topic each (through their own servers); the workshop moves to voting."""
    await facilitator.do(move_phase, workshop, 0)
    for number, phone in enumerate(phones[:3]):
        await phone.do(act, f"/w/{workshop['code']}/topics", phone.csrf, text=f"Förslag {number}")
    await facilitator.do(move_phase, workshop, 1)
    await until(lambda: all(len(p.topics_seen()) == 3 for p in phones))
    return sorted(phones[0].topics_seen())


async def test_a_vote_on_one_server_reaches_a_projector_on_another_and_counts_once(shared):
    first, second = two_servers(*shared)
    screens = []
    try:
        facilitator = Screen(second.url)
        screens.append(facilitator)
        workshop = await facilitator.do(create_workshop)
        projector = Screen(second.url)
        screens.append(projector)
        await projector.open(workshop["projector_url"].replace(second.url, ""))
        phones = [*await join_phones(first, workshop, screens, 6),
                  *await join_phones(second, workshop, screens, 4)]
        topics = await voting_room(facilitator, phones, workshop)
        await until(lambda: all('data-dots-left="5"' in p.received("phase_changed")[-1]["html"]
                                for p in phones))  # the stage reached phones on both servers
        for number, phone in enumerate(phones):
            for topic in (topics[number % 3], topics[(number + 1) % 3]):
                answer = await phone.do(act, f"/w/{workshop['code']}/dots", phone.csrf,
                                        add_dot=str(topic))
                assert answer.status_code == 200
        await until(lambda: any(dots_on(p["html"]) == 20
                                for p in projector.received("participation_changed")))
        # A retry of one tap, sent to the other server, is the same tap.
        phone = phones[0]
        for server in (first, second):
            async with httpx.AsyncClient(base_url=server.url, cookies=phone.http.cookies) as tap:
                answer = await tap.post(f"/w/{workshop['code']}/dots",
                                        data={"add_dot": str(topics[2])},
                                        headers={**HTMX, "X-CSRF-Token": phone.csrf,
                                                 "X-Samla-Action": "one-tap-0001"})
                assert answer.status_code == 200
        await until(lambda: dots_shown(projector) == 21)
        with sqlite3.connect(shared[0]) as db:
            assert db.execute("SELECT count(*) FROM dots").fetchone()[0] == 21
        # Both servers count the sockets of both: 10 phones and a projector online.
        for server in (first, second):
            page = httpx.get(f"{server.url}/w/{workshop['code']}/facilitator",
                             cookies=facilitator.http.cookies).text
            assert re.search(r"10\s+uppkopplade", page), page
    finally:
        for screen in screens:
            await screen.close()
        first.stop()
        second.stop()
    for server in (first, second):
        assert "Traceback" not in server.log(), server.log()


def test_a_topic_edited_through_one_process_is_hinted_as_edited_by_the_other(shared):
    first, second = two_servers(*shared)
    try:
        facilitator = httpx.Client(base_url=first.url, timeout=10)
        workshop = create_workshop(facilitator)
        code = workshop["code"]
        move_phase(facilitator, workshop, 0)
        act(facilitator, f"/w/{code}/topics/from-paper", workshop["csrf"],
            notes="Fler cykelställ vid skolan")
        typist = httpx.Client(base_url=second.url, timeout=10)
        join(typist, code)

        def hinted() -> list[str]:
            page = typist.get(f"/w/{code}/similar", params={"text": "Fler cykelställ vid skolan"})
            return re.findall(r"<li><span>([^<]+)</span>", page.text)

        assert hinted() == ["Fler cykelställ vid skolan"]  # the second process's index
        topic = re.search(r'id="topic-(\d+)"', facilitator.get(f"/w/{code}/facilitator").text)[1]
        act(facilitator, f"/w/{code}/topics/{topic}/edit", workshop["csrf"],
            text="Fler cykelställ vid skolan och biblioteket")
        deadline = time.monotonic() + 5
        while hinted() != ["Fler cykelställ vid skolan och biblioteket"]:
            assert time.monotonic() < deadline, hinted()
            time.sleep(0.05)
    finally:
        first.stop()
        second.stop()


async def test_run_py_workers_serves_one_port_with_several_processes(shared):
    database, env = shared
    server = LiveServer(database, env={"SAMLA_REDIS_CHANNEL": env["SAMLA_REDIS_CHANNEL"]},
                        args=("--workers", "2", "--redis", REDIS_URL)).start()
    screens = []
    try:
        facilitator = Screen(server.url)
        screens.append(facilitator)
        workshop = await facilitator.do(create_workshop)
        projectors = [Screen(server.url) for _ in range(4)]
        screens.extend(projectors)
        for projector in projectors:
            await projector.open(workshop["projector_url"].replace(server.url, ""))
        phones = await join_phones(server, workshop, screens, 8)
        with sqlite3.connect(database) as db:  # the sockets landed on both processes
            assert db.execute("SELECT count(DISTINCT process) FROM online").fetchone()[0] == 2
        topics = await voting_room(facilitator, phones, workshop)
        for phone in phones:
            await phone.do(act, f"/w/{workshop['code']}/dots", phone.csrf, add_dot=str(topics[0]))
        await until(lambda: all(any(dots_on(p["html"]) == 8
                                    for p in projector.received("participation_changed"))
                                for projector in projectors))
    finally:
        for screen in screens:
            await screen.close()
        server.stop()
    assert "2 server processes share live updates" in server.log()
    assert "Traceback" not in server.log(), server.log()


class OwnRedis:
    """A redis-server of one test's own, which the test may stop, start again or cut."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    async def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url)
        await until(lambda: answers(client))

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


def answers(client: redis.Redis) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


@pytest.fixture
async def own_redis():
    server = OwnRedis()
    await server.start()
    yield server
    server.kill()


class VotingRoom(NamedTuple):
    """A workshop in its voting phase on two servers sharing a Redis: three phones on the
    first, a projector on the second."""
    first: LiveServer
    second: LiveServer
    code: str
    phones: list[Screen]
    topics: list[int]
    projector: Screen
    projector_page: str  # as it was rendered, with the workshop's revision then

    async def vote(self, phone: Screen, topic: int) -> None:
        answer = await phone.do(act, f"/w/{self.code}/dots", phone.csrf, add_dot=str(topic))
        assert answer.status_code == 200


@contextlib.asynccontextmanager
async def voting_on_two_servers(redis_server: OwnRedis, database):
    env = {"SAMLA_REDIS_URL": redis_server.url, "SAMLA_REDIS_CHANNEL": "room"}
    first, second = two_servers(database, env)
    screens = []
    try:
        facilitator = Screen(second.url)
        screens.append(facilitator)
        workshop = await facilitator.do(create_workshop)
        phones = await join_phones(first, workshop, screens, 3)
        topics = await voting_room(facilitator, phones, workshop)
        projector = Screen(second.url)
        screens.append(projector)
        page = await projector.open(workshop["projector_url"].replace(second.url, ""))
        yield VotingRoom(first, second, workshop["code"], phones, topics, projector, page)
    finally:
        for screen in screens:
            await screen.close()
        first.stop()
        second.stop()
    for server in (first, second):
        assert "Traceback" not in server.log(), server.log()


async def test_a_restarted_redis_loses_no_vote_and_pushes_resume(own_redis, tmp_path):
    async with voting_on_two_servers(own_redis, tmp_path / "samla.db") as room:
        own_redis.kill()
        for phone in room.phones:  # acknowledged while Redis is down: stored all the same
            await room.vote(phone, room.topics[0])
        await own_redis.start()  # the processes reconnect by themselves
        await asyncio.sleep(2)
        await room.vote(room.phones[0], room.topics[1])
        await until(lambda: any(dots_on(p["html"]) == 4
                                for p in room.projector.received("participation_changed")),
                    timeout=30)


async def test_pages_catch_up_after_every_process_was_cut_off_from_redis(
        own_redis, tmp_path):
    async with voting_on_two_servers(own_redis, tmp_path / "samla.db") as room:
        rendered_at = re.search(r'data-revision="([^"]+)"', room.projector_page)[1]
        assert await room.projector.socket.call("revision_asked", None) == rendered_at
        assert not room.projector.received("catch_up")
        # Redis stays up, but every process's subscription is cut: what is pushed until
        # they subscribe again (a second later) reaches no page.
        assert redis.Redis.from_url(own_redis.url).client_kill_filter(_type="pubsub") >= 2
        pages = (room.projector, *room.phones)  # on both processes
        await until(lambda: all(page.received("catch_up") for page in pages), timeout=30)
        assert room.projector.received("catch_up")[0] == {"within_ms": 15_000}
        # Nothing changed here meanwhile, but a change whose push was lost with Redis
        # would not say so: the workshop counts as changed, and every page that asks
        # fetches itself (what a page does is tested in tests/e2e/test_catch_up.py).
        assert await room.projector.socket.call("revision_asked", None) != rendered_at
