"""Data that goes away: each workshop is kept `retention_days` after the last time anyone
acted in it (default 90), then deleted with everything in it, by the running server (a
task started with the app) and by `run.py purge`. The facilitator can delete it at once,
after a page that offers the exports first.

Deleting is generic, so the tables of activities added later are covered without a line
here: the rows of a workshop are those of `workshops` with its id, of every table with a
`workshop_id` column, and of every table whose foreign key points at such rows (supports
→ topics, backlog_sources → backlog_items …), found from the schema each time. They are
deleted children first, in one transaction, with secure_delete on (SQLite overwrites the
deleted content with zeros), and the WAL is then checkpointed and truncated, so no copy
of the text is left in the database file or its WAL. ON DELETE CASCADE on the foreign
keys would do most of it; deleting explicitly also covers a table whose key forgot it.
The workshop's export folder (settings.EXPORTS_DIR/CODE) goes too.
"""

import asyncio
import logging
import shutil
from datetime import datetime, timedelta, timezone

from starlette.responses import RedirectResponse
from starlette.routing import Route

from workshop import activities, settings
from workshop.guards import facilitator_form, facilitators_workshop
from workshop.responses import page

log = logging.getLogger(__name__)


def belonging(db, table: str, seen: frozenset = frozenset()) -> str | None:
    """A condition selecting a table's rows that belong to the workshop `:w`, or None
    when none can: its own id (workshops), its workshop_id, or a foreign key to rows of
    a table that belong (followed through other tables, never round a cycle)."""
    if table == "workshops":
        return "id = :w"
    columns = {column.name for column in db[table].columns}
    if "workshop_id" in columns:
        return "workshop_id = :w"
    ways = []
    for key in db[table].foreign_keys:
        if key.other_table in seen or key.other_table == table:
            continue
        if parent := belonging(db, key.other_table, seen | {table}):
            ways.append(f'"{key.column}" IN (SELECT "{key.other_column}" FROM '
                        f'"{key.other_table}" WHERE {parent})')
    return " OR ".join(ways) or None


def children_first(db) -> list[str]:
    """Every table of the database, each after the tables whose keys point at it (so a
    key without ON DELETE CASCADE never blocks a delete); workshops last."""
    tables = [name for name in db.table_names()
              if not name.startswith(("sqlite_", "_sqlite_"))]
    parents = {name: {key.other_table for key in db[name].foreign_keys} - {name}
               for name in tables}
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = [name for name in tables if name not in ordered and not any(
            name in parents[child] for child in tables if child not in ordered and child != name)]
        ordered += ready or [name for name in tables if name not in ordered]  # a cycle
    return ordered


def delete_workshop(store, workshop: dict) -> None:
    """Delete a workshop and every row that belongs to it, in one transaction, and what
    the store keeps of it in memory; then checkpoint the WAL and remove its export
    folder. In-memory state that activities keep per workshop (e.g. the topics' hint
    indexes) is the caller's: see forget()."""
    db = store.db
    conditions = [(table, where) for table in children_first(db)
                  if (where := belonging(db, table))]
    db.execute("PRAGMA secure_delete = ON")
    try:
        with store.transaction():
            for table, where in conditions:
                db.execute(f'DELETE FROM "{table}" WHERE {where}', {"w": workshop["id"]})
    finally:
        db.execute("PRAGMA secure_delete = OFF")
    store.until_items_change.forget(workshop["id"])
    checkpoint(store)
    shutil.rmtree(settings.EXPORTS_DIR / workshop["code"], ignore_errors=True)


def checkpoint(store) -> None:
    """Copy the WAL into the database file and truncate it to nothing. Busy (another
    connection reading an older state) is logged: the next checkpoint finishes it."""
    busy, _frames, _done = store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        log.warning("WAL checkpoint after a deletion was busy; SQLite finishes it later")


def forget(app_state, workshop_id: int) -> None:
    """Drop what a running server keeps in memory about a deleted workshop."""
    for activity in activities.in_order():
        activity.forget(app_state.activity_state.get(activity.key), workshop_id)


def expired(store, now: datetime | None = None) -> list[dict]:
    """The workshops whose last activity is more than their retention_days ago."""
    now = now or datetime.now(timezone.utc)
    return list(store.db.query(
        "SELECT * FROM workshops WHERE julianday(coalesce(last_active_at, created_at))"
        " + retention_days < julianday(?) ORDER BY id", [now.isoformat(timespec="seconds")]))


def purge(store, now: datetime | None = None, app_state=None) -> list[str]:
    """Delete every expired workshop, and the ids of actions done more than
    ACTION_IDS_KEPT_HOURS ago; returns the workshops' join codes."""
    forget_before = (now or datetime.now(timezone.utc)) - timedelta(
        hours=settings.ACTION_IDS_KEPT_HOURS)
    store.db.execute("DELETE FROM actions_done WHERE created_at < ?",
                     [forget_before.isoformat(timespec="seconds")])
    codes = []
    for workshop in expired(store, now):
        delete_workshop(store, workshop)
        if app_state is not None:
            forget(app_state, workshop["id"])
        log.info("workshop %s deleted: kept %s days after its last activity",
                 workshop["code"], workshop["retention_days"])
        codes.append(workshop["code"])
    return codes


async def purge_now_and_then(store, app_state, interval: float) -> None:
    """The running server's purge, every `interval` seconds (the first one `interval`
    after start: starting stays quick, and `run.py purge` is there for the impatient)."""
    while True:
        await asyncio.sleep(interval)
        try:
            purge(store, app_state=app_state)
        except Exception:
            log.exception("purging expired workshops failed; trying again later")


# How often the last activity is written: at most once in this time per workshop, so a
# room tapping away costs no extra write (a workshop kept 90 days ends within an hour of
# its 90th day).
TOUCH_EVERY = timedelta(hours=1)


def touch(store, workshop: dict) -> None:
    """Someone acted in the workshop: its retention time starts again (written at most
    once every TOUCH_EVERY)."""
    now = datetime.now(timezone.utc)
    last = workshop.get("last_active_at")
    if last is None or datetime.fromisoformat(last) + TOUCH_EVERY <= now:
        store.db.execute("UPDATE workshops SET last_active_at = ? WHERE id = ?",
                         [now.isoformat(timespec="seconds"), workshop["id"]])


def deletion_date(workshop: dict) -> datetime:
    """When the workshop will be deleted unless someone acts in it again."""
    last = datetime.fromisoformat(workshop["last_active_at"] or workshop["created_at"])
    return last + timedelta(days=workshop["retention_days"])


async def confirm_page(request):
    workshop = facilitators_workshop(request)
    return page(request, "delete.html", {"workshop": workshop})


async def delete_now(request):
    workshop, form = await facilitator_form(request)
    delete_workshop(request.app.state.store, workshop)
    forget(request.app.state, workshop["id"])
    for kind in ("facilitating", "participants"):
        request.session[kind] = {key: value for key, value in request.session.get(kind, {}).items()
                                 if key != str(workshop["id"])}
    return RedirectResponse(request.url_for("workshop_deleted"), 303)


async def deleted_page(request):
    return page(request, "deleted.html", {})


routes = [
    Route("/w/{code}/delete", confirm_page, name="confirm_delete"),
    Route("/w/{code}/delete", delete_now, methods=["POST"], name="delete_workshop"),
    Route("/deleted", deleted_page, name="workshop_deleted"),
]
