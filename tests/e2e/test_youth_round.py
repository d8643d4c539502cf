"""A youth round (the Ungdomsdialog method) on a 360 px phone: joined by the young
people's own link with their group chosen, no name asked, larger text, a post with a
phone number held with a kind note, the facilitator approving it by keyboard, the post
then on every screen; axe-clean throughout. Phone numbers are in PTS's fiction range."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.test_live_workshop import DESKTOP, PROJECTOR, create_workshop, next_phase

SMALL = {"width": 360, "height": 740}
HELD = "Ring mig på 070-174 06 05 om skateparken"
ALSO_HELD = "Mejla lisa.berg@example.se om fritidsgården"
CLEAN = "Fler lampor vid skateparken"


def create_youth_workshop(facilitator: Page) -> dict:
    facilitator.goto("/")
    facilitator.get_by_label("Title").fill("Ungdomsdialog")
    facilitator.get_by_role("radio", name="English").check()
    facilitator.get_by_role("checkbox", name="Youth-safe mode").check()
    facilitator.get_by_role("button", name="Create workshop").click()
    expect(facilitator).to_have_url(re.compile(r"/w/[A-Z0-9]{6}/facilitator$"))
    code = facilitator.locator("dd.code").inner_text()
    return {"join_url": facilitator.get_by_role("link", name=re.compile(f"w.{code}$"))
            .get_attribute("href"),
            "projector_url": facilitator.get_by_role("link", name="Open the projector view")
            .get_attribute("href")}


def post_by_keyboard(phone: Page, text: str) -> None:
    field = phone.get_by_label("Your topic")
    field.focus()
    phone.keyboard.type(text)
    phone.get_by_role("button", name="Post topic").focus()
    phone.keyboard.press("Enter")


def test_a_held_post_waits_with_a_kind_note_until_the_facilitator_approves_it(
        open_page, check_accessibility, screenshot):
    facilitator = open_page(DESKTOP)
    workshop = create_workshop(facilitator, "Ungdomsdialog", method="youth_dialogue")
    young = facilitator.get_by_role("region", name="Groups").get_by_role(
        "link", name="?group=1").get_attribute("href")
    projector = open_page(PROJECTOR)
    projector.goto(workshop["projector_url"])
    phone = open_page(SMALL, phone=True)
    phone.goto(young)

    expect(phone.get_by_text("You do not write your name. Nobody sees who wrote what.")) \
        .to_be_visible()
    expect(phone.get_by_role("radio", name="Young people 13–17")).to_be_checked()
    expect(phone.get_by_label(re.compile("name", re.I))).to_have_count(0)
    assert phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 19
    check_accessibility(phone, "youth-safe join page with the group chosen")
    phone.get_by_role("button", name="Join the workshop").click()
    next_phase(facilitator, "Your ideas")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your ideas")
    expect(phone.get_by_text("Do not write names, phone numbers or where someone lives.")) \
        .to_be_visible()

    post_by_keyboard(phone, HELD)
    expect(phone.locator("#status")).to_have_text(
        "Thank you! Your post looks like it contains a phone number. A grown-up will look at "
        "it first, so that nobody shares things that should stay private. It is shown when "
        "it has been checked.")
    expect(phone.get_by_label("Your topic")).to_be_focused()  # ready for the next post
    expect(phone.locator(".held-mine")).to_contain_text(HELD)
    screenshot(phone, "youth-round-held-post", full_page=True)
    post_by_keyboard(phone, ALSO_HELD)
    post_by_keyboard(phone, CLEAN)
    expect(projector.get_by_text(CLEAN)).to_be_visible()
    expect(projector.get_by_text(HELD)).to_have_count(0)
    check_accessibility(phone, "youth-safe phone with a held post")

    queue = facilitator.locator("#held-posts")
    expect(queue.locator("li")).to_have_count(2)
    expect(queue.locator("mark").first).to_have_text("070-174 06 05")
    check_accessibility(facilitator, "facilitator with the moderation queue")
    queue.screenshot(path=screenshot(facilitator, "youth-round-facilitator").with_name(
        "youth-round-moderation-queue.png"), animations="disabled", caret="initial")
    approve = facilitator.get_by_role("button", name=f"Approve: {HELD}")
    approve.focus()
    facilitator.keyboard.press("Enter")

    expect(projector.get_by_text(HELD)).to_be_visible()
    expect(queue.locator("li")).to_have_count(1)
    # The pressed button went with its post: the focus is on the next post's first button.
    expect(facilitator.get_by_role("button", name=f"Approve: {ALSO_HELD}")).to_be_focused()
    expect(phone.locator(".held-mine")).not_to_contain_text(HELD)
    expect(phone.locator("#my-topics")).to_contain_text(HELD)
    expect(projector.get_by_text(ALSO_HELD)).to_have_count(0)
    check_accessibility(phone, "youth-safe phone after approval")


def test_the_facilitator_switches_safety_on_and_deletes_the_workshop_after_the_exports(
        open_page, check_accessibility):
    facilitator = open_page(DESKTOP)
    workshop = create_youth_workshop(facilitator)
    facilitator.get_by_role("link", name="Youth-safe mode, reading posts first, deleting").click()
    expect(facilitator.get_by_role("checkbox", name="Youth-safe mode")).to_be_checked()
    check_accessibility(facilitator, "safety settings")
    facilitator.get_by_role("checkbox", name="Read every post before it is shown").check()
    facilitator.get_by_label("Days to keep the workshop after its last activity").fill("30")
    facilitator.get_by_role("button", name="Save").click()
    expect(facilitator.get_by_role("checkbox", name="Read every post before it is shown")) \
        .to_be_checked()
    expect(facilitator.get_by_label("Days to keep the workshop after its last activity")) \
        .to_have_value("30")

    facilitator.get_by_role("link", name="Delete the workshop now…").click()
    for name in ("Excel file (.xlsx)", "JSON, for a follow-up meeting", "Printable report"):
        expect(facilitator.get_by_role("link", name=name)).to_be_visible()
    check_accessibility(facilitator, "delete page")
    facilitator.get_by_role("button", name="Delete “Ungdomsdialog” now").click()
    expect(facilitator.get_by_role("heading", name="The workshop is deleted")).to_be_visible()
    check_accessibility(facilitator, "deleted page")
    phone = open_page(SMALL, phone=True)
    phone.goto(workshop["join_url"])
    expect(phone.get_by_text("There is no workshop with that code.")).to_be_visible()
