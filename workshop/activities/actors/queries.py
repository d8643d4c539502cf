"""The actor tables: each mention as written (with its variant and automatic actor key,
names.py), and the facilitator's moves of a written variant into another actor."""

from workshop.activities.actors.names import actor_key, variant_of
from workshop.db import now_iso


def add_mention(store, workshop_id: int, phase: str, participant_id: int | None, title: str,
                organisation: str, note: str, most: int | None = None) -> bool:
    """Add an actor a participant names; with `most`, only while that participant has
    fewer mentions in the phase (one conditional statement). False when refused."""
    return store.db.execute(
        """INSERT INTO actor_mentions (workshop_id, phase, participant_id, title, organisation,
                                       note, variant, actor_key, created_at)
           SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ? IS NULL OR
             (SELECT count(*) FROM actor_mentions WHERE participant_id = ? AND phase = ?) < ?""",
        [workshop_id, phase, participant_id, title, organisation, note,
         variant_of(title, organisation), actor_key(title, organisation), now_iso(),
         most, participant_id, phase, most]).rowcount == 1


def remove_mention(store, mention_id: int, participant_id: int) -> bool:
    """Remove one of a participant's own mentions; False when it is not theirs."""
    return store.db.execute("DELETE FROM actor_mentions WHERE id = ? AND participant_id = ?",
                            [mention_id, participant_id]).rowcount == 1


def mentions(store, workshop_id: int, phase: str | None = None) -> list[dict]:
    """Every mention, oldest first: [{id, phase, participant_id, title, organisation, note,
    variant, actor_key}]."""
    where, params = ("AND phase = ?", [phase]) if phase else ("", [])
    return list(store.db.query(
        f"SELECT id, phase, participant_id, title, organisation, note, variant, actor_key"
        f" FROM actor_mentions WHERE workshop_id = ? {where} ORDER BY id",
        [workshop_id, *params]))


def namers_by_group(store, workshop_id: int, phase: str) -> dict[int | None, int]:
    """How many have named an actor in a phase, per participant group (None: no group
    chosen); the facilitator's mentions belong to no participant and to no group."""
    return dict(store.db.execute(
        "SELECT p.group_number, count(DISTINCT m.participant_id) FROM actor_mentions m"
        " JOIN participants p ON p.id = m.participant_id WHERE m.workshop_id = ?"
        " AND m.phase = ? GROUP BY p.group_number", [workshop_id, phase]).fetchall())


def group_mentions(store, workshop_id: int, phase: str, group: int | None) -> list[dict]:
    """One group's mentions in a phase, as mentions gives them."""
    # The phase's mentions by their index (actor_mentions_workshop_phase), each one's
    # participant by its key: mentions have no index by participant.
    return list(store.db.query(
        "SELECT m.id, m.phase, m.participant_id, m.title, m.organisation, m.note, m.variant,"
        " m.actor_key FROM actor_mentions m JOIN participants p ON p.id = m.participant_id"
        " WHERE m.workshop_id = :w AND m.phase = :phase AND p.group_number IS :group"
        " ORDER BY m.id", {"w": workshop_id, "phase": phase, "group": group}))


def mention_count(store, workshop_id: int) -> int:
    return store.value("SELECT count(*) FROM actor_mentions WHERE workshop_id = ?", [workshop_id])


def anyone_named(store, workshop_id: int, phase: str) -> bool:
    return bool(store.value("SELECT EXISTS (SELECT 1 FROM actor_mentions WHERE workshop_id = ?"
                            " AND phase = ?)", [workshop_id, phase]))


def my_mentions(store, participant_id: int, phase: str) -> list[dict]:
    return list(store.db.query(
        "SELECT id, title, organisation, note FROM actor_mentions"
        " WHERE participant_id = ? AND phase = ? ORDER BY id", [participant_id, phase]))


def overrides(store, workshop_id: int, phase: str | None = None) -> list[dict]:
    """The facilitator's moves: [{phase, variant, actor_key}]."""
    where, params = ("AND phase = ?", [phase]) if phase else ("", [])
    return list(store.db.query(
        f"SELECT phase, variant, actor_key FROM actor_overrides WHERE workshop_id = ? {where}"
        f" ORDER BY phase, variant", [workshop_id, *params]))


def moves(store, workshop_id: int, phase: str) -> dict[str, str]:
    """The facilitator's moves in a phase: {variant: actor key}."""
    return {row["variant"]: row["actor_key"] for row in overrides(store, workshop_id, phase)}


def move_variants(store, workshop_id: int, phase: str, variants: list[str], key: str) -> None:
    """Put written variants into the actor with `key` (replacing earlier moves)."""
    store.db.conn.executemany(
        """INSERT INTO actor_overrides (workshop_id, phase, variant, actor_key) VALUES (?, ?, ?, ?)
           ON CONFLICT (workshop_id, phase, variant) DO UPDATE SET actor_key = excluded.actor_key""",
        [(workshop_id, phase, variant, key) for variant in variants])
