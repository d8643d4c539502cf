"""Every action on a phone with the keyboard alone, on a 360 px wide screen: after Enter
the focus is on the control that was pressed, or on the next sensible one (each test says
which and why), and the live region that says how many dots are left stays the same
element, so screen readers announce each change."""

import re

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import FIRST_GROUPING_MS
from tests.e2e.test_live_workshop import (
    ALPHA,
    DESKTOP,
    GAMMA,
    PHONES,
    create_workshop,
    expect_dots_left,
    join,
    next_phase,
    post_topic,
)
from tests.e2e.test_themes_and_ratings import NOTES

SMALL = {"width": 360, "height": 740}


def press(page: Page, control: Locator) -> None:
    """Put the keyboard focus on a control and press Enter, as a keyboard user does."""
    control.focus()
    expect(control).to_be_focused()
    page.keyboard.press("Enter")


def mark_dots_left(page: Page) -> None:
    page.locator("#dots-left").evaluate("region => { region.samlaKept = true; }")


def expect_dots_left_kept(page: Page) -> None:
    """The live region is the same element as before: only its inside changed."""
    assert page.locator("#dots-left").evaluate("region => region.samlaKept === true")


def expect_clear_of_the_bar(page: Page, control: Locator) -> None:
    """The focused control is on the screen, not under the dots-left bar."""
    box, bar = control.bounding_box(), page.locator("#dots-left").bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= bar["y"], (box, bar)


def test_joining_opens_the_workshop_with_the_focus_at_the_top_of_the_new_page(open_page):
    facilitator = open_page(DESKTOP)
    workshop = create_workshop(facilitator, "Keys only")
    phone = open_page(SMALL, phone=True)
    phone.goto(workshop["join_url"])
    press(phone, phone.get_by_role("button", name="Join the workshop"))

    expect(phone.get_by_role("heading", level=1)).to_have_text("Welcome")
    # A new page: the focus starts at its top, as on any page the browser opens, and
    # the first Tab reaches the link past the header.
    assert phone.evaluate("document.activeElement === document.body")
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("link", name="Skip to content")).to_be_focused()
    phone.keyboard.press("Enter")
    expect(phone.locator("main")).to_be_focused()


def test_posting_and_supporting_leave_the_focus_in_the_field_for_the_next_post(
        open_page, check_accessibility):
    facilitator = open_page(DESKTOP)
    workshop = create_workshop(facilitator, "Keys only")
    phone, other = open_page(SMALL, phone=True), open_page(PHONES[0], phone=True)
    join(phone, workshop["join_url"])
    join(other, workshop["join_url"])
    next_phase(facilitator, "Topics")
    post_topic(other, ALPHA)
    field = phone.get_by_label("Your topic")

    # Post: the button stays, but the next sensible place is the emptied field, as most
    # people post several topics in a row.
    field.focus()
    phone.keyboard.type(GAMMA)
    press(phone, phone.get_by_role("button", name="Post topic"))
    expect(phone.get_by_role("status")).to_have_text("Your topic was added.")
    expect(field).to_have_value("")
    expect(field).to_be_focused()

    # A refused post (a twin of one's own) leaves the text, and the focus on the button.
    phone.keyboard.type(GAMMA)
    post = phone.get_by_role("button", name="Post topic")
    press(phone, post)
    expect(phone.get_by_role("alert")).to_have_text("You have already posted this topic.")
    expect(field).to_have_value(GAMMA)
    expect(post).to_be_focused()
    field.fill("")
    field.focus()

    # Several lines, each posted as its own topic: the same.
    phone.keyboard.type("More trees\nBenches in the shade")
    press(phone, phone.get_by_role("button", name="Post each line as its own topic"))
    expect(phone.get_by_role("status")).to_have_text("Your topics were added.")
    expect(field).to_be_focused()

    # +1 instead of a near copy: the pressed button goes away with the hint, and the
    # focus is back in the field, where the near copy can be cleared or changed.
    phone.keyboard.type("A shared calendar for the department")
    support = phone.get_by_role("button", name=f"Support this instead: {ALPHA}")
    press(phone, support)
    expect(phone.locator("#similar")).to_have_text(
        f"You support “{ALPHA}”. You can still post a topic of your own.")
    expect(field).to_be_focused()
    expect(field).to_have_value("A shared calendar for the department")
    check_accessibility(phone, "phone, topics, after a +1")


def test_each_dot_keeps_the_focus_on_its_control_until_all_dots_are_placed(
        open_page, check_accessibility, screenshot):
    facilitator = open_page(DESKTOP)
    workshop = create_workshop(facilitator, "Keys only")  # 5 dots, at most 3 on one topic
    phone = open_page(SMALL, phone=True)
    join(phone, workshop["join_url"])
    next_phase(facilitator, "Topics")
    for text in (ALPHA, GAMMA):
        post_topic(phone, text)
    next_phase(facilitator, "Voting")
    expect_dots_left(phone, 5)
    mark_dots_left(phone)

    def plus(topic: str) -> Locator:
        return phone.get_by_role("button", name=f"Put a dot on: {topic}", exact=True)

    def minus(topic: str) -> Locator:
        return phone.get_by_role("button", name=f"Take back a dot from: {topic}", exact=True)

    def tap(control: Locator, left: int, focused: Locator) -> None:
        press(phone, control)
        expect_dots_left(phone, left)
        expect(focused).to_be_focused()
        expect_clear_of_the_bar(phone, focused)
        expect_dots_left_kept(phone)

    tap(plus(ALPHA), 4, plus(ALPHA))
    # Taking back the only dot turns − off: the next sensible control is + beside it.
    tap(minus(ALPHA), 5, plus(ALPHA))
    tap(plus(ALPHA), 4, plus(ALPHA))
    tap(plus(ALPHA), 3, plus(ALPHA))
    # The third dot on one topic is its limit, so + turns off: − beside it.
    tap(plus(ALPHA), 2, minus(ALPHA))
    tap(plus(GAMMA), 1, plus(GAMMA))
    # The last dot: every + turns off, the bar says the phone is done and how to move
    # a dot, and the focus is on − beside the pressed +.
    tap(plus(GAMMA), 0, minus(GAMMA))
    expect(phone.locator("#dots-left")).to_have_text(
        "Done! All your dots are placed. To move a dot, press − next to it, then + where "
        "you want it.")
    check_accessibility(phone, "phone, voting, all dots placed")
    screenshot(phone, "phone-voting-done")
    tap(minus(GAMMA), 1, minus(GAMMA))


def rate_with_keys(phone: Page, impact: str, effort: str) -> None:
    for scale, value in (("Impact", impact), ("Effort", effort)):
        radio = phone.get_by_role("group", name=re.compile(f"^{scale}")).get_by_role(
            "radio", name=value)
        radio.focus()
        phone.keyboard.press("Space")
        expect(radio).to_be_checked()


def test_theme_dots_and_rating_cards_keep_the_focus_where_the_next_step_is(
        open_page, check_accessibility):
    facilitator = open_page(DESKTOP)
    workshop = create_workshop(facilitator, "Keys only", method="low_hanging_fruit")
    phone = open_page(SMALL, phone=True)
    join(phone, workshop["join_url"])
    next_phase(facilitator, "Topics")
    facilitator.locator("summary", has_text="Add notes from paper").click()
    facilitator.get_by_label("One note per line").fill("\n".join(NOTES))
    facilitator.get_by_role("button", name="Add the notes as topics").click()
    facilitator.get_by_role("button", name="Group", exact=True).click()
    summary = phone.get_by_text(re.compile(r"^Samla sorted the posts into \d+ themes?$"))
    expect(summary).to_be_visible(timeout=FIRST_GROUPING_MS)
    expect(phone.locator("#themes li").first).to_be_hidden()  # one line until opened
    press(phone, summary)
    expect(phone.locator("#themes li").first).to_be_visible()
    expect(summary).to_be_focused()
    facilitator.get_by_role("button", name="Accept the themes").click()
    facilitator.get_by_role("radio", name="the themes").check()
    facilitator.locator(".prioritise").get_by_role("button", name="Save").click()

    next_phase(facilitator, "Voting")
    mark_dots_left(phone)
    theme = phone.locator(".theme-votes .topic-text").first.inner_text()
    plus = phone.get_by_role("button", name=f"Put a dot on: {theme}")
    minus = phone.get_by_role("button", name=f"Take back a dot from: {theme}")
    press(phone, plus)
    expect_dots_left(phone, 4)
    expect(plus).to_be_focused()
    press(phone, plus)
    expect_dots_left(phone, 3)
    expect(plus).to_be_focused()
    press(phone, minus)
    expect_dots_left(phone, 4)
    expect(minus).to_be_focused()
    expect_dots_left_kept(phone)
    check_accessibility(phone, "phone, voting on themes")

    # Rating: a pressed button's card is replaced by the next, so the focus goes to the
    # new card's title, which says what to rate now; the buttons follow it.
    next_phase(facilitator, "Impact and effort")
    title = phone.locator("#card-title")
    total = int(re.search(r"of (\d+)", phone.locator(".card-count").inner_text())[1])
    assert total >= 2
    first_card = title.inner_text()
    rate_with_keys(phone, "5", "1")
    press(phone, phone.get_by_role("button", name="Save and next"))
    expect(phone.get_by_text(f"Card 2 of {total}")).to_be_visible()
    expect(title).to_be_focused()
    press(phone, phone.get_by_role("button", name="Previous"))
    expect(phone.get_by_text(f"Card 1 of {total}")).to_be_visible()
    expect(title).to_be_focused()
    press(phone, phone.get_by_role("button", name="Skip"))
    expect(phone.get_by_text(f"Card 2 of {total}")).to_be_visible()
    expect(title).to_be_focused()
    for _card in range(2, total + 1):
        press(phone, phone.get_by_role("button", name="Skip"))
    expect(title).to_have_text("Done! You have been through every card.")
    expect(title).to_be_focused()
    expect(phone.locator("#rating-card")).to_contain_text(
        "To change one, press “Change” next to it.")
    check_accessibility(phone, "phone, all cards rated")
    press(phone, phone.get_by_role("button", name=f"Change: {first_card}"))
    expect(title).to_have_text(first_card)
    expect(title).to_be_focused()
    expect(phone.get_by_role("group", name=re.compile("^Impact")).get_by_role(
        "radio", name="5")).to_be_checked()


def test_double_diamond_questions_ideas_and_their_dots_with_the_keyboard(
        open_page, check_accessibility):
    facilitator = open_page(DESKTOP)
    workshop = create_workshop(facilitator, "Keys only", method="double_diamond")
    phone = open_page(SMALL, phone=True)
    join(phone, workshop["join_url"])
    next_phase(facilitator, "Discover")
    next_phase(facilitator, "Define: themes")
    next_phase(facilitator, "Define: How might we …?")

    question = "How might we make the youth centre open on Sundays?"
    field = phone.get_by_label("Your “How might we …?” question")
    field.focus()
    phone.keyboard.type(question)
    press(phone, phone.get_by_role("button", name="Post question"))
    expect(phone.get_by_role("status")).to_have_text("Your topic was added.")
    expect(field).to_be_focused()  # ready for the next question

    next_phase(facilitator, "Define: choose")
    plus = phone.get_by_role("button", name=f"Put a dot on: {question}")
    press(phone, plus)
    expect_dots_left(phone, 4)
    expect(plus).to_be_focused()

    next_phase(facilitator, "Develop")
    choice = phone.get_by_label("Which question does your idea answer?")
    expect(choice).to_have_value(re.compile(r"^\d+$"))
    idea = phone.get_by_label("Your idea", exact=True)
    idea.focus()
    phone.keyboard.type("Volunteers from the parents' association")
    press(phone, phone.get_by_role("button", name="Post idea"))
    expect(phone.get_by_role("status")).to_have_text("Your topic was added.")
    expect(idea).to_be_focused()  # ready for the next idea
    expect(phone.locator("#idea-list .answers")).to_have_text(f"Answers: {question}")
    check_accessibility(phone, "phone, double diamond, ideas")
