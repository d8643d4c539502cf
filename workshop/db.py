"""The connection, transactions, migrations and the shared queries (workshops,
participants). Each activity's SQL lives in its own folder (activities/<key>/queries.py)
and runs on this one sqlite_utils.Database through `store.db`, `one` and `value`.

Every rule that must hold under concurrency (dots per person, dots per topic,
topics per person) is a single conditional statement, so SQLite's write lock makes
it atomic: fifty simultaneous taps can never overshoot a limit.
"""

import contextlib
import os
import sqlite3
from collections import OrderedDict
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from workshop.migrations import migrations


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


OWNER_ONLY = 0o600


def owner_only(path: Path) -> None:
    """Make the database file, and its -wal and -shm if they exist, readable and
    writable by the owner only (they hold what participants wrote). SQLite creates the
    -wal and -shm files with the database file's permissions, so they follow it."""
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, OWNER_ONLY))
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if file.exists():
            file.chmod(OWNER_ONLY)


class NotASamlaDatabase(Exception):
    """A file given as a backup to restore is not a whole Samla database."""


def back_up(database: Path | str, backup: Path | str) -> None:
    """Copy a database into `backup` (replaced if it exists) with SQLite's online backup
    API, while a server may be writing to it: the copy is the database as of one moment
    (in WAL mode the copy reads a snapshot and writers go on meanwhile). Like the
    database, the copy is the owner's only."""
    owner_only(Path(backup))
    with closing(sqlite3.connect(database)) as source, \
            closing(sqlite3.connect(backup)) as target:
        source.backup(target)


def restore(backup: Path | str, database: Path | str) -> None:
    """Replace a database with a backup (back_up's copy), checked first: NotASamlaDatabase
    when the file is not a whole SQLite database with Samla's tables, and then nothing is
    changed. Run it with the server stopped; the server migrates an older backup at start."""
    try:
        with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as source:
            check = source.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
            if check != "ok" or not {"_sqlite_migrations", "workshops"} <= tables:
                raise NotASamlaDatabase(f"{backup} is not a Samla database ({check}).")
            with closing(sqlite3.connect(database)) as target:
                source.backup(target)
    except sqlite3.DatabaseError as error:
        raise NotASamlaDatabase(f"{backup} is not a Samla database ({error}).") from error


class Database(sqlite_utils.Database):
    """sqlite-utils' Database whose transactions take the write lock as they begin
    (BEGIN IMMEDIATE, waiting up to busy_timeout for it).

    With several server processes on one file (workers.py), a transaction begun with a
    plain BEGIN that reads first and writes after another process wrote meanwhile fails
    at once with "database is locked" (SQLite cannot retry it: its snapshot is stale);
    taking the lock first makes it wait its turn instead. One process: the same.
    """

    @contextlib.contextmanager
    def atomic(self):
        if self.conn.in_transaction:  # a savepoint inside the transaction already open
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()  # a no-op when the error already ended the transaction
            raise


class UntilItemsChange:
    """Results read from a workshop's posts, dots and themes, kept until the workshop or
    one of its items changes.

    The key is the workshop's row: its `items_version` is counted up by triggers on
    every write to topics, dots and themes (migration 0012), and any change to the row
    itself (phase, plan, what the room votes on) makes a new key too. The count lives
    in the database, so every server process may keep its own copy and none is stale.
    At most `size` results are kept, the least recently read dropped first. A result
    is shared between callers: they must not change it.
    """

    def __init__(self, size: int = 256):
        self.size = size
        self.results: OrderedDict = OrderedDict()

    def get(self, workshop: dict, name: str, compute):
        """`compute()`'s result for this workshop row and name, computed once per change."""
        key = (name, *sorted(workshop.items()))
        if key in self.results:
            self.results.move_to_end(key)
            return self.results[key]
        result = self.results[key] = compute()
        if len(self.results) > self.size:
            self.results.popitem(last=False)
        return result

    def forget(self, workshop_id: int) -> None:
        """Drop every result of a workshop (it was deleted: nothing of it stays)."""
        for key in [key for key in self.results if ("id", workshop_id) in key[1:]]:
            del self.results[key]


class Store:
    def __init__(self, path: Path | str):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        if str(path) != ":memory:":
            owner_only(Path(path))
        # One connection, used only from the event loop's thread; the loop may start on
        # another thread than the one that opened it (test clients, embedding servers).
        self.db = Database(sqlite3.connect(path, check_same_thread=False))
        self.db.enable_wal()
        self.db.execute("PRAGMA foreign_keys = ON")
        # WAL with synchronous=NORMAL survives a killed process; only a power
        # cut can lose the last commits.
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA busy_timeout = 5000")
        migrations.apply(self.db)
        self.until_items_change = UntilItemsChange()

    def close(self) -> None:
        self.db.close()

    def one(self, sql: str, params=()) -> dict | None:
        """The first row of a query as a dict, or None."""
        rows = list(self.db.query(sql, params))
        return rows[0] if rows else None

    def value(self, sql: str, params=()):
        """The first column of the first row of a query."""
        return self.db.execute(sql, params).fetchone()[0]

    # Workshops

    def insert_workshop(self, fields: dict) -> dict | None:
        """Insert a workshop; None when its join code is already taken."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO workshops ({}) VALUES ({})".format(
                ", ".join(fields), ", ".join("?" for _ in fields)
            ),
            [*fields.values()],
        )
        return self.workshop_by_id(cursor.lastrowid) if cursor.rowcount else None

    def workshop_by_id(self, workshop_id: int) -> dict | None:
        return self.one("SELECT * FROM workshops WHERE id = ?", [workshop_id])

    def workshop_by_code(self, code: str) -> dict | None:
        return self.one("SELECT * FROM workshops WHERE code = ?", [code])

    def workshop_by_secret_hash(self, secret_hash: str) -> dict | None:
        return self.one(
            "SELECT * FROM workshops WHERE facilitator_secret_hash = ?", [secret_hash]
        )

    def move_phase(self, workshop_id: int, from_index: int, to_index: int,
                   visits: str | None = None) -> bool:
        """Move from one phase to another (and save the phases' marks, JSON); False if
        the workshop was not at from_index.

        Comparing the current phase makes a double-clicked "next" advance once; checking
        the plan's length keeps a "next" read before a phase was removed (plan.py) from
        moving past the end.
        """
        cursor = self.db.execute(
            "UPDATE workshops SET phase_index = ?, visits = coalesce(?, visits)"
            " WHERE id = ? AND phase_index = ? AND json_array_length(plan) > ?",
            [to_index, visits, workshop_id, from_index, to_index],
        )
        return cursor.rowcount == 1

    def replace_plan(self, seen: dict, new_plan: str) -> bool:
        """Save a changed plan (JSON, as methods.plan_json writes it) if the workshop is
        still as `seen` (its row, read before the change): the same plan, current phase
        and opened phases. False when someone changed the plan or moved the phase first."""
        cursor = self.db.execute(
            "UPDATE workshops SET plan = :new WHERE id = :id AND plan = :plan"
            " AND phase_index = :phase_index AND visits = :visits",
            {"new": new_plan, **{k: seen[k] for k in ("id", "plan", "phase_index", "visits")}},
        )
        return cursor.rowcount == 1

    def set_timer(self, workshop_id: int, ends_at: float | None, seconds: int | None):
        self.db.execute(
            "UPDATE workshops SET timer_ends_at = ?, timer_seconds = ? WHERE id = ?",
            [ends_at, seconds, workshop_id],
        )

    # Participants

    def insert_participant(self, workshop_id: int, key: str, display_name: str | None,
                           group_number: int | None = None):
        cursor = self.db.execute(
            "INSERT INTO participants (workshop_id, key, display_name, group_number, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [workshop_id, key, display_name, group_number, now_iso()],
        )
        return self.one("SELECT * FROM participants WHERE id = ?", [cursor.lastrowid])

    def joined(self, workshop_id: int) -> int:
        return self.value("SELECT count(*) FROM participants WHERE workshop_id = ?",
                          [workshop_id])

    def first_time(self, participant_id: int, action_id: str | None) -> bool:
        """Record that a participant's action (by the id the phone gave it) is done; False
        when it was recorded before: a retry of an action already done. Call it inside the
        transaction of the action's write, so both are stored or neither. An action
        without an id (a form sent without the page's script) is always a first."""
        if action_id is None:
            return True
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO actions_done (participant_id, action_id, created_at)"
            " VALUES (?, ?, ?)", [participant_id, action_id, now_iso()])
        return cursor.rowcount == 1

    def participant_by_key(self, workshop_id: int, key: str) -> dict | None:
        return self.one(
            "SELECT * FROM participants WHERE workshop_id = ? AND key = ?",
            [workshop_id, key],
        )

    # Whole workshops, for export and import

    def transaction(self):
        """All or nothing: an import that fails half-way leaves no trace."""
        return self.db.atomic()

    def participants(self, workshop_id: int) -> list[dict]:
        return list(self.db.query("SELECT * FROM participants WHERE workshop_id = ?"
                                  " ORDER BY id", [workshop_id]))

