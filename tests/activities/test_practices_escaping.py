"""Whatever a facilitator or a phone types into the fields of the allocation, values and
actor-map activities shows as text, never as markup, on every page and in every live
payload (the property tests of tests/test_escaping.py, for these fields)."""

import pytest
from hypothesis import assume, given

from tests.flows import act, another_browser, create_workshop, join, move_phase
from tests.test_escaping import HOSTILE, SETTINGS, Room


class PracticeRoom(Room):
    """A workshop of a method in its second phase, a phone and the projector."""

    def __init__(self, client, method: str):
        self.client = client
        self.workshop = create_workshop(client, method=method)
        self.code = self.workshop["code"]
        move_phase(client, self.workshop, 0)
        self.phone = another_browser(client)
        self.phone_csrf = join(self.phone, self.code)
        self.projector = another_browser(client)
        self.projector.get(self.workshop["projector_url"])


@pytest.fixture
def practice(client):
    """practice(method): one room per test, kept across Hypothesis' examples (creating
    workshops is rate-limited)."""
    rooms = {}

    def room(method: str) -> PracticeRoom:
        if method not in rooms:
            rooms[method] = PracticeRoom(client, method)
        return rooms[method]

    return room


@SETTINGS
@given(text=HOSTILE)
def test_an_allocation_option(practice, text):
    room = practice("time_use")
    line = text.replace("\n", " ")
    assume(room.facilitate("allocation/options", options=f"{line}\nAnnat").status_code == 204)
    room.check(line)


@SETTINGS
@given(text=HOSTILE)
def test_a_values_statement(practice, text):
    room = practice("values")
    line = text.replace("\n", " ")
    assume(room.facilitate("values/statements", statements=f"{line}\nAnnat").status_code == 204)
    room.check(line)


@SETTINGS
@given(text=HOSTILE)
def test_an_actors_title_and_note(practice, text):
    room = practice("actors")
    named = act(room.phone, f"/w/{room.code}/actors", room.phone_csrf, title=text,
                organisation="kommun", note=text)
    assume(named.status_code == 200)
    room.check(text, author=room.phone)
