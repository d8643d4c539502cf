"""The dots table: placing and taking back dots, and the tally.

Both limits (dots per participant, dots on one item) and "the item is open" are
checked inside the INSERT itself, so they hold however many taps arrive at once,
and on every path in (a live tap, an import).
"""

from workshop.db import now_iso

# Per kind of dot: its column, and the condition that the item is open for dots.
DOT_TARGETS = {
    "topic": ("topic_id", "SELECT 1 FROM topics WHERE id = :item AND workshop_id = :w"
                          " AND hidden = 0 AND merged_into IS NULL"),
    "theme": ("theme", "SELECT 1 FROM themes th JOIN workshops w ON w.id = th.workshop_id"
                       " WHERE th.workshop_id = :w AND th.number = :item AND th.number != 0"
                       " AND w.themes_accepted = 1 AND w.prioritise = 'themes'"),
}


def insert_dot(store, workshop_id: int, participant_id: int, kind: str, item: int,
               dots_per_participant: int, max_dots_per_item: int) -> bool:
    """Place one dot on a topic or a theme (`kind`) if it is open and both limits
    still allow it."""
    column, open_item = DOT_TARGETS[kind]
    cursor = store.db.execute(
        f"""INSERT INTO dots (workshop_id, {column}, participant_id, created_at)
           SELECT :w, :item, :p, :now
           WHERE EXISTS ({open_item})
             AND (SELECT count(*) FROM dots WHERE participant_id = :p) < :total
             AND (SELECT count(*) FROM dots WHERE participant_id = :p
                    AND {column} = :item) < :per_item""",
        {"w": workshop_id, "item": item, "p": participant_id, "now": now_iso(),
         "total": dots_per_participant, "per_item": max_dots_per_item},
    )
    return cursor.rowcount == 1


def delete_dot(store, participant_id: int, kind: str, item: int) -> bool:
    """Take back one of the participant's dots on a topic or theme, if there is one."""
    column = DOT_TARGETS[kind][0]
    cursor = store.db.execute(
        f"""DELETE FROM dots WHERE id = (SELECT id FROM dots WHERE {column} = ?
             AND participant_id = ? ORDER BY id DESC LIMIT 1)""",
        [item, participant_id],
    )
    return cursor.rowcount == 1


def my_dots(store, participant_id: int, kind: str = "topic") -> dict[int, int]:
    """The participant's dots on topics (or themes), counted per topic (theme)."""
    column = DOT_TARGETS[kind][0]
    return dict(store.db.execute(
        f"SELECT {column}, count(*) FROM dots WHERE participant_id = ?"
        f" AND {column} IS NOT NULL GROUP BY {column}", [participant_id]).fetchall())


def counts(store, workshop_id: int) -> dict:
    """How many participants have voted, and how many dots are placed."""
    return store.one("SELECT count(DISTINCT participant_id) AS voted, count(*) AS dots"
                     " FROM dots WHERE workshop_id = ?", [workshop_id])


def tally(store, workshop_id: int, limit: int = -1) -> list[dict]:
    """Visible topics with their dot counts, most dots first (ties: oldest first);
    the first `limit` of them when given."""
    return list(store.db.query(
        """SELECT t.id, t.text, t.quick_win, count(d.id) AS dots
           FROM topics t LEFT JOIN dots d ON d.topic_id = t.id
           WHERE t.workshop_id = ? AND t.hidden = 0 AND t.merged_into IS NULL
           GROUP BY t.id ORDER BY dots DESC, t.id ASC LIMIT ?""",
        [workshop_id, limit]))


def theme_tally(store, workshop_id: int) -> list[dict]:
    """Themes that hold topics (Övrigt aside) with their dot counts, most dots first."""
    return list(store.db.query(
        """SELECT th.number AS id, th.label AS text, th.quick_win,
             (SELECT count(*) FROM dots d WHERE d.workshop_id = th.workshop_id
                AND d.theme = th.number) AS dots
           FROM themes th WHERE th.workshop_id = ? AND th.number != 0
             AND EXISTS (SELECT 1 FROM topics t WHERE t.workshop_id = th.workshop_id
               AND t.theme = th.number AND t.hidden = 0 AND t.merged_into IS NULL)
           ORDER BY dots DESC, th.number ASC""", [workshop_id]))


def dot_counts(store, workshop_id: int) -> list[dict]:
    """How many dots each participant put on each topic, or theme."""
    return list(store.db.query(
        "SELECT participant_id, topic_id, theme, count(*) AS dots FROM dots"
        " WHERE workshop_id = ? GROUP BY participant_id, topic_id, theme"
        " ORDER BY participant_id, topic_id, theme", [workshop_id]))


def insert_imported_dots(store, workshop_id: int, participant_id: int, kind: str, item: int,
                         count: int) -> None:
    column = DOT_TARGETS[kind][0]
    for _ in range(count):
        store.db.execute(f"INSERT INTO dots (workshop_id, {column}, participant_id, created_at)"
                         " VALUES (?, ?, ?, ?)", [workshop_id, item, participant_id, now_iso()])
