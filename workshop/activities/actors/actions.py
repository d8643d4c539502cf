"""A phone names an actor (or takes back one of its own); the facilitator merges two
actors or splits a written variant off on its own."""

from starlette.routing import Route

from workshop import phases
from workshop.activities.actors import queries
from workshop.activities.actors.names import ORGANISATIONS
from workshop.guards import (
    Refused,
    facilitator_form,
    find_workshop,
    require_form,
    require_participant,
    require_phase,
    store,
    text_field,
)
from workshop.i18n import _, lazy_gettext as _l
from workshop.moderation import refuse_personal
from workshop.responses import done, is_htmx
from workshop.views import me_fragment

TITLE_MAX_CHARS = 80
NOTE_MAX_CHARS = 200
ACTORS_PER_PARTICIPANT = 60


async def phone_form(request):
    workshop = find_workshop(request)
    participant = require_participant(request, workshop)
    form = await require_form(request)
    require_phase(workshop, "name_actor")
    return workshop, participant, form, phases.current_phase(workshop)


async def name_actor(request):
    workshop, participant, form, phase = await phone_form(request)
    title = text_field(form, "title", TITLE_MAX_CHARS, _l("Title"))
    organisation = str(form.get("organisation", ""))
    if organisation not in ORGANISATIONS:
        raise Refused(_l("Choose municipality, region or other."), 422)
    note = text_field(form, "note", NOTE_MAX_CHARS, _l("Note"), required=False)
    refuse_personal(workshop, title, note)  # youth-safe mode: shown at once, so refused
    if not queries.add_mention(store(request), workshop["id"], phase.key, participant["id"],
                               title, organisation, note, most=ACTORS_PER_PARTICIPANT):
        raise Refused(_("You can name at most %(max)s actors.", max=ACTORS_PER_PARTICIPANT), 409)
    return changed(request, workshop, participant, _("Added: %(title)s", title=title))


async def remove_actor(request):
    workshop, participant, form, phase = await phone_form(request)
    if not queries.remove_mention(store(request), request.path_params["mention"],
                                  participant["id"]):
        raise Refused(_l("That is not one of yours, or it is gone already."), 404)
    return changed(request, workshop, participant, _("Removed."))


def changed(request, workshop: dict, participant: dict, notice: str):
    request.app.state.realtime.publish(workshop["id"], "actors_map")
    request.app.state.realtime.publish(workshop["id"], "participation")
    if is_htmx(request):
        return me_fragment(request, workshop, participant, notice=notice)
    return done(request, request.url_for("participant_view", code=workshop["code"]))


def actors_phase(workshop: dict):
    phase = phases.current_phase(workshop)
    if phase.activity != "actors":
        raise Refused(_l("That is not possible in this phase of the workshop."), 409)
    return phase


def variants_of(request, workshop: dict, phase, key: str) -> list[str]:
    """The written variants of the actor with this key now (Refused when there is none)."""
    moved = {row["variant"]: row["actor_key"]
             for row in queries.overrides(store(request), workshop["id"], phase.key)}
    variants = sorted({m["variant"] for m in queries.mentions(store(request), workshop["id"],
                                                             phase.key)
                       if moved.get(m["variant"], m["actor_key"]) == key})
    if not variants:
        raise Refused(_l("That actor is no longer on the map."), 409)
    return variants


async def merge(request):
    """Put every written variant of one actor into another."""
    workshop, form = await facilitator_form(request)
    phase = actors_phase(workshop)
    actor, into = str(form.get("actor", "")), str(form.get("into", ""))
    if actor == into:
        raise Refused(_l("Choose another actor to merge with."), 422)
    variants_of(request, workshop, phase, into)
    queries.move_variants(store(request), workshop["id"], phase.key,
                          variants_of(request, workshop, phase, actor), into)
    request.app.state.realtime.publish(workshop["id"], "actors_map")
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


async def split(request):
    """Take one written variant out of its actor, as an actor of its own."""
    workshop, form = await facilitator_form(request)
    phase = actors_phase(workshop)
    variant = str(form.get("variant", ""))
    organisation = variant.split("|", 1)[0]
    if not any(m["variant"] == variant
               for m in queries.mentions(store(request), workshop["id"], phase.key)):
        raise Refused(_l("That actor is no longer on the map."), 409)
    queries.move_variants(store(request), workshop["id"], phase.key, [variant],
                          f"{organisation}|variant:{variant.split('|', 1)[1]}")
    request.app.state.realtime.publish(workshop["id"], "actors_map")
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


routes = [
    Route("/w/{code}/actors", name_actor, methods=["POST"], name="name_actor"),
    Route("/w/{code}/actors/{mention:int}/remove", remove_actor, methods=["POST"],
          name="remove_actor"),
    Route("/w/{code}/actors/merge", merge, methods=["POST"], name="merge_actors"),
    Route("/w/{code}/actors/split", split, methods=["POST"], name="split_actor"),
]
