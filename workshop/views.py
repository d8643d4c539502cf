"""What each view shows: one context per role, used for the full page and for every
live push of it, so a page and its update can never disagree."""

from workshop import phases
from workshop.guards import csrf_token
from workshop.priorities import ranking, rated_items, vote_themes
from workshop.ratings import RATING_VIEWS, card_context, results_context, room_card
from workshop.templating import templates
from workshop.timer import timer_context

VIEWS_WITH_TOPICS = ("topics", "voting")


def stage_context(realtime, workshop: dict, role: str, for_room: bool = True) -> dict:
    """Everything the stage of a view shows, for one role: for a whole room of that role,
    or (for_room=False) as the base of one person's page."""
    store = realtime.store
    phase = phases.current_phase(workshop)
    context = {
        "workshop": workshop,
        "role": role,
        "method": phases.method_of(workshop),
        "phase": phase,
        "participation": participation(realtime, workshop),
        "revision": realtime.revision(workshop["id"]),
        **timer_context(workshop),
    }
    context["me"] = room_me(workshop, phase, context["participation"])
    if shows_topic_list(phase, role):
        context.update(topic_list(store, workshop, role))
    context["themes"] = store.themes(workshop["id"])
    context["vote_themes"] = vote_themes(store, workshop)
    if phase.view in ("voting", "results") or role == "facilitator":
        context["tally"] = ranking(store, workshop)
    if phase.view in RATING_VIEWS:
        context.update(results_context(store, workshop))
        if for_room and phase.view == "rating" and role == "participant" and not context["raters"]:
            context.update(room_card(store, workshop))
    if phase.view == "results":
        context["backlog"] = store.backlog(workshop["id"])
    return context


def shows_topic_list(phase, role: str) -> bool:
    """Whether the stage itself holds the topic list. A phone keeps its list beside the
    stage, whatever the phase (participant_context), so no phase change resends it."""
    return role == "facilitator" or (role == "projector" and phase.view in VIEWS_WITH_TOPICS)


def topic_list(store, workshop: dict, role: str) -> dict:
    topics = store.topics(workshop["id"], include_hidden=role == "facilitator")
    return {"topics": topics, "merged": store.merged_texts([t["id"] for t in topics])}


def room_me(workshop: dict, phase, counts: dict) -> dict | None:
    """What the stage, rendered once for a whole room, may assume about each phone.

    While nobody has posted (topics) or voted (voting), every phone's own state is
    the starting one, so the room's copy is right for all and no phone fetches its
    own. Otherwise None: personal pieces are marked data-needs-me and each phone
    fetches them (me_fragment).
    """
    someone_acted = {"topics": counts["posted"], "voting": counts["dots"]}.get(phase.view, 0)
    if someone_acted:
        return None
    return {"participant": None, "dots": {}, "theme_dots": {}, "topics": [],
            "dots_left": workshop["dots_per_participant"]}


def participation(realtime, workshop: dict) -> dict:
    """Joined, posted, voted and online counts for the projector and facilitator."""
    return {**realtime.store.participation(workshop["id"]),
            "online": realtime.online(workshop["id"], "participant")}


def me_context(store, workshop: dict, participant: dict) -> dict:
    """What this participant alone sees: dots placed and left, topics posted."""
    dots = store.my_dots(participant["id"])
    theme_dots = store.my_dots(participant["id"], "theme")
    placed = sum(dots.values()) + sum(theme_dots.values())
    return {"me": {
        "participant": participant,
        "dots": dots,
        "theme_dots": theme_dots,
        "dots_left": max(0, workshop["dots_per_participant"] - placed),
        "topics": store.topics_of(participant["id"]),
    }}


def participant_context(realtime, workshop: dict, participant: dict) -> dict:
    context = {**stage_context(realtime, workshop, "participant", for_room=False),
               **topic_list(realtime.store, workshop, "participant"),
               **me_context(realtime.store, workshop, participant)}
    if context["phase"].view == "rating":
        context.update(card_context(realtime.store, workshop, participant,
                                    rated_items(realtime.store, workshop)))
    return context


def me_fragment(request, workshop: dict, participant: dict, notice: str = "", touched=()):
    """This phone's own pieces as out-of-band swaps: a notice, and what its phase shows
    of it: its topics; dots left and the vote controls of the topics it has dots on or
    just `touched` (and of the themes); its rating card.

    Only those controls, not one per topic: a vote's answer stays small however
    many topics the room has.
    """
    store = request.app.state.store
    me = me_context(store, workshop, participant)["me"]
    phase = phases.current_phase(workshop)
    context = {"workshop": workshop, "phase": phase, "me": me, "notice": notice,
               "csrf_token": csrf_token(request)}
    if phase.view == "voting":
        topics = [store.topic(topic_id) for topic_id in sorted({*me["dots"], *touched})]
        context["topics"] = [t for t in topics if t is not None]
        context["vote_themes"] = vote_themes(store, workshop)
    if phase.view == "rating":
        context.update(card_context(store, workshop, participant,
                                    rated_items(store, workshop)))
    return templates.TemplateResponse(request, "participant.html", context, block_name="me")
