"""The ratings table: impact and effort, 1-5, one pair per participant and topic or
theme (PRIMARY KEY + upsert: rating again changes the rating), and quick-win marks."""

from workshop.db import now_iso


def rate(store, workshop_id: int, participant_id: int, kind: str, item: int,
         impact: int, effort: int) -> None:
    """Rate an item, or change the rating given before."""
    store.db.execute(
        """INSERT INTO ratings (workshop_id, participant_id, kind, item, impact, effort,
                                updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (participant_id, kind, item) DO UPDATE SET
             impact = excluded.impact, effort = excluded.effort,
             updated_at = excluded.updated_at""",
        [workshop_id, participant_id, kind, item, impact, effort, now_iso()])


def my_ratings(store, participant_id: int, kind: str) -> dict[int, dict]:
    return {row["item"]: row for row in store.db.query(
        "SELECT item, impact, effort FROM ratings WHERE participant_id = ? AND kind = ?",
        [participant_id, kind])}


def rating_means(store, workshop_id: int, kind: str) -> dict[int, dict]:
    """Per item: mean impact, mean effort and how many rated it."""
    return {row["item"]: row for row in store.db.query(
        """SELECT item, avg(impact) AS impact, avg(effort) AS effort, count(*) AS raters
           FROM ratings WHERE workshop_id = ? AND kind = ? GROUP BY item""",
        [workshop_id, kind])}


def rater_count(store, workshop_id: int) -> int:
    return store.value("SELECT count(DISTINCT participant_id) FROM ratings"
                       " WHERE workshop_id = ?", [workshop_id])


def ratings(store, workshop_id: int) -> list[dict]:
    return list(store.db.query(
        "SELECT participant_id, kind, item, impact, effort FROM ratings"
        " WHERE workshop_id = ? ORDER BY participant_id, kind, item", [workshop_id]))


def set_quick_win(store, workshop_id: int, kind: str, item: int, mark: int | None) -> bool:
    """The facilitator's quick-win mark on a topic or theme; None follows the rule."""
    table, key = {"topic": ("topics", "id"), "theme": ("themes", "number")}[kind]
    return store.db.execute(
        f"UPDATE {table} SET quick_win = ? WHERE workshop_id = ? AND {key} = ?",
        [mark, workshop_id, item]).rowcount == 1


def raters_by_group(store, workshop_id: int, kind: str) -> dict[int | None, int]:
    """How many have rated at least one item of a kind, per participant group."""
    return dict(store.db.execute(
        "SELECT p.group_number, count(DISTINCT r.participant_id) FROM ratings r"
        " JOIN participants p ON p.id = r.participant_id WHERE r.workshop_id = ?"
        " AND r.kind = ? GROUP BY p.group_number", [workshop_id, kind]).fetchall())


def group_means(store, workshop_id: int, kind: str, group: int | None) -> dict[int, dict]:
    """One group's mean impact and effort per item, and how many of it rated each."""
    return {row["item"]: row for row in store.db.query(
        # The group's participants first (participants_workshop_group), then each one's
        # ratings by the primary key: a group's means read its own ratings only.
        """SELECT r.item, avg(r.impact) AS impact, avg(r.effort) AS effort,
             count(*) AS raters FROM participants p CROSS JOIN ratings r
             ON r.participant_id = p.id AND r.kind = :kind
           WHERE p.workshop_id = :w AND p.group_number IS :group
           GROUP BY r.item""",
        {"w": workshop_id, "kind": kind, "group": group})}
