"""A workshop's safety settings, which the facilitator changes at any time: youth-safe
mode (no names, the personal-data guard, plain language, larger text on phones),
pre-moderation (every post from a phone waits for the facilitator) and how long the
workshop is kept after its last activity (retention.py deletes it then).
"""

from starlette.routing import Route

from workshop.guards import facilitator_form, facilitators_workshop, int_field, store
from workshop.i18n import lazy_gettext as _l
from workshop.responses import done, page
from workshop.retention import deletion_date
from workshop.settings import RETENTION_MAX_DAYS, RETENTION_MIN_DAYS


def save_safety(store, workshop: dict, youth_safe: bool, premoderation: bool,
                retention_days: int) -> None:
    """Save the settings. Switching youth-safe mode on removes every name: the display
    names participants gave, and the choice to give one."""
    with store.transaction():
        store.db.execute(
            "UPDATE workshops SET youth_safe = ?, premoderation = ?, retention_days = ?,"
            " names_enabled = names_enabled * (1 - ?) WHERE id = ?",
            [int(youth_safe), int(premoderation), retention_days, int(youth_safe),
             workshop["id"]])
        if youth_safe:
            store.db.execute("UPDATE participants SET display_name = NULL WHERE workshop_id = ?",
                             [workshop["id"]])


async def settings_page(request):
    workshop = facilitators_workshop(request)
    return page(request, "safety.html", {
        "workshop": workshop, "deletion_date": deletion_date(workshop).date().isoformat(),
        "RETENTION_MIN_DAYS": RETENTION_MIN_DAYS, "RETENTION_MAX_DAYS": RETENTION_MAX_DAYS})


async def save(request):
    workshop, form = await facilitator_form(request)
    days = int_field(form, "retention_days", RETENTION_MIN_DAYS, RETENTION_MAX_DAYS,
                     _l("Days to keep the workshop after its last activity"))
    save_safety(store(request), workshop, form.get("youth_safe") == "on",
                form.get("premoderation") == "on", days)
    request.app.state.realtime.publish(workshop["id"], "stage")  # phones' plain-language note
    return done(request, request.url_for("safety_settings", code=workshop["code"]))


routes = [
    Route("/w/{code}/settings", settings_page, name="safety_settings"),
    Route("/w/{code}/settings", save, methods=["POST"], name="save_safety_settings"),
]
