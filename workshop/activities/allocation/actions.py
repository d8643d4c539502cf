"""A phone's 100 points (its draft while it works, then saving), the facilitator's list
of options, and the Pabulib file of a phase's points."""

import re

from starlette.responses import Response
from starlette.routing import Route

from workshop import phases
from workshop.activities.allocation import queries
from workshop.activities.allocation.ballots import (
    OPTION_MAX_CHARS,
    OPTIONS_MAX,
    STEPS,
    TOTAL,
    draft_points,
    nudged,
    saved_points,
)
from workshop.activities.allocation.pabulib import pabulib_text
from workshop.activities.allocation.results import options_phase, phase_options, phases_using
from workshop.guards import (
    Refused,
    csrf_token,
    facilitator_form,
    facilitators_workshop,
    find_workshop,
    list_field,
    require_form,
    require_participant,
    require_phase,
    store,
)
from workshop.i18n import _, gettext, lazy_gettext as _l
from workshop.responses import done, is_htmx
from workshop.templating import templates
from workshop.text import twin_key
from workshop.views import me_fragment


async def phone_form(request) -> tuple[dict, dict, object, list[dict]]:
    """The workshop, participant and form of a phone's allocation, and the options."""
    workshop = find_workshop(request)
    participant = require_participant(request, workshop)
    form = await require_form(request)
    require_phase(workshop, "allocate")
    options = phase_options(store(request), workshop, phases.current_phase(workshop))
    if not options:
        raise Refused(_l("The facilitator has not listed the options yet."), 409)
    return workshop, participant, form, options


async def allocate(request):
    """Save the phone's 100 points: refused unless every option holds a whole number from
    0 to 100 and they make exactly 100."""
    workshop, participant, form, options = await phone_form(request)
    points = saved_points(form, options)
    queries.allocate(store(request), workshop["id"], phases.current_phase(workshop).key,
                     participant["id"], points)
    request.app.state.realtime.publish(workshop["id"], "allocation_results")
    if is_htmx(request):
        return me_fragment(request, workshop, participant,
                           notice=_("Saved! You can change your points until the facilitator "
                                    "moves on."))
    return done(request, request.url_for("participant_view", code=workshop["code"]))


async def draft(request):
    """The form as the phone now holds it, not saved: after a stepper (+5, −1 …) its rows
    and what is left; while typing, only what is left and the save button (the field
    being typed in stays as it is)."""
    workshop, participant, form, options = await phone_form(request)
    points, wrong = draft_points(form, options)
    stepped = "nudge" in form
    if stepped:
        points = nudged(points, str(form["nudge"]))
    return templates.TemplateResponse(request, "activities/allocation/draft.html", {
        "workshop": workshop, "csrf_token": csrf_token(request), "options": options,
        "points": points, "wrong": wrong, "rows": stepped, "total": TOTAL, "steps": STEPS})


async def set_options(request):
    """The facilitator's options for the current allocation phase, one a line; they
    stay as they are once a phone has shared its points on them."""
    workshop, form = await facilitator_form(request)
    phase = phases.current_phase(workshop)
    if phase.activity != "allocation":
        raise Refused(_l("That is not possible in this phase of the workshop."), 409)
    if (source := options_phase(workshop, phase)).key != phase.key:
        raise Refused(_("This round uses the options of “%(phase)s”.",
                        phase=gettext(source.title)), 409)
    texts = checked_options(list_field(form, "options", OPTION_MAX_CHARS, _l("Options")))
    if not queries.replace_options(store(request), workshop["id"], phase.key, texts,
                                   phases_using(workshop, phase)):
        raise Refused(_l("Phones have already shared their points, so the options stay as "
                         "they are."), 409)
    request.app.state.realtime.publish(workshop["id"], "stage")
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


def checked_options(texts: list[str]) -> list[str]:
    """Two to OPTIONS_MAX options, none twice (compared as text.twin_key does)."""
    if not 2 <= len(texts) <= OPTIONS_MAX:
        raise Refused(_("List from 2 to %(max)s options, one on each line (you listed "
                        "%(count)s).", max=OPTIONS_MAX, count=len(texts)), 422)
    seen = set()
    for text in texts:
        if twin_key(text) in seen:
            raise Refused(_("“%(option)s” is in the list twice.", option=text), 422)
        seen.add(twin_key(text))
    return texts


async def pabulib_file(request):
    """The points of one allocation phase as a Pabulib file (pabulib.py), for the
    facilitator."""
    workshop = facilitators_workshop(request)
    phase = next((p for p in phases.phases_of(workshop, "allocation")
                  if p.key == request.path_params["phase"]), None)
    if phase is None:
        raise Refused(_l("There is no such phase in the plan."), 404)
    voters = {p["id"]: f"p{n}" for n, p in enumerate(store(request).participants(workshop["id"]), 1)}
    ballots: dict[str, dict[int, int]] = {}
    for row in queries.allocations(store(request), workshop["id"], phase.key):
        ballots.setdefault(voters[row["participant_id"]], {})[row["option"]] = row["points"]
    text = pabulib_text(workshop, phase, phase_options(store(request), workshop, phase), ballots)
    name = f"samla-{workshop['code']}-{re.sub(r'[^A-Za-z0-9_-]', '-', phase.key)}.pb"
    return Response(text.encode(), media_type="text/plain; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{name}"'})


routes = [
    Route("/w/{code}/allocation", allocate, methods=["POST"], name="allocate"),
    Route("/w/{code}/allocation/draft", draft, methods=["POST"], name="allocation_draft"),
    Route("/w/{code}/allocation/options", set_options, methods=["POST"],
          name="allocation_options"),
    Route("/w/{code}/allocation/{phase}.pb", pabulib_file, name="allocation_pabulib"),
]
