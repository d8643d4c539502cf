"""Aktörskarta in a real browser on a 360 px phone, with the keyboard: naming actors
leaves the focus in the title field for the next one, Samla merges the same actor
written differently, the projector's map fits the screen; axe-core clean."""

from playwright.sync_api import expect

from tests.e2e.test_allocation import FourGroupsRoom
from tests.e2e.test_live_workshop import DESKTOP, create_workshop, join, next_phase
from tests.e2e.test_phone_keyboard import SMALL, press
from tests.e2e.test_projector_fits import SIZES, new_room, notes, watch  # noqa: F401
from workshop.activities.actors.actions import TITLE_MAX_CHARS


def test_a_phone_names_actors_and_the_map_merges_them(open_page, check_accessibility,
                                                      screenshot):
    facilitator = open_page(DESKTOP)
    workshop = create_workshop(facilitator, "Who they meet", method="actors")
    projector = open_page(SIZES[0])
    projector.goto(workshop["projector_url"])
    phone = open_page(SMALL, phone=True)
    join(phone, workshop["join_url"])
    next_phase(facilitator, "Who does the family meet?")
    title = phone.get_by_label("Who do they meet? A title or a place, e.g. school counsellor")
    check_accessibility(phone, "phone, actor map")
    for written, organisation in (("Skolkuratorn", None), ("kurator i skolan", None),
                                  ("BUP", "Region")):
        title.focus()
        phone.keyboard.type(written)
        if organisation:
            phone.get_by_role("radio", name=organisation).check()
        press(phone, phone.get_by_role("button", name="Add the actor"))
        expect(phone.locator("#status")).to_have_text(f"Added: {written}")
        expect(title).to_be_focused()  # ready for the next one
        expect(title).to_have_value("")
    expect(phone.get_by_role("heading", name="You have named 3 actors")).to_be_visible()
    remove = phone.get_by_role("button", name="Remove: BUP")
    press(phone, remove)
    expect(phone.get_by_role("heading", name="You have named 2 actors")).to_be_visible()
    # Its button is gone: the focus goes to the first control of the list it was in.
    expect(phone.get_by_role("button", name="Remove: Skolkuratorn")).to_be_focused()
    check_accessibility(phone, "phone, actors named")
    screenshot(phone, "phone-actors", full_page=True)

    bubble = projector.locator("#actors-kommun li")
    expect(bubble).to_have_count(1)
    expect(bubble).to_contain_text("Skolkuratorn 2")
    check_accessibility(projector, "projector, actor map")
    facilitator.get_by_role("button", name="Split off: kurator i skolan").click()
    expect(bubble).to_have_count(2)
    check_accessibility(facilitator, "facilitator, actor map")
    screenshot(projector, "projector-actors")


def test_the_actor_map_fits_the_projector_with_many_long_actors(new_room, watch):
    room = new_room("actors")
    projector, look = watch(room)
    look("welcome", {})
    room.next_phase()
    titles = [text[:TITLE_MAX_CHARS] for text in notes(90, skip=200)]
    for n, phone in enumerate(room.phones):
        for title in titles[n::len(room.phones)]:
            room.phone_does(phone, "actors", title=title,
                            organisation=("kommun", "region", "annan")[len(title) % 3])
        room.phone_does(phone, "actors", title="Skolkuratorn", organisation="kommun")
    expect(projector.locator(".actor")).not_to_have_count(0)
    kommun, region, annan = (sum(1 for t in titles if len(t) % 3 == n) for n in range(3))
    look("actors", {"actors-kommun": kommun + 1, "actors-region": region,
                    "actors-annan": annan})


def test_the_actor_map_per_group_fits_the_projector(live_server, watch):
    """90 long actors named by twelve phones in four groups, all shown (k = 3), with the
    facilitator's switch showing the people per actor per group on the projector."""
    room = FourGroupsRoom(live_server, "actors")
    try:
        room.facilitate("groups/projector", groups_on_projector="on")
        projector, look = watch(room)
        room.next_phase()
        titles = [text[:TITLE_MAX_CHARS] for text in notes(90, skip=200)]
        for n, phone in enumerate(room.phones):
            for title in titles[n::len(room.phones)]:
                room.phone_does(phone, "actors", title=title,
                                organisation=("kommun", "region", "annan")[len(title) % 3])
            room.phone_does(phone, "actors", title="Skolkuratorn", organisation="kommun")
        expect(projector.locator(".group-table")).to_have_count(1)
        look("actors", {"groups-actors-people": len(set(titles)) + 1})
    finally:
        room.close()
