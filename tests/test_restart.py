"""A killed server loses nothing: data, identities and live connections come back."""

import asyncio
import random
import re
import secrets
import sqlite3
import time

import httpx
import socketio

from tests.conftest import LiveServer
from tests.flows import HTMX, act, create_workshop, csrf_of, move_phase, socket_token_of, sv
from tests.test_realtime import HTTP_TIMEOUT, Screen, join_phones, until


async def test_killed_server_restarts_with_everything_and_phones_reconnect(tmp_path):
    first = LiveServer(tmp_path / "samla.db").start()
    facilitator = Screen(first.url)
    workshop = await facilitator.do(create_workshop)
    screens = [facilitator]
    (phone,) = await join_phones(first, workshop, screens, 1)
    reconnects = []
    phone.socket.on("connect", lambda: reconnects.append(True))
    await facilitator.do(move_phase, workshop, 0)
    await phone.do(act, f"/w/{workshop['code']}/topics", phone.csrf, text="Skolsköterska varje dag")
    await facilitator.do(move_phase, workshop, 1)
    topic_id = re.search(r'<li id="topic-(\d+)"', phone.http.get(f"/w/{workshop['code']}").text)[1]
    for _ in range(2):
        await phone.do(act, f"/w/{workshop['code']}/dots", phone.csrf, add_dot=topic_id)

    first.kill()
    second = LiveServer(tmp_path / "samla.db", port=first.port).start()
    try:
        await until(lambda: reconnects and phone.socket.connected, timeout=15)
        page = phone.http.get(f"/w/{workshop['code']}").text
        assert "Skolsköterska varje dag" in page
        assert re.search(rf'id="vote-{topic_id}".*?●●○', page, re.S)
        assert (await facilitator.do(move_phase, workshop, 2)).status_code == 204
        await until(lambda: any('data-phase="results"' in p["html"]
                                for p in phone.received("phase_changed")))
        results = phone.received("phase_changed")[-1]["html"]
        assert re.search(r"Skolsköterska varje dag.*?2 prickar", results, re.S)
    finally:
        for screen in screens:
            await screen.close()
        second.stop()


def test_themes_moves_ratings_and_marks_survive_a_killed_server(tmp_path):
    from tests.flows import join
    from tests.activities.topics.test_notes import NOTES
    from tests.activities.rating.test_rating import card

    first = LiveServer(tmp_path / "samla.db").start()
    facilitator, phone = (httpx.Client(base_url=first.url, timeout=HTTP_TIMEOUT),
                          httpx.Client(base_url=first.url, timeout=HTTP_TIMEOUT))
    workshop = create_workshop(facilitator, method="low_hanging_fruit")
    code, csrf = workshop["code"], workshop["csrf"]
    move_phase(facilitator, workshop, 0)
    phone_csrf = join(phone, code)
    act(facilitator, f"/w/{code}/topics/from-paper", csrf, notes="\n".join(NOTES))
    act(facilitator, f"/w/{code}/themes/group", csrf)
    page = facilitator.get(f"/w/{code}/facilitator").text
    moved = re.search(rf'id="topic-(\d+)-text">{NOTES[4]}<', page)[1]
    act(facilitator, f"/w/{code}/topics/{moved}/theme", csrf, theme="1")
    act(facilitator, f"/w/{code}/themes/accept", csrf)
    act(facilitator, f"/w/{code}/prioritise", csrf, prioritise="themes")
    move_phase(facilitator, workshop, 1)
    move_phase(facilitator, workshop, 2)
    item = card(phone.get(f"/w/{code}").text)["item"]
    act(phone, f"/w/{code}/ratings", phone_csrf, card="0", item=str(item), impact="5",
        effort="1", step="save")
    act(facilitator, f"/w/{code}/quick-wins/{item}", csrf, quick_win="no")
    before = facilitator.get(f"/w/{code}/facilitator").text

    first.kill()
    second = LiveServer(tmp_path / "samla.db", port=first.port).start()
    try:
        after = facilitator.get(f"/w/{code}/facilitator").text
        themes = re.search(r'<section id="themes".*?</section>', before, re.S)[0]
        assert themes in after and sv("placed by you") in themes
        ratings = re.search(r'<section id="ratings".*?</section>', before, re.S)[0]
        assert ratings in after and '<option value="no" selected>' in ratings
        assert "5.0" in ratings
        # The phone is still itself: its first card is rated, so it opens at the second.
        resumed = card(phone.get(f"/w/{code}").text)
        assert resumed["count"].startswith("Kort 2 av") and resumed["item"] != item
    finally:
        facilitator.close()
        phone.close()
        second.stop()


class VotingPhone:
    """A phone in a room of 200: its own cookies, a socket that reconnects by itself, and
    taps that are sent again with the same action id until one is answered."""

    def __init__(self, url: str):
        self.url = url
        self.http = httpx.AsyncClient(base_url=url, follow_redirects=True, timeout=10)
        self.socket = socketio.AsyncClient(reconnection_delay=0.2, reconnection_delay_max=1)
        self.phases: list[str] = []
        self.socket.on("phase_changed", lambda payload: self.phases.append(payload["html"]))
        self.acknowledged: list[tuple[str, float]] = []  # (action id, when)

    async def join(self, code: str) -> None:
        page = await self.http.get(f"/w/{code}")
        joined = await self.http.post(f"/w/{code}/join", data={"csrf_token": csrf_of(page.text)})
        self.csrf = csrf_of(joined.text)
        await self.socket.connect(self.url, auth={"token": socket_token_of(joined.text)},
                                  transports=["websocket"], wait_timeout=20)

    async def vote(self, code: str, topics: list[str], rng: random.Random) -> None:
        """Tap each topic once; one tap in five is also sent again before its answer came
        (a phone that timed out), and a tap the server never answered is sent again."""
        for topic in topics:
            await asyncio.sleep(rng.uniform(0, 1.5))
            action_id = secrets.token_urlsafe(12)
            copies = 2 if rng.random() < 0.2 else 1
            await asyncio.gather(*(self.tap(code, topic, action_id) for _ in range(copies)))

    async def tap(self, code: str, topic: str, action_id: str) -> None:
        while True:
            try:
                answer = await self.http.post(
                    f"/w/{code}/dots", data={"add_dot": topic},
                    headers={**HTMX, "X-CSRF-Token": self.csrf, "X-Samla-Action": action_id})
            except httpx.TransportError:
                await asyncio.sleep(0.2)  # the server is down: the same tap, again
                continue
            assert answer.status_code == 200, answer.text
            self.acknowledged.append((action_id, time.monotonic()))
            return

    async def close(self) -> None:
        await self.socket.disconnect()
        await self.http.aclose()


def stored(db_path) -> tuple[set[str], int]:
    """The action ids the database holds, and its dots (read as a restarted server would)."""
    with sqlite3.connect(db_path) as db:
        actions = {row[0] for row in db.execute("SELECT action_id FROM actions_done")}
        return actions, db.execute("SELECT count(*) FROM dots").fetchone()[0]


async def test_killed_while_200_phones_vote_every_acknowledged_vote_is_stored(tmp_path):
    first = LiveServer(tmp_path / "samla.db").start()
    facilitator = httpx.Client(base_url=first.url)
    workshop = create_workshop(facilitator, dots_per_participant="10")
    code = workshop["code"]
    move_phase(facilitator, workshop, 0)
    act(facilitator, f"/w/{code}/topics/from-paper", workshop["csrf"],
        notes="Fler bänkar\nLängre raster\nTystare matsal")
    move_phase(facilitator, workshop, 1)
    topics = re.findall(r'<li id="topic-(\d+)"', facilitator.get(f"/w/{code}/facilitator").text)
    phones = [VotingPhone(first.url) for _ in range(200)]
    for group in range(0, len(phones), 20):
        await asyncio.gather(*(phone.join(code) for phone in phones[group:group + 20]))
    rng = random.Random(15)
    voting = asyncio.gather(*(phone.vote(code, topics, rng) for phone in phones))

    await until(lambda: sum(len(p.acknowledged) for p in phones) >= 150, timeout=30)
    first.kill()
    killed_at = time.monotonic()
    acknowledged = {action for p in phones for action, at in p.acknowledged if at < killed_at}
    actions, dots = stored(tmp_path / "samla.db")
    assert acknowledged <= actions and dots == len(actions) < 600
    second = await asyncio.to_thread(LiveServer(tmp_path / "samla.db", port=first.port).start)
    try:
        await asyncio.wait_for(voting, 60)  # the taps sent while it was down, sent again
        await until(lambda: all(p.socket.connected for p in phones), timeout=30)
        assert stored(tmp_path / "samla.db")[1] == 200 * 3  # each tap counted once
        move_phase(facilitator, workshop, 2)
        await until(lambda: all(p.phases and 'data-phase="results"' in p.phases[-1]
                                for p in phones), timeout=30)
    finally:
        await asyncio.gather(*(phone.close() for phone in phones))
        facilitator.close()
        second.stop()
