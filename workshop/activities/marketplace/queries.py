"""Sessions people convene in the Open Space marketplace, and who is interested in them.

Both limits (sessions per person, sessions per workshop) are checked inside the INSERT
itself, and an interest is one row per person and session (its primary key), so they
hold however many taps arrive at once.
"""

from workshop.db import now_iso

SESSION_SELECT = """SELECT s.*, (SELECT count(*) FROM open_space_interests i
      WHERE i.session_id = s.id) AS interested
    FROM open_space_sessions s"""


def convene(store, workshop_id: int, participant_id: int | None, fields: dict,
            per_person: int, per_workshop: int) -> dict | None:
    """A new session (fields: title, line, convenor_name, co_convenors), unless its
    convenor already has `per_person` sessions or the workshop `per_workshop`; None then."""
    cursor = store.db.execute(
        """INSERT INTO open_space_sessions (workshop_id, participant_id, title, line,
               convenor_name, co_convenors, created_at)
           SELECT :w, :p, :title, :line, :convenor_name, :co_convenors, :now
           WHERE (SELECT count(*) FROM open_space_sessions WHERE workshop_id = :w
                    AND participant_id IS :p) < :per_person
             AND (SELECT count(*) FROM open_space_sessions WHERE workshop_id = :w)
                    < :per_workshop""",
        {"w": workshop_id, "p": participant_id, "now": now_iso(), "per_person": per_person,
         "per_workshop": per_workshop, **fields})
    return session(store, cursor.lastrowid) if cursor.rowcount else None


def session(store, session_id: int) -> dict | None:
    return store.one(SESSION_SELECT + " WHERE s.id = ?", [session_id])


def sessions(store, workshop_id: int, include_hidden: bool = False) -> list[dict]:
    """A workshop's sessions, newest first, each with how many are interested."""
    hidden = "" if include_hidden else " AND s.hidden = 0"
    return list(store.db.query(SESSION_SELECT + " WHERE s.workshop_id = ?" + hidden
                               + " ORDER BY s.id DESC", [workshop_id]))


def sessions_of(store, participant_id: int) -> list[dict]:
    """The sessions one participant convened, oldest first."""
    return list(store.db.query(SESSION_SELECT + " WHERE s.participant_id = ? ORDER BY s.id",
                               [participant_id]))


def count_of(store, workshop_id: int, participant_id: int | None = None) -> int:
    """How many sessions the workshop has (or one participant convened)."""
    return store.value("SELECT count(*) FROM open_space_sessions WHERE workshop_id = ?"
                       " AND (? IS NULL OR participant_id = ?)",
                       [workshop_id, participant_id, participant_id])


def set_interest(store, workshop_id: int, session_id: int, participant_id: int,
                 interested: bool) -> bool:
    """Mark or unmark "Jag är intresserad" on a visible session of the workshop; whether
    anything changed (a second mark, or unmarking what was not marked, changes nothing)."""
    if not interested:
        return store.db.execute("DELETE FROM open_space_interests WHERE session_id = ?"
                                " AND participant_id = ?",
                                [session_id, participant_id]).rowcount == 1
    return store.db.execute(
        """INSERT OR IGNORE INTO open_space_interests (session_id, participant_id,
               workshop_id, created_at)
           SELECT :s, :p, :w, :now WHERE EXISTS (SELECT 1 FROM open_space_sessions
               WHERE id = :s AND workshop_id = :w AND hidden = 0)""",
        {"s": session_id, "p": participant_id, "w": workshop_id, "now": now_iso()}
    ).rowcount == 1


def my_interests(store, participant_id: int) -> set[int]:
    """The sessions one participant marked as interesting."""
    return {row[0] for row in store.db.execute(
        "SELECT session_id FROM open_space_interests WHERE participant_id = ?",
        [participant_id])}


def interests(store, workshop_id: int) -> list[dict]:
    """Every interest mark of a workshop (session_id, participant_id, created_at), in
    the order they were made."""
    return list(store.db.query(
        "SELECT session_id, participant_id, created_at FROM open_space_interests"
        " WHERE workshop_id = ? ORDER BY created_at, session_id", [workshop_id]))


def interested_in(store, session_id: int) -> list[int]:
    """Who marked a session as interesting: the phones whose own view of it changes."""
    return [row[0] for row in store.db.execute(
        "SELECT participant_id FROM open_space_interests WHERE session_id = ?", [session_id])]


def set_hidden(store, session_id: int, hidden: bool) -> None:
    store.db.execute("UPDATE open_space_sessions SET hidden = ? WHERE id = ?",
                     [int(hidden), session_id])


def counts(store, workshop_id: int) -> dict:
    """Visible sessions, and how many people marked at least one as interesting."""
    return store.one(
        """SELECT (SELECT count(*) FROM open_space_sessions WHERE workshop_id = :w
                     AND hidden = 0) AS sessions,
                  (SELECT count(DISTINCT participant_id) FROM open_space_interests
                     WHERE workshop_id = :w) AS interested""", {"w": workshop_id})


def set_report(store, session_id: int, topic_id: int) -> None:
    """The post that stands for the session's report in the "sessions" list."""
    store.db.execute("UPDATE open_space_sessions SET report_topic_id = ? WHERE id = ?",
                     [topic_id, session_id])


def followers(store, session_ids: list[int]) -> list[int]:
    """Who convened or marked any of these sessions: the phones whose own agenda
    changes when they move."""
    marks = ",".join("?" for _ in session_ids)
    return [row[0] for row in store.db.execute(
        f"SELECT participant_id FROM open_space_interests WHERE session_id IN ({marks})"
        f" UNION SELECT participant_id FROM open_space_sessions WHERE id IN ({marks})"
        f" AND participant_id IS NOT NULL", [*session_ids, *session_ids])]
