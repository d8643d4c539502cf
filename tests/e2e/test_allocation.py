"""Fördela 100 poäng in a real browser on a 360 px phone, with the keyboard alone: the
steppers and a typed number change only their own row, what is left stays in sight and
is announced (the same live region), the focus stays on the pressed control, saving is
possible only at exactly 100; the projector's bars fit the screen; axe-core finds
nothing serious."""

import re

from playwright.sync_api import expect

from tests.e2e.test_live_workshop import DESKTOP, create_workshop, join, next_phase
from tests.e2e.test_phone_keyboard import SMALL, press
from tests.e2e.test_projector_fits import SIZES, check_fits

CHILDREN, PAPERS, TRAVEL = ("Time with children and families",
                            "Documentation and administration", "Travel")


def field(phone, option: str):
    return phone.get_by_role("spinbutton", name=option, exact=True)


def test_a_phone_shares_100_points_with_the_keyboard(open_page, check_accessibility,
                                                     screenshot):
    facilitator = open_page(DESKTOP)
    workshop = create_workshop(facilitator, "Where the time goes", method="time_use")
    projector = open_page(SIZES[0])
    projector.goto(workshop["projector_url"])
    phone = open_page(SMALL, phone=True)
    join(phone, workshop["join_url"])
    next_phase(facilitator, "Where does the time go?")
    expect(facilitator.get_by_label(re.compile("^Options, one on each line"))).to_have_value(
        re.compile(f"^{CHILDREN}\n"))
    facilitator.get_by_role("button", name="Save the options").click()
    left = phone.locator("#allocation-left")
    expect(left).to_have_text("Left: 100 of 100")
    left.evaluate("region => { region.samlaKept = true; }")
    save = phone.get_by_role("button", name="Save my points")
    expect(save).to_be_disabled()
    check_accessibility(phone, "phone, 100 points")

    more = phone.get_by_role("button", name=f"5 more: {CHILDREN}")
    press(phone, more)
    expect(field(phone, CHILDREN)).to_have_value("5")
    expect(left).to_have_text("Left: 95 of 100")
    expect(more).to_be_focused()
    press(phone, more)
    expect(field(phone, CHILDREN)).to_have_value("10")
    expect(more).to_be_focused()
    fewer = phone.get_by_role("button", name=f"1 fewer: {CHILDREN}")
    press(phone, fewer)
    expect(field(phone, CHILDREN)).to_have_value("9")
    expect(fewer).to_be_focused()

    typed = field(phone, PAPERS)
    typed.focus()
    typed.press("Control+a")
    phone.keyboard.type("71")
    expect(left).to_have_text("Left: 20 of 100")
    expect(typed).to_be_focused()
    expect(typed).to_have_value("71")
    expect(save).to_be_disabled()
    travel = phone.get_by_role("button", name=f"5 more: {TRAVEL}")
    for expected in ("5", "10", "15", "20"):
        press(phone, travel)
        expect(field(phone, TRAVEL)).to_have_value(expected)
    expect(left).to_have_text("Left: 0 of 100. Ready to save!")
    press(phone, travel)  # nothing left: nothing changes, no other row either
    expect(field(phone, TRAVEL)).to_have_value("20")
    expect(field(phone, CHILDREN)).to_have_value("9")
    assert left.evaluate("region => region.samlaKept === true")

    press(phone, save)
    expect(phone.locator("#status")).to_have_text(
        "Saved! You can change your points until the facilitator moves on.")
    expect(save).to_be_focused()
    check_accessibility(phone, "phone, 100 points saved")
    screenshot(phone, "phone-allocation", full_page=True)

    expect(projector.locator("#progress")).to_have_text("1 of 1 has shared their points")
    expect(projector.locator("#allocation-bar-2")).to_contain_text("71 %")
    for size in SIZES:
        projector.set_viewport_size(size)
        check_fits(projector, f"allocation {size['width']}", {"allocation-bars": 5})
    check_accessibility(projector, "projector, 100 points")
    check_accessibility(facilitator, "facilitator, 100 points")
    screenshot(projector, "projector-allocation")
