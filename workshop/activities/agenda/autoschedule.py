"""Auto-schedule on the wall: the workshop's rooms, slots, sessions and interest marks
handed to workshop.scheduling.schedule (simulated annealing over slots, rooms by exact
assignment; its docstring and benchmarks/README.md say why and how well), and its
agenda written back.

What stays where it is: pinned sessions, and every session in a slot that has begun
(it is under way or over); nothing new goes into a slot that has begun, nor into a
plenary slot. The agenda on the wall is the previous one, so a re-run moves few.
"""

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from workshop.activities.agenda import queries
from workshop.activities.agenda.wall import started_slots
from workshop.activities.marketplace import queries as market
from workshop.scheduling import Agenda, Room, Session, Slot, schedule

LEAST_EXPOSURE = 0.01  # a session posted after the last mark: as good as unseen


@dataclass
class WallProblem:
    """What the scheduler is given, read from the wall: ready to solve off the event loop
    (`solve` touches no database), then written back with `put_on_wall`."""
    rooms: list[Room]
    slots: list[Slot]
    sessions: list[Session]
    previous: dict

    def solve(self) -> Agenda:
        return schedule(self.rooms, self.slots, self.sessions, previous=self.previous)

    @property
    def fixed(self) -> set:
        """Pinned sessions and those in a slot that has begun: they stay where they are."""
        return {s.id for s in self.sessions if s.pinned_cell or s.started}


def wall_problem(store, workshop: dict, now: datetime) -> WallProblem:
    """The workshop's rooms, slots (plenary ones and those begun by `now` blocked),
    sessions and the agenda on the wall."""
    slots = queries.slots(store, workshop["id"])
    begun = started_slots(workshop, slots, now)
    placed = queries.placements(store, workshop["id"])
    return WallProblem(
        [Room(r["id"], r["capacity"]) for r in queries.rooms(store, workshop["id"])],
        [Slot(s["id"], blocked=bool(s["plenary"]) or s["id"] in begun) for s in slots],
        scheduled_sessions(store, workshop, placed, begun),
        {sid: (p["room_id"], p["slot_id"]) for sid, p in placed.items()})


class WallChanged(Exception):
    """The wall changed while the scheduler ran (a phone claimed a cell): nothing written."""


def put_on_wall(store, workshop: dict, problem: WallProblem, agenda: Agenda) -> None:
    """Write the proposal, unless the wall is no longer the one it was made from
    (WallChanged; also when another process took a cell it uses as it was written)."""
    placed = queries.placements(store, workshop["id"])
    if {sid: (p["room_id"], p["slot_id"]) for sid, p in placed.items()} != problem.previous:
        raise WallChanged
    try:
        queries.replace_unfixed(store, workshop["id"], problem.fixed, agenda.cells)
    except sqlite3.IntegrityError:
        raise WallChanged


def auto_schedule(store, workshop: dict, now: datetime) -> Agenda:
    """Propose an agenda and put it on the wall; returns it (cells, unplaced, stats)."""
    problem = wall_problem(store, workshop, now)
    agenda = problem.solve()
    put_on_wall(store, workshop, problem, agenda)
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
