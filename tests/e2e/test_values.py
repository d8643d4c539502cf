"""Värderingsövning in a real browser on a 360 px phone, with the keyboard: round 1
alone, nothing on the projector until the facilitator shows it, a table's position,
round 2, and the change on the projector, which fits the screen; axe-core clean."""

import random
import re

from playwright.sync_api import expect

from tests.e2e.test_allocation import FourGroupsRoom
from tests.e2e.test_live_workshop import DESKTOP, create_workshop, join, next_phase
from tests.e2e.test_phone_keyboard import SMALL, press
from tests.e2e.test_projector_fits import SIZES, new_room, notes, watch  # noqa: F401
from workshop.activities.values.actions import STATEMENT_MAX_CHARS, STATEMENTS_MAX

STATEMENTS = ["Every child should get the same support",
              "Those who need it most should get help first",
              "Parents know best what their child needs"]


def choose(phone, statement: str, position: str) -> None:
    """Tick a step of a statement's scale with the keyboard: focus its radio, press Space."""
    radio = phone.locator("#values-form").get_by_role("group", name=statement).get_by_role(
        "radio", name=position,
                                                                   exact=True)
    radio.focus()
    phone.keyboard.press("Space")
    expect(radio).to_be_checked()


def test_round_one_alone_then_the_tables_then_the_change(open_page, check_accessibility,
                                                         screenshot):
    facilitator = open_page(DESKTOP)
    workshop = create_workshop(facilitator, "Where we stand", method="values")
    projector = open_page(SIZES[0])
    projector.goto(workshop["projector_url"])
    phone = open_page(SMALL, phone=True)
    join(phone, workshop["join_url"])
    next_phase(facilitator, "Where do you stand?")
    facilitator.get_by_label("Statements, one on each line").fill("\n".join(STATEMENTS))
    facilitator.get_by_role("button", name="Save the statements").click()

    choose(phone, STATEMENTS[0], "Agree completely")
    choose(phone, STATEMENTS[1], "Hardly agree")
    check_accessibility(phone, "phone, values round 1")
    save = phone.get_by_role("button", name="Save my answers")
    press(phone, save)
    expect(phone.locator("#status")).to_contain_text("Saved! Nobody sees your answers.")
    expect(save).to_be_focused()
    expect(projector.locator("#values-results")).to_contain_text("1 has answered.")
    expect(projector.locator(".values-counts")).to_have_count(0)
    screenshot(phone, "phone-values", full_page=True)

    facilitator.get_by_role("button", name="Show round 1 to the room").click()
    expect(projector.locator(".values-counts")).to_have_count(3)
    round_one = projector.locator("#values-statement-1 .values-counts")
    expect(round_one).to_have_text(["1 · 0 · 0 · 0"])
    phone.locator("summary", has_text="Record your table's position").click()
    phone.get_by_label("Table", exact=True).select_option("2")
    group = phone.locator("#group-form")
    radio = group.get_by_role("group", name=STATEMENTS[0]).get_by_role(
        "radio", name="Agree partly", exact=True)
    radio.focus()
    phone.keyboard.press("Space")
    table_save = phone.get_by_role("button", name="Save the table's position")
    press(phone, table_save)
    expect(phone.locator("#status")).to_have_text("Saved for table 2.")
    expect(table_save).to_be_focused()
    expect(round_one).to_have_text(["1 · 0 · 0 · 0", "0 · 1 · 0 · 0"])  # round 1, tables

    choose(phone, STATEMENTS[0], "Agree partly")
    new = phone.get_by_role("button", name="Save my new answers")
    press(phone, new)
    expect(new).to_be_focused()
    check_accessibility(phone, "phone, values round 2")
    facilitator.get_by_role("button", name="Show the change to the room").click()
    expect(projector.locator("#values-statement-1 .values-shift")).to_contain_text(
        re.compile(r"1 of 1 moved:\s+0 toward agreeing,\s+1 toward disagreeing,\s+on average 1 step."))
    check_accessibility(projector, "projector, values")
    check_accessibility(facilitator, "facilitator, values")
    screenshot(projector, "projector-values")


def test_values_fits_the_projector_with_10_long_statements(new_room, watch):
    room = new_room("values")
    projector, look = watch(room)
    look("welcome", {})
    room.next_phase()
    statements = [text[:STATEMENT_MAX_CHARS] for text in notes(STATEMENTS_MAX, skip=40)]
    room.facilitate("values/statements", statements="\n".join(statements))
    chooser = random.Random(3)
    for phone in room.phones:
        room.phone_does(phone, "values", **{f"statement-{n}": str(chooser.randint(1, 4))
                                            for n in range(1, STATEMENTS_MAX + 1)})
    look("values", {})
    room.facilitate("values/show", show="1")
    for table in range(1, 7):
        room.facilitate("values/group-entry", table=str(table),
                        **{f"group-{n}": str(chooser.randint(1, 4)) for n in range(1, 11)})
    for phone in room.phones:
        room.phone_does(phone, "values", **{f"statement-{n}": str(chooser.randint(1, 4))
                                            for n in range(1, STATEMENTS_MAX + 1)})
    room.facilitate("values/show", show="2")
    expect(projector.locator(".values-shift")).to_have_count(STATEMENTS_MAX)
    look("values", {"values-statements": STATEMENTS_MAX})


def test_values_fits_with_results_per_group_on_the_projector(live_server, watch):
    """10 long statements with the facilitator's switch showing results per group on the
    projector, four groups shown: round 1's answers per group, then the change."""
    room = FourGroupsRoom(live_server, "values")
    try:
        room.facilitate("groups/projector", groups_on_projector="on")
        projector, look = watch(room)
        room.next_phase()
        statements = [text[:STATEMENT_MAX_CHARS] for text in notes(STATEMENTS_MAX, skip=40)]
        room.facilitate("values/statements", statements="\n".join(statements))
        chooser = random.Random(3)
        for answer_round in (1, 2):
            for phone in room.phones:
                room.phone_does(phone, "values", **{
                    f"statement-{n}": str(chooser.randint(1, 4))
                    for n in range(1, STATEMENTS_MAX + 1)})
            room.facilitate("values/show", show=str(answer_round))
            look("values", {"groups-values-first": 4 * STATEMENTS_MAX} if answer_round == 1
                 else {"groups-values-net": STATEMENTS_MAX})
    finally:
        room.close()
