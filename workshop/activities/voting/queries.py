"""The dots table: placing and taking back dots, and the tally.

Both limits (dots per participant, dots on one item) and "the item is open" are
checked inside the INSERT itself, so they hold however many taps arrive at once,
and on every path in (a live tap, an import). A dot belongs to the voting phase it was
placed in (`phase`, the phase's key): a second round starts with fresh dots.
"""

from workshop.db import now_iso

# Per kind of dot: its column, and the condition that the item is open for dots.
DOT_TARGETS = {
    "topic": ("topic_id", "SELECT 1 FROM topics WHERE id = :item AND workshop_id = :w"
                          " AND list = :list AND hidden = 0 AND merged_into IS NULL"),
    "theme": ("theme", "SELECT 1 FROM themes th JOIN workshops w ON w.id = th.workshop_id"
                       " WHERE th.workshop_id = :w AND th.number = :item AND th.number != 0"
                       " AND w.themes_accepted = 1 AND w.prioritise = 'themes'"),
}


def insert_dot(store, workshop_id: int, participant_id: int, kind: str, item: int,
               dots_per_participant: int, max_dots_per_item: int, phase: str = "voting",
               list_name: str = "topics") -> bool:
    """Place one dot in a voting phase on a topic (of a list) or a theme (`kind`) if it
    is open and both limits of the phase still allow it."""
    column, open_item = DOT_TARGETS[kind]
    cursor = store.db.execute(
        f"""INSERT INTO dots (workshop_id, {column}, participant_id, phase, created_at)
           SELECT :w, :item, :p, :phase, :now
           WHERE EXISTS ({open_item})
             AND (SELECT count(*) FROM dots WHERE participant_id = :p
                    AND phase = :phase) < :total
             AND (SELECT count(*) FROM dots WHERE participant_id = :p AND phase = :phase
                    AND {column} = :item) < :per_item""",
        {"w": workshop_id, "item": item, "p": participant_id, "now": now_iso(),
         "total": dots_per_participant, "per_item": max_dots_per_item, "phase": phase,
         "list": list_name},
    )
    return cursor.rowcount == 1


def delete_dot(store, participant_id: int, kind: str, item: int,
               phase: str = "voting") -> bool:
    """Take back one of the participant's dots of a phase on a topic or theme, if any."""
    column = DOT_TARGETS[kind][0]
    cursor = store.db.execute(
        f"""DELETE FROM dots WHERE id = (SELECT id FROM dots WHERE {column} = ?
             AND participant_id = ? AND phase = ? ORDER BY id DESC LIMIT 1)""",
        [item, participant_id, phase],
    )
    return cursor.rowcount == 1


def my_dots(store, participant_id: int, kind: str = "topic",
            phase: str = "voting") -> dict[int, int]:
    """The participant's dots of a phase on topics (or themes), counted per item."""
    column = DOT_TARGETS[kind][0]
    return dict(store.db.execute(
        f"SELECT {column}, count(*) FROM dots WHERE participant_id = ? AND phase = ?"
        f" AND {column} IS NOT NULL GROUP BY {column}", [participant_id, phase]).fetchall())


def counts(store, workshop_id: int, phase: str = "voting") -> dict:
    """How many participants have voted in a phase, and how many dots are placed."""
    return store.one("SELECT count(DISTINCT participant_id) AS voted, count(*) AS dots"
                     " FROM dots WHERE workshop_id = ? AND phase = ?", [workshop_id, phase])


def tally(store, workshop_id: int, limit: int = -1, phase: str = "voting",
          list_name: str = "topics") -> list[dict]:
    """Visible posts of a list with their dots of a phase, most dots first (ties: oldest
    first); the first `limit` of them when given."""
    return list(store.db.query(
        """SELECT t.id, t.text, t.quick_win, count(d.id) AS dots
           FROM topics t LEFT JOIN dots d ON d.topic_id = t.id AND d.phase = ?
           WHERE t.workshop_id = ? AND t.list = ? AND t.hidden = 0 AND t.merged_into IS NULL
           GROUP BY t.id ORDER BY dots DESC, t.id ASC LIMIT ?""",
        [phase, workshop_id, list_name, limit]))


def theme_tally(store, workshop_id: int, phase: str = "voting") -> list[dict]:
    """Themes that hold topics (Övrigt aside) with their dots of a phase, most first."""
    return list(store.db.query(
        """SELECT th.number AS id, th.label AS text, th.quick_win,
             (SELECT count(*) FROM dots d WHERE d.workshop_id = th.workshop_id
                AND d.theme = th.number AND d.phase = ?) AS dots
           FROM themes th WHERE th.workshop_id = ? AND th.number != 0
             AND EXISTS (SELECT 1 FROM topics t WHERE t.workshop_id = th.workshop_id
               AND t.theme = th.number AND t.hidden = 0 AND t.merged_into IS NULL)
           ORDER BY dots DESC, th.number ASC""", [phase, workshop_id]))


def dot_counts(store, workshop_id: int) -> list[dict]:
    """How many dots each participant put on each topic, or theme, in each phase."""
    return list(store.db.query(
        "SELECT participant_id, topic_id, theme, phase, count(*) AS dots FROM dots"
        " WHERE workshop_id = ? GROUP BY participant_id, topic_id, theme, phase"
        " ORDER BY participant_id, topic_id, theme, phase", [workshop_id]))


def insert_imported_dots(store, workshop_id: int, participant_id: int, kind: str, item: int,
                         count: int, phase: str = "voting") -> None:
    column = DOT_TARGETS[kind][0]
    for _ in range(count):
        store.db.execute(f"INSERT INTO dots (workshop_id, {column}, participant_id, phase,"
                         " created_at) VALUES (?, ?, ?, ?, ?)",
                         [workshop_id, item, participant_id, phase, now_iso()])


def voters_by_group(store, workshop_id: int, phase: str) -> dict[int | None, int]:
    """How many have voted in a phase, per participant group (None: no group chosen)."""
    return dict(store.db.execute(
        "SELECT p.group_number, count(DISTINCT d.participant_id) FROM dots d"
        " JOIN participants p ON p.id = d.participant_id WHERE d.workshop_id = ?"
        " AND d.phase = ? GROUP BY p.group_number", [workshop_id, phase]).fetchall())


def group_dots(store, workshop_id: int, phase: str, kind: str,
               group: int | None) -> dict[int, int]:
    """One group's dots of a phase per topic (or theme, `kind`)."""
    column = DOT_TARGETS[kind][0]
    # The group's participants first (participants_workshop_group), then each one's dots
    # (dots_participant_phase_topic): a group's count reads its own dots only.
    return dict(store.db.execute(
        f"SELECT d.{column}, count(*) FROM participants p CROSS JOIN dots d"
        f" ON d.participant_id = p.id AND d.phase = :phase"
        f" WHERE p.workshop_id = :w AND p.group_number IS :group AND d.{column} IS NOT NULL"
        f" GROUP BY d.{column}", {"w": workshop_id, "phase": phase, "group": group}).fetchall())
