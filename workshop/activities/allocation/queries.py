"""The allocation tables: a phase's options (numbered 1, 2 … in the facilitator's list)
and each participant's points per option, written whole (every option, summing to 100)."""

from workshop.db import now_iso


def options(store, workshop_id: int, phase: str) -> list[dict]:
    """[{number, text}] of a phase, in the facilitator's order."""
    return list(store.db.query(
        "SELECT number, text FROM allocation_options WHERE workshop_id = ? AND phase = ?"
        " ORDER BY number", [workshop_id, phase]))


def replace_options(store, workshop_id: int, phase: str, texts: list[str],
                    phases_using: list[str]) -> bool:
    """Set a phase's options, unless a phone has allocated on them in any of
    `phases_using` (the phase and those repeating it): one conditional statement each,
    in one transaction, so an allocation saved meanwhile wins. False if refused."""
    marks = ", ".join("?" for _ in phases_using)
    with store.transaction():
        if store.value(f"SELECT count(*) FROM allocations WHERE workshop_id = ?"
                       f" AND phase IN ({marks})", [workshop_id, *phases_using]):
            return False
        store.db.execute("DELETE FROM allocation_options WHERE workshop_id = ? AND phase = ?",
                         [workshop_id, phase])
        store.db.conn.executemany(
            "INSERT INTO allocation_options (workshop_id, phase, number, text) VALUES (?, ?, ?, ?)",
            [(workshop_id, phase, number, text) for number, text in enumerate(texts, 1)])
    return True


def allocate(store, workshop_id: int, phase: str, participant_id: int,
             points: dict[int, int]) -> None:
    """Save a participant's whole allocation in a phase ({option number: points}),
    replacing the one before; the caller has checked it (allocation.check_points)."""
    stamp = now_iso()
    with store.transaction():
        store.db.execute("DELETE FROM allocations WHERE participant_id = ? AND phase = ?",
                         [participant_id, phase])
        store.db.conn.executemany(
            "INSERT INTO allocations (workshop_id, phase, participant_id, option, points,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            [(workshop_id, phase, participant_id, option, given, stamp)
             for option, given in points.items()])


def my_allocation(store, participant_id: int, phase: str) -> dict[int, int]:
    return {row["option"]: row["points"] for row in store.db.query(
        "SELECT option, points FROM allocations WHERE participant_id = ? AND phase = ?",
        [participant_id, phase])}


def allocations(store, workshop_id: int, phase: str | None = None) -> list[dict]:
    """Every participant's points per option: [{phase, participant_id, option, points}],
    of one phase or all, by phase, participant and option."""
    where, params = ("AND phase = ?", [phase]) if phase else ("", [])
    return list(store.db.query(
        f"SELECT phase, participant_id, option, points FROM allocations"
        f" WHERE workshop_id = ? {where} ORDER BY phase, participant_id, option",
        [workshop_id, *params]))


def allocator_count(store, workshop_id: int, phase: str) -> int:
    return store.value("SELECT count(DISTINCT participant_id) FROM allocations"
                       " WHERE workshop_id = ? AND phase = ?", [workshop_id, phase])


def all_options(store, workshop_id: int) -> list[dict]:
    return list(store.db.query(
        "SELECT phase, number, text FROM allocation_options WHERE workshop_id = ?"
        " ORDER BY phase, number", [workshop_id]))


def allocators_by_group(store, workshop_id: int, phase: str) -> dict[int | None, int]:
    """How many have shared their points in a phase, per participant group (None: no
    group chosen)."""
    return dict(store.db.execute(
        "SELECT p.group_number, count(DISTINCT a.participant_id) FROM allocations a"
        " JOIN participants p ON p.id = a.participant_id WHERE a.workshop_id = ?"
        " AND a.phase = ? GROUP BY p.group_number", [workshop_id, phase]).fetchall())


def group_allocations(store, workshop_id: int, phase: str, group: int | None) -> list[dict]:
    """One group's points in a phase: [{participant_id, option, points}] (allocations)."""
    return list(store.db.query(
        "SELECT a.participant_id, a.option, a.points FROM participants p"
        " JOIN allocations a ON a.participant_id = p.id AND a.phase = :phase"
        " WHERE p.workshop_id = :w AND p.group_number IS :group",
        {"w": workshop_id, "phase": phase, "group": group}))
