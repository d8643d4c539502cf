"""`run.py backup` copies the database while Samla runs and phones vote; `run.py restore`
puts a copy back, as README's "Back up and restore" says."""

import re
import sqlite3
import subprocess
import sys
import threading

import httpx

from tests.conftest import ROOT, LiveServer
from tests.flows import act, create_workshop, join, move_phase


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "run.py", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def dots_in(path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM dots").fetchone()[0]


def voting_room(url: str):
    facilitator = httpx.Client(base_url=url)
    workshop = create_workshop(facilitator, dots_per_participant="20",
                               max_dots_per_topic="20")
    code = workshop["code"]
    move_phase(facilitator, workshop, 0)
    act(facilitator, f"/w/{code}/topics/from-paper", workshop["csrf"], notes="Fler bänkar")
    move_phase(facilitator, workshop, 1)
    topic = re.search(r'id="topic-(\d+)"', facilitator.get(f"/w/{code}/facilitator").text)[1]
    return facilitator, workshop, topic


def test_a_backup_taken_while_phones_vote_restores_the_workshop_as_it_was(tmp_path):
    database, copy = tmp_path / "samla.db", tmp_path / "backup.db"
    server = LiveServer(database).start()
    facilitator, workshop, topic = voting_room(server.url)
    code = workshop["code"]
    phone = httpx.Client(base_url=server.url)
    csrf = join(phone, code)
    stop = threading.Event()

    def keep_voting():
        while not stop.is_set() and act(phone, f"/w/{code}/dots", csrf,
                                        add_dot=topic).status_code == 200:
            pass
    voter = threading.Thread(target=keep_voting)
    voter.start()
    try:
        backed_up = run("backup", str(copy), "--db", str(database))
    finally:
        stop.set()
        voter.join()
    assert backed_up.returncode == 0, backed_up.stderr
    assert copy.stat().st_mode & 0o777 == 0o600  # what participants wrote: the owner's only
    in_copy = dots_in(copy)
    assert 0 < in_copy <= dots_in(database) <= 20
    act(facilitator, f"/w/{code}/topics/from-paper", workshop["csrf"], notes="Efter kopian")
    server.stop()

    restored = run("restore", str(copy), "--db", str(database))
    assert restored.returncode == 0, restored.stderr
    again = LiveServer(database, port=server.port).start()
    try:
        page = phone.get(f"/w/{code}").text  # the phone is still itself
        assert f'data-dots-left="{20 - in_copy}"' in page
        assert "Fler bänkar" in page and "Efter kopian" not in page
    finally:
        again.stop()
        phone.close()
        facilitator.close()


def test_restore_refuses_a_file_that_is_not_a_samla_database_and_changes_nothing(tmp_path):
    database = tmp_path / "samla.db"
    server = LiveServer(database).start()
    facilitator, workshop, topic = voting_room(server.url)
    server.stop()
    before = database.read_bytes()
    for name, content in (("notes.txt", b"Fler b\xc3\xa4nkar\n"), ("empty.db", None)):
        other = tmp_path / name
        if content is None:
            sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
        else:
            other.write_bytes(content)
        refused = run("restore", str(other), "--db", str(database))
        assert refused.returncode == 1
        assert refused.stderr.startswith(f"Nothing restored: {other} is not a Samla database")
    assert database.read_bytes() == before
    facilitator.close()


def test_backup_refuses_to_copy_the_database_onto_itself(tmp_path):
    database = tmp_path / "samla.db"
    sqlite3.connect(database).execute("CREATE TABLE t (x)").connection.close()
    refused = run("backup", str(database), "--db", str(database))
    assert refused.returncode == 1 and "cannot replace the database itself" in refused.stderr
