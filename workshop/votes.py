"""Dot voting: each participant places a fixed number of dots, a few at most per topic.

The limits are checked inside the INSERT itself (db.insert_dot), so they hold
however many taps arrive at once. Dots go to topics, or to the accepted themes
(priorities.kind_of).
"""

from starlette.routing import Route

from workshop import phases
from workshop.events import TALLY_CHANGED
from workshop.guards import (
    Refused,
    find_workshop,
    require_form,
    require_participant,
    require_phase,
    store,
)
from workshop.i18n import _, lazy_gettext as _l
from workshop.priorities import kind_of, ranking, vote_themes
from workshop.realtime import live_part
from workshop.responses import done, is_htmx
from workshop.templating import render_fragment
from workshop.views import me_fragment


def shows_tally(workshop: dict, role: str) -> bool:
    """Facilitators always see counts; others at results, or while voting if allowed."""
    view = phases.current_phase(workshop).view
    return (role == "facilitator" or view == "results"
            or (view == "voting" and bool(workshop["show_counts_during_voting"])))


@live_part("tally")
def render_tally(realtime, workshop, role, ids):
    if not shows_tally(workshop, role):
        return None
    html = render_fragment(f"{role}.html", "tally", workshop=workshop,
                           phase=phases.current_phase(workshop),
                           tally=ranking(realtime.store, workshop))
    return TALLY_CHANGED, {"target": "tally", "html": html}


def voted(request, workshop, participant, kind: str, item: int):
    realtime = request.app.state.realtime
    realtime.publish(workshop["id"], "tally")
    realtime.publish(workshop["id"], "participation")
    if is_htmx(request):
        return me_fragment(request, workshop, participant,
                           touched=[item] if kind == "topic" else [])
    return done(request, request.url_for("participant_view", code=workshop["code"]))


async def change_dot(request):
    """One tap on + or −: the form says `add_dot=<item>` or `take_back_dot=<item>`, the
    item being a topic id, or `theme-<number>` when the workshop votes on themes.

    (Not "remove": a field of that name would hide the form element's remove().)
    """
    workshop = find_workshop(request)
    participant = require_participant(request, workshop)
    form = await require_form(request)
    require_phase(workshop, "vote")
    taking_back = "take_back_dot" in form
    kind, item = dot_item(workshop, str(form.get("take_back_dot" if taking_back else "add_dot")))
    if taking_back:
        if not store(request).delete_dot(participant["id"], kind, item):
            raise Refused(_l("You have no dot there."), 409)
    elif not store(request).insert_dot(workshop["id"], participant["id"], kind, item,
                                       workshop["dots_per_participant"],
                                       workshop["max_dots_per_topic"]):
        raise Refused(dot_refusal(request, workshop, participant, kind, item), 409)
    return voted(request, workshop, participant, kind, item)


def dot_item(workshop: dict, value: str) -> tuple[str, int]:
    """The kind and id of the item a vote names; it must be what this workshop votes on."""
    kind = kind_of(workshop)
    prefix = "theme-" if kind == "theme" else ""
    number = value.removeprefix(prefix) if value.startswith(prefix) else ""
    if not number.isdigit() or not 0 < int(number) < 2**62:
        raise Refused(_l("That is not open for voting."), 422)
    return kind, int(number)


def dot_refusal(request, workshop, participant, kind: str, item: int) -> str:
    if kind == "topic":
        topic = store(request).topic(item)
        closed = (topic is None or topic["workshop_id"] != workshop["id"] or topic["hidden"]
                  or topic["merged_into"])
    else:
        closed = item not in {theme["number"] for theme in vote_themes(store(request), workshop)}
    if closed:
        return _("That is no longer open for voting.")
    if store(request).my_dots(participant["id"], kind).get(item, 0) \
            >= workshop["max_dots_per_topic"]:
        return _("No more dots here: the limit is %(max)s.", max=workshop["max_dots_per_topic"])
    return _("You have used all your dots. Take one back to move it.")


routes = [
    Route("/w/{code}/dots", change_dot, methods=["POST"], name="change_dot"),
]
