"""The workshop as CSV files, one per table, that Swedish Excel opens by double-click.

UTF-8 with a byte order mark, or Excel guesses the encoding and breaks åäö; a
semicolon between cells by default, since that is Swedish Excel's list separator,
and then a decimal comma (3,4), since Swedish Excel reads 3.4 as text. Comma-separated
files keep the decimal point, as English Excel reads them.
"""

import csv
import io
from pathlib import Path

from workshop.exporting.cells import csv_text, text_cell
from workshop.exporting.tables import Table, backlog_table, export_tables, in_workshop_language

DECIMAL_MARKS = {";": ",", ",": "."}  # by separator


def write_csv_tables(document: dict, directory: Path, separator: str = ";") -> list[Path]:
    """Write samla-<CODE>-backlog.csv, -themes, -topics, -ratings and -votes; returns
    their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    with in_workshop_language(document):
        tables = export_tables(document)
    paths = []
    for table in tables:
        path = directory / csv_file_name(document, table.name)
        path.write_bytes(csv_bytes(table, separator))
        paths.append(path)
    return paths


def csv_file_name(document: dict, table_name: str) -> str:
    """The name of one table's CSV file, alone or in the zip: samla-<CODE>-<table>.csv."""
    return f"samla-{document['workshop']['code']}-{table_name}.csv"


def backlog_csv(document: dict, separator: str = ";") -> bytes:
    """The backlog alone, as the bytes of a CSV download."""
    with in_workshop_language(document):
        return csv_bytes(backlog_table(document), separator)


def csv_bytes(table: Table, separator: str) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=separator)
    decimal_mark = DECIMAL_MARKS[separator]
    writer.writerows([text_cell(value, csv_text, decimal_mark) for value in row]
                     for row in [table.headers, *table.rows])
    return text.getvalue().encode("utf-8-sig")
