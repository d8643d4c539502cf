"""Dot voting: each participant places a fixed number of dots, a few at most per topic.

The limits are checked inside the INSERT itself (db.insert_dot), so they hold
however many taps arrive at once.
"""

from starlette.routing import Route

from workshop import phases
from workshop.events import TALLY_CHANGED
from workshop.guards import (
    Refused,
    find_workshop,
    int_field,
    require_form,
    require_participant,
    require_phase,
    store,
)
from workshop.i18n import _, lazy_gettext as _l
from workshop.realtime import live_part
from workshop.responses import done, is_htmx
from workshop.templating import render_fragment
from workshop.views import me_fragment, standings


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
                           tally=standings(realtime.store.tally(workshop["id"])))
    return TALLY_CHANGED, {"target": "tally", "html": html}


def voted(request, workshop, participant, topic_id: int):
    realtime = request.app.state.realtime
    realtime.publish(workshop["id"], "tally")
    realtime.publish(workshop["id"], "participation")
    if is_htmx(request):
        return me_fragment(request, workshop, participant, touched=[topic_id])
    return done(request, request.url_for("participant_view", code=workshop["code"]))


async def change_dot(request):
    """One tap on + or −: the form says `add_dot=<topic id>` or `take_back_dot=<topic id>`.

    (Not "remove": a field of that name would hide the form element's remove().)
    """
    workshop = find_workshop(request)
    participant = require_participant(request, workshop)
    form = await require_form(request)
    require_phase(workshop, "vote")
    taking_back = "take_back_dot" in form
    topic_id = int_field(form, "take_back_dot" if taking_back else "add_dot", 1, 2**62,
                         _l("Topic"))
    if taking_back:
        if not store(request).delete_dot(topic_id, participant["id"]):
            raise Refused(_l("You have no dot on that topic."), 409)
    elif not store(request).insert_dot(workshop["id"], topic_id, participant["id"],
                                       workshop["dots_per_participant"],
                                       workshop["max_dots_per_topic"]):
        raise Refused(dot_refusal(request, workshop, participant, topic_id), 409)
    return voted(request, workshop, participant, topic_id)


def dot_refusal(request, workshop, participant, topic_id) -> str:
    topic = store(request).topic(topic_id)
    if (topic is None or topic["workshop_id"] != workshop["id"] or topic["hidden"]
            or topic["merged_into"]):
        return _("That topic is no longer open for voting.")
    if store(request).dots_by_topic(participant["id"]).get(topic_id, 0) \
            >= workshop["max_dots_per_topic"]:
        return _("No more dots on this topic: the limit is %(max)s.",
                 max=workshop["max_dots_per_topic"])
    return _("You have used all your dots. Take one back to move it.")


routes = [
    Route("/w/{code}/dots", change_dot, methods=["POST"], name="change_dot"),
]
