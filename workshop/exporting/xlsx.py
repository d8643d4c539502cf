"""The workshop as an Excel workbook: a summary sheet, then one sheet per table.

Written in openpyxl's write-only mode, which streams rows to the file instead of
holding every cell in memory (benchmarks/export_speed.py: 50,000 vote rows).

Every sheet prints on A4, one page wide: the tables in landscape with their header row
on every page, the summary in portrait. Columns are as wide as their longest line,
narrowed to fit the page when together too wide; text wider than its column wraps,
and its row is made tall enough, since Excel does not grow a row whose height the file
leaves out. A 16-topic workshop prints on 9 pages (benchmarks/xlsx_pages.py).
"""

import re
import textwrap
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from workshop.exporting.cells import READABLE_TIME, looks_like_formula
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
HEADER_MARGIN = 3  # characters beside a header for its filter button
# Characters: columns wider than the page are narrowed, but not below this; a table
# still too wide (a backlog) then prints smaller, and stays readable.
NARROWEST_WRAP = 40
WRAPPED = Alignment(wrap_text=True, vertical="top")
LINE_HEIGHT = 15  # points: one line of Calibri 11, Excel's default row height
MAX_ROW_HEIGHT = 409  # points: the tallest row Excel allows
A4 = 9  # the paper size's code in the Office Open XML page setup
MARGINS = PageMargins(left=0.7, right=0.7, top=0.75, bottom=0.75, header=0.3, footer=0.3)
# Inches of A4 between the side margins (Excel's "Normal" ones, above).
PRINTED_WIDTH = {"portrait": 8.27 - 1.4, "landscape": 11.69 - 1.4}
# In Calibri 11, Excel's default font, at 96 pixels an inch, a column `width` characters
# wide is 7 * width + 5 pixels.
CHARACTER_PIXELS, COLUMN_PADDING_PIXELS, PIXELS_PER_INCH = 7, 5, 96
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def xlsx_text(worksheet, text: str) -> str | Cell:
    """Text for an XLSX cell, kept exactly and always stored as text.

    openpyxl stores a string starting with "=" as a formula and "#N/A" and its kin as
    error values; a cell whose data type is set to "s" after its value holds plain text.
    Control characters that XML cannot carry are dropped rather than failing the export.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if not (looks_like_formula(text) or text in ERROR_CODES):
        return text
    cell = WriteOnlyCell(worksheet, text)
    cell.data_type = "s"
    return cell


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
    widths = set_printing(sheet, [*facts, top_header, *top], "portrait")
    rows = [[styled(sheet, label, font=LABEL_FONT), value] for label, value in facts]
    rows.append([])
    rows.append([styled(sheet, text, font=HEADER_FONT, fill=HEADER_FILL) for text in top_header])
    rows.extend([text, dots] for text, dots in top)
    for number, row in enumerate(rows, 1):
        append_row(sheet, number, row, widths)


def write_table(sheet, table: Table) -> None:
    """A header row that stays in view, filters and prints on every page, then one row
    per entry."""
    # Write-only sheets take widths, panes and sheet properties only before the first row.
    widths = set_printing(sheet, [table.headers, *table.rows], "landscape")
    sheet.print_title_rows = "1:1"
    sheet.freeze_panes = "A2"
    sheet.append([styled(sheet, header, font=HEADER_FONT, fill=HEADER_FILL)
                  for header in table.headers])
    for number, row in enumerate(table.rows, 2):
        append_row(sheet, number, row, widths)
    last_column = get_column_letter(len(table.headers))
    sheet.auto_filter.ref = f"A1:{last_column}{len(table.rows) + 1}"


def set_printing(sheet, rows: list, orientation: str) -> dict[int, int]:
    """A4 in `orientation`, all columns on one page wide, as many pages down as the rows
    need; the columns sized to the page (column_widths). Returns the widths by column number."""
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.paperSize = A4
    sheet.page_setup.orientation = orientation
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # 0: no limit
    sheet.page_margins = MARGINS
    widths = column_widths(rows, PRINTED_WIDTH[orientation])
    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index)].width = width
    return widths


def append_row(sheet, number: int, values: list, widths: dict[int, int]) -> None:
    """Row `number` of the sheet. When a value needs more than one line in its column,
    every cell of the row wraps and sits at the top, and the row is as tall as its
    tallest cell (up to Excel's limit)."""
    lines = max([line_count(value, widths[index]) for index, value in enumerate(values, 1)
                 if isinstance(value, str)], default=1)
    if lines == 1:
        sheet.append([cell(sheet, value) for value in values])
        return
    sheet.row_dimensions[number].height = min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT)
    sheet.append([cell(sheet, value, alignment=WRAPPED) for value in values])


def line_count(text: str, width: int) -> int:
    """How many lines a text takes in a column `width` characters wide, wrapped at
    spaces as Excel wraps it."""
    characters = max(width - HEADER_MARGIN, 1)
    if len(text) <= characters and "\n" not in text:
        return 1  # most cells: answered first, so 50,000 vote rows stay fast
    return sum(len(textwrap.wrap(line, characters)) or 1 for line in text.split("\n"))


def cell(sheet, value, **style):
    """A table value as Excel should hold it: text as text, dates as real dates."""
    if isinstance(value, datetime):
        style["number_format"] = TIME_FORMAT
    elif isinstance(value, date):
        style["number_format"] = DATE_FORMAT
    if value is None or not style:
        return xlsx_text(sheet, value) if isinstance(value, str) else value
    return styled(sheet, value, **style)


def styled(sheet, value, **style) -> Cell:
    """A cell with a font, fill, alignment or number format; text stays formula-safe."""
    styled_cell = xlsx_text(sheet, value) if isinstance(value, str) else value
    if not isinstance(styled_cell, Cell):
        styled_cell = WriteOnlyCell(sheet, styled_cell)
    for name, setting in style.items():
        setattr(styled_cell, name, setting)
    return styled_cell


def column_widths(rows: list, page_inches: float) -> dict[int, int]:
    """Each column as wide as its longest line, with room for a header's filter button.
    When together they print wider than `page_inches`, the widest are narrowed to one
    width, as far as needed but to no less than NARROWEST_WRAP, and their text wraps."""
    natural: dict[int, int] = {}
    for row in rows:
        for index, value in enumerate(row, 1):
            natural[index] = max(natural.get(index, 0), shown_width(value) + HEADER_MARGIN)
    widest = max(natural.values(), default=0)
    while widest > NARROWEST_WRAP and printed_inches(
            [min(width, widest) for width in natural.values()]) > page_inches:
        widest -= 1
    return {index: min(width, widest) for index, width in natural.items()}


def printed_inches(widths: list[int]) -> float:
    return sum(CHARACTER_PIXELS * width + COLUMN_PADDING_PIXELS
               for width in widths) / PIXELS_PER_INCH


def shown_width(value) -> int:
    """How many characters wide a value shows: its longest line."""
    if isinstance(value, str):
        return max(map(len, value.split("\n")))
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len(value.strftime(READABLE_TIME))
    return len(str(value))
