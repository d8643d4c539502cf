"""Notes from paper, and `run.py themes` on them."""

import csv
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from workshop import i18n
from workshop.activities.topics.notes import NotesRefused, read_note_file, read_notes

DATA = ROOT / "tests" / "data"  # copies of Polis exports, CC BY 4.0 (tests/data/README.md)

NOTES = ["Mer personal på fritidsgården", "Fritidsgårdarna behöver fler anställda",
         "Elevhälsan ska samarbeta med BUP", "Bättre samverkan mellan skola och barnpsykiatrin",
         "Läxhjälp efter skolan"]


def test_plain_notes_are_one_per_line_blank_lines_skipped():
    assert read_notes("  Första \n\nAndra\r\n") == ["Första", "Andra"]


def test_a_list_pasted_from_word_loses_its_bullets_and_numbers():
    pasted = "•\tFler vuxna på gården\n•\tLäxhjälp\no\tVarje dag\n1.\tMer frukt\n2)\tFler bänkar\n"
    assert read_notes(pasted) == ["Fler vuxna på gården", "Läxhjälp", "Varje dag", "Mer frukt",
                                  "Fler bänkar"]


def test_notes_are_cleaned_and_invisible_ones_left_out():
    assert read_notes("Skolga\u030arden\u200b\n\u200b\u200d\n\u0301\nTr\u00e4d  h\u00e4r") == [
        "Skolgården", "Träd här"]


@pytest.mark.parametrize("name, content", [
    ("anteckningar.csv", 'id;text;färg\n1;"Fler vuxna; på gården";gul\n2;Läxhjälp;rosa\n'),
    ("anteckningar.csv", 'text,färg\n"Fler vuxna; på gården",gul\nLäxhjälp,rosa\n'),
    ("anteckningar.tsv", "Text\tfärg\nFler vuxna; på gården\tgul\nLäxhjälp\trosa\n"),
    ("anteckningar.csv", "Färg\tIdé\ngul\tFler vuxna; på gården\nrosa\tLäxhjälp\n"),
    ("Kommentarer.CSV", 'nr;KOMMENTAR\n1;"Fler vuxna; på gården"\n2;" Läxhjälp\n"\n3;\n'),
])
def test_tables_give_their_note_column(name, content):
    assert read_notes(content, name) == ["Fler vuxna; på gården", "Läxhjälp"]


@pytest.mark.parametrize("folder, count, first", [
    ("polis-bg2050-volunteers", 371, "I hope it can retain its southern hospitality"),
    ("polis-london.youth.policing", 39, "Eliminate bias - wider background check to see the "
                                        "type of people they are hiring"),
])
def test_a_polis_comments_export_gives_its_comment_bodies(folder, count, first):
    path = DATA / folder / "comments.csv"
    with path.open(encoding="utf-8", newline="") as file:
        bodies = [row["comment-body"] for row in csv.DictReader(file)]
    notes = read_note_file(path.read_bytes(), path.name)
    assert len(notes) == count == len(bodies)
    assert notes[0] == first
    assert notes == [" ".join(body.split()) for body in bodies]  # one line each


def refusal(problem: str, **values) -> str:
    """A refusal as a Swedish reader gets it: the problem, then what Samla expected."""
    translate = i18n.translations("sv").ugettext
    return f"{translate(problem) % values} {translate(EXPECTED_ID)}"


EXPECTED_ID = ("Samla reads notes from a text file (.txt) with one note per line, or from a "
               "CSV or TSV table with a column named text, comment-body, comment, note or idea.")

PABULIB = """META
key;value
description;Medborgarbudget för Gröna parken
country;Sweden
unit;Gröna parken
num_projects;2
num_votes;3
budget;100000
vote_type;approval
PROJECTS
project_id;cost;name
1;60000;Fler bänkar
2;40000;Belysning längs gångvägen
VOTES
voter_id;vote
1;1,2
2;1
3;2
"""


@pytest.mark.parametrize("name", ["gröna_parken.pb", "gröna_parken.txt", "gröna_parken.csv"])
def test_a_participatory_budgeting_file_is_refused_naming_what_was_expected(name):
    with pytest.raises(NotesRefused) as refused:
        read_note_file(PABULIB.encode(), name)
    assert str(refused.value) == refusal(
        "The file is a participatory-budgeting file (Pabulib: META, PROJECTS, VOTES), not notes.")
    assert "med en anteckning per rad" in str(refused.value)


@pytest.mark.parametrize("name, content, problem, values", [
    ("x.csv", b"id,note_colour\n1,gul\n", "The table has no column of notes (its columns: "
     "%(columns)s).", {"columns": "id, note_colour"}),
    ("export.json", b'{"workshop": {"title": "Skolg\xc3\xa5rden"}}', "The file is JSON, not notes."
     " A Samla export is read in as a follow-up meeting instead.", {}),
    ("export.txt", b'[{"text": "Fler vuxna"}]', "The file is JSON, not notes. A Samla export is"
     " read in as a follow-up meeting instead.", {}),
    ("anteckningar.xlsx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xe2",
     "Samla cannot read notes from a %(suffix)s file.", {"suffix": ".xlsx"}),
    ("anteckningar.docx", b"ordinary text", "Samla cannot read notes from a %(suffix)s file.",
     {"suffix": ".docx"}),
    ("anteckningar.csv", "text\nFärg\n".encode("cp1252"), "The file is not text (UTF-8). "
     "Save it as CSV UTF-8 and try again.", {}),
    ("anteckningar.txt", b"Fler\x00vuxna\n", "The file is not text.", {}),
])
def test_a_file_that_is_not_notes_is_refused_naming_what_was_expected(name, content, problem,
                                                                      values):
    with pytest.raises(NotesRefused) as refused:
        read_note_file(content, name)
    assert str(refused.value) == refusal(problem, **values)


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
