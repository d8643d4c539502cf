"""What may go into a cell of an exported table: formula-safe text and Swedish time.

Participants write the topics, so an export must never let their text run as a
spreadsheet formula (CSV/formula injection). The rule is written once, here:
text starting with =, +, -, @, TAB or CR is treated as a possible formula.
"""

from datetime import date, datetime

from workshop.exporting.document import STOCKHOLM

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
READABLE_TIME = "%Y-%m-%d %H:%M"


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could read the text as the start of a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """Text for a CSV cell: a leading quote keeps a would-be formula as text (OWASP's advice)."""
    return "'" + text if looks_like_formula(text) else text


def stockholm_datetime(iso: str | None) -> datetime | None:
    """A document timestamp as Swedish wall-clock time, without tzinfo (Excel stores none)."""
    if iso is None:
        return None
    return datetime.fromisoformat(iso).astimezone(STOCKHOLM).replace(tzinfo=None)


def readable_time(moment: datetime) -> str:
    """A wall-clock time as people write it, e.g. 2026-11-23 10:15."""
    return moment.strftime(READABLE_TIME)


def stockholm_time(iso: str | None) -> str:
    """A document timestamp as readable Swedish time, e.g. 2026-11-23 10:15; '' when unknown."""
    moment = stockholm_datetime(iso)
    return readable_time(moment) if moment else ""


def text_cell(value, text, decimal_mark: str = ".") -> str:
    """A table value as text for a text format: None empty, times as YYYY-MM-DD HH:MM,
    dates as YYYY-MM-DD, means with `decimal_mark` (3.4 or 3,4), strings through the
    format's own `text` (escaping, quoting)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, float):
        return str(value).replace(".", decimal_mark)
    if isinstance(value, datetime):
        return readable_time(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
