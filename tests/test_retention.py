"""Data that goes away: a deleted workshop leaves no row in any table and no copy of its
text in the database file or its WAL; expired workshops go by themselves; the database
files are the owner's only."""

import stat
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from starlette.testclient import TestClient

from tests.activities.voting.test_voting import SETTINGS, place
from tests.conftest import ROOT
from tests.flows import act, another_browser, create_workshop, join, move_phase, sv
from workshop import retention
from workshop.activities.backlog import queries as backlog_queries
from workshop.activities.rating import queries as rating_queries
from workshop.activities.themes import queries as theme_queries
from workshop.activities.topics import queries as topic_queries
from workshop.app import create_app
from workshop.db import Store
from workshop.workshops import create_workshop as create

MARKER = "Hemligt förslag från Zyxwvu"


def every_row(store) -> dict[str, set]:
    """Every row of every table sqlite_master lists (the migrations' record aside)."""
    tables = [row[0] for row in store.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name != '_sqlite_migrations'")]
    return {table: set(store.db.execute(f'SELECT * FROM "{table}"').fetchall())
            for table in tables}


def full_workshop(store, marker: str = MARKER) -> dict:
    """A workshop with something in every table: posts, dots, a merge, +1s, ratings,
    themes, the backlog and its sources, a held post, and rows in two tables another
    activity might add: one keyed by workshop_id without a foreign key, one reached only
    through a topic without ON DELETE CASCADE."""
    add_tables_of_another_activity(store)
    workshop, _ = create(store, SETTINGS)
    author, other = (store.insert_participant(workshop["id"], f"{marker}-{name}", None)
                     for name in ("a", "b"))
    topic, twin = (topic_queries.insert_topic(store, workshop["id"], author["id"], text,
                                              limit=50) for text in (marker, f"{marker}!?"))
    place(store, workshop, topic, other)
    topic_queries.merge_topics(store, twin["id"], topic["id"])
    topic_queries.insert_support(store, topic["id"], other["id"])
    rating_queries.rate(store, workshop["id"], other["id"], "topic", topic["id"], 5, 2)
    theme_queries.add_theme(store, workshop["id"], f"Tema {marker}")
    backlog_queries.insert_backlog_item(store, workshop["id"], {"title": marker, "votes": 1},
                                        [topic["id"]])
    topic_queries.insert_held(store, workshop["id"], author["id"], f"{marker} 070-174 06 05",
                              ("phone",), limit=50)
    store.db.execute("INSERT INTO added_by_workshop VALUES (?, ?)", [workshop["id"], marker])
    store.db.execute("INSERT INTO added_by_topic VALUES (?, ?)", [topic["id"], marker])
    return store.workshop_by_id(workshop["id"])


def add_tables_of_another_activity(store) -> None:
    store.db.execute("CREATE TABLE IF NOT EXISTS added_by_workshop (workshop_id INTEGER, note TEXT)")
    store.db.execute("CREATE TABLE IF NOT EXISTS added_by_topic (topic_id INTEGER REFERENCES topics(id),"
                     " note TEXT)")


def test_a_deleted_workshop_leaves_no_row_in_any_table(store):
    kept = full_workshop(store, "Ett förslag som ska finnas kvar")
    before = every_row(store)
    deleted = full_workshop(store)
    grown = {table for table, rows in every_row(store).items() if rows != before[table]}
    assert grown >= {"workshops", "participants", "topics", "dots", "supports", "ratings",
                     "themes", "backlog_items", "backlog_sources", "held_posts",
                     "added_by_workshop", "added_by_topic"}
    retention.delete_workshop(store, deleted)
    assert every_row(store) == before
    assert store.workshop_by_id(kept["id"]) is not None


def test_nothing_of_a_deleted_workshop_is_left_in_the_database_file_or_its_wal(tmp_path):
    path = tmp_path / "samla.db"
    store = Store(path)
    workshop = full_workshop(store)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the text is in the file itself
    assert MARKER.encode() in path.read_bytes()
    retention.delete_workshop(store, workshop)
    assert Path(f"{path}-wal").stat().st_size == 0
    for file in (path, Path(f"{path}-wal")):
        assert MARKER.encode() not in file.read_bytes()
        assert "070-174 06 05".encode() not in file.read_bytes()
    store.close()


def test_expired_workshops_are_deleted_and_the_others_kept(store):
    old, fresh = full_workshop(store, "Gammalt"), full_workshop(store, "Nytt")
    now = datetime.now(timezone.utc)
    last_active(store, old, now - timedelta(days=91))
    last_active(store, fresh, now - timedelta(days=89))
    assert retention.purge(store) == [old["code"]]
    assert store.workshop_by_id(old["id"]) is None
    assert store.workshop_by_id(fresh["id"]) is not None


def test_the_purge_forgets_action_ids_a_day_old_and_keeps_newer_ones(store):
    """A retry comes within minutes of its lost answer: a day later its id is not needed."""
    workshop = full_workshop(store)
    participant = store.insert_participant(workshop["id"], "k", None)
    assert store.first_time(participant["id"], "tap-old")
    store.db.execute("UPDATE actions_done SET created_at = ?",
                     [(datetime.now(timezone.utc) - timedelta(hours=25)).isoformat()])
    assert store.first_time(participant["id"], "tap-new")
    assert not store.first_time(participant["id"], "tap-new")
    retention.purge(store)
    assert [row[0] for row in store.db.execute("SELECT action_id FROM actions_done")] == [
        "tap-new"]
    assert store.workshop_by_id(workshop["id"]) is not None


def test_the_retention_time_is_the_workshops_own(store):
    workshop = full_workshop(store)
    store.db.execute("UPDATE workshops SET retention_days = 7 WHERE id = ?", [workshop["id"]])
    last_active(store, workshop, datetime.now(timezone.utc) - timedelta(days=8))
    assert retention.purge(store) == [workshop["code"]]


def last_active(store, workshop, when: datetime) -> None:
    store.db.execute("UPDATE workshops SET last_active_at = ? WHERE id = ?",
                     [when.isoformat(timespec="seconds"), workshop["id"]])


def test_run_py_purge_deletes_expired_workshops(tmp_path):
    path = tmp_path / "samla.db"
    store = Store(path)
    old, fresh = full_workshop(store, "Gammalt"), full_workshop(store, "Nytt")
    last_active(store, old, datetime.now(timezone.utc) - timedelta(days=200))
    store.close()
    done = subprocess.run([sys.executable, "run.py", "purge", "--db", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Deleted 1 expired workshop(s) from {path}: {old['code']}"
    store = Store(path)
    assert [w["code"] for w in store.db.query("SELECT code FROM workshops")] == [fresh["code"]]
    assert store.value("SELECT count(*) FROM topics WHERE workshop_id = ?", [old["id"]]) == 0
    store.close()


def test_the_running_server_deletes_expired_workshops_by_itself(tmp_path):
    app = create_app(tmp_path / "samla.db", secret_key="test-key", purge_interval=0.05)
    with TestClient(app) as client:
        workshop = create_workshop(client)
        # The test's own connection: the server's belongs to the server's thread.
        store = Store(tmp_path / "samla.db")
        found = store.workshop_by_code(workshop["code"])
        last_active(store, found, datetime.now(timezone.utc) - timedelta(days=91))
        deadline = time.monotonic() + 10
        while client.get(f"/w/{workshop['code']}").status_code != 404:
            assert time.monotonic() < deadline, "the expired workshop is still there"
            time.sleep(0.05)
        assert store.workshop_by_id(found["id"]) is None
        store.close()


def test_acting_in_a_workshop_starts_its_retention_time_again(client):
    workshop = create_workshop(client)
    store = client.app.other_asgi_app.state.store
    found = store.workshop_by_code(workshop["code"])
    long_ago = datetime.now(timezone.utc) - timedelta(days=80)
    last_active(store, found, long_ago)
    client.get(f"/w/{workshop['code']}/facilitator")  # looking is not acting
    assert store.workshop_by_id(found["id"])["last_active_at"] == long_ago.isoformat(
        timespec="seconds")
    move_phase(client, workshop, 0)
    touched = datetime.fromisoformat(store.workshop_by_id(found["id"])["last_active_at"])
    assert datetime.now(timezone.utc) - touched < timedelta(minutes=1)


def test_the_facilitator_deletes_a_workshop_after_a_page_that_offers_the_exports(client):
    workshop = create_workshop(client)
    code = workshop["code"]
    move_phase(client, workshop, 0)
    phone = another_browser(client)
    phone_csrf = join(phone, code)
    act(phone, f"/w/{code}/topics", phone_csrf, text=MARKER)
    phone.get(f"/w/{code}/similar", params={"text": "Hemligt förslag från"})
    hints = client.app.other_asgi_app.state.activity_state["topics"]
    workshop_id = client.app.other_asgi_app.state.store.workshop_by_code(code)["id"]
    assert [key for key in hints.indexes if key[0] == workshop_id]  # it holds the texts
    page = client.get(f"/w/{code}/delete").text
    for link in ("export?format=xlsx", "export?format=json", "report"):
        assert f'href="/w/{code}/{link}"' in page
        assert client.get(f"/w/{code}/{link}").status_code == 200
    assert sv("Save what you need first") in page
    assert phone.get(f"/w/{code}/delete").status_code == 403
    assert act(phone, f"/w/{code}/delete", phone_csrf).status_code == 403
    gone = client.post(f"/w/{code}/delete", data={"csrf_token": workshop["csrf"]},
                       follow_redirects=True)
    assert gone.status_code == 200 and sv("The workshop is deleted") in gone.text
    assert client.get(f"/w/{code}/facilitator").status_code == 404
    assert phone.get(f"/w/{code}").status_code == 404
    assert not [key for key in hints.indexes if key[0] == workshop_id]


def test_the_database_and_its_wal_are_readable_by_the_owner_only(tmp_path):
    path = tmp_path / "samla.db"
    store = Store(path)
    store.db.execute("INSERT INTO participants (workshop_id, key, created_at) SELECT 0, 'x', ''"
                     " WHERE 0")  # a write: SQLite opens the WAL
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    store.close()


def test_a_database_made_before_is_made_the_owners_only_on_opening(tmp_path):
    path = tmp_path / "samla.db"
    Store(path).close()
    path.chmod(0o644)
    Store(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600



def test_the_export_folder_of_a_deleted_workshop_goes_too(store, tmp_path, monkeypatch):
    monkeypatch.setattr("workshop.settings.EXPORTS_DIR", tmp_path / "exports")
    deleted, kept = full_workshop(store, "Borta"), full_workshop(store, "Kvar")
    for workshop in (deleted, kept):
        folder = tmp_path / "exports" / workshop["code"]
        folder.mkdir(parents=True)
        (folder / f"samla-{workshop['code']}.xlsx").write_bytes(b"export")
    retention.delete_workshop(store, deleted)
    assert sorted(p.name for p in (tmp_path / "exports").iterdir()) == [kept["code"]]


def test_what_the_store_keeps_in_memory_of_a_deleted_workshop_goes_too(store):
    deleted, kept = full_workshop(store, "Borta"), full_workshop(store, "Kvar")
    for workshop in (deleted, kept):
        store.until_items_change.get(workshop, "deck", lambda: [workshop["title"]])
    retention.delete_workshop(store, deleted)
    assert [key[0] for key in store.until_items_change.results] == ["deck"]
    assert ("id", kept["id"]) in next(iter(store.until_items_change.results))
