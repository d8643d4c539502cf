"""Fördela 100 poäng in a real browser on a 360 px phone, with the keyboard alone: the
steppers and a typed number change only their own row, what is left stays in sight and
is announced (the same live region), the focus stays on the pressed control, saving is
possible only at exactly 100; the projector's bars fit the screen; axe-core finds
nothing serious."""

import random
import re

import httpx
from playwright.sync_api import expect

from tests.e2e.test_live_workshop import DESKTOP, create_workshop, join, next_phase
from tests.e2e.test_phone_keyboard import SMALL, press
from tests.e2e.test_projector_fits import (  # noqa: F401
    PHONES,
    SIZES,
    Room,
    check_fits,
    new_room,
    notes,
    watch,
)
from tests.flows import join as join_over_http
from workshop.activities.allocation.ballots import OPTION_MAX_CHARS, OPTIONS_MAX

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


def test_time_use_fits_the_projector_with_12_long_options_before_and_after(new_room, watch):
    """Every phase of Tidsmätning, with as many options as a phase takes, each as long as
    an option may be, and twelve phones in both rounds."""
    room = new_room("time_use")
    projector, look = watch(room)
    look("welcome", {})
    room.next_phase()
    options = [(f"{n}. " + " ".join(notes(3, skip=10 * n)))[:OPTION_MAX_CHARS].strip()
               for n in range(1, OPTIONS_MAX + 1)]
    room.facilitate("allocation/options", options="\n".join(options))
    share(room, seed=1)
    expect(projector.locator("#progress")).to_have_text(f"{PHONES} av {PHONES} har delat ut sina poäng")
    look("measure", {"allocation-bars": OPTIONS_MAX})
    room.next_phase()
    room.facilitate("topics/from-paper", notes="\n".join(notes(100)))
    look("ideas", {"topic-list": 100})
    room.next_phase()
    share(room, seed=2)
    expect(projector.locator("#allocation-bar-1 .allocation-value")).to_contain_text("→")
    look("measure-again", {"allocation-bars": OPTIONS_MAX})


def share(room, seed: int) -> None:
    """Each phone shares its 100 points over the options at random."""
    chooser = random.Random(seed)
    for phone in room.phones:
        cuts = sorted(chooser.sample(range(101), OPTIONS_MAX - 1))
        points = [b - a for a, b in zip([0, *cuts], [*cuts, 100])]
        room.phone_does(phone, "allocation", **{f"points-{n}": str(p)
                                                for n, p in enumerate(points, 1)})


class FourGroupsRoom(Room):
    """A Room whose twelve phones join in four groups of three, with k = 3: every group
    is shown, the widest table per group the projector can get from twelve phones."""

    GROUPS = ("Young people 13–17 years old", "Parents and guardians",
              "Staff at school and leisure centre", "Social services staff")

    def join_phones(self):
        for label in self.GROUPS:
            self.facilitate("groups", label=label)
        self.facilitate("groups/protection", group_min_size="3", group_text_min_size="3")
        self.phones = []
        for number in range(1, PHONES + 1):
            phone = httpx.Client(base_url=self.server.url, follow_redirects=True, timeout=30)
            phone.csrf = join_over_http(phone, self.code, group=str(number % len(self.GROUPS) + 1))
            self.phones.append(phone)


def test_time_use_fits_with_mean_shares_per_group_on_the_projector(live_server, watch):
    """Both rounds of Tidsmätning with as many long options as a phase takes, with the
    facilitator's switch showing the mean share per group on the projector."""
    room = FourGroupsRoom(live_server, "time_use")
    try:
        room.facilitate("groups/projector", groups_on_projector="on")
        projector, look = watch(room)
        room.next_phase()
        options = [(f"{n}. " + " ".join(notes(3, skip=10 * n)))[:OPTION_MAX_CHARS].strip()
                   for n in range(1, OPTIONS_MAX + 1)]
        room.facilitate("allocation/options", options="\n".join(options))
        share(room, seed=1)
        look("measure", {"groups-measure-share": OPTIONS_MAX})
        room.next_phase()
        room.next_phase()
        share(room, seed=2)
        look("measure-again", {"groups-measure-again-share": OPTIONS_MAX})
    finally:
        room.close()
