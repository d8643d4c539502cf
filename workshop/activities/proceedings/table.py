"""The proceedings as one table of the spreadsheet, CSV and Markdown exports: a row per
session (hidden ones left out), its notes by kind, one per line."""

from workshop.exporting.tables import Column, Table, table
from workshop.i18n import _, lazy_gettext as _l

NOTE_COLUMNS = (("insight", _l("Insights")), ("recommendation", _l("Recommendations")),
                ("next_step", _l("Next steps")), ("owner", _l("Who could own it")))


def proceedings_table(document: dict) -> Table:
    sessions = [s for s in document["open_space"]["sessions"] if not s["hidden"]]
    return table("proceedings", _("Proceedings"), [
        Column(_l("Time"), lambda s: f"{s['starts']}–{s['ends']}" if s["starts"] else None),
        Column(_l("Room"), lambda s: s["room"]),
        Column(_l("Session"), lambda s: s["title"]),
        Column(_l("Convened by"), lambda s: ", ".join(
            name for name in (s["convenor_name"], s["co_convenors"]) if name) or None),
        Column(_l("Came"), lambda s: len(s["attended"])),
        Column(_l("Interested"), lambda s: len(s["interested"])),
        *(Column(label, lambda s, kind=kind: "\n".join(
            n["text"] for n in s["notes"] if n["kind"] == kind) or None)
          for kind, label in NOTE_COLUMNS),
    ], sessions)
