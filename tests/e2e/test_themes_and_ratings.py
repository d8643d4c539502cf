"""Themes and low-hanging fruit in a real browser: the facilitator reviews Samla's
grouping (drag and drop, the move menu, merge, accept), the room votes on themes and
rates impact and effort card by card, and the projector shows the matrix."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import FIRST_GROUPING_MS
from tests.e2e.test_live_workshop import (
    DESKTOP,
    PHONES,
    PROJECTOR,
    create_workshop,
    join,
    next_phase,
    post_topic,
)

NOTES = ["More staff at the youth centre", "The youth centres need more employees",
         "School health should work with child psychiatry",
         "Better cooperation between school and child psychiatry",
         "Homework help after school", "Open the youth centre on Sundays"]
LIKE_NO_NOTE = "Solar panels on the town hall roof"


def theme_of(facilitator: Page, note: str):
    """The facilitator's theme box that holds a note."""
    return facilitator.locator(".theme").filter(
        has=facilitator.locator(".theme-topics li", has_text=note))


def choose_theme(facilitator: Page, note: str, theme: str) -> None:
    """Open a note's "move to" menu (it holds its own theme until opened) and choose."""
    menu = facilitator.get_by_label(f"Move “{note}” to")
    expect(menu.locator("option")).to_have_count(1)
    menu.focus()
    expect(menu.locator("option")).not_to_have_count(1)
    menu.select_option(label=theme)


def rate(phone: Page, impact: str, effort: str) -> None:
    phone.get_by_role("group", name=re.compile("^Impact")).get_by_text(impact, exact=True).click()
    phone.get_by_role("group", name=re.compile("^Effort")).get_by_text(effort, exact=True).click()
    phone.get_by_role("button", name="Save and next").click()


def swipe(phone: Page, distance: int) -> None:
    """A finger across the rating card's title, sideways by `distance` pixels (negative:
    to the left), as touch events from the browser's own input pipeline."""
    box = phone.locator("#card-title").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    touch = phone.context.new_cdp_session(phone)
    steps = [("touchStart", 0)] + [("touchMove", step / 5) for step in range(1, 6)]
    for kind, share in steps:
        points = [{"x": x + distance * share, "y": y}]
        touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    touch.detach()


def test_review_themes_vote_on_them_and_rate_impact_and_effort(open_page, check_accessibility,
                                                               screenshot):
    facilitator = open_page(DESKTOP)
    workshop = create_workshop(facilitator, "Low-hanging fruit", method="low_hanging_fruit")
    projector = open_page(PROJECTOR)
    projector.goto(workshop["projector_url"])
    phones = [open_page(size, phone=True) for size in PHONES[:2]]
    for phone in phones:
        join(phone, workshop["join_url"])
    next_phase(facilitator, "Topics")
    facilitator.locator("summary", has_text="Add notes from paper").click()
    facilitator.get_by_label("One note per line").fill("\n".join(NOTES))
    facilitator.get_by_role("button", name="Add the notes as topics").click()
    facilitator.get_by_role("button", name="Group", exact=True).click()
    expect(facilitator.locator(".theme")).not_to_have_count(0, timeout=FIRST_GROUPING_MS)
    unplaced = facilitator.locator(".theme.unsorted")
    expect(unplaced).to_be_hidden()  # empty

    # A post after the grouping arrives live: one like no theme under "Not placed",
    # with its menu, which moves it (the review then comes whole).
    post_topic(phones[0], LIKE_NO_NOTE)
    expect(unplaced).to_be_visible()
    expect(unplaced.locator("h4")).to_have_text("Not placed (1 topic)")
    youth = theme_of(facilitator, NOTES[0]).locator("h4").inner_text().split(" (")[0]
    choose_theme(facilitator, LIKE_NO_NOTE, youth)
    unplaced.get_by_role("button", name="Move").click()
    expect(theme_of(facilitator, LIKE_NO_NOTE).locator("h4")).to_contain_text(youth)
    expect(unplaced).to_be_hidden()

    # Drag a note onto another theme; the move is live and marked as the facilitator's.
    target = theme_of(facilitator, NOTES[0])
    target_label = target.locator("h4").inner_text().split(" (")[0]
    dragged = facilitator.locator(".theme-topics li", has_text=NOTES[4])
    dragged.drag_to(target.locator("h4"))
    expect(theme_of(facilitator, NOTES[4]).locator("h4")).to_contain_text(target_label)
    expect(facilitator.locator(".theme-topics li", has_text=NOTES[4])).to_contain_text(
        "placed by you")
    # The same with the keyboard-friendly menu: choose a theme, press Move.
    psychiatry = theme_of(facilitator, NOTES[2]).locator("h4").inner_text().split(" (")[0]
    choose_theme(facilitator, NOTES[5], psychiatry)
    facilitator.locator(".theme-topics li", has_text=NOTES[5]).get_by_role(
        "button", name="Move").click()
    expect(theme_of(facilitator, NOTES[5]).locator("h4")).to_contain_text(psychiatry)
    # Merge it back into the youth centre theme.
    box = theme_of(facilitator, NOTES[5])
    box.locator("summary", has_text="Merge").click()
    box.get_by_label("Put all its topics into").select_option(label=target_label)
    check_accessibility(facilitator, "facilitator, reviewing themes")
    box.get_by_role("button", name="Merge the themes").click()
    expect(theme_of(facilitator, NOTES[2]).locator("h4")).to_contain_text(target_label)
    facilitator.locator(".theme", has_text=target_label).get_by_role(
        "button", name=f"Split in two: {target_label}").click()
    expect(facilitator.locator(".theme h4")).not_to_have_count(1)

    facilitator.get_by_role("button", name="Accept the themes").click()
    expect(facilitator.get_by_role("heading", name="Themes Accepted")).to_be_visible()
    expect(facilitator.get_by_role("button", name="Move")).to_have_count(0)
    facilitator.get_by_role("radio", name="the themes").check()
    facilitator.locator(".prioritise").get_by_role("button", name="Save").click()
    expect(projector.locator(".theme-column")).not_to_have_count(0)
    screenshot(facilitator, "facilitator-themes", full_page=True)

    next_phase(facilitator, "Voting")
    first, second = phones
    expect(first.locator("#topic-list")).to_be_hidden()
    themes = first.locator(".theme-votes .topic-text")
    expect(themes).not_to_have_count(0)
    top_theme = themes.first.inner_text()
    first.get_by_role("button", name=f"Put a dot on: {top_theme}").click()
    expect(first.locator("#dots-left")).to_have_text(re.compile(r"^You have 4 dots left"))
    check_accessibility(first, "phone, voting on themes")

    next_phase(facilitator, "Impact and effort")
    expect(first.get_by_text(re.compile(r"^Card 1 of \d+$"))).to_be_visible()
    total = int(re.search(r"of (\d+)", first.locator(".card-count").inner_text())[1])
    first_card = first.locator("#card-title").inner_text()
    check_accessibility(first, "phone, rating card")
    screenshot(first, "phone-rating", full_page=True)
    rate(first, "5", "1")
    expect(first.get_by_text(f"Card 2 of {total}")).to_be_visible()
    for _ in range(total - 1):
        first.get_by_role("button", name="Skip").click()
    expect(first.get_by_role("heading", name="Done! You have been through every card.")
           ).to_be_visible()
    expect(first.locator(".my-ratings li").first).to_contain_text("impact 5, effort 1")
    check_accessibility(first, "phone, ratings summary")
    # Changing one's mind: back to the first card, its answers already ticked.
    first.get_by_role("button", name=f"Change: {first_card}").click()
    expect(first.get_by_role("group", name=re.compile("^Impact")).get_by_role(
        "radio", name="5")).to_be_checked()
    rate(first, "4", "2")
    # The second phone swipes: left saves and goes on, right goes back.
    second.get_by_role("group", name=re.compile("^Impact")).get_by_text("4", exact=True).click()
    second.get_by_role("group", name=re.compile("^Effort")).get_by_text("2", exact=True).click()
    sent = []
    second.on("request", lambda request: sent.append(request.url)
              if request.url.endswith("/ratings") else None)
    swipe(second, -40)  # too short to be a swipe
    swipe(second, -150)
    expect(second.get_by_text(f"Card 2 of {total}")).to_be_visible()
    assert len(sent) == 1
    swipe(second, 150)
    expect(second.get_by_text(f"Card 1 of {total}")).to_be_visible()
    expect(second.get_by_role("group", name=re.compile("^Effort")).get_by_role(
        "radio", name="2")).to_be_checked()

    matrix_points = projector.locator("#ratings svg.matrix g.point")
    expect(matrix_points).to_have_count(1)
    expect(projector.locator("#ratings tr.quick-win")).to_contain_text(first_card)
    expect(projector.locator("#progress")).to_have_text("2 of 2 have rated")
    check_accessibility(projector, "projector, impact and effort")
    screenshot(projector, "projector-matrix")
    check_accessibility(facilitator, "facilitator, impact and effort")
    facilitator.get_by_label(f"Quick win: {first_card}").select_option("no")
    facilitator.locator("#ratings tr", has_text=first_card).get_by_role(
        "button", name="Save").click()
    expect(projector.locator("#ratings tr.quick-win")).to_have_count(0)
    facilitator.get_by_label(f"Quick win: {first_card}").select_option("rule")
    facilitator.locator("#ratings tr", has_text=first_card).get_by_role(
        "button", name="Save").click()

    next_phase(facilitator, "Results")
    expect(second.locator(".quick-wins li")).to_have_text([first_card])
    check_accessibility(second, "phone, results with quick wins")
