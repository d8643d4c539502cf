"""The connection's transactions, as several server processes use one database file."""

import sqlite3
import threading
import time

import pytest

from workshop.db import Store


def test_a_transaction_that_reads_first_waits_for_another_writer_instead_of_failing(tmp_path):
    """Two connections, as two processes have: one reads, then writes after the other
    wrote. With a plain BEGIN the second write fails at once ("database is locked")."""
    mine, other = Store(tmp_path / "samla.db"), Store(tmp_path / "samla.db")
    other.db.execute("CREATE TABLE counts (n INTEGER)")
    other.db.execute("INSERT INTO counts VALUES (0)")
    read = threading.Event()

    def other_process_writes():
        read.wait()
        other.db.execute("UPDATE counts SET n = n + 1")

    writer = threading.Thread(target=other_process_writes)
    writer.start()
    with mine.transaction():
        seen = mine.value("SELECT n FROM counts")
        read.set()
        time.sleep(0.2)
        mine.db.execute("UPDATE counts SET n = ?", [seen + 10])
    writer.join()
    assert mine.value("SELECT n FROM counts") == 11  # each in turn, neither lost
    mine.close()
    other.close()


def test_a_failed_transaction_leaves_nothing_and_the_next_one_works(store):
    store.db.execute("CREATE TABLE counts (n INTEGER NOT NULL)")
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.db.execute("INSERT INTO counts VALUES (1)")
        store.db.execute("INSERT INTO counts VALUES (NULL)")
    with store.transaction():
        store.db.execute("INSERT INTO counts VALUES (2)")
    assert [row["n"] for row in store.db.query("SELECT n FROM counts")] == [2]
