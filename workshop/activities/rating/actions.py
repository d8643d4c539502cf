"""A phone's rating card (save and next, skip, back, go to a card) and the
facilitator's quick-win mark."""

from starlette.routing import Route

from workshop.activities.rating import queries
from workshop.activities.rating.cards import card_context
from workshop.activities.rating.quick_wins import rated_items, rated_kind
from workshop.guards import (
    Refused,
    csrf_token,
    facilitator_form,
    find_workshop,
    int_field,
    once,
    require_form,
    require_participant,
    require_phase,
    store,
)
from workshop.i18n import lazy_gettext as _l
from workshop.responses import done, is_htmx
from workshop.templating import templates

QUICK_WIN_MARKS = {"rule": None, "yes": 1, "no": 0}


async def rate(request):
    """The card's form: save and next, skip, back, or go to a card (from the summary)."""
    workshop = find_workshop(request)
    participant = require_participant(request, workshop)
    form = await require_form(request)
    require_phase(workshop, "rate")
    items = rated_items(store(request), workshop)
    if "go" in form:
        index = int_field(form, "go", 0, len(items), _l("Card"))
    else:
        index = int_field(form, "card", 0, len(items), _l("Card"))
        step = form.get("step", "save")
        if step == "back":
            index -= 1
        else:
            if step == "save":
                with once(request, participant) as first:
                    if first:  # else a retry of a rating already saved
                        save_rating(request, workshop, participant, form, items)
                request.app.state.realtime.publish(workshop["id"], "ratings")
            index += 1
    if is_htmx(request):
        return templates.TemplateResponse(request, "activities/rating/card.html", {
            "workshop": workshop, "csrf_token": csrf_token(request),
            **card_context(store(request), workshop, participant, items, index),
        }, block_name="rating_card")
    return done(request, request.url_for("participant_view", code=workshop["code"]))


def save_rating(request, workshop, participant, form, items: list[dict]) -> None:
    item = int_field(form, "item", 1, 2**62, _l("Card"))
    if item not in {rated["id"] for rated in items}:
        raise Refused(_l("That is no longer open for rating."), 409)
    impact = int_field(form, "impact", 1, 5, _l("Impact"))
    effort = int_field(form, "effort", 1, 5, _l("Effort"))
    queries.rate(store(request), workshop["id"], participant["id"], rated_kind(workshop), item,
                 impact, effort)


async def mark_quick_win(request):
    """The facilitator's override of the quick-win rule for one item."""
    workshop, form = await facilitator_form(request)
    mark = str(form.get("quick_win", ""))
    if mark not in QUICK_WIN_MARKS:
        raise Refused(_l("Choose yes, no or the rule."), 422)
    if not queries.set_quick_win(store(request), workshop["id"], rated_kind(workshop),
                                 request.path_params["item"], QUICK_WIN_MARKS[mark]):
        raise Refused(_l("That is no longer open for rating."), 404)
    request.app.state.realtime.publish(workshop["id"], "ratings")
    return done(request, str(request.url_for("facilitator_view", code=workshop["code"])))


routes = [
    Route("/w/{code}/ratings", rate, methods=["POST"], name="rate"),
    Route("/w/{code}/quick-wins/{item:int}", mark_quick_win, methods=["POST"],
          name="mark_quick_win"),
]
