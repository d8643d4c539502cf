"""The workshop as an Excel workbook: a summary sheet, then one sheet per table.

Written in openpyxl's write-only mode, which streams rows to the file instead of
holding every cell in memory: 50,000 vote rows take about two seconds
(benchmarks/export_speed.py).
"""

import re
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from workshop.exporting.cells import READABLE_TIME, xlsx_text
from workshop.exporting.tables import (
    TOP_TOPICS,
    Table,
    export_tables,
    in_workshop_language,
    ranked_results,
    summary,
)
from workshop.i18n import _

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")  # white on it: contrast 8.7:1
LABEL_FONT = Font(bold=True)
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm"
MAX_COLUMN_WIDTH = 60
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_xlsx(document: dict, target) -> None:
    """Write the workbook to a path or a binary file object, in the workshop's language."""
    workbook = Workbook(write_only=True)
    with in_workshop_language(document):
        write_summary(workbook.create_sheet(sheet_title(_("Summary"))), document)
        for table in export_tables(document):
            write_table(workbook.create_sheet(sheet_title(table.title)), table)
    workbook.save(target)


def sheet_title(text: str) -> str:
    """A title Excel accepts: at most 31 characters, none of []:*?/\\."""
    return SHEET_TITLE_FORBIDDEN.sub("", text)[:31]


def write_summary(sheet, document: dict) -> None:
    """The headline facts as label and value, then the topics with the most dots."""
    workshop = document["workshop"]
    facts = [(_("Title"), workshop["title"]), (_("Question"), workshop["description"]),
             *summary(document)]
    top = [(item["text"], item["dots"]) for item in ranked_results(document)[:TOP_TOPICS]]
    top_header = (_("Most dots"), _("Dots"))
    set_column_widths(sheet, [*facts, top_header, *top])
    for label, value in facts:
        sheet.append([styled(sheet, label, font=LABEL_FONT), cell(sheet, value)])
    sheet.append([])
    sheet.append([styled(sheet, text, font=HEADER_FONT, fill=HEADER_FILL) for text in top_header])
    for text, dots in top:
        sheet.append([cell(sheet, text), dots])


def write_table(sheet, table: Table) -> None:
    """A header row that stays in view and filters, then one row per entry."""
    # Write-only sheets take widths and panes only before the first row.
    set_column_widths(sheet, [table.headers, *table.rows])
    sheet.freeze_panes = "A2"
    sheet.append([styled(sheet, header, font=HEADER_FONT, fill=HEADER_FILL)
                  for header in table.headers])
    for row in table.rows:
        sheet.append([cell(sheet, value) for value in row])
    last_column = get_column_letter(len(table.headers))
    sheet.auto_filter.ref = f"A1:{last_column}{len(table.rows) + 1}"


def cell(sheet, value):
    """A table value as Excel should hold it: text as text, dates as real dates."""
    if isinstance(value, str):
        return xlsx_text(sheet, value)
    if isinstance(value, datetime):
        return styled(sheet, value, number_format=TIME_FORMAT)
    if isinstance(value, date):
        return styled(sheet, value, number_format=DATE_FORMAT)
    return value


def styled(sheet, value, **style) -> Cell:
    """A cell with a font, fill or number format; text stays formula-safe."""
    styled_cell = xlsx_text(sheet, value) if isinstance(value, str) else value
    if not isinstance(styled_cell, Cell):
        styled_cell = WriteOnlyCell(sheet, styled_cell)
    for name, setting in style.items():
        setattr(styled_cell, name, setting)
    return styled_cell


def set_column_widths(sheet, rows: list) -> None:
    """Each column as wide as its longest line, capped so one long text leaves the rest in view."""
    widths: dict[int, int] = {}
    for row in rows:
        for index, value in enumerate(row, 1):
            widths[index] = max(widths.get(index, 0), shown_width(value))
    for index, width in widths.items():
        # Three characters more leave room for the header's filter button.
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 3,
                                                                      MAX_COLUMN_WIDTH)


def shown_width(value) -> int:
    """How many characters wide a value shows: its longest line."""
    if isinstance(value, str):
        return max(map(len, value.split("\n")))
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len(value.strftime(READABLE_TIME))
    return len(str(value))
