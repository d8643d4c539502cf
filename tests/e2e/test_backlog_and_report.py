"""After the session, in a real browser: the backlog, a download, and the report as a PDF."""

import io
import re
import unicodedata

import openpyxl
from playwright.sync_api import expect
from pypdf import PdfReader

from workshop.activities.backlog import queries as backlog_queries
from workshop.activities.rating import queries as rating_queries
from workshop.activities.topics import queries as topic_queries
from workshop.activities.voting import queries as voting_queries
from workshop.exporting.document import workshop_document
from workshop.exporting.files import export_file
from workshop.exporting.tables import ranked_results
from workshop.methods import plan_for
from workshop.workshops import create_workshop as create_workshop_in

from tests.e2e.test_live_workshop import (
    DESKTOP,
    PHONES,
    add_dot,
    create_workshop,
    join,
    next_phase,
    post_topic,
)

FIRST, SECOND = "A shared calendar for the whole department", "Quiet hours"


def test_backlog_reaches_phones_excel_and_a_printed_report(open_page, check_accessibility,
                                                           screenshot, tmp_path):
    facilitator = open_page(DESKTOP)
    workshop = create_workshop(facilitator, "Team priorities")
    phone = open_page(PHONES[0], phone=True)
    join(phone, workshop["join_url"])
    next_phase(facilitator, "Topics")
    post_topic(phone, FIRST)
    post_topic(phone, SECOND)
    # Typing a near copy shows the topic that exists, while typing.
    phone.get_by_label("Your topic").fill("A shared calendar for the department")
    expect(phone.get_by_role("button", name=f"Support this instead: {FIRST}")).to_be_visible()
    phone.get_by_label("Your topic").fill("")
    next_phase(facilitator, "Voting")
    for topic in (FIRST, FIRST, SECOND):
        add_dot(phone, topic)
    expect(phone.locator("#dots-left")).to_have_text(re.compile(r"^You have 2 dots left"))
    next_phase(facilitator, "Results")

    facilitator.get_by_role("link", name="Backlog and downloads").click()
    facilitator.get_by_role("button", name="Create backlog from the results").click()
    expect(facilitator.locator(".backlog-item h2")).to_have_text([f"1. {FIRST}", f"2. {SECOND}"])
    first = facilitator.locator(".backlog-item").first
    # One item's fields at a time: they open from its "Edit" (issue 10, item 12).
    expect(first.get_by_label("Owner")).to_be_hidden()
    first.locator("summary").click()
    first.get_by_label("Impact (1–5)").select_option("5")
    first.get_by_label("Effort (1–5)").select_option("1")
    first.get_by_label("Quick win: can start at once").check()
    first.get_by_label("Owner").fill("Socialtjänst")
    first.get_by_label("Next step").fill("Book a meeting with the school")
    first.get_by_label("Due date").fill("2027-02-15")
    first.get_by_label("Status").select_option("in_progress")
    first.get_by_role("button", name="Save").click()
    saved = facilitator.locator(".backlog-item").first
    expect(saved.locator(".help").first).to_contain_text("Socialtjänst")
    saved.locator("summary").click()
    expect(saved.get_by_label("Owner")).to_have_value("Socialtjänst")
    check_accessibility(facilitator, "backlog page")
    screenshot(facilitator, "backlog", full_page=True)

    facilitator.get_by_role("button", name="Show the backlog on participants' phones").click()
    expect(phone.get_by_role("heading", name="What happens next")).to_be_visible()
    expect(phone.locator(".backlog-list li").first).to_contain_text("Socialtjänst")

    facilitator.get_by_label("Format").select_option("xlsx")
    with facilitator.expect_download() as download:
        facilitator.get_by_role("button", name="Download").click()
    workbook = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    backlog_rows = [[c.value for c in row] for row in workbook[workbook.sheetnames[1]].iter_rows()]
    assert any(FIRST in row and "Socialtjänst" in row for row in backlog_rows)

    facilitator.get_by_role("link", name="Open the printable report").click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text("Team priorities")
    check_accessibility(facilitator, "report")
    pdf = tmp_path / "report.pdf"
    facilitator.pdf(path=pdf, format="A4")
    # NFKC: the PDF's font sets "ff" and "fi" as ligatures.
    pages = [unicodedata.normalize("NFKC", page.extract_text()) for page in PdfReader(pdf).pages]
    text = " ".join(" ".join(pages).split())  # table cells wrap lines anywhere
    for expected in ("Team priorities", QUESTION_START, "Summary", "Results", "Impact and effort",
                     "Quick wins: can start at once", "Improvement backlog", "Every topic",
                     "Socialtjänst", "Book a meeting with the school", "2027-02-15"):
        assert expected in text, f"{expected!r} missing from the PDF:\n{text}"
    starts = [page.split("\n", 1)[0] for page in pages]
    assert starts[1:] == ["Impact and effort", "Improvement backlog", "Every topic"]


QUESTION_START = "What should the team work on"


# A4 less report.css's @page margins (16 mm each side), in CSS pixels (96 per inch).
A4_CONTENT_WIDTH = round((210 - 2 * 16) / 25.4 * 96)
COMPOUND = ("Barnomsorgsplatsfördelningsregelverksöversynsutredningsuppdragsbeskrivnings"
            "dokumentationsarbete")  # 95 letters, one word
URL = ("https://www.example.se/kommun/barn-och-utbildning/trygg-skolvag/rapport?dokument="
       "4f9c2a7e1b3d5f6a8c0e2b4d6f8a1c3e5b7d9f0a2c4e6b8d")
QUESTION_LINES = "Why?\nWhat makes the way to school safe?"
WIDER_THAN_THE_PAGE = """() => {
  const page = document.querySelector("main").getBoundingClientRect();
  const wide = [];
  for (const element of document.querySelectorAll("main *")) {
    const box = element.getBoundingClientRect();
    const spills = element instanceof HTMLElement && element.clientWidth > 0
      && element.scrollWidth > element.clientWidth + 1;  // content wider than its box
    if (box.right > page.right + 1 || spills)
      wide.push(`${element.tagName} ${Math.round(box.width)} px: `
                + element.textContent.slice(0, 30));
  }
  return wide;
}"""
COVERED_NUMBERS = """() => {
  const points = [...document.querySelectorAll("svg.matrix g.point")];
  const covered = [];
  for (const point of points) {
    point.scrollIntoView({block: "center"});
    const box = point.querySelector("text").getBoundingClientRect();
    const corners = [[0.5, 0.5], [0.1, 0.2], [0.9, 0.2], [0.1, 0.8], [0.9, 0.8]];
    if (corners.some(([x, y]) => document.elementFromPoint(box.x + x * box.width,
            box.y + y * box.height)?.closest("g.point") !== point))
      covered.push(point.textContent.trim());
  }
  return {markers: points.length, covered};
}"""


def long_words_workshop(store) -> dict:
    """16 topics with dots (one a 95-letter compound, one a URL), nine of them rated
    alike, so their markers meet at one point; a backlog of long words; a question on
    two lines."""
    workshop, _ = create_workshop_in(store, {
        "title": "Trygg skolväg", "description": QUESTION_LINES, "language": "en",
        "method": "quick", "plan": plan_for("quick", {"voting": {"dots": 5, "max_per_item": 3}}),
        "names_enabled": 0})
    w = workshop["id"]
    people = [store.insert_participant(w, f"key-{n}", None)["id"] for n in range(8)]
    texts = [COMPOUND, URL, *(f"Topic number {n}" for n in range(3, 17))]
    topics = [topic_queries.insert_topic(store, w, people[0], text, limit=20)["id"]
              for text in texts]
    placed = 0
    for number, topic in enumerate(topics):
        for _ in range(3 - number % 3):
            assert voting_queries.insert_dot(store, w, people[placed // 5], "topic", topic, 5, 3)
            placed += 1
    for topic in topics[:9]:
        rating_queries.rate(store, w, people[0], "topic", topic, 5, 1)
    backlog_queries.insert_backlog_item(store, w, {
        "title": COMPOUND, "owner": "Socialtjänsten", "next_step": URL, "status": "new",
        "update_note": "Met the school.\nMet the parents."}, topics[:1])
    backlog_queries.insert_backlog_item(store, w, {"title": URL, "status": "new"}, topics[1:2])
    return store.workshop_by_id(w)


def test_downloaded_report_prints_within_a4_with_every_number_readable(browser, store,
                                                                       tmp_path):
    document = workshop_document(store, long_words_workshop(store))
    report = tmp_path / "report.html"
    report.write_bytes(export_file(document, "report").content)
    context = browser.new_context(viewport={"width": A4_CONTENT_WIDTH, "height": 1000})
    page = context.new_page()
    page.goto(report.as_uri())
    page.emulate_media(media="print")  # laid out as on paper, one A4 content width wide
    assert page.evaluate("getComputedStyle(document.body).fontFamily") == \
        'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
    assert page.evaluate(WIDER_THAN_THE_PAGE) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_CONTENT_WIDTH
    assert page.evaluate(COVERED_NUMBERS) == {"markers": 9, "covered": []}

    pdf = tmp_path / "report.pdf"
    page.pdf(path=pdf, format="A4")
    context.close()
    pages = [unicodedata.normalize("NFKC", p.extract_text()) for p in PdfReader(pdf).pages]
    assert "Why?\nWhat makes the way to school safe?" in pages[0]
    text = "\n".join(pages)
    chart = text[text.index("\nResults\n"):text.index("The 15 topics with the most dots")]
    counts = re.findall(r"\b(\d+) dots?\n", chart)  # each at the end of its line
    assert counts == [str(item["dots"]) for item in ranked_results(document)[:15]]
    unbroken = "".join("".join(pages).split())  # long words wrap across lines
    assert unbroken.count(COMPOUND) >= 3 and unbroken.count(URL) >= 3  # results, backlog, topics
