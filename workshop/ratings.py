"""Impact and effort: each phone rates the themes (or top topics) one card at a time.

A rating is a pair of 1-5 values per participant and item, stored once and changed
in place (db.rate); skipping stores nothing. The projector and facilitator see the
means on a 2×2 matrix with a table beside it, and the quick wins (priorities).
"""

from starlette.routing import Route

from workshop import phases
from workshop.events import RATINGS_CHANGED
from workshop.exporting.report import matrix_points
from workshop.guards import (
    Refused,
    csrf_token,
    facilitator_form,
    find_workshop,
    int_field,
    require_form,
    require_participant,
    require_phase,
    store,
)
from workshop.i18n import lazy_gettext as _l
from workshop.priorities import kind_of, rated_items, rating_results
from workshop.realtime import live_part
from workshop.responses import done, is_htmx
from workshop.templating import render_fragment, templates

RATING_VIEWS = ("rating", "results")
QUICK_WIN_MARKS = {"rule": None, "yes": 1, "no": 0}


def card_context(store, workshop: dict, participant: dict, items: list[dict],
                 index: int | None = None) -> dict:
    """One phone's card among the rated items: by default the first it has not rated;
    past the last card, its summary."""
    return deck_card(store, workshop, items, store.my_ratings(participant["id"], kind_of(workshop)),
                     index)


def room_card(store, workshop: dict) -> dict:
    """The first card as every phone has it while nobody has rated: rendered once for
    the whole room, so opening the phase does not send every phone to fetch its own."""
    return deck_card(store, workshop, rated_items(store, workshop), {}, 0)


def deck_card(store, workshop: dict, items: list[dict], mine: dict[int, dict],
              index: int | None) -> dict:
    if index is None:
        index = next((i for i, item in enumerate(items) if item["id"] not in mine), len(items))
    index = max(0, min(index, len(items)))
    item = items[index] if index < len(items) else None
    if item and kind_of(workshop) == "theme":
        item = {**item, "topics": store.theme_topic_texts(workshop["id"], item["id"])}
    return {"card": {"index": index, "count": len(items), "item": item, "deck": items,
                     "ratings": mine, "mine": mine.get(item["id"]) if item else None,
                     "rated": sum(1 for i in items if i["id"] in mine)}}


def results_context(store, workshop: dict) -> dict:
    results = rating_results(store, workshop)
    rated = [{**r, "number": n, "quick_win": r["is_quick_win"]}
             for n, r in enumerate(results, 1) if r["raters"]]
    return {"ratings": results, "matrix": matrix_points(rated),
            "raters": store.rater_count(workshop["id"])}


@live_part("ratings")
def render_ratings(realtime, workshop, role, ids):
    if role == "participant" or phases.current_phase(workshop).view not in RATING_VIEWS:
        return None
    html = render_fragment(f"{role}.html", "ratings", workshop=workshop,
                           phase=phases.current_phase(workshop), csrf_token="",
                           **results_context(realtime.store, workshop))
    return RATINGS_CHANGED, {"target": "ratings", "html": html}


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
                save_rating(request, workshop, participant, form, items)
            index += 1
    if is_htmx(request):
        return templates.TemplateResponse(request, "participant.html", {
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
    store(request).rate(workshop["id"], participant["id"], kind_of(workshop), item, impact,
                        effort)
    request.app.state.realtime.publish(workshop["id"], "ratings")


async def mark_quick_win(request):
    """The facilitator's override of the quick-win rule for one item."""
    workshop, form = await facilitator_form(request)
    mark = str(form.get("quick_win", ""))
    if mark not in QUICK_WIN_MARKS:
        raise Refused(_l("Choose yes, no or the rule."), 422)
    if not store(request).set_quick_win(workshop["id"], kind_of(workshop),
                                        request.path_params["item"], QUICK_WIN_MARKS[mark]):
        raise Refused(_l("That is no longer open for rating."), 404)
    request.app.state.realtime.publish(workshop["id"], "ratings")
    return done(request, str(request.url_for("facilitator_view", code=workshop["code"])))


routes = [
    Route("/w/{code}/ratings", rate, methods=["POST"], name="rate"),
    Route("/w/{code}/quick-wins/{item:int}", mark_quick_win, methods=["POST"],
          name="mark_quick_win"),
]
