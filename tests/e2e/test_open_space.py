"""Open Space in the browser, on phone-sized pages: the marketplace, the agenda wall,
a breakout's notes, the convergence vote and the book of proceedings; the projector
shows the marketplace and the wall live; axe-core finds nothing serious; after each
action with the keyboard the focus stays where the person was."""

import html
import re

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.activities.open_space import ids_of
from tests.e2e.test_live_workshop import (
    DESKTOP,
    PHONES,
    PROJECTOR,
    create_workshop,
    join,
    next_phase,
)
from tests.e2e.test_phone_keyboard import SMALL, press
from tests.e2e.test_projector_fits import (  # noqa: F401
    LONG,
    PHONES as ROOM_PHONES,
    new_room,
    notes,
    watch,
)
from workshop.settings import SESSION_TITLE_MAX_CHARS

ROOMS = (("Big hall", "60"), ("Room 2", "12"))
SLOTS = (("10:00", "10:45", ""), ("11:00", "11:45", ""), ("12:00", "13:00", "Lunch"))
SESSION = "Homework help after school"
NOTE = "Ask the library to stay open on Tuesdays"


def set_up_the_space(facilitator: Page) -> None:
    expect(facilitator.locator("#space-details")).to_have_attribute("open", "")  # nothing yet
    for name, capacity in ROOMS:
        facilitator.get_by_label("Room name").fill(name)
        facilitator.get_by_label("How many fit").fill(capacity)
        facilitator.get_by_role("button", name="Add room").click()
        expect(facilitator.locator("#space-setup")).to_contain_text(name)
    for starts, ends, plenary in SLOTS:
        facilitator.get_by_label("Starts").fill(starts)
        facilitator.get_by_label("Ends").fill(ends)
        facilitator.get_by_label("Everyone together (e.g. lunch)").fill(plenary)
        facilitator.get_by_role("button", name="Add time slot").click()
        expect(facilitator.locator("#space-setup")).to_contain_text(f"{starts}–{ends}")


def expect_focus_on(page: Page, selector: str) -> None:
    expect(page.locator(selector)).to_be_focused()


def test_open_space_from_marketplace_to_proceedings(open_page, check_accessibility, screenshot,
                                                    tmp_path):
    facilitator = open_page(DESKTOP)
    workshop = create_workshop(facilitator, "Open Space day", method="open_space")
    set_up_the_space(facilitator)
    projector = open_page(PROJECTOR)
    projector.goto(workshop["projector_url"])
    anna, karim = open_page(SMALL, phone=True), open_page(PHONES[-1], phone=True)
    for phone in (anna, karim):
        join(phone, workshop["join_url"])
    next_phase(facilitator, "Marketplace")

    # Marketplace: Anna convenes with the keyboard; the form is ready for the next one.
    anna.get_by_label("Session title").fill(SESSION)
    anna.get_by_label("One line about it").fill("Maths, mostly")
    anna.get_by_label("Your name").fill("Anna")
    press(anna, anna.get_by_role("button", name="Convene the session"))
    expect(anna.locator("#status")).to_contain_text(
        f"Your session “{SESSION}” is in the marketplace.")
    expect_focus_on(anna, "#session-title")
    expect(projector.locator("#market-list")).to_contain_text(SESSION)
    expect(projector.locator("#market-list")).to_contain_text("Convened by Anna")
    interest = karim.get_by_role("button", name="I'm interested")
    press(karim, interest)
    expect(karim.locator("#interest-1-button")).to_have_attribute("aria-pressed", "true")
    expect_focus_on(karim, "#interest-1-button")
    expect(projector.locator("#interest-1-count")).to_have_text("1 is interested")
    check_accessibility(karim, "phone, marketplace")
    check_accessibility(projector, "projector, marketplace")
    screenshot(karim, "open-space-marketplace-phone")

    # Agenda: Anna takes a free place; Karim, who convened nothing, has none to take.
    next_phase(facilitator, "Agenda")
    expect(karim.get_by_role("button", name=re.compile(r"^Take this place"))).to_have_count(0)
    take = anna.get_by_role("button", name="Take this place: Room 2 at 11:00")
    press(anna, take)
    expect(anna.locator("#status")).to_contain_text(f"“{SESSION}” is on the wall.")
    expect(anna.locator("#my-agenda")).to_contain_text(f"11:00–11:45, Room 2: {SESSION}")
    assert anna.evaluate("document.activeElement !== document.body")
    expect(projector.locator(".wall-grid")).to_contain_text(SESSION)
    expect(karim.locator("#agenda-wall")).to_contain_text(SESSION)
    check_accessibility(anna, "phone, agenda")
    check_accessibility(projector, "projector, agenda wall")
    screenshot(projector, "open-space-wall-projector")

    # Breakouts: Karim opens the session, says he is there and writes a note.
    next_phase(facilitator, "Sessions")
    expect(projector.locator("#attendance-1")).to_have_text("0 are here")
    karim.get_by_role("link", name=SESSION).click()
    expect(karim.get_by_role("heading", level=1)).to_have_text(SESSION)
    # The page is live and in step with the workshop (a phase moved while it loaded: it
    # fetches its state once); a tap before that may hit a form htmx has not taken yet,
    # which sends the plain form (the page works without scripts) and loads it again.
    expect(karim.locator("body")).to_have_attribute("data-live", "in-step")
    press(karim, karim.get_by_role("button", name="I'm here"))
    expect(karim.locator("#attend-button")).to_have_attribute("aria-pressed", "true")
    expect_focus_on(karim, "#attend-button")
    expect(projector.locator("#attendance-1")).to_have_text("1 is here")
    karim.get_by_label("Note").fill(NOTE)
    press(karim, karim.get_by_role("button", name="Add as a recommendation"))
    expect(karim.locator("#notes-1-recommendation")).to_contain_text(NOTE)
    expect_focus_on(karim, "#note-text")  # emptied, ready for the next note
    check_accessibility(karim, "phone, a session's page")
    screenshot(karim, "open-space-session-phone")

    # Convergence: the reports are the list the room votes on.
    next_phase(facilitator, "Convergence")
    add = anna.get_by_role("button", name=f"Put a dot on: {SESSION}: {NOTE}")
    press(anna, add)
    expect(anna.locator("#dots-left")).to_contain_text("You have 4 dots left")
    expect(add).to_be_focused()
    check_accessibility(anna, "phone, convergence vote")

    # The book of proceedings, and its PDF.
    facilitator.get_by_role("link", name="Book of proceedings").click()
    expect(facilitator.get_by_role("heading", name=SESSION)).to_be_visible()
    expect(facilitator.locator("main")).to_contain_text("11:00–11:45, Room 2")
    expect(facilitator.locator("main")).to_contain_text(NOTE)
    check_accessibility(facilitator, "proceedings")
    pdf = tmp_path / "proceedings.pdf"
    facilitator.pdf(path=pdf, format="A4")
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert SESSION in text and "Back to the workshop" not in text


def test_open_space_fits_the_projector_in_every_phase(new_room, watch):  # noqa: F811
    """36 sessions with real, long titles; 6 rooms × 8 slots, every open cell taken."""
    room = new_room("open_space")
    projector, look = watch(room)
    look("welcome", {})
    for n in range(6):
        room.facilitate("space/rooms", name=f"Grupprum {n + 1} i östra flygeln"[:60],
                        capacity=str(10 + n))
    for hour in range(9, 17):
        room.facilitate("space/slots", starts=f"{hour:02}:00", ends=f"{hour:02}:45",
                        plenary="Lunch" if hour == 12 else "")
    room.next_phase()
    titles = [text[:SESSION_TITLE_MAX_CHARS].strip() for text in notes(36)]
    sessions = {}
    for n, title in enumerate(titles):
        phone = room.phones[n % ROOM_PHONES]
        room.phone_does(phone, "sessions", title=title, line=LONG[:200], convenor_name="Anna")
        sessions[title] = phone
    ids = room_session_ids(room)
    for n, title in enumerate(titles):
        room.phone_does(room.phones[(n + 1) % ROOM_PHONES], "interest", session=str(ids[title]),
                        interested="1")
    look("marketplace", {"market-list": 36})
    room.next_phase()
    cells = [(r, s) for s in wall_ids(room, "slot") if s[1] != "12:00"
             for r in wall_ids(room, "room")]
    for (title, phone), ((room_id, _), (slot_id, _)) in zip(sessions.items(), cells):
        room.phone_does(phone, "agenda/claim", session=str(ids[title]), room=str(room_id),
                        slot=str(slot_id))
    look("agenda", {"wall-rows": 8})
    room.next_phase()
    look("breakouts", {"wall-rows": 8})
    room.next_phase()
    look("convergence", {"session-report-list": 36})
    room.vote([str(topic) for topic in room.posts("session-report-list")])
    room.next_phase()
    room.rate(cards=10)
    look("rating", {"ratings": 10})
    room.next_phase()
    look("results", {"tally": 36, "ratings": 10})


def room_session_ids(room) -> dict[str, int]:
    page = room.facilitator.get(f"/w/{room.code}/facilitator").text
    return {html.unescape(title): int(number) for number, title
            in re.findall(r'id="session-(\d+)-title">([^<]+)</h3>', page)}


def wall_ids(room, kind: str) -> list[tuple[int, str]]:
    """The facilitator's rooms (id, name) or slots (id, start), in the set-up panel's order."""
    page = room.facilitator.get(f"/w/{room.code}/facilitator").text
    return [(number, name) for name, number in ids_of(page, kind).items()]
