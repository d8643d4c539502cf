"""Protokoll (Open Space's book of proceedings): every session with its convenor, room,
time, who came and its notes, on a page that prints as a clean A4 PDF, and in every
export: the JSON section "open_space", a sheet in the workbook, a CSV file and a table
in the Markdown (book.py makes the section; the rest is made from it).

Not a phase of its own: it reads what the marketplace, the wall and the breakouts hold.
"""

from workshop import phases
from workshop.activities import Activity, folder_of, register
from workshop.activities.proceedings import actions
from workshop.activities.proceedings.book import proceedings_section
from workshop.activities.proceedings.imported import import_problems, import_proceedings
from workshop.activities.proceedings.table import proceedings_table
from workshop.i18n import _


class Proceedings(Activity):
    def facilitator_links(self, workshop):
        if not phases.phases_of(workshop, "marketplace"):
            return []
        return [(_("Book of proceedings"), "proceedings")]

    def export(self, store, workshop, refs):
        section = proceedings_section(store, workshop, refs)
        return {"open_space": section} if section else {}

    def export_tables(self, document):
        return [proceedings_table(document)] if "open_space" in document else []

    def import_problems(self, document):
        return import_problems(document)

    def import_document(self, store, workshop, document, refs):
        if "open_space" in document:
            import_proceedings(store, workshop, document["open_space"], refs)


register(Proceedings("proceedings", folder_of(__file__), routes=actions.routes, order=73))
