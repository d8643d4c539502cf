"""Real time against a real server: uvicorn on 127.0.0.1, real socket.io clients."""

import asyncio
import re

import httpx
import pytest
import socketio

from tests.conftest import LiveServer
from tests.flows import act, create_workshop, join, move_phase, socket_token_of
from workshop.events import REVISION_ASKED

TIMEOUT = 10
# A server's first grouping loads scikit-learn first: seconds on a busy machine.
HTTP_TIMEOUT = 30


class Screen:
    """A browser tab as the server sees it: HTTP with its own cookies, plus a socket."""

    def __init__(self, url: str):
        self.url = url
        self.http = httpx.Client(base_url=url, follow_redirects=True, timeout=HTTP_TIMEOUT)
        self.socket = socketio.AsyncClient(reconnection_delay=0.2, reconnection_delay_max=0.5)
        self.events: list[tuple[str, dict]] = []
        self.socket.on("*", lambda event, data: self.events.append((event, data)))

    async def open(self, path: str, transports=("websocket",)) -> str:
        page = await asyncio.to_thread(self.http.get, path)
        await self.socket.connect(self.url, auth={"token": socket_token_of(page.text)},
                                  transports=list(transports), wait_timeout=TIMEOUT)
        return page.text

    async def do(self, function, *args, **kwargs):
        """An HTTP action, off the event loop so live events keep arriving meanwhile."""
        return await asyncio.to_thread(function, self.http, *args, **kwargs)

    def received(self, name: str) -> list[dict]:
        return [data for event, data in self.events if event == name]

    def topics_seen(self) -> set[int]:
        seen = set()
        for payload in self.received("topics_changed"):
            seen |= {int(dom_id.split("-")[1]) for dom_id, _ in payload["upsert"]}
        return seen

    async def close(self):
        # A long-polling client waits for its pending poll to end; don't wait that long.
        try:
            await asyncio.wait_for(self.socket.disconnect(), 2)
        except asyncio.TimeoutError:
            pass
        self.http.close()


async def until(condition, timeout: float = TIMEOUT):
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


def dots_on(html: str) -> int | None:
    """The dot count a projector shows (only while voting and after)."""
    found = re.search(r'data-count="dots">(\d+)<', html)
    return int(found.group(1)) if found else None


@pytest.fixture
async def room(live_server):
    """A workshop with its facilitator and projector screens open."""
    facilitator = Screen(live_server.url)
    workshop = await facilitator.do(create_workshop)
    await facilitator.open(f"/w/{workshop['code']}/facilitator")
    projector = Screen(live_server.url)
    await projector.open(workshop["projector_url"].replace(live_server.url, ""))
    screens = [facilitator, projector]
    yield workshop, facilitator, projector, screens
    for screen in screens:
        await screen.close()


async def join_phones(live_server, workshop, screens, count, **open_options):
    phones = [Screen(live_server.url) for _ in range(count)]
    screens.extend(phones)
    for phone in phones:
        phone.csrf = await phone.do(join, workshop["code"])
        await phone.open(f"/w/{workshop['code']}", **open_options)
    return phones


async def test_twenty_phones_join_post_and_vote_and_every_screen_sees_it(live_server, room):
    workshop, facilitator, projector, screens = room
    phones = await join_phones(live_server, workshop, screens, 20)
    await facilitator.do(move_phase, workshop, 0)
    await until(lambda: all(p.received("phase_changed") for p in phones))
    assert all('data-phase="topics"' in p.received("phase_changed")[-1]["html"] for p in phones)

    for number, phone in enumerate(phones):
        answer = await phone.do(act, f"/w/{workshop['code']}/topics", phone.csrf,
                                text=f"Förslag nummer {number}")
        assert answer.status_code == 200
    everyone = [*phones, facilitator, projector]
    await until(lambda: all(len(s.topics_seen()) == 20 for s in everyone))
    topic_ids = sorted(phones[0].topics_seen())

    await facilitator.do(move_phase, workshop, 1)
    # Nobody has voted yet: the room's copy already shows each phone its five dots.
    await until(lambda: all('data-dots-left="5"' in p.received("phase_changed")[-1]["html"]
                            for p in phones))
    for number, phone in enumerate(phones):
        for topic_id in (topic_ids[number % 3], topic_ids[number % 3], topic_ids[5]):
            assert (await phone.do(act, f"/w/{workshop['code']}/dots", phone.csrf,
                                   add_dot=str(topic_id))).status_code == 200
    await until(lambda: any(dots_on(p["html"]) == 60
                            for p in projector.received("participation_changed")))
    await until(lambda: facilitator.received("tally_changed")
                and "20 prickar" in facilitator.received("tally_changed")[-1]["html"])
    assert not any(p.received("tally_changed") for p in phones)  # counts hidden while voting

    await facilitator.do(move_phase, workshop, 2)
    await facilitator.do(move_phase, workshop, 3, step="back")
    # Back to voting after votes: each phone must fetch its own dots, the room can't know.
    # (results and back again may arrive as one coalesced push)
    await until(lambda: all(len(p.received("phase_changed")) >= 3
                            and 'data-phase="voting"' in p.received("phase_changed")[-1]["html"]
                            for p in phones))
    stage = phones[0].received("phase_changed")[-1]["html"]
    assert re.search(r'id="dots-left"[^>]*>\s*<span data-needs-me', stage), stage[:1500]


async def test_a_phone_that_was_away_sees_what_it_missed(live_server, room):
    workshop, facilitator, projector, screens = room
    away, present = await join_phones(live_server, workshop, screens, 2)
    await facilitator.do(move_phase, workshop, 0)
    await until(lambda: away.received("phase_changed"))
    await away.socket.disconnect()
    await present.do(act, f"/w/{workshop['code']}/topics", present.csrf, text="Medan du var borta")
    await until(lambda: present.topics_seen())

    page = await away.open(f"/w/{workshop['code']}")  # what the page does on reconnect
    assert "Medan du var borta" in page
    await present.do(act, f"/w/{workshop['code']}/topics", present.csrf, text="Efter återkomsten")
    await until(lambda: len(away.topics_seen()) == 1)
    assert "Efter återkomsten" in away.received("topics_changed")[-1]["upsert"][0][1]


def revision_of(page: str) -> str:
    return re.search(r'id="main"[^>]*data-revision="([^"]+)"', page).group(1)


async def test_a_page_fetches_itself_again_only_when_it_missed_a_change(live_server, room):
    """Connecting changes the online counts, which every connecting page is pushed anyway:
    a page that missed nothing is in step (one phone in a room of 2,000 is not one more
    request); a page rendered before a topic was posted is not."""
    workshop, facilitator, projector, screens = room
    first, second = await join_phones(live_server, workshop, screens, 2)
    await facilitator.do(move_phase, workshop, 0)
    await until(lambda: second.received("phase_changed"))
    page = await first.do(lambda http: http.get(f"/w/{workshop['code']}").text)
    await first.socket.disconnect()
    await first.socket.connect(live_server.url, auth={"token": socket_token_of(page)},
                               transports=["websocket"], wait_timeout=TIMEOUT)
    assert await first.socket.call(REVISION_ASKED, timeout=TIMEOUT) == revision_of(page)

    await second.do(act, f"/w/{workshop['code']}/topics", second.csrf, text="Medan sidan laddade")
    await until(lambda: second.topics_seen())
    assert await first.socket.call(REVISION_ASKED, timeout=TIMEOUT) != revision_of(page)


async def test_a_big_room_gets_the_posts_in_fewer_pushes_and_the_projector_at_once(tmp_path):
    """Phones' pushes are timed by their number (settings.PHONE_MESSAGES_PER_SECOND; here
    20 a second, so 10 phones get a push every 0.5 s); the projector's stay at the live
    interval. Every phone still gets every post."""
    server = LiveServer(tmp_path / "samla.db",
                        env={"SAMLA_PHONE_MESSAGES_PER_SECOND": "20"}).start()
    facilitator, projector = Screen(server.url), Screen(server.url)
    screens = [facilitator, projector]
    try:
        workshop = await facilitator.do(create_workshop)
        await projector.open(workshop["projector_url"].replace(server.url, ""))
        phones = await join_phones(server, workshop, screens, 10)
        await facilitator.do(move_phase, workshop, 0)
        await until(lambda: all(p.received("phase_changed") for p in phones))
        started = asyncio.get_running_loop().time()
        for number, phone in enumerate(phones):  # a post every 0.1 s for a second
            await phone.do(act, f"/w/{workshop['code']}/topics", phone.csrf,
                           text=f"Förslag {number}")
            await asyncio.sleep(max(0.0, started + 0.1 * (number + 1)
                                    - asyncio.get_running_loop().time()))
        await until(lambda: all(len(s.topics_seen()) == 10 for s in [*phones, projector]))
        phone_pushes = len(phones[0].received("topics_changed"))
        assert phone_pushes <= 4, phone_pushes  # about every 0.5 s over about 1 s
        assert len(projector.received("topics_changed")) >= 2 * phone_pushes
    finally:
        for screen in screens:
            await screen.close()
        server.stop()
    assert "Traceback" not in server.log(), server.log()


async def test_fifty_simultaneous_taps_never_exceed_the_dots(live_server, room):
    workshop, facilitator, projector, screens = room
    (phone,) = await join_phones(live_server, workshop, screens, 1)
    await facilitator.do(move_phase, workshop, 0)
    for text in ("Ett", "Två", "Tre"):
        await phone.do(act, f"/w/{workshop['code']}/topics", phone.csrf, text=text)
    await facilitator.do(move_phase, workshop, 1)
    await until(lambda: len(phone.topics_seen()) == 3)
    topic_ids = sorted(phone.topics_seen())

    async with httpx.AsyncClient(base_url=live_server.url, cookies=phone.http.cookies,
                                 timeout=TIMEOUT) as taps:
        answers = await asyncio.gather(*[
            taps.post(f"/w/{workshop['code']}/dots", data={"add_dot": str(topic_ids[i % 3])},
                      headers={"HX-Request": "true", "X-CSRF-Token": phone.csrf})
            for i in range(50)])
    statuses = [a.status_code for a in answers]
    assert statuses.count(200) == 5 and statuses.count(409) == 45
    page = await phone.do(lambda http: http.get(f"/w/{workshop['code']}").text)
    assert len(re.findall("●", re.search(r'id="topic-list".*', page, re.S).group(0))) == 5
    await until(lambda: any(dots_on(p["html"]) == 5
                            for p in projector.received("participation_changed")))


async def test_long_polling_works_when_websockets_are_blocked(live_server, room):
    workshop, facilitator, projector, screens = room
    (phone,) = await join_phones(live_server, workshop, screens, 1, transports=("polling",))
    assert phone.socket.transport() == "polling"
    await facilitator.do(move_phase, workshop, 0)
    await until(lambda: phone.received("phase_changed"))
    await phone.do(act, f"/w/{workshop['code']}/topics", phone.csrf, text="Via long-polling")
    await until(lambda: phone.topics_seen())


async def test_each_phone_gets_live_updates_in_its_own_language(live_server, room):
    workshop, facilitator, projector, screens = room
    swedish, english = await join_phones(live_server, workshop, screens, 2)
    await english.socket.disconnect()
    await english.do(lambda http: http.post("/language", data={
        "csrf_token": english.csrf, "language": "en", "next": "/"}))
    await english.open(f"/w/{workshop['code']}")
    await facilitator.do(move_phase, workshop, 0)
    await until(lambda: swedish.received("phase_changed") and english.received("phase_changed"))
    assert ">Ämnen</h1>" in swedish.received("phase_changed")[0]["html"]
    assert ">Topics</h1>" in english.received("phase_changed")[0]["html"]


async def test_a_socket_without_a_valid_pass_is_refused(live_server):
    intruder = socketio.AsyncClient(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await intruder.connect(live_server.url, auth={"token": "forged"},
                               transports=["websocket"], wait_timeout=TIMEOUT)


async def test_grouping_shows_themes_live_on_projector_and_phones(live_server, room):
    from tests.activities.topics.test_notes import NOTES

    workshop, facilitator, projector, screens = room
    (phone,) = await join_phones(live_server, workshop, screens, 1)
    await facilitator.do(move_phase, workshop, 0)
    await facilitator.do(act, f"/w/{workshop['code']}/topics/from-paper", workshop["csrf"],
                         notes="\n".join(NOTES))
    await until(lambda: len(projector.topics_seen()) == 5)
    await facilitator.do(act, f"/w/{workshop['code']}/themes/group", workshop["csrf"])
    await until(lambda: projector.received("themes_changed") and phone.received("themes_changed")
                and "theme-column" in projector.received("themes_changed")[-1]["html"])
    board = projector.received("themes_changed")[-1]["html"]
    assert all(note in board for note in NOTES)
    assert "Övrigt" in board and "Övrigt" in phone.received("themes_changed")[-1]["html"]


async def test_opening_the_rating_phase_brings_every_phone_its_first_card(live_server):
    """While nobody has rated, the room's push carries the first card itself, so the
    phones need not all ask for their own at once; after a rating they must."""
    facilitator = Screen(live_server.url)
    workshop = await facilitator.do(create_workshop, method="low_hanging_fruit")
    code = workshop["code"]
    screens = [facilitator]

    def stage(phone) -> str:
        pushed = phone.received("phase_changed")
        return pushed[-1]["html"] if pushed else ""

    try:
        phones = await join_phones(live_server, workshop, screens, 3)
        await facilitator.do(move_phase, workshop, 0)
        for number, phone in enumerate(phones):
            await phone.do(act, f"/w/{code}/topics", phone.csrf, text=f"Förslag {number}")
        await facilitator.do(move_phase, workshop, 1)
        await facilitator.do(move_phase, workshop, 2)
        await until(lambda: all('data-phase="rating"' in stage(p) for p in phones))
        first = re.search(r'name="item" value="(\d+)"', stage(phones[0]))[1]
        assert "Kort 1 av 3" in stage(phones[0]) and "data-needs-me" not in stage(phones[0])
        rated = await phones[0].do(act, f"/w/{code}/ratings", phones[0].csrf, step="save",
                                   card="0", item=first, impact="4", effort="2")
        assert rated.status_code == 200 and "Kort 2 av 3" in rated.text

        await facilitator.do(move_phase, workshop, 3, step="back")
        await until(lambda: all('data-phase="voting"' in stage(p) for p in phones))
        await facilitator.do(move_phase, workshop, 2)
        await until(lambda: all('data-phase="rating"' in stage(p) for p in phones))
        assert re.search(r'id="rating-card" data-needs-me', stage(phones[1]))
        assert 'name="item"' not in stage(phones[1])
        mine = await phones[0].do(lambda http: http.get(f"/w/{code}/me"))
        assert "Kort 2 av 3" in mine.text  # the first phone goes on where it was
    finally:
        for screen in screens:
            await screen.close()


@pytest.mark.parametrize("auth", [["a", "list"], {"token": ["a", "list"]}])
async def test_malformed_socket_auth_is_refused_with_one_log_line(live_server, auth):
    intruder = socketio.AsyncClient(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await intruder.connect(live_server.url, auth=auth, transports=["websocket"],
                               wait_timeout=TIMEOUT)
    await until(lambda: "refused" in live_server.log())
    assert live_server.log().count("socket from 127.0.0.1 refused: no valid token") == 1


DEEP = "[" * 5000 + "]" * 5000


@pytest.mark.parametrize("message", [f'2["{REVISION_ASKED}",{DEEP}]',  # socket.io event
                                     DEEP])                                  # engine.io message
async def test_a_deeply_nested_socket_message_is_refused_with_one_log_line(live_server, room,
                                                                         message):
    workshop, facilitator, projector, screens = room
    await projector.socket.eio.send(message)
    await until(lambda: "socket packet refused" in live_server.log())
    assert live_server.log().count("socket packet refused") == 1
    assert (await facilitator.socket.call(REVISION_ASKED, timeout=TIMEOUT)).count(".") == 1
