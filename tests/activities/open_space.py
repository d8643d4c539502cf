"""An Open Space workshop set up as a facilitator would, for the Open Space tests:
rooms, time slots (lunch blocked), phones that convene sessions."""

import html
import re

from starlette.testclient import TestClient

from tests.flows import act, another_browser, create_workshop, join, move_phase

ROOMS = (("Stora salen", "60"), ("Grupprum 2", "12"), ("Utomhus", ""))
SLOTS = (("10:00", "10:45", ""), ("11:00", "11:45", ""), ("12:00", "13:00", "Lunch"),
         ("13:00", "13:45", ""))
PHASES = {"welcome": 0, "marketplace": 1, "agenda": 2, "breakouts": 3, "convergence": 4,
          "rating": 5, "results": 6}  # the phases' places in the Open Space plan


def open_space(client, **fields) -> dict:
    """A workshop of the Open Space method with its rooms and slots, in the marketplace;
    `fields`: more of the create form (youth_safe="on" …)."""
    workshop = create_workshop(client, method="open_space", **fields)
    code, csrf = workshop["code"], workshop["csrf"]
    for name, capacity in ROOMS:
        assert act(client, f"/w/{code}/space/rooms", csrf, name=name,
                   capacity=capacity).status_code == 204
    for starts, ends, plenary in SLOTS:
        assert act(client, f"/w/{code}/space/slots", csrf, starts=starts, ends=ends,
                   plenary=plenary).status_code == 204
    move_phase(client, workshop, 0)
    return workshop


def go_to(client, workshop: dict, phase: str) -> None:
    """Move the facilitator from the marketplace forward to a later phase."""
    for seen in range(PHASES["marketplace"], PHASES[phase]):
        assert move_phase(client, workshop, seen).status_code == 204


def phone(client, workshop: dict) -> tuple[TestClient, str]:
    """Another phone on the same app: its own cookies; returns it and its CSRF token."""
    other = another_browser(client)
    return other, join(other, workshop["code"])


def convene(client, workshop: dict, csrf: str, title: str, **fields) -> int:
    answer = act(client, f"/w/{workshop['code']}/sessions", csrf, title=title, **fields)
    assert answer.status_code == 200, answer.text
    page = client.get(f"/w/{workshop['code']}").text
    shown = re.escape(html.escape(title, quote=False))
    return int(re.search(rf'id="session-(\d+)-title">{shown}<', page)[1])


def ids_of(page: str, kind: str) -> dict[str, int]:
    """Rooms or slots by name or start time, from the facilitator's set-up panel."""
    pattern = (r'<li id="room-(\d+)">([^<(\n]+)' if kind == "room"
               else r'<li id="slot-(\d+)">(\d\d:\d\d)')
    return {name.strip(): int(number) for number, name in re.findall(pattern, page)}
