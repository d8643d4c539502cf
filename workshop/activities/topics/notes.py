"""Notes from paper or another tool: one note per line, or the note column of a table.

Many sessions still start on sticky notes; whoever types them up pastes the lines (from
Word, with its bullets and numbers) or exports a spreadsheet; others bring the statements
of an online round (a Polis `comments.csv`). Used by the command line (run.py themes) and
the workshop. A file that is not notes (a participatory-budgeting `.pb` file, JSON, a
spreadsheet or a document) is refused with what Samla expected, rather than read as notes.
"""

import csv
import io
import json
from pathlib import PurePath

from workshop import text
from workshop.i18n import lazy_gettext as _l

LINE_SUFFIXES = ("", ".txt")
TABLE_DELIMITERS = {".csv": None, ".tsv": "\t"}  # None: sniffed from the header line
# Column names that hold the notes, in order of preference, compared case-folded. `text` is
# Samla's own; `comment-body` is Polis's comments.csv; the rest are what people name such a
# column in English and Swedish spreadsheets.
TEXT_COLUMNS = ("text", "comment-body", "comment_body", "comment", "body", "note", "notes",
                "content", "idea", "statement", "topic", "anteckning", "anteckningar",
                "kommentar", "idé", "ide", "förslag", "ämne")
# Pabulib (pabulib.org) participatory-budgeting files are sections headed by these lines.
PABULIB_SECTIONS = {"META", "PROJECTS", "VOTES"}

EXPECTED = _l("Samla reads notes from a text file (.txt) with one note per line, or from a "
              "CSV or TSV table with a column named text, comment-body, comment, note or "
              "idea.")


class NotesRefused(ValueError):
    """The notes could not be read; the message (in the reader's language) says why and what
    Samla expected."""

    def __init__(self, problem, **values):
        super().__init__(problem)
        self.problem, self.values = problem, values

    def __str__(self):
        return f"{str(self.problem) % self.values} {EXPECTED}"


def read_note_file(content: bytes, filename: str) -> list[str]:
    """The notes in an uploaded file: its bytes (UTF-8, with or without BOM) and its name,
    whose ending says how to read it (.txt or none: lines; .csv, .tsv: a table)."""
    suffix = PurePath(filename).suffix.lower()
    known = suffix in LINE_SUFFIXES or suffix in TABLE_DELIMITERS
    unknown_suffix = NotesRefused(_l("Samla cannot read notes from a %(suffix)s file."),
                                  suffix=suffix)
    try:
        decoded = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise unknown_suffix if not known else NotesRefused(_l(
            "The file is not text (UTF-8). Save it as CSV UTF-8 and try again.")) from None
    if not known:
        refuse_other_formats(decoded)  # says which format it is, when Samla can tell
        raise unknown_suffix
    return read_notes(decoded, filename)


def read_notes(content: str, filename: str = "") -> list[str]:
    """The notes in a file's text (or a paste), in order: each cleaned (`text.clean`), list
    markers stripped from lines, notes with nothing visible left out.

    Raises NotesRefused for text that is another format: binary, JSON, Pabulib.
    """
    refuse_other_formats(content)
    delimiter = TABLE_DELIMITERS.get(PurePath(filename).suffix.lower(), "lines")
    if delimiter == "lines":
        return text.list_items(content)
    return table_notes(content, delimiter)


def refuse_other_formats(content: str) -> None:
    if "\x00" in content:
        raise NotesRefused(_l("The file is not text."))
    if len(PABULIB_SECTIONS & {line.strip() for line in content.splitlines()}) >= 2:
        raise NotesRefused(_l("The file is a participatory-budgeting file (Pabulib: META, "
                              "PROJECTS, VOTES), not notes."))
    if content.lstrip()[:1] in ("{", "[") and is_json(content):
        raise NotesRefused(_l("The file is JSON, not notes. A Samla export is read in as a "
                              "follow-up meeting instead."))


def is_json(content: str) -> bool:
    try:
        json.loads(content)
    except ValueError:
        return False
    return True


def table_notes(content: str, delimiter: str | None) -> list[str]:
    """The note column (the first of TEXT_COLUMNS the header has) of a table, each note
    cleaned to one line. A CSV's delimiter (comma, semicolon or tab) is the header line's
    most frequent one."""
    if delimiter is None:
        header = content.partition("\n")[0]
        delimiter = max(",;\t", key=header.count)
    rows = csv.DictReader(io.StringIO(content), delimiter=delimiter)
    column = note_column(rows.fieldnames or [])
    return [note for row in rows if text.has_visible(note := text.clean(row.get(column) or ""))]


def note_column(names: list[str]) -> str:
    """The header name of the column holding the notes."""
    found = {text.twin_key(name): name for name in reversed(names)}
    for wanted in TEXT_COLUMNS:
        if wanted in found:
            return found[wanted]
    raise NotesRefused(_l("The table has no column of notes (its columns: %(columns)s)."),
                       columns=", ".join(text.clean(name) for name in names) or "–")
