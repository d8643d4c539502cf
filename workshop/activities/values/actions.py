"""A phone's positions (round 1 alone, round 2 after the talk), a table group's position
(from one phone at the table, or the facilitator), and the facilitator's statements and
reveals."""

from starlette.routing import Route

from workshop import phases
from workshop.activities.values import queries
from workshop.activities.values.results import SCALES
from workshop.guards import (
    Refused,
    facilitator_form,
    find_workshop,
    int_field,
    list_field,
    require_form,
    require_participant,
    require_phase,
    store,
)
from workshop.i18n import _, lazy_gettext as _l
from workshop.responses import done, is_htmx
from workshop.text import twin_key
from workshop.views import me_fragment

STATEMENTS_MAX = 10
STATEMENT_MAX_CHARS = 200
NOT_NOW = _l("That is not possible in this phase of the workshop.")


def values_phase(workshop: dict):
    phase = phases.current_phase(workshop)
    if phase.activity != "values":
        raise Refused(NOT_NOW, 409)
    return phase


def positions_from(form, prefix: str, phase, statements: list[dict]) -> dict[int, int]:
    """{statement: position} from the fields `<prefix>-<number>` a form filled in, each a
    step of the phase's scale; Refused when none is or one is not."""
    steps = len(SCALES[phase.settings["scale"]])
    positions = {s["number"]: int_field(form, f"{prefix}-{s['number']}", 1, steps, s["text"])
                 for s in statements if str(form.get(f"{prefix}-{s['number']}", "")).strip()}
    if not positions:
        raise Refused(_l("Choose a position on at least one statement."), 422)
    return positions


async def take_position(request):
    """Round 1 until it is shown, then round 2 when the phase has one."""
    workshop = find_workshop(request)
    participant = require_participant(request, workshop)
    form = await require_form(request)
    require_phase(workshop, "take_position")
    phase = phases.current_phase(workshop)
    shown = queries.shown(store(request), workshop["id"], phase.key)
    round_ = 1 if shown == 0 else 2
    if shown == 2 or (round_ == 2 and not phase.settings["again"]):
        raise Refused(_l("The answers are closed: the facilitator has shown them."), 409)
    statements = queries.statements(store(request), workshop["id"], phase.key)
    positions = positions_from(form, "statement", phase, statements)
    if not queries.answer(store(request), workshop["id"], phase.key, participant["id"], round_,
                          positions, open_at=shown):
        raise Refused(_l("The answers are closed: the facilitator has shown them."), 409)
    request.app.state.realtime.publish(workshop["id"], "values_results")
    if is_htmx(request):
        return me_fragment(request, workshop, participant, notice=_(
            "Saved! Nobody sees your answers. You can change them until the facilitator "
            "shows the room's answers."))
    return done(request, request.url_for("participant_view", code=workshop["code"]))


def record_group(request, workshop: dict, form) -> int:
    """Write a table group's positions from a form (table, group-<statement>); after round
    1 is shown only. Returns the table's number."""
    phase = values_phase(workshop)
    if queries.shown(store(request), workshop["id"], phase.key) == 0:
        raise Refused(_l("The tables record their positions after round 1 is shown."), 409)
    table = int_field(form, "table", 1, phase.settings["tables"], _l("Table"))
    statements = queries.statements(store(request), workshop["id"], phase.key)
    queries.set_group_positions(store(request), workshop["id"], phase.key, table,
                                positions_from(form, "group", phase, statements))
    request.app.state.realtime.publish(workshop["id"], "values_results")
    return table


async def group_from_phone(request):
    workshop = find_workshop(request)
    participant = require_participant(request, workshop)
    form = await require_form(request)
    require_phase(workshop, "take_position")
    table = record_group(request, workshop, form)
    if is_htmx(request):
        return me_fragment(request, workshop, participant,
                           notice=_("Saved for table %(table)s.", table=table))
    return done(request, request.url_for("participant_view", code=workshop["code"]))


async def group_from_facilitator(request):
    workshop, form = await facilitator_form(request)
    record_group(request, workshop, form)
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


async def set_statements(request):
    """The facilitator's statements, one a line; fixed once someone has answered."""
    workshop, form = await facilitator_form(request)
    phase = values_phase(workshop)
    texts = list_field(form, "statements", STATEMENT_MAX_CHARS, _l("Statements"))
    if len(texts) > STATEMENTS_MAX:
        raise Refused(_("List at most %(max)s statements (you listed %(count)s).",
                        max=STATEMENTS_MAX, count=len(texts)), 422)
    if len({twin_key(text) for text in texts}) < len(texts):
        raise Refused(_l("A statement is in the list twice."), 422)
    if not queries.replace_statements(store(request), workshop["id"], phase.key, texts):
        raise Refused(_l("Someone has answered already, so the statements stay as they are."),
                      409)
    request.app.state.realtime.publish(workshop["id"], "stage")
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


async def show(request):
    """Show round 1 (show=1: round 1 closes), then the change (show=2: round 2 closes)."""
    workshop, form = await facilitator_form(request)
    phase = values_phase(workshop)
    level = int_field(form, "show", 1, 2, _l("What to show"))
    if not queries.statements(store(request), workshop["id"], phase.key):
        raise Refused(_l("Write the statements first."), 409)
    if level == 2 and not phase.settings["again"]:
        raise Refused(NOT_NOW, 409)
    if not queries.show(store(request), workshop["id"], phase.key, level):
        raise Refused(_l("That is shown already, or comes after the step before it."), 409)
    request.app.state.realtime.publish(workshop["id"], "stage")
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


routes = [
    Route("/w/{code}/values", take_position, methods=["POST"], name="take_position"),
    Route("/w/{code}/values/group", group_from_phone, methods=["POST"], name="values_group"),
    Route("/w/{code}/values/group-entry", group_from_facilitator, methods=["POST"],
          name="values_group_entry"),
    Route("/w/{code}/values/statements", set_statements, methods=["POST"],
          name="values_statements"),
    Route("/w/{code}/values/show", show, methods=["POST"], name="values_show"),
]
