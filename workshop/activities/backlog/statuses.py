"""The backlog's statuses: the keys stored and exported, and the words shown for them."""

from workshop.i18n import lazy_gettext as _l

STATUSES = {"new": _l("New"), "in_progress": _l("In progress"), "done": _l("Done"),
            "parked": _l("Parked")}
