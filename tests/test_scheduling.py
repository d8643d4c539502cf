"""Auto-schedule: conflict-free agendas found, rules never broken, few moves on a re-run."""

import random

import pytest

from workshop.scheduling import (
    Room,
    ScheduleError,
    Session,
    Slot,
    capacity_overflows,
    conflicts,
    convenor_clashes,
    moves,
    schedule,
)

ROOMS = [Room("Hall", 40), Room("Lab", 25), Room("Nook", 12), Room("Kiosk", 8)]
SLOTS = [Slot("9"), Slot("10"), Slot("lunch", blocked=True), Slot("13"), Slot("14"),
         Slot("15"), Slot("16")]


def planted_workshop(seed: int, people: int = 60) -> tuple[list[Session], dict]:
    """24 sessions and an agenda of them with no conflict and no convenor clash: every
    person wants at most one session per slot of that agenda, and each convenor's
    sessions are in different slots. Returns (sessions, the planted cells)."""
    rng = random.Random(seed)
    open_slots = [slot.id for slot in SLOTS if not slot.blocked]
    planted = {f"s{i}": (ROOMS[i % 4].id, open_slots[i // 4]) for i in range(24)}
    by_slot = [[f"s{i}" for i in range(t * 4, t * 4 + 4)] for t in range(6)]
    wants = {s: set() for s in planted}
    for person in range(people):
        for t in rng.sample(range(6), rng.randint(3, 5)):
            wants[rng.choice(by_slot[t])].add(f"p{person}")
    convenor = {s: f"c{i % 18}" for i, s in enumerate(planted)}  # c0..c5 convene two
    sessions = [Session(s, frozenset({convenor[s]}), frozenset(wants[s])) for s in planted]
    return sessions, planted


def slot_of(agenda, session_id):
    return agenda.cells[session_id][1]


def test_finds_the_planted_conflict_free_agenda():
    for seed in range(3):
        sessions, planted = planted_workshop(seed)
        assert conflicts(planted, sessions) == 0
        assert convenor_clashes(planted, sessions) == 0

        agenda = schedule(ROOMS, SLOTS, sessions)

        assert agenda.unplaced == []
        assert conflicts(agenda.cells, sessions) == 0
        assert convenor_clashes(agenda.cells, sessions) == 0
        assert len(set(agenda.cells.values())) == 24
        assert all(slot != "lunch" for _, slot in agenda.cells.values())


def test_convenor_is_never_in_two_places_even_when_interest_pulls_together():
    # Without the rule, {a, b} and {c, d} would be the one agenda with no interest
    # conflict; a and b share their convenor, so they must be apart.
    crowd = [f"p{i}" for i in range(10)]
    sessions = [
        Session("a", frozenset({"X"}), frozenset(crowd[:5])),
        Session("b", frozenset({"X"}), frozenset(crowd[5:])),
        Session("c", frozenset({"Y"}), frozenset(crowd[:2] + crowd[5:7])),
        Session("d", frozenset({"Z"}), frozenset(crowd[2:4] + crowd[7:9])),
    ]
    agenda = schedule([Room("A"), Room("B")], [Slot(1), Slot(2)], sessions)

    assert slot_of(agenda, "a") != slot_of(agenda, "b")
    assert convenor_clashes(agenda.cells, sessions) == 0
    assert agenda.unplaced == []


def test_pinned_and_started_sessions_never_move():
    sessions, planted = planted_workshop(seed=4)
    pins = {"s0": ("Kiosk", "16"), "s5": ("Hall", "9"), "s9": ("Nook", "10")}
    sessions = [Session(s.id, s.convenors, s.interested, pinned_cell=pins.get(s.id),
                        started=s.id in ("s1", "s2")) for s in sessions]

    agenda = schedule(ROOMS, SLOTS, sessions, previous=planted)

    for session, cell in pins.items():
        assert agenda.cells[session] == cell
    assert agenda.cells["s1"] == planted["s1"]
    assert agenda.cells["s2"] == planted["s2"]
    assert len(set(agenda.cells.values())) == 24
    assert convenor_clashes(agenda.cells, sessions) == 0


def test_nothing_is_placed_in_a_blocked_slot_unless_pinned_there():
    sessions, _ = planted_workshop(seed=5)
    sessions[3] = Session("s3", sessions[3].convenors, sessions[3].interested,
                          pinned_cell=("Hall", "lunch"))

    agenda = schedule(ROOMS, SLOTS, sessions)

    assert [s for s, (_, slot) in agenda.cells.items() if slot == "lunch"] == ["s3"]


def test_rerun_after_a_late_session_moves_at_most_one_placed_session():
    sessions, _ = planted_workshop(seed=6)
    early = sessions[:23]
    first = schedule(ROOMS, SLOTS, early)
    # Ten people who already want sessions in every slot: wherever it goes it adds
    # conflicts, which reshuffling the whole wall would shave (it moves 23 sessions
    # when moves cost nothing).
    late = Session("late", frozenset({"c0"}), frozenset(f"p{i}" for i in range(10)),
                   exposure=0.3)

    again = schedule(ROOMS, SLOTS, early + [late], previous=first.cells)

    assert "late" in again.cells
    assert moves(first.cells, again.cells) <= 1
    assert again.stats["moves"] == moves(first.cells, again.cells)
    assert convenor_clashes(again.cells, early + [late]) == 0


def test_rerun_without_changes_moves_nothing():
    sessions, _ = planted_workshop(seed=7)
    first = schedule(ROOMS, SLOTS, sessions, seed=1)

    again = schedule(ROOMS, SLOTS, sessions, previous=first.cells, seed=2)

    assert again.cells == first.cells


def test_popular_sessions_get_big_rooms():
    people = [f"p{i}" for i in range(72)]
    sessions = [Session("talk", interested=frozenset(people[:38])),
                Session("demo", interested=frozenset(people[38:58])),
                Session("chat", interested=frozenset(people[58:62])),
                Session("quiz", interested=frozenset(people[62:72]))]

    agenda = schedule(ROOMS, [Slot("9")], sessions)

    assert {s: room for s, (room, _) in agenda.cells.items()} == {
        "talk": "Hall", "demo": "Lab", "quiz": "Nook", "chat": "Kiosk"}
    assert capacity_overflows(agenda.cells, sessions, ROOMS) == 0


def test_two_crowds_go_to_the_big_room_at_different_times():
    big = [f"b{i}" for i in range(36)]
    sessions = [Session("one", interested=frozenset(big[:18])),
                Session("two", interested=frozenset(big[18:])),
                Session("small", interested=frozenset({"s1", "s2"})),
                Session("tiny", interested=frozenset({"s3"}))]

    agenda = schedule([Room("Hall", 20), Room("Nook", 5)], [Slot(1), Slot(2)], sessions)

    assert agenda.cells["one"][0] == agenda.cells["two"][0] == "Hall"
    assert capacity_overflows(agenda.cells, sessions, [Room("Hall", 20), Room("Nook", 5)]) == 0


def test_a_late_session_is_judged_by_its_ballast_damped_estimate():
    # 5 people want "early" (there from the start); 4 want "late", posted when a fifth
    # of the marks were still to come. Damped by the ballast its estimate is
    # 4 · (9 + 5·2) / (0.2·9 + 5·2) = 6.4 people, more than "early"'s 5: the big room.
    # With a huge ballast the count stands as it is (4 < 5).
    sessions = [Session("early", interested=frozenset({"a", "b", "c", "d", "e"})),
                Session("late", interested=frozenset({"f", "g", "h", "i"}), exposure=0.2)]
    rooms = [Room("Hall", 6), Room("Nook", 3)]

    damped = schedule(rooms, [Slot(1)], sessions, ballast=5)
    counted = schedule(rooms, [Slot(1)], sessions, ballast=10**6)

    assert damped.cells["late"] == ("Hall", 1)
    assert counted.cells["early"] == ("Hall", 1)


def test_sessions_beyond_the_free_cells_least_wanted_left_out():
    sessions = [Session(f"s{i}", frozenset({f"c{i}"}), frozenset(f"p{j}" for j in range(i)))
                for i in range(6)]
    sessions.append(Session("twice", frozenset({"c5"}), frozenset({"x", "y", "z"})))

    agenda = schedule([Room("A"), Room("B")], [Slot(1), Slot(2), Slot(3, blocked=True)],
                      sessions)

    assert len(agenda.cells) == 4
    assert sorted(agenda.unplaced) == ["s0", "s1", "s2"]
    assert convenor_clashes(agenda.cells, sessions) == 0


def test_same_input_gives_the_same_agenda():
    sessions, _ = planted_workshop(seed=8, people=90)

    assert schedule(ROOMS, SLOTS, sessions).cells == schedule(ROOMS, SLOTS, sessions).cells


@pytest.mark.parametrize("change, reason", [
    ({"pinned_cell": ("Attic", "9")}, "unknown_cell"),
    ({"pinned_cell": ("Hall", "9")}, "cell_taken"),
    ({"started": True}, "started_without_cell"),
    ({"exposure": 0.0}, "exposure"),
])
def test_impossible_input_is_refused_with_its_reason(change, reason):
    pinned = Session("pinned", pinned_cell=("Hall", "9"))
    wrong = Session("wrong", **change)

    with pytest.raises(ScheduleError) as refused:
        schedule(ROOMS, SLOTS, [pinned, wrong])

    assert refused.value.reason == reason
    assert "wrong" in refused.value.sessions


def test_measures_count_people_and_pairs():
    sessions = [Session("a", frozenset({"X"}), frozenset({"p", "q"})),
                Session("b", frozenset({"X"}), frozenset({"p"})),
                Session("c", frozenset({"Y"}), frozenset({"p", "q", "r"}))]
    cells = {"a": ("Hall", "9"), "b": ("Lab", "9"), "c": ("Kiosk", "9")}

    # At 9 p wants a, b and c (3 pairs), q a and c (1), X convenes a and b (1 pair,
    # 1 clash).
    assert conflicts(cells, sessions) == 5
    assert convenor_clashes(cells, sessions) == 1
    assert capacity_overflows(cells, sessions, [Room("Hall", 2), Room("Lab", 1),
                                                Room("Kiosk", 1)]) == 1 + 1 + 3
    assert moves(cells, {"a": ("Hall", "9"), "b": ("Lab", "10")}) == 2
