"""Agendavägg (Open Space's agenda wall): rooms × time slots. A convenor claims a free
cell from the phone, first come first served; the facilitator sets up the rooms and
slots (in any phase, beside the stage), places, moves, pins and takes sessions off,
or lets Auto-schedule propose the agenda (workshop.scheduling). The wall shows live on
the projector and phones; phones also show "Nu / Sedan" and their own sessions; the
agenda downloads as an iCalendar file.
"""

import asyncio

from workshop import activities, phases
from workshop.activities import Activity, folder_of, register
from workshop.activities.agenda import actions, queries, space
from workshop.activities.agenda.wall import (
    grid,
    local_now,
    next_turn,
    now_next_context,
    whereabouts,
)
from workshop.activities.marketplace import market_context, marketplace, queries as market
from workshop.events import Event
from workshop.i18n import _
from workshop.realtime import live_part
from workshop.settings import PLENARY_MAX_CHARS, ROOM_MAX_CAPACITY, ROOM_NAME_MAX_CHARS
from workshop.templating import env, render_fragment

env.globals.update(ROOM_NAME_MAX_CHARS=ROOM_NAME_MAX_CHARS, ROOM_MAX_CAPACITY=ROOM_MAX_CAPACITY,
                   PLENARY_MAX_CHARS=PLENARY_MAX_CHARS)

WALL_CHANGED = Event("wall_changed", "Sessions, rooms or time slots on the agenda wall "
                     "changed: replaces the wall (#agenda-wall).")
SPACE_CHANGED = Event("space_changed", "The facilitator changed the rooms or time slots: "
                      "replaces the set-up panel (#space-setup).")
SHOWN_IN = ("agenda", "breakouts")  # the phases whose screens show the wall


class Agenda(Activity):
    def stage(self, live, workshop, phase, role):
        return {**wall_context(live.store, workshop, role), **market_context(
            live.store, workshop, role)}

    def someone_acted(self, live, workshop, phase):
        return bool(market.count_of(live.store, workshop["id"]))

    def blank_personal(self, workshop, phase):
        return {"my_agenda": []}

    def personal(self, store, workshop, phase, participant):
        """Where and when the sessions I convened or marked are, earliest first, with
        the marketplace's own pieces (my marks, my sessions), which the wall's me.html
        shows too (an answer asks only the current activity)."""
        if phase.activity not in SHOWN_IN:
            return {}
        return {**marketplace.personal(store, workshop, phase, participant),
                "my_agenda": my_agenda(store, workshop, participant)}

    def me_context(self, store, workshop, phase, participant, touched=()):
        return marketplace.me_context(store, workshop, phase, participant, touched)

    def panel(self, live, workshop, phase, role):
        """The facilitator's rooms and time slots, beside every phase of a plan with a
        wall (rooms are set up before the marketplace opens)."""
        if role != "facilitator" or not phases.phases_of(workshop, self.key):
            return None
        return space_context(live.store, workshop)

    def panel_open(self, workshop, phase):
        """Never folded by the page: the panel folds itself ("Rum och tider"), open
        while the space has no rooms or no times yet."""
        return True

    def facilitator_links(self, workshop):
        if not phases.phases_of(workshop, self.key):
            return []
        return [(_("Agenda as a calendar file"), "agenda.ics")]


def wall_context(store, workshop: dict, role: str) -> dict:
    """The wall, "Nu / Sedan", whether phones claim cells now, and in the breakouts
    how many are at each session (`here`, else None)."""
    wall = grid(store, workshop)
    activity = phases.current_phase(workshop).activity
    here = activities.read("attendance_now", store, workshop) if activity == "breakouts" \
        else None
    return {"wall": wall, "claiming": activity == "agenda", "here": here,
            **now_next_context(wall, workshop, local_now())}


def space_context(store, workshop: dict) -> dict:
    return {"space": {"rooms": queries.rooms(store, workshop["id"]),
                      "slots": queries.slots(store, workshop["id"])}}


def my_agenda(store, workshop: dict, participant: dict) -> list[dict]:
    """The sessions this phone convened or marked: each with its room and slot (None
    while not on the wall), placed ones by time first."""
    wall = grid(store, workshop)
    where = whereabouts(wall)
    mine = market.my_interests(store, participant["id"])
    sessions = [s for s in market.sessions(store, workshop["id"])
                if s["id"] in mine or s["participant_id"] == participant["id"]]
    entries = [{"session": s, "convenor": s["participant_id"] == participant["id"],
                **where.get(s["id"], {"room": None, "slot": None})} for s in sessions]
    return sorted(entries, key=lambda e: (e["slot"] is None, e["slot"]["starts"]
                                          if e["slot"] else "", e["session"]["id"]))


def shows_wall(workshop: dict) -> bool:
    return phases.current_phase(workshop).activity in SHOWN_IN


@live_part("wall", follows=("sessions",))
def render_wall(realtime, workshop, role, ids):
    """The wall, rendered once per room, wherever the phase shows it."""
    if not shows_wall(workshop):
        return None
    context = wall_context(realtime.store, workshop, role)
    turn_over_later(realtime, workshop, [row["slot"] for row in context["wall"]["rows"]])
    html = render_fragment(agenda.template("wall.html"), "wall", workshop=workshop, role=role,
                           csrf_token="", me=None, **context)
    return WALL_CHANGED, {"target": "agenda-wall", "html": html}


# (realtime, workshop id) -> (when, the loop's timer handle) of the wall's next push.
TURNS: dict[tuple[int, int], tuple] = {}


def turn_over_later(realtime, workshop: dict, slots: list[dict]) -> None:
    """Push the wall again when the next slot starts or ends, so the phones' "Nu /
    Sedan" turns over with nobody tapping (one timer per workshop, moved when the
    slots change)."""
    when = next_turn(workshop, slots, local_now())
    key = (id(realtime), workshop["id"])
    if when is None or TURNS.get(key, (None,))[0] == when:
        return
    if key in TURNS:
        TURNS[key][1].cancel()
    delay = (when - local_now()).total_seconds() + 1
    TURNS[key] = (when, asyncio.get_running_loop().call_later(
        delay, lambda: (TURNS.pop(key, None), realtime.publish(workshop["id"], "wall"))))


@live_part("space", follows=("wall",))
def render_space(realtime, workshop, role, ids):
    """The facilitator's set-up panel, in any phase."""
    if role != "facilitator" or not phases.phases_of(workshop, agenda.key):
        return None
    html = render_fragment(agenda.template("panel-facilitator.html"), "space",
                           workshop=workshop, csrf_token="",
                           **space_context(realtime.store, workshop))
    return SPACE_CHANGED, {"target": "space-setup", "html": html}


agenda = register(Agenda(
    "agenda", folder_of(__file__), participant_actions=frozenset({"claim_cell", "mark_interest"}),
    routes=[*actions.routes, *space.routes], events=(WALL_CHANGED, SPACE_CHANGED), order=71,
    name="Agenda wall"))
