"""Participant groups in a browser: the facilitator's group card and QR sheet, and a
360 px phone joining by a group's own link, choosing with the keyboard alone; axe-core
on every page."""

from playwright.sync_api import expect

from tests.e2e.test_live_workshop import DESKTOP, create_workshop
from tests.e2e.test_phone_keyboard import SMALL, press

GROUPS = ["Young people 13–17", "School staff", "Social services staff"]


def test_a_phone_joins_by_its_groups_link_and_keeps_the_keyboard_focus_while_choosing(
        open_page, check_accessibility, screenshot):
    facilitator = open_page(DESKTOP)
    create_workshop(facilitator, "Youth round", method="youth_dialogue")
    card = facilitator.get_by_role("region", name="Groups")
    for label in GROUPS:
        expect(card.get_by_text(label, exact=True)).to_be_visible()
    check_accessibility(facilitator, "facilitator with groups")
    staff_link = card.get_by_role("link", name="?group=2").get_attribute("href")

    with facilitator.context.expect_page() as opened:
        facilitator.get_by_role("link", name="Print a QR code for each group").click()
    sheet = opened.value
    sheet.wait_for_load_state()
    expect(sheet.get_by_role("heading", level=2)).to_have_text(GROUPS)
    expect(sheet.locator(".qr-code svg")).to_have_count(3)
    check_accessibility(sheet, "QR codes per group")

    phone = open_page(SMALL, phone=True)
    phone.goto(staff_link)
    choice = phone.get_by_role("group", name="Which group do you belong to?")
    expect(choice.get_by_role("radio", name="School staff")).to_be_checked()
    expect(choice.get_by_role("radio", name="Rather not say")).not_to_be_checked()
    for radio in choice.get_by_role("radio").all():
        assert radio.locator("xpath=..").bounding_box()["height"] >= 44  # a thumb's target
    check_accessibility(phone, "join page with groups, 360 px")
    screenshot(phone, "join-with-groups-360")

    # The keyboard alone: arrows move the choice and the focus stays on it; Tab reaches
    # the button; Enter joins.
    chosen = choice.get_by_role("radio", name="School staff")
    chosen.focus()
    phone.keyboard.press("ArrowDown")
    expect(choice.get_by_role("radio", name="Social services staff")).to_be_focused()
    expect(choice.get_by_role("radio", name="Social services staff")).to_be_checked()
    phone.keyboard.press("ArrowUp")
    expect(chosen).to_be_focused()
    expect(chosen).to_be_checked()
    phone.keyboard.press("Tab")
    join_button = phone.get_by_role("button", name="Join the workshop")
    expect(join_button).to_be_focused()
    press(phone, join_button)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Welcome")
    check_accessibility(phone, "phone after joining a group")

    facilitator.reload()
    expect(facilitator.get_by_role("region", name="Groups")).to_contain_text(
        "School staff · 1 has joined")
