"""After the session, in a real browser: the backlog, a download, and the report as a PDF."""

import io
import re
import unicodedata

import openpyxl
from playwright.sync_api import expect
from pypdf import PdfReader

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
    first.get_by_label("Impact (1–5)").select_option("5")
    first.get_by_label("Effort (1–5)").select_option("1")
    first.get_by_label("Quick win: can start at once").check()
    first.get_by_label("Owner").fill("Socialtjänst")
    first.get_by_label("Next step").fill("Book a meeting with the school")
    first.get_by_label("Due date").fill("2027-02-15")
    first.get_by_label("Status").select_option("in_progress")
    first.get_by_role("button", name="Save").click()
    expect(facilitator.locator(".backlog-item").first.get_by_label("Owner")).to_have_value(
        "Socialtjänst")
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
