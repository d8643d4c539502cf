"""Who is at which session ("Jag är här": one session at a time per phone, its
participant being the key), who has been at each, and the sessions' notes: entries
appended one by one, so phones writing at once never overwrite each other."""

from workshop.db import now_iso

NOTE_KINDS = ("insight", "recommendation", "next_step", "owner")


def attend(store, workshop_id: int, session_id: int, participant_id: int) -> int | None:
    """Put the phone at a visible session of the workshop (leaving any other); returns
    the session it left (None if none), or -1 when the session is not open."""
    with store.db.atomic():
        left = where_is(store, participant_id)
        moved = store.db.execute(
            """INSERT INTO open_space_attendance (participant_id, session_id, workshop_id, since)
               SELECT :p, :s, :w, :now WHERE EXISTS (SELECT 1 FROM open_space_sessions
                 WHERE id = :s AND workshop_id = :w AND hidden = 0)
               ON CONFLICT (participant_id) DO UPDATE SET session_id = excluded.session_id,
                 since = excluded.since""",
            {"p": participant_id, "s": session_id, "w": workshop_id, "now": now_iso()}).rowcount
        if not moved:
            return -1
        store.db.execute("INSERT OR IGNORE INTO open_space_visits (session_id, participant_id)"
                         " VALUES (?, ?)", [session_id, participant_id])
    return left


def leave_session(store, participant_id: int) -> int | None:
    """The phone is at no session any more; returns the one it left."""
    left = where_is(store, participant_id)
    store.db.execute("DELETE FROM open_space_attendance WHERE participant_id = ?",
                     [participant_id])
    return left


def where_is(store, participant_id: int) -> int | None:
    row = store.one("SELECT session_id FROM open_space_attendance WHERE participant_id = ?",
                    [participant_id])
    return row["session_id"] if row else None


def here_now(store, workshop_id: int) -> dict[int, int]:
    """Per session, how many phones are at it now."""
    return dict(store.db.execute(
        "SELECT session_id, count(*) FROM open_space_attendance WHERE workshop_id = ?"
        " GROUP BY session_id", [workshop_id]).fetchall())


def add_note(store, workshop_id: int, session_id: int, participant_id: int, kind: str,
             text: str, per_person: int) -> int | None:
    """Append one note to a visible session of the workshop, unless the phone already
    wrote `per_person` there; its id, or None."""
    cursor = store.db.execute(
        """INSERT INTO open_space_notes (session_id, workshop_id, participant_id, kind, text,
               created_at)
           SELECT :s, :w, :p, :kind, :text, :now
           WHERE EXISTS (SELECT 1 FROM open_space_sessions WHERE id = :s AND workshop_id = :w
                           AND hidden = 0)
             AND (SELECT count(*) FROM open_space_notes WHERE session_id = :s
                    AND participant_id = :p) < :limit""",
        {"s": session_id, "w": workshop_id, "p": participant_id, "kind": kind, "text": text,
         "now": now_iso(), "limit": per_person})
    return cursor.lastrowid if cursor.rowcount else None


def note(store, note_id: int) -> dict | None:
    return store.one("SELECT * FROM open_space_notes WHERE id = ?", [note_id])


def notes(store, session_id: int) -> dict[str, list[dict]]:
    """A session's notes by kind, each kind oldest first."""
    by_kind = {kind: [] for kind in NOTE_KINDS}
    for row in store.db.query("SELECT * FROM open_space_notes WHERE session_id = ?"
                              " ORDER BY id", [session_id]):
        by_kind[row["kind"]].append(row)
    return by_kind


def workshop_notes(store, workshop_id: int) -> list[dict]:
    """Every note of a workshop, oldest first."""
    return list(store.db.query("SELECT * FROM open_space_notes WHERE workshop_id = ?"
                               " ORDER BY id", [workshop_id]))


def visits(store, workshop_id: int) -> list[tuple[int, int]]:
    """(session id, participant id) of everyone who has been at a session."""
    return [tuple(row) for row in store.db.execute(
        "SELECT v.session_id, v.participant_id FROM open_space_visits v"
        " JOIN open_space_sessions s ON s.id = v.session_id WHERE s.workshop_id = ?"
        " ORDER BY v.session_id, v.participant_id", [workshop_id])]


def insert_imported_visit(store, session_id: int, participant_id: int) -> None:
    store.db.execute("INSERT OR IGNORE INTO open_space_visits (session_id, participant_id)"
                     " VALUES (?, ?)", [session_id, participant_id])


def insert_imported_note(store, workshop_id: int, session_id: int,
                         participant_id: int | None, kind: str, text: str,
                         created_at: str) -> None:
    store.db.execute("INSERT INTO open_space_notes (session_id, workshop_id, participant_id,"
                     " kind, text, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                     [session_id, workshop_id, participant_id, kind, text, created_at])
