"""What each page shows: one context per role, used for the full page and for every live
push of its stage, so a page and its update can never disagree.

The stage is the current phase's activity (templates/<role>.html), then the panels other
activities show beside it in any phase (panel-<role>.html; on phones also aside-
participant.html, outside the stage). This module asks the activities and names none.
"""

from workshop import activities, phases, plan
from workshop.guards import csrf_token
from workshop.templating import templates
from workshop.timer import timer_context


def plan_activities(workshop: dict) -> list:
    """The activities of a workshop's plan, each once, in activity order."""
    keys = {phase.activity for phase in phases.plan_of(workshop)}
    return [activity for activity in activities.in_order() if activity.key in keys]


def stage_context(realtime, workshop: dict, role: str) -> dict:
    """Everything the stage shows one role, rendered once for a whole room of it."""
    phase = phases.current_phase(workshop)
    activity = activities.get(phase.activity)
    context = {
        "workshop": workshop,
        "role": role,
        "plan": phases.plan_of(workshop),
        "phase": phase,
        "activity": activity,
        "participation": participation(realtime, workshop),
        "revision": realtime.revision(workshop["id"]),
        "progress": activity.progress(realtime, workshop, phase),
        "new_since": phases.new_since_last_visit(realtime.store, workshop),
        **timer_context(workshop),
    }
    context["me"] = room_personal(realtime, workshop, phase)
    context.update(activity.stage(realtime, workshop, phase, role))
    context["panels"], context["asides"], context["folded"] = [], [], {}
    for other in activities.in_order():
        panel = other.panel(realtime, workshop, phase, role)
        if panel is None:
            continue
        context.update(panel)
        if other.has_template(f"panel-{role}.html"):
            context["panels"].append(other.template(f"panel-{role}.html"))
            if role == "facilitator" and not other.panel_open(workshop, phase):
                context["folded"][context["panels"][-1]] = other.name
        if other.has_template(f"aside-{role}.html"):
            context["asides"].append(other.template(f"aside-{role}.html"))
    context["shown_lists"] = activity.lists_shown(workshop, phase, role)
    context["phase_template"] = (activity.template(f"{role}.html")
                                 if activity.has_template(f"{role}.html") else None)
    context.update(card_context(realtime.store, workshop))
    if role == "facilitator":
        context.update(plan.editor_context(workshop))
    return context


def card_context(store, workshop: dict) -> dict:
    """The pieces activities of the plan put on the cards of item lists (e.g. the vote
    control on every topic): card_addons by list name, and what they need."""
    context = {"card_addons": {}}
    for activity in plan_activities(workshop):
        for list_name in activity.card_addon_for:
            context["card_addons"].setdefault(list_name, []).append(
                activity.template("card.html"))
            context.update(activity.card_context(store, workshop))
    return context


def room_personal(realtime, workshop: dict, phase) -> dict | None:
    """What the stage, rendered once for a whole room, may assume about each phone.

    While nobody has acted in the current phase, every phone's own state is the starting
    one, so the room's copy is right for all and no phone fetches its own. Otherwise
    None: personal pieces are marked data-needs-me and each phone fetches them.
    """
    if activities.get(phase.activity).someone_acted(realtime, workshop, phase):
        return None
    me = {"participant": None}
    for activity in plan_activities(workshop):
        me.update(activity.blank_personal(workshop, phase))
    return me


def participation(realtime, workshop: dict) -> dict:
    """Joined and online counts, and each activity's own (topics, voted, dots …)."""
    counts = {"joined": realtime.store.joined(workshop["id"]),
              "online": realtime.online(workshop["id"], "participant"), "lines": []}
    for activity in plan_activities(workshop):
        counts["lines"] += activity.counts(realtime.store, workshop)
    return counts


def personal_context(store, workshop: dict, phase, participant: dict,
                     asked: list | None = None) -> dict:
    """What this participant alone sees, from every activity of the plan (or those
    `asked`), and whether they have done all they can in the current phase (`finished`)."""
    me = {"participant": participant}
    for activity in plan_activities(workshop) if asked is None else asked:
        me.update(activity.personal(store, workshop, phase, participant))
    return {"me": me, "finished": activities.get(phase.activity).finished(me)}


def participant_context(realtime, workshop: dict, participant: dict) -> dict:
    context = stage_context(realtime, workshop, "participant")
    context.update(personal_context(realtime.store, workshop, context["phase"], participant))
    return context


def me_fragment(request, workshop: dict, participant: dict, notice: str = "", **hints):
    """This phone's own pieces as out-of-band swaps: a notice, and what the current
    phase's activity shows of it (templates/me.html), e.g. dots left and the controls
    it just touched. `hints` pass what the action knows to the activity (touched=…).
    Only the current activity is asked: me.html shows nothing of the others, and a
    phone's tap (a dot) should cost no reads of theirs."""
    store = request.app.state.store
    phase = phases.current_phase(workshop)
    activity = activities.get(phase.activity)
    context = {"workshop": workshop, "phase": phase, "notice": notice,
               "csrf_token": csrf_token(request),
               **personal_context(store, workshop, phase, participant, [activity]),
               **activity.me_context(store, workshop, phase, participant, **hints),
               "me_template": activity.template("me.html")
               if activity.has_template("me.html") else None}
    return templates.TemplateResponse(request, "participant.html", context, block_name="me")
