"""Changing a workshop's plan in a real browser, by keyboard: the editor stays open and
the focus stays on the pressed button while the change comes back live; adding a phase
takes two steps (the activity, then its settings). Checked with axe-core."""

from playwright.sync_api import Page, expect

from tests.e2e.test_live_workshop import DESKTOP, PHONES, create_workshop, join, next_phase


def steps(facilitator: Page):
    return facilitator.locator("#stage .steps li")


def press(page: Page, name: str) -> None:
    """Focus a button of the plan editor and press Enter, as a keyboard user does."""
    page.get_by_role("button", name=name, exact=True).focus()
    page.keyboard.press("Enter")


def test_a_facilitator_reorders_removes_and_adds_phases_by_keyboard(open_page,
                                                                    check_accessibility):
    facilitator = open_page(DESKTOP)
    workshop = create_workshop(facilitator, "Plan in motion")
    phone = open_page(PHONES[0], phone=True)
    join(phone, workshop["join_url"])
    facilitator.locator("#plan-editor summary").click()
    expect(facilitator.get_by_role("button", name="Remove: Voting")).to_be_visible()
    check_accessibility(facilitator, "facilitator, plan editor open")

    press(facilitator, "Move down: Topics")
    expect(steps(facilitator)).to_have_text(["Welcome", "Voting", "Topics", "Results"])
    # The live swap keeps the editor open and the keyboard on the pressed button.
    expect(facilitator.get_by_role("button", name="Move down: Topics")).to_be_focused()
    press(facilitator, "Move up: Topics")
    expect(steps(facilitator)).to_have_text(["Welcome", "Topics", "Voting", "Results"])
    # Its "Move up" is off now (nothing comes before it that may move): focus goes down.
    expect(facilitator.get_by_role("button", name="Move down: Topics")).to_be_focused()
    press(facilitator, "Remove: Results")
    expect(steps(facilitator)).to_have_text(["Welcome", "Topics", "Voting"])
    expect(facilitator.locator("#plan-editor summary")).to_be_focused()

    facilitator.get_by_label("Add a phase").select_option(label="Voting")
    facilitator.get_by_role("button", name="Choose settings").click()
    expect(facilitator.get_by_role("heading", name="Add a phase: Voting")).to_be_visible()
    check_accessibility(facilitator, "add a phase")
    facilitator.get_by_label("Name of the phase").fill("Second vote")
    facilitator.get_by_label("Dots per participant").fill("3")
    facilitator.get_by_label("Max dots on one topic").fill("2")
    facilitator.get_by_role("button", name="Add the phase").click()
    expect(steps(facilitator)).to_have_text(["Welcome", "Topics", "Voting", "Second vote"])

    next_phase(facilitator, "Topics")
    expect(phone.get_by_role("heading", name="Topics", level=1)).to_be_visible()
    # An activity whose settings are choices gets a list for each.
    facilitator.goto(f"/w/{workshop['code']}/plan/new?activity=topics")
    expect(facilitator.get_by_label("Where the posts go")).to_be_visible()
    check_accessibility(facilitator, "add a phase, settings with choices")
