"""Live load: N phones join a workshop, post topics, vote and rate impact and effort
while a projector watches.

For each N it starts the real server (`python run.py`) on a fresh database, drives
simulated phones over HTTP and socket.io from one asyncio loop, and prints the figures
that say whether a room of N can vote and rate live: connect time, vote and rating
acknowledgement, vote → projector and rating → projector latency, errors and server
memory. The workshop runs the "Lågt hängande frukter" method: each phone rates the ten
topics with most dots, card by card.

    .venv/bin/python benchmarks/live_load.py --phones 50 200 1000 --window 20

benchmarks/README.md explains each figure and how it is measured.
"""

import argparse
import asyncio
import gc
import gzip
import logging
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import socketio

# The clients would log each dropped connection; drops are counted in the figures instead.
for client_logger in ("engineio.client", "socketio.client"):
    logging.getLogger(client_logger).setLevel(logging.CRITICAL)

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SENTENCES_FILE = Path("/work/shared/data/swefaq_dev.tsv")
FALLBACK_SENTENCES = (
    "Kan vi ha kortare möten på måndagar?",
    "Fler cykelställ vid entrén",
    "Hur delar vi kunskap mellan teamen?",
    "Tydligare ansvar för kaffemaskinen",
    "Mer tid för fördjupning, mindre för mejl",
)
METHOD = "low_hanging_fruit"
PHASES = ("welcome", "topics", "voting", "rating", "results")
DOTS_PER_PHONE = 5
RATED_TOPICS = 10  # the cards when a room rates topics (activities/rating/quick_wins.py)
TOPIC_MAX_CHARS = 200
# A room scanning the QR code arrives as a stream, not within one millisecond.
PHONES_JOINING_AT_ONCE = 25
FIRST_LOAD_ASSETS = ("/static/samla.css", "/static/samla.js", "/vendor/htmx/htmx.min.js",
                     "/vendor/socket.io/socket.io.min.js")
HTTP_TIMEOUT = aiohttp.ClientTimeout(total=30)
FINAL_COUNT_TIMEOUT_SECONDS = 15.0
# The bridge script (samla.js) waits this long before fetching a phone's own state.
ME_FETCH_DELAY_SECONDS = 0.03

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SOCKET_TOKEN = re.compile(r'data-socket-token="([^"]+)"')
JOIN_CODE = re.compile(r'<dd class="code">(\w+)</dd>')
PROJECTOR_PATH = re.compile(r'href="[^"]*?(/w/\w+/projector\?key=[^"]+)"')
TOPIC_ID = re.compile(r'id="topic-(\d+)"')
DOTS_SHOWN = re.compile(r'data-count="dots">(\d+)<')
RATINGS_SHOWN = re.compile(r'data-ratings="(\d+)"')
CARD = re.compile(r'name="card" value="(\d+)">\s*(?:.*?)name="item" value="(\d+)"', re.S)


class UnexpectedAnswer(Exception):
    """The server answered with a status the scenario did not expect."""


# Figures


@dataclass
class Tap:
    """A vote or a rating: when it was sent, when the phone had the answer, its status."""
    sent: float
    acked: float
    status: int


@dataclass
class Figures:
    """Everything measured for one room size; times are time.perf_counter() seconds."""
    phones: int
    connect: list[float] = field(default_factory=list)
    topic_acks: list[float] = field(default_factory=list)
    votes: list[Tap] = field(default_factory=list)
    ratings: list[Tap] = field(default_factory=list)
    own_state_fetches: list[float] = field(default_factory=list)
    # phase -> seconds from the facilitator's press until each phone showed it
    phase_shown: dict[str, list[float]] = field(default_factory=dict)
    projector_updates: list[tuple[float, int]] = field(default_factory=list)
    projector_rating_updates: list[tuple[float, int]] = field(default_factory=list)
    projector_messages: Counter = field(default_factory=Counter)
    facilitator_messages: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    stage: str = "starting"  # what the room is doing, to tell when sockets dropped
    phones_shown_voting: int = 0
    phones_shown_rating: int = 0
    loop_lag: list[float] = field(default_factory=list)
    # server and client share of a core, machine load, server CPU seconds
    cpu_while_posting: tuple[float, float, float, float] | None = None
    cpu_while_voting: tuple[float, float, float, float] | None = None
    cpu_while_rating: tuple[float, float, float, float] | None = None
    server_rss_mb: tuple[float, float] | None = None
    server_exceptions: list[str] = field(default_factory=list)

    def accepted_votes(self) -> list[Tap]:
        return accepted(self.votes)


def accepted(taps: list[Tap]) -> list[Tap]:
    return [tap for tap in taps if tap.status == 200]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def projector_latencies(taps: list[Tap], updates: list[tuple[float, int]], errors: Counter,
                        what: str) -> list[float]:
    """How long each accepted vote (or rating) took to show on the projector.

    The k-th acknowledged one counts as shown by the first projector update that shows
    at least k of them and arrived after it was sent.
    """
    latencies, first = [], 0
    for k, tap in enumerate(sorted(accepted(taps), key=lambda t: t.acked), 1):
        while first < len(updates) and updates[first][1] < k:
            first += 1
        shown = next((at for at, count in updates[first:] if at >= tap.sent), None)
        if shown is None:
            errors[f"{what} never shown on projector"] += 1
        else:
            latencies.append(shown - tap.sent)
    return latencies


# The server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """`python run.py` on a fresh database, as a facilitator would start it."""

    def __init__(self, workdir: Path, workers: int = 1):
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        # A file, not a pipe: a pipe nobody reads fills up and stalls the server.
        self.log_path = workdir / "server.log"
        self.log = open(self.log_path, "wb")
        # Every simulated phone comes from 127.0.0.1; a real room comes from many
        # addresses (or one NAT address, which the default limits admit for 200 a minute).
        unlimited = {"SAMLA_RATE_JOINS": "1000000/minute",
                     "SAMLA_RATE_WORKSHOP_JOINS": "1000000/minute",
                     "SAMLA_REDIS_CHANNEL": f"bench-{self.port}"}
        self.process = subprocess.Popen(
            [sys.executable, "run.py", "--host", HOST, "--port", str(self.port),
             "--db", str(workdir / "samla.db"), "--workers", str(workers)],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            env={**os.environ, **unlimited})

    async def started(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as session:
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    async with session.get(self.url + "/") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError(f"server did not start:\n{self.log_path.read_text()[-2000:]}")

    def processes(self) -> list[int]:
        """The server's process and, with --workers, its worker processes."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    children.append(int(stat.parent.name))
            except (OSError, ValueError):
                pass  # a process that ended while being read
        return [self.process.pid, *children]

    def status(self, key: str) -> float:
        """A memory figure of the server's processes together from /proc, in MB."""
        total = 0
        for pid in self.processes():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(key + ":"):
                    total += int(line.split()[1])
        return total / 1024

    def cpu_seconds(self) -> float:
        """CPU seconds of the server's processes together (user and system)."""
        total = 0
        for pid in self.processes():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def exceptions(self) -> list[str]:
        """The line logged just before each traceback: what failed."""
        lines = self.log_path.read_text(errors="replace").splitlines()
        return [lines[i - 1] if i else "?" for i, line in enumerate(lines)
                if line.startswith("Traceback")]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# People in the room


class Browser:
    """One person's HTTP side: their own cookies over a shared connection pool."""

    def __init__(self, server: Server, connector, errors: Counter):
        self.session = aiohttp.ClientSession(
            server.url, connector=connector, connector_owner=False, timeout=HTTP_TIMEOUT,
            # unsafe: the default jar ignores cookies from an IP address like 127.0.0.1
            cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.errors = errors
        self.csrf = ""

    async def page(self, path: str, form: dict | None = None) -> str:
        """GET a page (or POST a plain form and follow its redirect); keeps its CSRF token."""
        if form is None:
            request = self.session.get(path)
        else:
            request = self.session.post(path, data={"csrf_token": self.csrf, **form})
        async with request as response:
            html = await response.text()
        if response.status != 200:
            raise UnexpectedAnswer(f"{path} HTTP {response.status}")
        if found := CSRF.search(html):
            self.csrf = found.group(1)
        return html

    async def act(self, path: str, label: str, expected=(200, 204), **form) -> int:
        """A button press on an htmx page; an unexpected status is counted as an error."""
        return (await self.answer(path, label, expected, **form))[0]

    async def answer(self, path: str, label: str, expected=(200, 204),
                     **form) -> tuple[int, str]:
        """A button press, and the HTML piece htmx would swap in."""
        headers = {"HX-Request": "true", "X-CSRF-Token": self.csrf}
        async with self.session.post(path, data=form, headers=headers) as response:
            html = await response.text()
        if response.status not in expected:
            self.errors[f"{label} HTTP {response.status}"] += 1
        return response.status, html

    async def close(self) -> None:
        await self.session.close()


class Live:
    """One socket.io connection; a drop before we close it counts as an error."""

    def __init__(self, server: Server, sockets_http, figures: Figures):
        self.url = server.url
        self.figures = figures
        self.closing = False
        self.client = socketio.AsyncClient(http_session=sockets_http, reconnection=False)
        self.client.on("disconnect", self.dropped)

    async def connect(self, token: str) -> float:
        started = time.perf_counter()
        await self.client.connect(self.url, auth={"token": token}, transports=["websocket"],
                                  wait_timeout=30)
        return time.perf_counter() - started

    def dropped(self, reason=None) -> None:
        if not self.closing:
            self.figures.errors[f"socket dropped while {self.figures.stage} ({reason})"] += 1

    async def close(self) -> None:
        self.closing = True
        await self.client.disconnect()


class Phone:
    """A participant's phone: joins, listens, posts a topic, taps dots."""

    def __init__(self, server: Server, connector, sockets_http, figures: Figures):
        self.figures = figures
        self.browser = Browser(server, connector, figures.errors)
        self.live = Live(server, sockets_http, figures)
        self.live.client.on("phase_changed", self.stage_changed)
        self.live.client.on("topics_changed", self.topics_changed)
        self.code = ""
        self.topics_shown = asyncio.Event()
        self.voting_shown = asyncio.Event()
        self.rating_shown = asyncio.Event()
        self.shown_at: dict[str, float] = {}  # phase -> when this phone's screen showed it
        self.own_state_fetch: asyncio.Task | None = None
        self.card_html = ""  # the latest rating card this phone was given

    async def join(self, code: str) -> None:
        self.code = code
        await self.browser.page(f"/w/{code}")
        page = await self.browser.page(f"/w/{code}/join", form={})
        self.figures.connect.append(await self.live.connect(SOCKET_TOKEN.search(page).group(1)))

    def stage_changed(self, payload: dict) -> None:
        html = payload.get("html", "")
        if 'data-phase="topics"' in html:
            self.topics_shown.set()
        if 'data-phase="voting"' in html:
            self.voting_shown.set()
            self.shown_at.setdefault("voting", time.perf_counter())
        if 'data-phase="rating"' in html:
            self.rating_shown.set()
            self.shown_at.setdefault("rating", time.perf_counter())
            self.card_html = html
        self.fill_personal_pieces(html)

    def topics_changed(self, payload: dict) -> None:
        self.fill_personal_pieces("".join(html for _, html in payload.get("upsert", [])))

    def fill_personal_pieces(self, html: str) -> None:
        """As samla.js does: HTML rendered for the whole room marks the pieces only this
        phone can fill in (its dots, its topics), and the phone then fetches them."""
        if "data-needs-me" in html and self.own_state_fetch is None:
            self.own_state_fetch = asyncio.create_task(self.fetch_own_state())

    async def fetch_own_state(self) -> None:
        await asyncio.sleep(ME_FETCH_DELAY_SECONDS)
        started = time.perf_counter()
        try:
            html = await self.browser.page(f"/w/{self.code}/me")
            self.figures.own_state_fetches.append(time.perf_counter() - started)
            if CARD.search(html):
                self.card_html = html
        except Exception as error:
            self.figures.errors[f"own state while {self.figures.stage}: {describe(error)}"] += 1
        self.own_state_fetch = None

    async def own_screen(self, shown: asyncio.Event, timeout: float) -> None:
        """A person can tap once the screen shows the phase with their own pieces (their
        dots, their rating card) filled in."""
        try:
            await asyncio.wait_for(shown.wait(), timeout)
        except TimeoutError:
            return  # counted in "phones shown … phase"; tap anyway, as a reload would
        if self.own_state_fetch is not None:
            await self.own_state_fetch

    async def post_topic(self, text: str) -> None:
        started = time.perf_counter()
        if await self.browser.act(f"/w/{self.code}/topics", "topic", text=text) == 200:
            self.figures.topic_acks.append(time.perf_counter() - started)

    async def vote(self, plan: list[tuple[float, int]], start: float) -> None:
        """Tap the planned dots one after another, each at its planned moment after this
        phone's screen showed the phase (nobody taps a dot before seeing the topics)."""
        if not plan:
            return
        await self.own_screen(self.voting_shown, timeout=plan[-1][0])
        start = self.shown_at.get("voting", start)
        for at, topic_id in plan:
            await asyncio.sleep(max(0.0, start + at - time.perf_counter()))
            sent = time.perf_counter()
            status = await self.browser.act(f"/w/{self.code}/dots", "vote", expected=(200,),
                                            add_dot=topic_id)
            self.figures.votes.append(Tap(sent, time.perf_counter(), status))

    async def rate(self, moments: list[float], start: float, rng: random.Random) -> None:
        """Rate card after card as the server hands them out, each at its planned moment
        after this phone's screen showed the phase, until the summary comes (no more
        cards) or the moments run out."""
        if not moments:
            return
        await self.own_screen(self.rating_shown, timeout=moments[-1])
        start = self.shown_at.get("rating", start)
        # The card came with the phase (or the phone's own state); a reload if neither.
        card = CARD.search(self.card_html) or CARD.search(await self.browser.page(
            f"/w/{self.code}"))
        for at in moments:
            if card is None:
                return
            await asyncio.sleep(max(0.0, start + at - time.perf_counter()))
            sent = time.perf_counter()
            status, html = await self.browser.answer(
                f"/w/{self.code}/ratings", "rating", expected=(200,), step="save",
                card=card.group(1), item=card.group(2),
                impact=str(rng.randint(1, 5)), effort=str(rng.randint(1, 5)))
            self.figures.ratings.append(Tap(sent, time.perf_counter(), status))
            card = CARD.search(html) if status == 200 else None

    async def close(self) -> None:
        await self.live.close()
        await self.browser.close()


class Facilitator:
    """Creates the workshop, keeps its facilitator page open (live, as in a real room:
    its lists are pushed too) and moves it from phase to phase."""

    def __init__(self, server: Server, connector, sockets_http, figures: Figures):
        self.browser = Browser(server, connector, figures.errors)
        self.live = Live(server, sockets_http, figures)
        self.live.client.on("*", lambda event, payload: figures.facilitator_messages.update(
            [event]))
        self.code = ""
        self.phase = 0

    async def open(self) -> None:
        page = await self.browser.page(f"/w/{self.code}/facilitator")
        await self.live.connect(SOCKET_TOKEN.search(page).group(1))

    async def create_workshop(self) -> str:
        """Returns the projector's path (with its key)."""
        await self.browser.page("/")
        page = await self.browser.page("/workshops", form={
            "title": "Vad ska vi prioritera i höst?", "language": "sv", "method": METHOD,
            "dots_per_participant": str(DOTS_PER_PHONE), "max_dots_per_topic": "3"})
        self.code = JOIN_CODE.search(page).group(1)
        return PROJECTOR_PATH.search(page).group(1)

    async def move_to(self, phase: str) -> None:
        status = await self.browser.act(f"/w/{self.code}/phase", "phase", step="next",
                                        seen=str(self.phase))
        if status not in (200, 204):
            raise UnexpectedAnswer(f"moving to {phase}: HTTP {status}")
        self.phase = PHASES.index(phase)

    async def topic_ids(self) -> list[int]:
        page = await self.browser.page(f"/w/{self.code}/facilitator")
        return sorted({int(i) for i in TOPIC_ID.findall(page)})


class Projector:
    """The big screen: counts every message, notes each count of dots and ratings it shows."""

    def __init__(self, server: Server, connector, sockets_http, figures: Figures):
        self.figures = figures
        self.browser = Browser(server, connector, figures.errors)
        self.live = Live(server, sockets_http, figures)
        self.live.client.on("*", self.received)
        self.dots_shown = 0
        self.ratings_shown = 0
        self.topics_seen: set[str] = set()

    @property
    def topics_shown(self) -> int:
        return len(self.topics_seen)

    async def open(self, path: str) -> None:
        page = await self.browser.page(path)
        await self.live.connect(SOCKET_TOKEN.search(page).group(1))

    def received(self, event: str, payload) -> None:
        now = time.perf_counter()
        self.figures.projector_messages[event] += 1
        if event == "topics_changed":
            self.topics_seen.update(dom_id for dom_id, _ in payload.get("upsert", ()))
        if event == "participation_changed" and (found := DOTS_SHOWN.search(payload["html"])):
            self.dots_shown = int(found.group(1))
            self.figures.projector_updates.append((now, self.dots_shown))
        if event == "ratings_changed" and (found := RATINGS_SHOWN.search(payload["html"])):
            self.ratings_shown = int(found.group(1))
            self.figures.projector_rating_updates.append((now, self.ratings_shown))

    async def shows(self, count: str, wanted: int, timeout: float) -> bool:
        """Whether the projector shows `wanted` of "topics_shown", "dots_shown" or
        "ratings_shown" in time."""
        deadline = time.perf_counter() + timeout
        while getattr(self, count) < wanted and time.perf_counter() < deadline:
            await asyncio.sleep(0.02)
        return getattr(self, count) >= wanted

    async def close(self) -> None:
        await self.live.close()
        await self.browser.close()


# The scenario


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:120] if str(error) else type(error).__name__


async def each(phones, step: str, action, errors: Counter, at_once: int | None = None):
    """Run one step on every phone; a phone's failure is counted, the others go on."""
    gate = asyncio.Semaphore(at_once or len(phones) or 1)

    async def one(phone):
        async with gate:
            try:
                await action(phone)
            except Exception as error:
                errors[f"{step}: {describe(error)}"] += 1

    await asyncio.gather(*(one(phone) for phone in phones))


def topic_texts(path: Path) -> list[str]:
    """Short real Swedish sentences (the second column of the TSV), else a few built in."""
    if not path.is_file():
        return list(FALLBACK_SENTENCES)
    rows = [line.split("\t") for line in path.read_text().splitlines()[1:]]
    return [row[1][:TOPIC_MAX_CHARS] for row in rows if len(row) > 1 and row[1].strip()]


def vote_plan(rng: random.Random, topic_ids: list[int], window: float):
    """One phone's taps: distinct topics (so every dot is within the rules), spread
    over the voting window as a person reading the list would."""
    times = sorted(rng.uniform(0, window) for _ in range(DOTS_PER_PHONE))
    return list(zip(times, rng.sample(topic_ids, min(DOTS_PER_PHONE, len(topic_ids)))))


async def post_topics(phones, texts, rng, errors, window: float):
    start = time.perf_counter()
    delays = [rng.uniform(0, window) for _ in phones]

    async def post(index_and_phone):
        index, phone = index_and_phone
        # A person posts once their screen shows the topic form, not before.
        await asyncio.wait_for(phone.topics_shown.wait(), window)
        await asyncio.sleep(max(0.0, start + delays[index] - time.perf_counter()))
        await phone.post_topic(texts[index % len(texts)])

    await each(list(enumerate(phones)), "topic", post, errors)


async def vote(phones, figures, projector, facilitator, rng, window, server):
    """Every phone taps its dots, then the projector must show them all."""
    topic_ids = await facilitator.topic_ids()
    plans = {id(phone): vote_plan(rng, topic_ids, window) for phone in phones}
    opened = time.perf_counter()
    await facilitator.move_to("voting")
    figures.cpu_while_voting = await measured(
        server, figures, "vote", lambda start: each(
            phones, "vote", lambda phone: phone.vote(plans[id(phone)], start), figures.errors),
        lambda: projector.shows("dots_shown", len(figures.accepted_votes()),
                                FINAL_COUNT_TIMEOUT_SECONDS))
    figures.phase_shown["voting"] = [phone.shown_at["voting"] - opened for phone in phones
                                     if "voting" in phone.shown_at]


async def rate(phones, figures, projector, facilitator, rng, window, server):
    """Every phone rates its cards (the ten topics with most dots), then the projector
    must show every rating."""
    cards = {id(phone): sorted(rng.uniform(0, window) for _ in range(RATED_TOPICS))
             for phone in phones}
    opened = time.perf_counter()
    await facilitator.move_to("rating")
    figures.cpu_while_rating = await measured(
        server, figures, "rating", lambda start: each(
            phones, "rating", lambda phone: phone.rate(cards[id(phone)], start, rng),
            figures.errors),
        lambda: projector.shows("ratings_shown", len(accepted(figures.ratings)),
                                FINAL_COUNT_TIMEOUT_SECONDS))
    figures.phase_shown["rating"] = [phone.shown_at["rating"] - opened for phone in phones
                                     if "rating" in phone.shown_at]


async def measured(server, figures, what: str, taps,
                   shown) -> tuple[float, float, float, float]:
    """Run `taps(start)`, wait until the projector has `shown()` them all, and return the
    CPU used meanwhile: server and client (share of a core), the machine's load, and the
    server's CPU seconds (utime + stime)."""
    lag_watch = asyncio.create_task(watch_loop_lag(figures.loop_lag))
    start = time.perf_counter()
    server_cpu, client_cpu = server.cpu_seconds(), time.process_time()
    try:
        await taps(start)
        if not await shown():
            figures.errors[f"projector never showed the final {what} count"] += 1
    finally:
        lag_watch.cancel()
    elapsed = time.perf_counter() - start
    server_seconds = server.cpu_seconds() - server_cpu
    return (server_seconds / elapsed, (time.process_time() - client_cpu) / elapsed,
            os.getloadavg()[0], server_seconds)


async def first_load_bytes(phone: Phone) -> tuple[int, int]:
    """What a phone downloads on first load: (gzipped at level 6, uncompressed) bytes."""
    bodies = []
    for path in (f"/w/{phone.code}", *FIRST_LOAD_ASSETS):
        async with phone.browser.session.get(path) as response:
            if response.status != 200:
                raise UnexpectedAnswer(f"{path} HTTP {response.status}")
            bodies.append(await response.read())
    return sum(len(gzip.compress(body, 6)) for body in bodies), sum(map(len, bodies))


async def watch_loop_lag(lags: list[float], every: float = 0.05) -> None:
    """How late this process's event loop wakes up: client saturation shows here."""
    while True:
        planned = time.perf_counter() + every
        await asyncio.sleep(every)
        lags.append(time.perf_counter() - planned)


async def run_room(server, figures, args, texts, first_load: dict) -> None:
    rng = random.Random(args.seed + figures.phones)
    # limit=0: the default of 100 would cap open websockets. An idle connection is
    # dropped before the server's keep-alive (settings.KEEP_ALIVE_SECONDS) ends, else a
    # reuse races its close.
    connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=30)
    sockets_http = aiohttp.ClientSession(connector=connector, connector_owner=False)
    facilitator = Facilitator(server, connector, sockets_http, figures)
    projector = Projector(server, connector, sockets_http, figures)
    phones = [Phone(server, connector, sockets_http, figures) for _ in range(figures.phones)]
    try:
        await projector.open(await facilitator.create_workshop())
        await facilitator.open()
        figures.stage = "joining"
        await each(phones, "join", lambda phone: phone.join(facilitator.code), figures.errors,
                   at_once=PHONES_JOINING_AT_ONCE)
        if not first_load:
            first_load["bytes"] = await first_load_bytes(phones[0])
        await facilitator.move_to("topics")
        figures.stage = "posting topics"
        figures.cpu_while_posting = await measured(
            server, figures, "topic", lambda start: post_topics(phones, texts, rng,
                                                                figures.errors,
                                                                args.topic_window),
            lambda: projector.shows("topics_shown", len(figures.topic_acks),
                                    FINAL_COUNT_TIMEOUT_SECONDS))
        figures.stage = "voting"
        await vote(phones, figures, projector, facilitator, rng, args.window, server)
        figures.phones_shown_voting = sum(phone.voting_shown.is_set() for phone in phones)
        figures.stage = "rating"
        await rate(phones, figures, projector, facilitator, rng,
                   args.rating_window or args.window, server)
        figures.phones_shown_rating = sum(phone.rating_shown.is_set() for phone in phones)
    finally:
        figures.stage = "closing"
        await asyncio.wait_for(close_all([projector, *phones], facilitator), 30)
        await sockets_http.close()
        await connector.close()


async def close_all(people, facilitator) -> None:
    await asyncio.gather(*(person.close() for person in people), return_exceptions=True)
    await facilitator.live.close()
    await facilitator.browser.close()


async def measure_room(phones: int, args, texts, first_load: dict) -> Figures:
    """One room size on a fresh server and database, bounded by --timeout."""
    figures = Figures(phones)
    with tempfile.TemporaryDirectory(prefix="samla-load-") as workdir:
        server = Server(Path(workdir), args.workers)
        started = time.monotonic()
        try:
            await server.started()
            await asyncio.wait_for(run_room(server, figures, args, texts, first_load),
                                   args.timeout)
        except TimeoutError as error:
            if time.monotonic() - started >= args.timeout:
                figures.errors[f"room did not finish within {args.timeout:.0f} s"] += 1
            else:  # a step inside the room gave up waiting, not the room as a whole
                figures.errors[f"scenario: {describe(error)}"] += 1
        except Exception as error:
            figures.errors[f"scenario: {describe(error)}"] += 1
        finally:
            if server.process.poll() is None:
                figures.server_rss_mb = (server.status("VmRSS"), server.status("VmHWM"))
            server.stop()
            figures.server_exceptions = server.exceptions()
    return figures


# Printing


def timing_row(label: str, seconds: list[float]) -> str:
    if not seconds:
        return f"  {label:<30}{'no samples':>10}"
    ms = [s * 1000 for s in seconds]
    cells = [percentile(ms, 0.50), percentile(ms, 0.95), percentile(ms, 0.99), max(ms)]
    return f"  {label:<30}" + "".join(f"{c:>10.1f}" for c in cells) + f"{len(ms):>10}"


def breakdown(counts: Counter) -> str:
    return ", ".join(f"{name} {n}" for name, n in counts.most_common())


def report(figures: Figures, args) -> str:
    # These count what never showed as errors: before the errors are printed.
    vote_latencies = projector_latencies(figures.votes, figures.projector_updates,
                                         figures.errors, "vote")
    rating_latencies = projector_latencies(figures.ratings, figures.projector_rating_updates,
                                           figures.errors, "rating")
    lines = [
        f"\n{figures.phones} phones, {len(figures.accepted_votes())} of "
        f"{figures.phones * DOTS_PER_PHONE} planned votes and "
        f"{len(accepted(figures.ratings))} of {figures.phones * RATED_TOPICS} planned ratings "
        f"accepted; topics posted over {args.topic_window:g} s, dots placed over "
        f"{args.window:g} s, cards rated over {args.rating_window or args.window:g} s",
        f"  {'':<30}{'p50':>10}{'p95':>10}{'p99':>10}{'max':>10}{'n':>10}",
        timing_row("socket.io connect (ms)", figures.connect),
        timing_row("topic acknowledged (ms)", figures.topic_acks),
        timing_row("vote acknowledged (ms)", [v.acked - v.sent for v in figures.votes]),
        timing_row("vote -> projector (ms)", vote_latencies),
        timing_row("rating acknowledged (ms)", [r.acked - r.sent for r in figures.ratings]),
        timing_row("rating -> projector (ms)", rating_latencies),
        timing_row("own state after push (ms)", figures.own_state_fetches),
        timing_row("voting shown on phones (ms)", figures.phase_shown.get("voting", [])),
        timing_row("rating shown on phones (ms)", figures.phase_shown.get("rating", [])),
        timing_row("client loop lag (ms)", figures.loop_lag),
        f"  {'errors':<30}{sum(figures.errors.values())}"
        + (f"  ({breakdown(figures.errors)})" if figures.errors else ""),
        f"  {'projector messages':<30}{sum(figures.projector_messages.values())}"
        f"  ({breakdown(figures.projector_messages)})",
        f"  {'facilitator messages':<30}{sum(figures.facilitator_messages.values())}"
        f"  ({breakdown(figures.facilitator_messages)})",
        f"  {'phones shown voting phase':<30}{figures.phones_shown_voting} / {figures.phones}",
        f"  {'phones shown rating phase':<30}{figures.phones_shown_rating} / {figures.phones}",
    ]
    if figures.server_rss_mb:
        lines.append(f"  {'server RSS at end (MB)':<30}{figures.server_rss_mb[0]:.1f}"
                     f"  (peak {figures.server_rss_mb[1]:.1f})")
    for stage, noun, cpu, count in (
            ("posting topics", "topic", figures.cpu_while_posting, len(figures.topic_acks)),
            ("voting", "vote", figures.cpu_while_voting, len(figures.accepted_votes())),
            ("rating", "rating", figures.cpu_while_rating, len(accepted(figures.ratings)))):
        if cpu:
            server, client, load, server_seconds = cpu
            per_tap = server_seconds * 1000 / max(1, count)
            lines.append(f"  {'CPU while ' + stage:<30}server {server:.0%} of a core "
                         f"({per_tap:.2f} ms per accepted {noun}), "
                         f"client {client:.0%} of a core; machine load {load:.1f} "
                         f"on {os.cpu_count()} cores")
    lines.append(f"  {'server exceptions logged':<30}{len(figures.server_exceptions)}"
                 + (f"  ({breakdown(Counter(figures.server_exceptions))})"
                    if figures.server_exceptions else ""))
    return "\n".join(lines)


def report_first_load(first_load: dict) -> str:
    if "bytes" not in first_load:
        return "\nFirst load of the participant page: not measured"
    gzipped, plain = first_load["bytes"]
    return (f"\nFirst load of the participant page (HTML + css + samla.js + htmx + socket.io):"
            f"\n  {gzipped / 1024:.1f} KiB gzipped (level 6), {plain / 1024:.1f} KiB uncompressed")


# Running


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, nargs="+", default=[50, 200, 1000],
                        help="room sizes to measure, each on a fresh server")
    parser.add_argument("--window", type=float, default=20.0,
                        help="seconds over which each phone spreads its taps (its dots, "
                             "and its ratings unless --rating-window)")
    parser.add_argument("--rating-window", type=float, default=None,
                        help="seconds over which each phone rates its ten cards")
    parser.add_argument("--topic-window", type=float, default=10.0,
                        help="seconds over which the phones post their topics")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds one room size may take before it is abandoned")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes (run.py --workers; above 1 needs Redis)")
    parser.add_argument("--sentences", type=Path, default=SENTENCES_FILE,
                        help="TSV whose second column holds topic texts")
    return parser.parse_args()


async def main(args) -> None:
    # The client's own pauses for garbage would count as the server's latency: it tunes
    # its collector as the server does (workshop/app.py, pause_less_for_garbage).
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, *gc.get_threshold()[1:])
    texts = topic_texts(args.sentences)
    first_load: dict = {}
    for index, phones in enumerate(args.phones):
        started = time.monotonic()
        figures = await measure_room(phones, args, texts, first_load)
        if index == 0:
            print(report_first_load(first_load), flush=True)
        print(report(figures, args), flush=True)
        print(f"  {'wall time (s)':<30}{time.monotonic() - started:.1f}", flush=True)


def event_loop():
    """uvloop when present (it comes with uvicorn[standard]): less client overhead."""
    try:
        import uvloop
        return uvloop.new_event_loop()
    except ImportError:
        return asyncio.new_event_loop()


if __name__ == "__main__":
    with asyncio.Runner(loop_factory=event_loop) as runner:
        runner.run(main(arguments()))
