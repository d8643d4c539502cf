"""The agenda wall: the facilitator's rooms and time slots, and where each session is.

One session per cell is the table's own rule (UNIQUE room × slot), so when twenty
phones claim one cell at once SQLite lets exactly one INSERT through and refuses the
others; every other rule of a claim (the session is the phone's, the cell is the
workshop's, the slot is not blocked, the convenor is not elsewhere in that slot) is in
the same statement. A room or slot that holds sessions is not deleted (the DELETE
says so in its condition).
"""

import sqlite3

PLACE = """INSERT INTO open_space_placements (session_id, workshop_id, room_id, slot_id, pinned)
    SELECT :s, :w, :r, :t, :pinned
    WHERE EXISTS (SELECT 1 FROM open_space_sessions WHERE id = :s AND workshop_id = :w
                    AND hidden = 0 AND (:p IS NULL OR participant_id = :p))
      AND EXISTS (SELECT 1 FROM open_space_rooms WHERE id = :r AND workshop_id = :w)
      AND EXISTS (SELECT 1 FROM open_space_slots WHERE id = :t AND workshop_id = :w
                    AND plenary = '')
      AND (:p IS NULL OR NOT EXISTS (SELECT 1 FROM open_space_placements pl
             JOIN open_space_sessions o ON o.id = pl.session_id
             WHERE pl.slot_id = :t AND o.participant_id = :p AND pl.session_id != :s))
    ON CONFLICT (session_id) DO UPDATE SET room_id = excluded.room_id,
      slot_id = excluded.slot_id, pinned = max(pinned, excluded.pinned)
    WHERE :p IS NULL OR pinned = 0"""


def add_room(store, workshop_id: int, name: str, capacity: int | None, limit: int) -> bool:
    """A new room, unless the workshop has one of that name or `limit` rooms."""
    return store.db.execute(
        "INSERT OR IGNORE INTO open_space_rooms (workshop_id, name, capacity)"
        " SELECT :w, :name, :capacity WHERE (SELECT count(*) FROM open_space_rooms"
        " WHERE workshop_id = :w) < :limit",
        {"w": workshop_id, "name": name, "capacity": capacity, "limit": limit}).rowcount == 1


def rooms(store, workshop_id: int) -> list[dict]:
    return list(store.db.query("SELECT * FROM open_space_rooms WHERE workshop_id = ?"
                               " ORDER BY id", [workshop_id]))


def delete_room(store, workshop_id: int, room_id: int) -> bool:
    """Delete a room of the workshop unless a session is placed in it."""
    return store.db.execute(
        "DELETE FROM open_space_rooms WHERE id = ? AND workshop_id = ? AND NOT EXISTS"
        " (SELECT 1 FROM open_space_placements WHERE room_id = ?)",
        [room_id, workshop_id, room_id]).rowcount == 1


def add_slot(store, workshop_id: int, starts: str, ends: str, plenary: str,
             limit: int) -> bool:
    """A new time slot ("HH:MM" local times; `plenary` non-empty blocks it), unless it
    overlaps another or the workshop has `limit` slots ("HH:MM" compare as text)."""
    return store.db.execute(
        "INSERT OR IGNORE INTO open_space_slots (workshop_id, starts, ends, plenary)"
        " SELECT :w, :starts, :ends, :plenary WHERE (SELECT count(*) FROM open_space_slots"
        " WHERE workshop_id = :w) < :limit AND NOT EXISTS (SELECT 1 FROM open_space_slots"
        " WHERE workshop_id = :w AND starts < :ends AND ends > :starts)",
        {"w": workshop_id, "starts": starts, "ends": ends, "plenary": plenary,
         "limit": limit}).rowcount == 1


def slots(store, workshop_id: int) -> list[dict]:
    """The workshop's time slots, earliest first."""
    return list(store.db.query("SELECT * FROM open_space_slots WHERE workshop_id = ?"
                               " ORDER BY starts", [workshop_id]))


def delete_slot(store, workshop_id: int, slot_id: int) -> bool:
    """Delete a slot of the workshop unless a session is placed in it."""
    return store.db.execute(
        "DELETE FROM open_space_slots WHERE id = ? AND workshop_id = ? AND NOT EXISTS"
        " (SELECT 1 FROM open_space_placements WHERE slot_id = ?)",
        [slot_id, workshop_id, slot_id]).rowcount == 1


def held_by(store, column: str, cell_id: int) -> list[str]:
    """The titles of the sessions placed in a room or slot (`column`: room_id, slot_id)."""
    assert column in ("room_id", "slot_id")
    return [row[0] for row in store.db.execute(
        f"SELECT s.title FROM open_space_placements pl JOIN open_space_sessions s"
        f" ON s.id = pl.session_id WHERE pl.{column} = ? ORDER BY s.id", [cell_id])]


def place(store, workshop_id: int, session_id: int, room_id: int, slot_id: int,
          convenor_id: int | None = None, pinned: bool = False) -> bool:
    """Put a session in a free cell (or move it there); False when a rule says no.

    With `convenor_id` (a phone's claim) the session must be that participant's, not
    pinned, and they must have no other session in the slot. Without (the facilitator),
    a pinned session moves too, and `pinned` pins it. sqlite3.IntegrityError when the
    cell is taken (the UNIQUE rule): see `claim`.
    """
    return store.db.execute(PLACE, {"s": session_id, "w": workshop_id, "r": room_id,
                                    "t": slot_id, "p": convenor_id,
                                    "pinned": int(pinned)}).rowcount == 1


def claim(store, workshop_id: int, session_id: int, room_id: int, slot_id: int,
          convenor_id: int | None = None, pinned: bool = False) -> str:
    """`place`, told as "placed", "taken" (another session holds the cell) or "refused"."""
    try:
        placed = place(store, workshop_id, session_id, room_id, slot_id, convenor_id, pinned)
    except sqlite3.IntegrityError:
        return "taken"
    return "placed" if placed else "refused"


def unplace(store, session_id: int) -> bool:
    return store.db.execute("DELETE FROM open_space_placements WHERE session_id = ?",
                            [session_id]).rowcount == 1


def set_pinned(store, session_id: int, pinned: bool) -> bool:
    return store.db.execute("UPDATE open_space_placements SET pinned = ? WHERE session_id = ?",
                            [int(pinned), session_id]).rowcount == 1


def placements(store, workshop_id: int) -> dict[int, dict]:
    """Where each placed session is: session id -> {room_id, slot_id, pinned}."""
    return {row["session_id"]: row for row in store.db.query(
        "SELECT session_id, room_id, slot_id, pinned FROM open_space_placements"
        " WHERE workshop_id = ?", [workshop_id])}


def replace_unfixed(store, workshop_id: int, fixed: set[int], cells: dict) -> None:
    """Auto-schedule's agenda on the wall, in one transaction: every session not in
    `fixed` (pinned, started) leaves its cell, then each goes to its new one (session
    id -> (room id, slot id))."""
    with store.db.atomic():
        for row in list(placements(store, workshop_id).values()):
            if row["session_id"] not in fixed:
                unplace(store, row["session_id"])
        for session_id, (room_id, slot_id) in cells.items():
            if session_id not in fixed:
                store.db.execute(
                    "INSERT INTO open_space_placements (session_id, workshop_id, room_id,"
                    " slot_id) VALUES (?, ?, ?, ?)", [session_id, workshop_id, room_id, slot_id])
