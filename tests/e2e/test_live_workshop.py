"""A live workshop in a real browser: a facilitator, a projector and phones, each its
own device, driven through the UI by accessible names, checked with axe-core."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import FIRST_GROUPING_MS

DESKTOP = {"width": 1280, "height": 900}
PROJECTOR = {"width": 1920, "height": 1080}
PHONES = [  # from a large phone down to a very small one
    {"width": 390, "height": 844},
    {"width": 412, "height": 915},
    {"width": 360, "height": 740},
    {"width": 375, "height": 667},
    {"width": 320, "height": 640},
]

QUESTION = "What should the team work on next quarter?"
# One topic per phone, in the order they are posted; the last one gets hidden.
ALPHA = "A shared calendar for the whole department"
BETA = "Onboarding buddies for every new colleague, for at least the first three months"
GAMMA = "Quiet hours"
DELTA = "Fewer meetings & more <focus> time"
HIDDEN = "Buy a ping-pong table"
TOPICS = [ALPHA, BETA, GAMMA, DELTA, HIDDEN]
SHOWN_NEWEST_FIRST = [DELTA, GAMMA, BETA, ALPHA]


# What people do, through the UI.

def create_workshop(facilitator: Page, title: str, method: str | None = None) -> dict:
    """Fill in the start page's form; returns the join code and the links it shows."""
    facilitator.goto("/")
    facilitator.get_by_label("Title").fill(title)
    if method:
        facilitator.get_by_label("Method").select_option(method)
    facilitator.get_by_label("Question or description").fill(QUESTION)
    facilitator.get_by_role("radio", name="English").check()
    facilitator.get_by_label("Dots per participant").fill("5")
    facilitator.get_by_label("Max dots on one topic").fill("3")
    facilitator.get_by_role("button", name="Create workshop").click()
    expect(facilitator).to_have_url(re.compile(r"/w/[A-Z0-9]{6}/facilitator$"))
    code = facilitator.locator("dd.code").inner_text()
    return {
        "code": code,
        "join_url": facilitator.get_by_role("link", name=re.compile(f"w.{code}$"))
                               .get_attribute("href"),
        "projector_url": facilitator.get_by_role("link", name="Open the projector view")
                                    .get_attribute("href"),
    }


def join(phone: Page, join_url: str) -> None:
    phone.goto(join_url)
    phone.get_by_role("button", name="Join the workshop").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Welcome")


def join_by_typing_the_code(phone: Page, code: str) -> None:
    """As from the projector: sloppily, in lower case with a space in the middle."""
    phone.goto("/")
    phone.get_by_label("Code from the screen").fill(f"{code[:3]} {code[3:]}".lower())
    phone.get_by_role("button", name="Join", exact=True).click()
    phone.get_by_role("button", name="Join the workshop").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Welcome")


def next_phase(facilitator: Page, phase: str) -> None:
    facilitator.get_by_role("button", name=f"Next: {phase}").click()
    expect(facilitator.get_by_role("heading", name=f"Now: {phase}")).to_be_visible()


def post_topic(phone: Page, text: str) -> None:
    """Type a topic, watching the character counter, and post it."""
    field = phone.get_by_label("Your topic")
    counter = phone.locator("#topic-count")
    expect(counter).to_have_text(re.compile(r"^(At most 200 characters|0 of 200 characters)$"))
    field.press_sequentially(text[:3])
    expect(counter).to_have_text("3 of 200 characters")
    field.fill(text)
    expect(counter).to_have_text(f"{len(text)} of 200 characters")
    phone.get_by_role("button", name="Post topic").click()
    expect(phone.get_by_role("status")).to_have_text("Your topic was added.")
    expect(field).to_have_value("")
    expect(counter).to_have_text("0 of 200 characters")
    expect(phone.locator("#my-topics li").first).to_have_text(text)


def add_dot(phone: Page, topic: str) -> None:
    phone.get_by_role("button", name=f"Put a dot on: {topic}", exact=True).click()


def take_back_dot(phone: Page, topic: str) -> None:
    phone.get_by_role("button", name=f"Take back a dot from: {topic}", exact=True).click()


def expect_dots_left(phone: Page, dots: int) -> None:
    """The bar at the bottom; at no dots left it says the phone is done, and how to move one."""
    expect(phone.locator("#dots-left")).to_have_text(
        re.compile(rf"^You have {dots} dots? left\b") if dots else re.compile(
            r"^Done! All your dots are placed\.\s+To move a dot, press − next to it"))


def vote(phone: Page, *steps: tuple[str, str], left: int = 5) -> None:
    """Add ("+") or take back ("-") dots one tap at a time, checking "dots left" after
    each tap."""
    for step, topic in steps:
        (add_dot if step == "+" else take_back_dot)(phone, topic)
        left += -1 if step == "+" else 1
        expect_dots_left(phone, left)


def topic_texts(page: Page):
    return page.locator("#topic-list .topic-text")


def same_page_marker(pages: list[Page]) -> None:
    """Mark each page so a later check can tell it was not reloaded."""
    for page in pages:
        page.evaluate("window.samlaNotReloaded = true")


def expect_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.samlaNotReloaded === true"), f"{page.url} was reloaded"


# The tests.

def test_workshop_runs_live_from_joining_to_results_on_five_phones(open_page, screenshot):
    facilitator = open_page(DESKTOP)
    workshop = create_workshop(facilitator, "Team priorities")
    projector = open_page(PROJECTOR)
    projector.goto(workshop["projector_url"])
    expect(projector.locator(".join-code")).to_have_text(workshop["code"])
    expect(projector.locator(".qr-box svg")).to_be_visible()
    expect(projector.locator('[data-count="joined"]')).to_have_text("0")

    phones = [open_page(viewport, phone=True) for viewport in PHONES]
    for phone in phones[:4]:
        join(phone, workshop["join_url"])
    join_by_typing_the_code(phones[4], workshop["code"])
    expect(projector.locator('[data-count="joined"]')).to_have_text("5")
    expect(facilitator.locator("#participation")).to_contain_text("5 participants")

    # Topics: the phones switch by themselves, and every topic appears everywhere.
    same_page_marker(phones + [projector])
    next_phase(facilitator, "Topics")
    facilitator.get_by_label("Timer, minutes").fill("3")
    facilitator.get_by_role("button", name="Start timer").click()
    expect(projector.locator(".phase-label")).to_have_text("Topics")
    for page in phones + [projector]:
        if page in phones:
            expect(page.get_by_role("heading", level=1)).to_have_text("Topics")
        expect(page.get_by_role("timer")).to_have_text(re.compile(r"^(3:00|2:[45]\d)$"))
        expect_not_reloaded(page)
    for phone, text in zip(phones, TOPICS):
        post_topic(phone, text)
    newest_first = list(reversed(TOPICS))
    for page in phones + [projector, facilitator]:
        expect(topic_texts(page)).to_have_text(newest_first)
    expect(projector.locator('[data-count="topics"]')).to_have_text("5")
    screenshot(facilitator, "facilitator-topics", full_page=True)
    screenshot(projector, "projector-topics")
    screenshot(phones[0], "phone-topics", full_page=True)

    # The facilitator hides one topic: it leaves the phones and the projector.
    facilitator.get_by_role("button", name=f"Hide: {HIDDEN}").click()
    expect(facilitator.get_by_role("button", name=f"Show: {HIDDEN}")).to_be_visible()
    for page in phones + [projector]:
        expect(topic_texts(page)).to_have_text(SHOWN_NEWEST_FIRST)
    expect(projector.locator('[data-count="topics"]')).to_have_text("4")

    # Voting: five dots each, at most three on one topic.
    next_phase(facilitator, "Voting")
    for phone in phones:
        expect(phone.get_by_role("heading", level=1)).to_have_text("Voting")
        expect_dots_left(phone, 5)
        expect(phone.locator("#status")).to_be_empty()  # "Your topic was added." is stale
        expect_not_reloaded(phone)

    first = phones[0]
    vote(first, ("+", ALPHA), ("+", ALPHA), ("+", ALPHA))
    expect(first.get_by_role("button", name=f"Put a dot on: {ALPHA}")).to_be_disabled()
    expect(first.get_by_role("button", name=f"Put a dot on: {BETA}")).to_be_enabled()
    vote(first, ("+", BETA), ("+", BETA), left=2)
    for topic in SHOWN_NEWEST_FIRST:
        expect(first.get_by_role("button", name=f"Put a dot on: {topic}")).to_be_disabled()

    second = phones[1]
    vote(second, ("+", ALPHA), ("-", ALPHA), ("+", GAMMA), ("+", GAMMA), ("+", BETA))
    expect(second.get_by_role("button", name=f"Take back a dot from: {ALPHA}")).to_be_disabled()

    third = phones[2]
    vote(third, ("+", GAMMA), ("+", GAMMA), ("+", GAMMA), ("+", DELTA), ("+", DELTA))
    # A sixth dot is refused even when the disabled button is forced to submit.
    forced = third.get_by_role("button", name=f"Put a dot on: {ALPHA}")
    expect(forced).to_be_disabled()
    # (in one step: the page script would disable it again on its next sync)
    forced.evaluate("button => { button.disabled = false; button.click(); }")
    expect(third.get_by_role("alert")).to_have_text(
        "You have used all your dots. Take one back to move it.")
    expect_dots_left(third, 0)

    vote(phones[3], ("+", ALPHA), ("+", ALPHA), ("+", GAMMA), ("+", DELTA))
    # The fifth phone does not vote.

    expect(projector.locator('[data-count="voted"]')).to_have_text("4")
    expect(projector.locator('[data-count="dots"]')).to_have_text("17")
    expect(facilitator.locator("#participation")).to_contain_text("4 have voted (17 dots)")
    expect(facilitator.locator("#tally .result-text")).to_have_text([GAMMA, ALPHA, BETA, DELTA])
    screenshot(facilitator, "facilitator-voting", full_page=True)
    screenshot(projector, "projector-voting")
    screenshot(first, "phone-voting")
    screenshot(phones[-1], "small-phone-voting", full_page=True)

    # Results: the same ranking, with shared rank for equal dots, everywhere.
    facilitator.get_by_role("button", name="Stop timer").click()
    next_phase(facilitator, "Results")
    for page in phones + [projector]:
        expect(page.locator("#timer")).to_be_hidden()
        expect(page.locator("ol.results li")).to_have_count(4)
        expect(page.locator("ol.results .result-text")).to_have_text([GAMMA, ALPHA, BETA, DELTA])
        expect(page.locator("ol.results .result-count")).to_have_text(
            ["6 dots", "5 dots", "3 dots", "3 dots"])
        expect(page.locator("ol.results .rank")).to_have_text(["1.", "2.", "3.", "3."])
    for phone in phones:
        expect(phone.get_by_role("heading", level=1)).to_have_text("Results")
        expect_not_reloaded(phone)
    expect(third.locator("#flash")).to_be_empty()  # the refusal was about voting
    screenshot(facilitator, "facilitator-results", full_page=True)
    screenshot(projector, "projector-results")
    screenshot(first, "phone-results", full_page=True)


def test_every_page_passes_axe_in_every_phase(open_page, check_accessibility):
    phone = open_page(PHONES[2], phone=True)
    check_accessibility(phone, "start page, phone")
    phone.goto("/w/NOPE12")
    expect(phone.get_by_role("heading", name="That did not work")).to_be_visible()
    check_accessibility(phone, "refusal page")

    facilitator = open_page(DESKTOP)
    check_accessibility(facilitator, "start page, desktop")
    workshop = create_workshop(facilitator, "Accessible by default")
    projector = open_page(PROJECTOR)
    projector.goto(workshop["projector_url"])
    phone.goto(workshop["join_url"])
    check_accessibility(phone, "join page")
    phone.get_by_role("button", name="Join the workshop").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Welcome")
    views = {"phone": phone, "facilitator": facilitator, "projector": projector}

    def check_every_view(phase: str) -> None:
        for name, page in views.items():
            check_accessibility(page, f"{name} page, {phase}")

    check_every_view("welcome")
    next_phase(facilitator, "Topics")
    facilitator.get_by_role("button", name="Start timer").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Topics")
    post_topic(phone, ALPHA)
    post_topic(phone, GAMMA)
    expect(topic_texts(projector)).to_have_text([GAMMA, ALPHA])
    facilitator.locator("summary", has_text="Edit").first.click()  # an open edit form too
    expect(facilitator.get_by_label("Text", exact=True).first).to_be_visible()
    check_every_view("topics")
    facilitator.get_by_role("button", name="Group", exact=True).click()  # themes everywhere
    expect(projector.locator(".theme-column")).not_to_have_count(0, timeout=FIRST_GROUPING_MS)
    expect(phone.get_by_text(re.compile(r"^Samla sorted the posts into \d+ themes?$"))
           ).to_be_visible()
    check_every_view("topics, grouped into themes")

    facilitator.get_by_role("link", name=f"Merge: {ALPHA}").click()
    expect(facilitator.get_by_role("heading", level=1)).to_contain_text(ALPHA)
    check_accessibility(facilitator, "merge page")
    facilitator.get_by_role("link", name="Cancel").click()

    next_phase(facilitator, "Voting")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Voting")
    vote(phone, ("+", GAMMA), ("+", GAMMA), ("+", GAMMA))
    check_every_view("voting")

    next_phase(facilitator, "Results")
    expect(projector.locator("ol.results li")).to_have_count(2)
    expect(phone.locator("ol.results li")).to_have_count(1)  # phones: what got dots
    expect(phone.locator("#tally")).to_contain_text("1 more got no dots.")
    check_every_view("results")


def tab_to(page: Page, target, most: int = 10) -> int:
    """Press Tab until the target has focus; returns how many presses it took."""
    for presses in range(most + 1):
        if target.evaluate("element => element === document.activeElement"):
            return presses
        page.keyboard.press("Tab")
    raise AssertionError(f"{most} presses of Tab did not reach {target}")


def expect_focus_visible(page: Page) -> None:
    ring = page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return {outline: style.outlineStyle, width: style.outlineWidth, shadow: style.boxShadow};
    }""")
    assert (ring["outline"] != "none" and ring["width"] != "0px") or ring["shadow"] != "none", \
        f"no visible focus on {page.evaluate('document.activeElement.outerHTML')}: {ring}"


def test_a_topic_can_be_posted_with_the_keyboard_alone(open_page):
    facilitator = open_page(DESKTOP)
    workshop = create_workshop(facilitator, "Keys only")
    phone = open_page(PHONES[-1], phone=True)
    join(phone, workshop["join_url"])
    skip_link = phone.get_by_role("link", name="Skip to content")
    assert tab_to(phone, skip_link) == 1
    expect(skip_link).to_be_in_viewport()
    expect_focus_visible(phone)

    next_phase(facilitator, "Topics")
    # The page switches by itself and takes the focus to the new phase's heading.
    expect(phone.get_by_role("heading", name="Topics", level=1)).to_be_focused()
    assert tab_to(phone, phone.get_by_label("Your topic")) == 1
    expect_focus_visible(phone)
    phone.keyboard.type(GAMMA)
    expect(phone.locator("#topic-count")).to_have_text(f"{len(GAMMA)} of 200 characters")
    assert tab_to(phone, phone.get_by_role("button", name="Post topic")) == 1
    expect_focus_visible(phone)
    phone.keyboard.press("Enter")

    expect(topic_texts(phone)).to_have_text([GAMMA])
    expect(topic_texts(facilitator)).to_have_text([GAMMA])
    expect(phone.get_by_label("Your topic")).to_have_value("")
