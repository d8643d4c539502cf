"""Notes from paper: one note per line, or the `text` column of a CSV/TSV with a header.

Many sessions still start on sticky notes; whoever types them up pastes the lines or
exports a spreadsheet. Used by the command line (run.py themes) and the workshop.
"""

import csv
import io

TEXT_COLUMN = "text"


class NotesRefused(ValueError):
    """The notes could not be read; the message says why."""


def read_notes(content: str, filename: str = "") -> list[str]:
    """The non-empty notes in a file's text, in order."""
    if filename.lower().endswith((".csv", ".tsv")):
        return table_notes(content, "\t" if filename.lower().endswith(".tsv") else None)
    return [line.strip() for line in content.splitlines() if line.strip()]


def table_notes(content: str, delimiter: str | None) -> list[str]:
    """The `text` column of a table; a CSV's delimiter (comma or semicolon) is sniffed."""
    if delimiter is None:
        first_line = content.partition("\n")[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = csv.DictReader(io.StringIO(content), delimiter=delimiter)
    columns = [name.strip().lower() for name in rows.fieldnames or []]
    if TEXT_COLUMN not in columns:
        raise NotesRefused(f"no '{TEXT_COLUMN}' column in the header ({', '.join(columns)})")
    column = (rows.fieldnames or [])[columns.index(TEXT_COLUMN)]
    return [row[column].strip() for row in rows if (row.get(column) or "").strip()]
