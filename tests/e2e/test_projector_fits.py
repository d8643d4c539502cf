"""Nobody scrolls a projector (issue 10): every projector view of every shipped method,
in a room of 100 topics, 15 themes and 100 ranked results, fits 1920×1080 and 1280×720.

On each view the page neither scrolls nor sticks out, nothing is cut off by a box,
every item is shown (on one of the pages that turn by themselves) or counted ("och 84
till"), no text is under 28 px, and axe-core finds nothing serious. The room is built
over HTTP (notes from paper, phones that post, vote and rate) while the projector is
open, so every list also arrives live. The notes are real: statements from Polis'
Bowling Green 2050 conversation (tests/data), plus a few of the longest a topic can be.
"""

import csv
import random
import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.flows import act, create_workshop, join, move_phase
from workshop.activities.themes.queries import themes as themes_of
from workshop.db import Store
from workshop.settings import (
    DESCRIPTION_MAX_CHARS,
    TALLY_ROWS_WHILE_VOTING,
    TITLE_MAX_CHARS,
    TOPIC_MAX_CHARS,
)

SIZES = [{"width": 1920, "height": 1080}, {"width": 1280, "height": 720}]
SMALLEST_TEXT_PX = 28
PHONES = 12
QUESTION = "What would you want to see in the Bowling Green of the future?"
LONG = " ".join([QUESTION] * 20)
COMMENTS = Path(__file__).parents[1] / "data" / "polis-bg2050-volunteers" / "comments.csv"

# What the page looks like to the room, measured in the browser: what scrolls, sticks
# out or is cut off, the smallest text, and each pager box with the items it shows.
MEASURE = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollHeight > innerHeight) problems.push(`scrolls: ${root.scrollHeight}`);
  if (root.scrollWidth > innerWidth) problems.push(`scrolls sideways: ${root.scrollWidth}`);
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className.trim()
       ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  // Shown to the eye: not hidden, and not clipped to nothing for screen readers only.
  const unseen = (el) => el && (getComputedStyle(el).clip === "rect(0px, 0px, 0px, 0px)"
    || unseen(el.parentElement));
  const shown = (el) => el.checkVisibility({ visibilityProperty: true }) && !unseen(el);
  for (const el of document.body.querySelectorAll("*")) {
    if ((el.closest("svg") && el.tagName.toLowerCase() !== "svg") || !shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.left < -1 || r.top < -1 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1) {
      problems.push(`off the screen: ${name(el)} ${Math.round(r.right)}×${Math.round(r.bottom)}`);
      continue;
    }
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflow === "visible") continue;
      const b = box.getBoundingClientRect();
      if (r.bottom > b.bottom + 1 || r.right > b.right + 1) {
        problems.push(`cut off by ${name(box)}: ${name(el)}`);
      }
      break;
    }
  }
  let smallest = Infinity;
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (texts.nextNode()) {
    const el = texts.currentNode.parentElement;
    if (!texts.currentNode.textContent.trim() || el.closest("svg") || !shown(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    smallest = Math.min(smallest, size);
    if (size < %d) problems.push(`${size} px: ${name(el)} "${el.textContent.trim().slice(0, 30)}"`);
  }
  const pagers = Array.from(document.querySelectorAll("[data-pager]")).filter(shown).map((box) => {
    const list = box.querySelector("ol, ul, tbody");
    const items = Array.from(list.children);
    const label = box.nextElementSibling;
    // A list sent with its top only counts the rest it left out (data-more).
    return { where: list.id || box.closest("[id]").id, mode: box.dataset.pager,
             total: items.length + Number(list.dataset.more || 0),
             label: label.hidden ? "" : label.textContent,
             shown: items.flatMap((item, i) => item.hidden ? [] : [i]) };
  });
  return { problems, smallest, pagers };
}""" % SMALLEST_TEXT_PX

# Every list the view should show has all its items (they arrive live).
ARRIVED = """(expected) => Object.entries(expected).every(([where, total]) => {
  const box = document.getElementById(where);
  const list = box && (box.matches("ol, ul, tbody") ? box : box.querySelector("ol, ul, tbody"));
  return list && list.children.length + Number(list.dataset.more || 0) === total;
})"""


def notes(count: int, skip: int = 0) -> list[str]:
    """Real statements, one line each, none repeated; every 25th as long as a topic may be."""
    with COMMENTS.open(encoding="utf-8") as file:
        texts = list(dict.fromkeys(" ".join(row["comment-body"].split())
                                   for row in csv.DictReader(file)))
    chosen = [t for t in texts if len(t) > 12][skip:skip + count]
    for n in range(0, count, 25):
        chosen[n] = (chosen[n] + " — " + " ".join(texts[-40:]))[:TOPIC_MAX_CHARS].strip()
    return chosen


class Room:
    """A workshop built over HTTP while the projector watches: the facilitator and twelve
    phones, each an httpx client with its own cookies."""

    def __init__(self, server, method: str, **fields):
        self.server = server
        self.method = method
        self.facilitator = httpx.Client(base_url=server.url, follow_redirects=True, timeout=30)
        self.workshop = create_workshop(self.facilitator, method=method, language="en",
                                        **{"description": QUESTION, **fields})
        self.code = self.workshop["code"]
        self.join_phones()
        self.seen = 0
        self.random = random.Random(10)

    def join_phones(self):
        self.phones = []
        for _ in range(PHONES):
            phone = httpx.Client(base_url=self.server.url, follow_redirects=True, timeout=30)
            phone.csrf = join(phone, self.code)
            self.phones.append(phone)

    def close(self):
        for client in (self.facilitator, *self.phones):
            client.close()

    def next_phase(self):
        assert move_phase(self.facilitator, self.workshop, self.seen).status_code == 204
        self.seen += 1

    def facilitate(self, path: str, **form):
        answer = act(self.facilitator, f"/w/{self.code}/{path}", self.workshop["csrf"], **form)
        assert answer.status_code in (200, 204), answer.text

    def phone_does(self, phone, path: str, **form) -> str:
        answer = act(phone, f"/w/{self.code}/{path}", phone.csrf, **form)
        assert answer.status_code == 200, answer.text
        return answer.text

    def post(self, texts: list[str], **form):
        """Each phone posts its share of the texts, as one pasted list."""
        for n, phone in enumerate(self.phones):
            share = texts[n::PHONES]
            self.phone_does(phone, "topics", text="\n".join(share), split_lines="1", **form)

    def vote(self, items: list[str]):
        """Five dots a phone, on items named by their value in the dot form."""
        for phone in self.phones:
            for item in self.random.sample(items, 5):
                self.phone_does(phone, "dots", add_dot=item)

    def rate(self, cards: int):
        """Each phone saves its first `cards` cards with ratings of its own."""
        for phone in self.phones:
            page = phone.get(f"/w/{self.code}").text
            for card in range(cards):
                item = re.search(r'name="item" value="(\d+)"', page)[1]
                page = self.phone_does(phone, "ratings", card=str(card), item=item, step="save",
                                       impact=str(self.random.randint(1, 5)),
                                       effort=str(self.random.randint(1, 5)))

    def posts(self, list_id: str) -> list[int]:
        html = self.facilitator.get(f"/w/{self.code}/facilitator").text
        found = re.search(rf'<ul id="{list_id}"(.*?)</ul>', html, re.S)[1]
        return [int(i) for i in re.findall(r'<li id="topic-(\d+)"', found)]

    def themes(self) -> list[dict]:
        store = Store(self.server.db_path)
        try:
            workshop = store.workshop_by_code(self.code)
            return [t for t in themes_of(store, workshop["id"]) if t["topics"]]
        finally:
            store.close()


def settle(page: Page) -> None:
    """Two frames: pushes and resizes are laid out, pagers have placed their items."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => "
                  "requestAnimationFrame(done)))")


def check_fits(page: Page, what: str, expected: dict[str, int]) -> float:
    """Fails unless the view fits and shows or counts every item of each list in
    `expected` (where → how many). Turns the pages by hand (→) to see them all; returns
    the smallest text in px. A late push that replaces a list while its pages are being
    turned (e.g. the last rating) may reorder it: then the lists are looked at again."""
    for _ in range(5):
        page.evaluate(MARK_LISTS)
        smallest, unseen = turn_through(page, what, expected)
        if page.evaluate(SAME_LISTS):
            assert unseen == {}, f"{what}: items never shown: {unseen}"
            return smallest
    raise AssertionError(f"{what}: the lists kept changing")


# Marks each pager box, to tell later whether a push has replaced it since.
MARK_LISTS = "() => document.querySelectorAll('[data-pager]').forEach(b => b.looked = true)"
SAME_LISTS = "() => Array.from(document.querySelectorAll('[data-pager]')).every(b => b.looked)"


def turn_through(page: Page, what: str, expected: dict[str, int]) -> tuple[float, dict]:
    """Checks the view on each page; returns the smallest text in px and, per list that
    turns its pages, the items no page showed."""
    settle(page)
    measured = page.evaluate(MEASURE)
    assert measured["problems"] == [], f"{what}: {measured['problems'][:8]}"
    pagers = {pager["where"]: pager for pager in measured["pagers"]}
    assert {where: pager["total"] for where, pager in pagers.items()} == expected, what
    seen = {where: set(pager["shown"]) for where, pager in pagers.items()}
    for where, pager in pagers.items():
        if pager["mode"] == "top":
            more = int(re.fullmatch(r"och (\d+) till", pager["label"])[1]) if pager["label"] else 0
            assert pager["shown"] == list(range(pager["total"] - more)), f"{what}: {where}"
    turns = max([int(re.fullmatch(r"Sida \d+ av (\d+)", p["label"])[1]) if p["label"] else 1
                 for p in pagers.values() if p["mode"] == "pages"] or [1])
    for _ in range(turns - 1):
        page.keyboard.press("ArrowRight")
        settle(page)
        measured = page.evaluate(MEASURE)
        assert measured["problems"] == [], f"{what}, turned: {measured['problems'][:8]}"
        for pager in measured["pagers"]:
            assert re.fullmatch(r"(Sida \d+ av \d+|och \d+ till|)", pager["label"])
            seen[pager["where"]] |= set(pager["shown"])
    unseen = {where: sorted(set(range(pager["total"])) - seen[where])
              for where, pager in pagers.items() if pager["mode"] == "pages"}
    return measured["smallest"], {where: items for where, items in unseen.items() if items}


@pytest.fixture
def new_room(live_server):
    """new_room(method, **create form fields): a Room, closed after the test."""
    rooms = []

    def new_room(method: str, **fields) -> Room:
        rooms.append(Room(live_server, method, **fields))
        return rooms[-1]

    yield new_room
    for made in rooms:
        made.close()


@pytest.fixture
def watch(open_page, check_accessibility, screenshot):
    """Open the projector (in Swedish) of a room; `look(what, expected)` checks the view
    at both sizes, with axe-core, and keeps a screenshot of each."""
    smallest = []

    def watch(room: Room):
        projector = open_page(SIZES[0])
        projector.get_by_role("button", name="Svenska").click()
        expect(projector.locator("html")).to_have_attribute("lang", "sv")
        projector.goto(room.workshop["projector_url"])

        def look(phase: str, expected: dict[str, int], readme_name: str | None = None):
            expect(projector.locator(f'#stage[data-phase="{phase}"]')).to_be_attached()
            projector.wait_for_function(ARRIVED, arg=expected)
            for size in SIZES:
                projector.set_viewport_size(size)
                what = f"{room.method} {phase} {size['width']}×{size['height']}"
                smallest.append(check_fits(projector, what, expected))
                screenshot(projector, f"projector-fits-{room.method}-{phase}-"
                                      f"{size['width']}",
                           readme_name=readme_name if size is SIZES[0] else None)
            check_accessibility(projector, f"projector, {room.method} {phase}")
            projector.set_viewport_size(SIZES[0])

        return projector, look

    yield watch
    if smallest:
        print(f"smallest text on the projector: {min(smallest)} px")


def test_quick_prioritisation_fits_with_100_topics_and_100_ranked(new_room, watch):
    room = new_room("quick", show_counts_during_voting="on")
    projector, look = watch(room)
    look("welcome", {})
    room.next_phase()
    room.facilitate("topics/from-paper", notes="\n".join(notes(100)))
    expect(projector.locator("#topic-list > li")).to_have_count(100)
    look("topics", {"topic-list": 100})
    room.next_phase()
    room.vote([str(topic) for topic in room.posts("topic-list")])
    expect(projector.locator("#progress")).to_have_text(f"{PHONES} av {PHONES} har röstat")
    look("voting", {"tally": 100})  # the standings, shown while voting
    # Sent with their top only, the rest counted in "och … till".
    expect(projector.locator("#tally ol > li")).to_have_count(TALLY_ROWS_WHILE_VOTING)
    room.next_phase()
    look("results", {"tally": 100})


def test_low_hanging_fruit_fits_with_15_themes_voted_on_and_rated(new_room, watch, open_page,
                                                                 check_accessibility,
                                                                 screenshot):
    """Also with the longest title and question a workshop may have."""
    room = new_room("low_hanging_fruit", title=LONG[:TITLE_MAX_CHARS],
                description=LONG[:DESCRIPTION_MAX_CHARS])
    projector, look = watch(room)
    look("welcome", {})
    room.next_phase()
    room.facilitate("topics/from-paper", notes="\n".join(notes(100)))
    room.facilitate("themes/group", k="15")
    expect(projector.locator(".theme-column")).not_to_have_count(0)
    expect(projector.locator("#topic-list")).to_have_count(0)  # the board, not also the wall
    themes = room.themes()
    named = [theme for theme in themes if theme["number"]]
    assert len(named) == 15
    look("topics", {"themes": len(themes)}, readme_name="projector")
    room.facilitate("themes/accept")
    room.facilitate("prioritise", prioritise="themes")
    room.next_phase()
    room.vote([f"theme-{theme['number']}" for theme in named])
    look("voting", {"vote-themes": 15})
    # The README's facilitator: a room of 100 topics in 15 themes, voting.
    facilitator = open_page({"width": 1440, "height": 900})
    facilitator.goto(room.workshop["facilitator_url"])
    facilitator.get_by_role("button", name="Svenska").click()
    expect(facilitator.locator('#stage[data-phase="voting"]')).to_be_attached()
    check_accessibility(facilitator, "facilitator, a room of 100 topics voting")
    screenshot(facilitator, "facilitator-room-voting", readme_name="facilitator")
    room.next_phase()
    room.rate(cards=15)
    expect(projector.locator("#progress")).to_have_text(f"{PHONES} av {PHONES} har bedömt")
    # Every rating reached the table: a later push of it (means, a new quick win) can make
    # rows taller and add a page while the pages are turned below (CI once saw 2 → 3).
    expect(projector.locator("#ratings")).to_have_attribute("data-ratings", str(PHONES * 15))
    look("rating", {"ratings": 15}, readme_name="projector-matrix")
    # A new rating pushes the table again; it stays on the page the room is reading.
    projector.set_viewport_size(SIZES[1])
    label = projector.locator("#ratings .pager-label")
    # The smaller screen is laid out (several pages) before the key turns one: on a busy
    # machine the resize can come after the key press, which then turns a single page.
    # The pages also turn by themselves (every 12 s), so the page it starts on is read.
    expect(label).to_have_text(re.compile(r"^Sida \d+ av ([2-9]|\d\d)$"))
    start, pages = map(int, re.findall(r"\d+", label.inner_text()))
    projector.keyboard.press("ArrowRight")
    # The next page. The layout may settle after the resize and count the pages anew as
    # the key turns one (CI saw "Sida 2 av 3" after "Sida 1 av 2"): read the count now.
    expect(label).not_to_have_text(f"Sida {start} av {pages}")
    turned, pages = map(int, re.findall(r"\d+", label.inner_text()))
    assert turned == start % pages + 1
    projector.evaluate(MARK_LISTS)
    phone = room.phones[0]
    item = re.search(r'name="item" value="(\d+)"', room.phone_does(phone, "ratings", go="0"))[1]
    room.phone_does(phone, "ratings", card="0", item=item, impact="5", effort="1", step="save")
    projector.wait_for_function(f"() => !({SAME_LISTS})()")
    # Still the page it was on; the new rating may have changed how many pages there are.
    expect(label).to_have_text(re.compile(rf"^Sida {turned} av \d+$"))
    room.next_phase()
    look("results", {"tally": 15, "ratings": 15})


def test_double_diamond_fits_in_every_phase(new_room, watch):
    room = new_room("double_diamond")
    projector, look = watch(room)
    look("welcome", {})
    room.next_phase()
    room.facilitate("topics/from-paper", notes="\n".join(notes(100)))
    look("discover", {"topic-list": 100})
    room.next_phase()
    room.facilitate("themes/group", k="15")
    look("define-themes", {"themes": len(room.themes())})
    room.next_phase()
    room.post([f"How might we {text[0].lower()}{text[1:]}"[:TOPIC_MAX_CHARS]
               for text in notes(48, skip=100)])
    look("define-questions", {"statement-list": 48})
    room.next_phase()
    statements = room.posts("statement-list")
    room.vote([str(statement) for statement in statements])
    look("define-vote", {"statement-list": 48})
    room.next_phase()
    room.post(notes(60, skip=150), answers=str(statements[0]))
    look("develop", {"idea-list": 60})
    room.next_phase()
    room.rate(cards=10)
    look("deliver-rate", {"ratings": 30})
    room.next_phase()
    look("deliver-results", {"tally": 48, "ratings": 30})
