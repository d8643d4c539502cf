"""Auto-schedule on the wall: what it reads from the workshop and writes back. (The
scheduler's own quality: tests/test_scheduling.py and benchmarks/agenda_schedule.py.)"""

from datetime import datetime

import pytest

from tests.activities.agenda.built import built_workshop
from workshop.activities.agenda import queries
from workshop.activities.agenda.autoschedule import (
    WallChanged,
    auto_schedule,
    put_on_wall,
    wall_problem,
)
from workshop.activities.agenda.wall import STOCKHOLM, workshop_day
from workshop.activities.marketplace import queries as market


def morning(workshop, hour: int = 8, minute: int = 0) -> datetime:
    day = workshop_day(workshop)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM)


def cells(store, workshop) -> dict[int, tuple[int, int]]:
    return {sid: (p["room_id"], p["slot_id"])
            for sid, p in queries.placements(store, workshop["id"]).items()}


def interested(store, built, pairs):
    """People who want two sessions each: (session index, session index) per person."""
    for person, (a, b) in enumerate(pairs):
        someone = store.insert_participant(built.workshop["id"], f"p{person}", None)
        for index in (a, b):
            market.set_interest(store, built.workshop["id"], built.sessions[index]["id"],
                                someone["id"], True)


def test_places_every_session_apart_from_those_wanted_together_and_not_at_lunch(store):
    built = built_workshop(store, sessions=6)
    interested(store, built, [(0, 1), (2, 3), (4, 5), (0, 1)])
    agenda = auto_schedule(store, built.workshop, morning(built.workshop))
    placed = cells(store, built.workshop)
    assert agenda.unplaced == [] and len(placed) == 6
    lunch = built.slots[2]
    assert all(slot != lunch for _, slot in placed.values())
    slot_of = {i: placed[s["id"]][1] for i, s in enumerate(built.sessions)}
    assert slot_of[0] != slot_of[1] and slot_of[2] != slot_of[3] and slot_of[4] != slot_of[5]


def test_pinned_sessions_never_move(store):
    built = built_workshop(store, sessions=6)
    first, second = built.sessions[:2]
    for session, cell in ((first, (built.rooms[1], built.slots[3])),
                          (second, (built.rooms[1], built.slots[0]))):
        assert queries.claim(store, built.workshop["id"], session["id"], *cell,
                             pinned=True) == "placed"
    interested(store, built, [(0, 1)] * 5)  # pulls them apart; they stay as pinned
    for _ in range(3):
        auto_schedule(store, built.workshop, morning(built.workshop))
        placed = cells(store, built.workshop)
        assert placed[first["id"]] == (built.rooms[1], built.slots[3])
        assert placed[second["id"]] == (built.rooms[1], built.slots[0])
        assert len(placed) == 6


def test_slots_that_have_begun_keep_their_sessions_and_get_no_new_ones(store):
    built = built_workshop(store, sessions=4)
    under_way = built.sessions[0]
    queries.claim(store, built.workshop["id"], under_way["id"], built.rooms[0], built.slots[0])
    auto_schedule(store, built.workshop, morning(built.workshop, 10, 20))
    placed = cells(store, built.workshop)
    assert placed[under_way["id"]] == (built.rooms[0], built.slots[0])
    assert [s for s, (_, slot) in placed.items() if slot == built.slots[0]] == [under_way["id"]]
    assert len(placed) == 4  # two slots of two rooms are left after 10:20


def test_running_again_after_a_late_session_moves_few(store):
    built = built_workshop(store, sessions=5)
    interested(store, built, [(0, 1), (1, 2), (3, 4)])
    auto_schedule(store, built.workshop, morning(built.workshop))
    before = cells(store, built.workshop)
    latecomer = store.insert_participant(built.workshop["id"], "late", None)
    market.convene(store, built.workshop["id"], latecomer["id"], {
        "title": "Sent påkommen", "line": "", "convenor_name": "", "co_convenors": ""}, 5, 200)
    agenda = auto_schedule(store, built.workshop, morning(built.workshop))
    after = cells(store, built.workshop)
    assert len(after) == 6
    assert sum(1 for s, cell in before.items() if after[s] != cell) <= 1
    assert agenda.stats["moves"] <= 1


def test_a_claim_while_the_scheduler_works_is_kept_and_nothing_is_written(store):
    built = built_workshop(store, sessions=4)
    problem = wall_problem(store, built.workshop, morning(built.workshop))
    agenda = problem.solve()
    claimed = built.sessions[0]
    assert queries.claim(store, built.workshop["id"], claimed["id"], built.rooms[1],
                         built.slots[3], convenor_id=claimed["participant_id"]) == "placed"
    with pytest.raises(WallChanged):
        put_on_wall(store, built.workshop, problem, agenda)
    assert cells(store, built.workshop) == {claimed["id"]: (built.rooms[1], built.slots[3])}
