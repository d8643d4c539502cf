"""Auto-schedule on the wall: the workshop's rooms, slots, sessions and interest marks
handed to workshop.scheduling.schedule (simulated annealing over slots, rooms by exact
assignment; its docstring and benchmarks/README.md say why and how well), and its
agenda written back.

What stays where it is: pinned sessions, and every session in a slot that has begun
(it is under way or over); nothing new goes into a slot that has begun, nor into a
plenary slot. The agenda on the wall is the previous one, so a re-run moves few.
"""

from collections import defaultdict
from datetime import datetime

from workshop.activities.agenda import queries
from workshop.activities.agenda.wall import started_slots
from workshop.activities.marketplace import queries as market
from workshop.scheduling import Agenda, Room, Session, Slot, schedule

LEAST_EXPOSURE = 0.01  # a session posted after the last mark: as good as unseen


def auto_schedule(store, workshop: dict, now: datetime) -> Agenda:
    """Propose an agenda and put it on the wall; returns it (cells, unplaced, stats)."""
    rooms = queries.rooms(store, workshop["id"])
    slots = queries.slots(store, workshop["id"])
    begun = started_slots(workshop, slots, now)
    placed = queries.placements(store, workshop["id"])
    sessions = scheduled_sessions(store, workshop, placed, begun)
    agenda = schedule([Room(r["id"], r["capacity"]) for r in rooms],
                      [Slot(s["id"], blocked=bool(s["plenary"]) or s["id"] in begun)
                       for s in slots],
                      sessions,
                      previous={sid: (p["room_id"], p["slot_id"]) for sid, p in placed.items()})
    fixed = {s.id for s in sessions if s.pinned_cell or s.started}
    queries.replace_unfixed(store, workshop["id"], fixed, agenda.cells)
    return agenda


def scheduled_sessions(store, workshop: dict, placed: dict, begun: set[int]) -> list[Session]:
    """Each visible session as the scheduler sees it: its convenor, who is interested,
    its pinned cell, whether it has started, and its exposure (the share of all interest
    marks made after it was posted)."""
    marks = market.interests(store, workshop["id"])
    interested = defaultdict(set)
    for mark in marks:
        interested[mark["session_id"]].add(mark["participant_id"])
    sessions = []
    for s in market.sessions(store, workshop["id"]):
        cell = placed.get(s["id"])
        later = sum(1 for mark in marks if mark["created_at"] >= s["created_at"])
        sessions.append(Session(
            s["id"], convenors=frozenset({s["participant_id"]} - {None}),
            interested=frozenset(interested[s["id"]]),
            pinned_cell=(cell["room_id"], cell["slot_id"]) if cell and cell["pinned"] else None,
            started=bool(cell) and cell["slot_id"] in begun,
            exposure=max(LEAST_EXPOSURE, later / len(marks)) if marks else 1.0))
    return sessions
