"""Notes from paper, and `run.py themes` on them."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT
from workshop.activities.topics.notes import NotesRefused, read_notes

NOTES = ["Mer personal på fritidsgården", "Fritidsgårdarna behöver fler anställda",
         "Elevhälsan ska samarbeta med BUP", "Bättre samverkan mellan skola och barnpsykiatrin",
         "Läxhjälp efter skolan"]


def test_plain_notes_are_one_per_line_blank_lines_skipped():
    assert read_notes("  Första \n\nAndra\r\n") == ["Första", "Andra"]


@pytest.mark.parametrize("name, content", [
    ("anteckningar.csv", 'id;text;färg\n1;"Fler vuxna; på gården";gul\n2;Läxhjälp;rosa\n'),
    ("anteckningar.csv", 'text,färg\n"Fler vuxna; på gården",gul\nLäxhjälp,rosa\n'),
    ("anteckningar.tsv", "Text\tfärg\nFler vuxna; på gården\tgul\nLäxhjälp\trosa\n"),
])
def test_tables_give_their_text_column(name, content):
    assert read_notes(content, name) == ["Fler vuxna; på gården", "Läxhjälp"]


def test_a_table_without_a_text_column_is_refused():
    with pytest.raises(NotesRefused, match="no 'text' column"):
        read_notes("id,note\n1,x\n", "x.csv")


def run_themes(*args):
    return subprocess.run([sys.executable, "run.py", "themes", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_themes_command_prints_one_line_per_note_in_input_order(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("\n".join(NOTES), encoding="utf-8")
    done = run_themes(notes)
    assert done.returncode == 0, done.stderr
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert [row[2] for row in rows] == NOTES
    numbers = [int(row[0]) for row in rows]
    assert numbers[0] == numbers[1] != numbers[2] == numbers[3]
    assert all(row[1] for row in rows)
    assert run_themes(notes).stdout == done.stdout  # the same notes, the same themes


def test_themes_command_reads_a_csv_and_takes_k(tmp_path):
    table = tmp_path / "notes.csv"
    table.write_text("id;text\n" + "".join(f"{i};{n}\n" for i, n in enumerate(NOTES)),
                     encoding="utf-8")
    done = run_themes(table, "--k", "2", "--lang", "sv")
    assert done.returncode == 0, done.stderr
    assert len({line.split("\t")[0] for line in done.stdout.splitlines()} - {"0"}) <= 2


def test_themes_command_explains_an_unreadable_file(tmp_path):
    done = run_themes(tmp_path / "missing.txt")
    assert done.returncode != 0 and "Cannot read notes" in done.stderr
