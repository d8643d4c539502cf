"""The values tables: a phase's statements (numbered 1, 2 …), each phone's private
positions per round, the table groups' positions, and how much of the phase is shown."""

from workshop.db import now_iso


def statements(store, workshop_id: int, phase: str) -> list[dict]:
    return list(store.db.query(
        "SELECT number, text FROM value_statements WHERE workshop_id = ? AND phase = ?"
        " ORDER BY number", [workshop_id, phase]))


def replace_statements(store, workshop_id: int, phase: str, texts: list[str]) -> bool:
    """Set a phase's statements unless someone has answered them (False then), in one
    transaction."""
    with store.transaction():
        if store.value("SELECT count(*) FROM value_answers WHERE workshop_id = ? AND phase = ?",
                       [workshop_id, phase]):
            return False
        store.db.execute("DELETE FROM value_statements WHERE workshop_id = ? AND phase = ?",
                         [workshop_id, phase])
        store.db.conn.executemany(
            "INSERT INTO value_statements (workshop_id, phase, number, text) VALUES (?, ?, ?, ?)",
            [(workshop_id, phase, number, text) for number, text in enumerate(texts, 1)])
    return True


def shown(store, workshop_id: int, phase: str) -> int:
    """0: nothing shown yet; 1: round 1 shown; 2: the change shown too."""
    return store.value("SELECT coalesce(max(shown), 0) FROM value_reveals"
                       " WHERE workshop_id = ? AND phase = ?", [workshop_id, phase])


def show(store, workshop_id: int, phase: str, level: int) -> bool:
    """Show the next part (1, then 2), one conditional statement: False when that is not
    the next one (shown already, or a step skipped)."""
    return store.db.execute(
        """INSERT INTO value_reveals (workshop_id, phase, shown)
           SELECT ?, ?, ? WHERE ? - 1 = (SELECT coalesce(max(shown), 0) FROM value_reveals
                                         WHERE workshop_id = ? AND phase = ?)
           ON CONFLICT (workshop_id, phase) DO UPDATE SET shown = excluded.shown""",
        [workshop_id, phase, level, level, workshop_id, phase]).rowcount == 1


def answer(store, workshop_id: int, phase: str, participant_id: int, round_: int,
           positions: dict[int, int], open_at: int) -> bool:
    """Save a phone's positions in one round ({statement: position}), each changed in place,
    if the phase still shows `open_at` (round 1 closes when it is shown): the check and
    the writes in one transaction. False when the round had closed."""
    with store.transaction():
        if shown(store, workshop_id, phase) != open_at:
            return False
        store.db.conn.executemany(
            """INSERT INTO value_answers (workshop_id, phase, participant_id, statement, round,
                                          position, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (participant_id, phase, statement, round) DO UPDATE SET
                 position = excluded.position, updated_at = excluded.updated_at""",
            [(workshop_id, phase, participant_id, statement, round_, position, now_iso())
             for statement, position in positions.items()])
    return True


def my_answers(store, participant_id: int, phase: str) -> dict[int, dict[int, int]]:
    """{round: {statement: position}} of one phone."""
    mine: dict[int, dict[int, int]] = {1: {}, 2: {}}
    for row in store.db.query("SELECT round, statement, position FROM value_answers"
                              " WHERE participant_id = ? AND phase = ?", [participant_id, phase]):
        mine[row["round"]][row["statement"]] = row["position"]
    return mine


def answers(store, workshop_id: int, phase: str | None = None) -> list[dict]:
    """Every answer: [{phase, participant_id, statement, round, position}]."""
    where, params = ("AND phase = ?", [phase]) if phase else ("", [])
    return list(store.db.query(
        f"SELECT phase, participant_id, statement, round, position FROM value_answers"
        f" WHERE workshop_id = ? {where} ORDER BY phase, participant_id, statement, round",
        [workshop_id, *params]))


def answerer_count(store, workshop_id: int, phase: str, round_: int) -> int:
    return store.value("SELECT count(DISTINCT participant_id) FROM value_answers"
                       " WHERE workshop_id = ? AND phase = ? AND round = ?",
                       [workshop_id, phase, round_])


def answerers_by_group(store, workshop_id: int, phase: str,
                       round_: int) -> dict[int | None, int]:
    """How many answered a round of a phase, per participant group (None: no group
    chosen)."""
    return dict(store.db.execute(
        "SELECT p.group_number, count(DISTINCT a.participant_id) FROM value_answers a"
        " JOIN participants p ON p.id = a.participant_id WHERE a.workshop_id = ?"
        " AND a.phase = ? AND a.round = ? GROUP BY p.group_number",
        [workshop_id, phase, round_]).fetchall())


def group_answers(store, workshop_id: int, phase: str, group: int | None) -> list[dict]:
    """One group's answers in a phase, both rounds: [{participant_id, statement, round,
    position}] (answers)."""
    return list(store.db.query(
        "SELECT a.participant_id, a.statement, a.round, a.position FROM participants p"
        " JOIN value_answers a ON a.participant_id = p.id AND a.phase = :phase"
        " WHERE p.workshop_id = :w AND p.group_number IS :group",
        {"w": workshop_id, "phase": phase, "group": group}))


def set_group_positions(store, workshop_id: int, phase: str, table: int,
                        positions: dict[int, int]) -> None:
    """A table group's positions ({statement: position}), each replacing the one before."""
    store.db.conn.executemany(
        """INSERT INTO value_groups (workshop_id, phase, statement, table_number, position,
                                     updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (workshop_id, phase, statement, table_number) DO UPDATE SET
             position = excluded.position, updated_at = excluded.updated_at""",
        [(workshop_id, phase, statement, table, position, now_iso())
         for statement, position in positions.items()])


def group_positions(store, workshop_id: int, phase: str | None = None) -> list[dict]:
    where, params = ("AND phase = ?", [phase]) if phase else ("", [])
    return list(store.db.query(
        f"SELECT phase, statement, table_number, position FROM value_groups"
        f" WHERE workshop_id = ? {where} ORDER BY phase, statement, table_number",
        [workshop_id, *params]))


def all_statements(store, workshop_id: int) -> list[dict]:
    return list(store.db.query(
        "SELECT phase, number, text FROM value_statements WHERE workshop_id = ?"
        " ORDER BY phase, number", [workshop_id]))


def reveals(store, workshop_id: int) -> dict[str, int]:
    return {row["phase"]: row["shown"] for row in store.db.query(
        "SELECT phase, shown FROM value_reveals WHERE workshop_id = ?", [workshop_id])}


def set_shown(store, workshop_id: int, phase: str, level: int) -> None:
    """For an import: how much of the phase was shown."""
    store.db.execute("INSERT INTO value_reveals (workshop_id, phase, shown) VALUES (?, ?, ?)",
                     [workshop_id, phase, level])
