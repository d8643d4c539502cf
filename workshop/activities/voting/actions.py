"""A tap on + or − while voting: one dot placed or taken back."""

from starlette.routing import Route

from workshop import phases
from workshop.activities.voting import queries
from workshop.activities.voting.tally import target_of, vote_themes
from workshop.guards import (
    Refused,
    find_workshop,
    once,
    require_form,
    require_participant,
    require_phase,
    store,
)
from workshop.i18n import _, lazy_gettext as _l
from workshop.responses import done, is_htmx
from workshop.views import me_fragment


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
    phase = phases.current_phase(workshop)
    target = target_of(workshop, phase)
    taking_back = "take_back_dot" in form
    kind, item = dot_item(target.kind,
                          str(form.get("take_back_dot" if taking_back else "add_dot")))
    with once(request, participant) as first:
        if first:  # else a retry of a tap already counted: answered with the dots as they are
            change(request, workshop, participant, phase, target, taking_back, item)
    return voted(request, workshop, participant, kind, item)


def change(request, workshop, participant, phase, target, taking_back: bool, item: int):
    """Take back one dot, or place one within the phase's limits; Refused (409) if not."""
    if taking_back:
        if not queries.delete_dot(store(request), participant["id"], target.kind, item,
                                  phase.key):
            raise Refused(_l("You have no dot there."), 409)
    elif not queries.insert_dot(store(request), workshop["id"], participant["id"], target.kind,
                                item, phase.settings["dots"], phase.settings["max_per_item"],
                                phase.key, target.list_name):
        raise Refused(dot_refusal(request, workshop, participant, target, item), 409)


def dot_item(kind: str, value: str) -> tuple[str, int]:
    """The kind and id of the item a vote names; it must be what this workshop votes on."""
    prefix = "theme-" if kind == "theme" else ""
    number = value.removeprefix(prefix) if value.startswith(prefix) else ""
    if not number.isdigit() or not 0 < int(number) < 2**62:
        raise Refused(_l("That is not open for voting."), 422)
    return kind, int(number)


def dot_refusal(request, workshop, participant, target, item: int) -> str:
    from workshop.activities.topics.queries import topic

    kind = target.kind
    if kind == "topic":
        found = topic(store(request), item)
        closed = (found is None or found["workshop_id"] != workshop["id"] or found["hidden"]
                  or found["merged_into"] or found["list"] != target.list_name)
    else:
        closed = item not in {theme["number"] for theme in vote_themes(store(request), workshop)}
    if closed:
        return _("That is no longer open for voting.")
    per_item = phases.current_phase(workshop).settings["max_per_item"]
    if queries.my_dots(store(request), participant["id"], kind, target.phase).get(item, 0) \
            >= per_item:
        return _("No more dots here: the limit is %(max)s.", max=per_item)
    return _("You have used all your dots. Take one back to move it.")


routes = [
    Route("/w/{code}/dots", change_dot, methods=["POST"], name="change_dot"),
]
