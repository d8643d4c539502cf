"""Several server processes on one database, their live updates meeting in Redis
(workers.py): a vote taken by one process reaches a projector connected to another, and
counts once. Needs a Redis server on 127.0.0.1 (make test and .ci/run start one), or
SAMLA_TEST_REDIS_URL."""

import asyncio
import os
import re
import secrets
import sqlite3
import subprocess
import time

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


async def test_a_restarted_redis_loses_no_vote_and_pushes_resume(tmp_path):
    port = free_port()
    start_redis = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no"]
    redis_server = subprocess.Popen(start_redis, stdout=subprocess.DEVNULL)
    env = {"SAMLA_REDIS_URL": f"redis://127.0.0.1:{port}/0", "SAMLA_REDIS_CHANNEL": "restart"}
    await asyncio.sleep(0.5)
    first, second = two_servers(tmp_path / "samla.db", env)
    screens = []
    try:
        facilitator = Screen(second.url)
        screens.append(facilitator)
        workshop = await facilitator.do(create_workshop)
        projector = Screen(second.url)
        screens.append(projector)
        await projector.open(workshop["projector_url"].replace(second.url, ""))
        phones = await join_phones(first, workshop, screens, 3)
        topics = await voting_room(facilitator, phones, workshop)

        redis_server.kill()
        redis_server.wait()
        for phone in phones:  # acknowledged while Redis is down: stored all the same
            answer = await phone.do(act, f"/w/{workshop['code']}/dots", phone.csrf,
                                    add_dot=str(topics[0]))
            assert answer.status_code == 200
        redis_server = subprocess.Popen(start_redis, stdout=subprocess.DEVNULL)
        await asyncio.sleep(3)  # the processes reconnect by themselves
        answer = await phones[0].do(act, f"/w/{workshop['code']}/dots", phones[0].csrf,
                                    add_dot=str(topics[1]))
        assert answer.status_code == 200
        await until(lambda: any(dots_on(p["html"]) == 4
                                for p in projector.received("participation_changed")),
                    timeout=30)
    finally:
        for screen in screens:
            await screen.close()
        first.stop()
        second.stop()
        redis_server.kill()
