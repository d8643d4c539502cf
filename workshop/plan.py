"""Changing one workshop's own plan before its phases start: add a phase (any activity
that gives phones a stage, with its settings), remove one, move one up or down.

Only phases after the current one that have never been open change; a phase that has
started (the current one, those before it, and those left again with "Back") stays as
it was, with its dots and posts. Every change is based on the plan the facilitator's
page showed (its `seen_plan` field) and saved by one conditional UPDATE
(Store.replace_plan), so two facilitators or a double click never lose or duplicate a
change: the later one is refused, and the page shows the plan as it now is. This module
names no activity.
"""

import hashlib
import itertools
import json

from starlette.routing import Route

from workshop import activities, phases
from workshop.guards import (
    Refused,
    facilitator_form,
    facilitators_workshop,
    int_field,
    store,
    text_field,
)
from workshop.i18n import _, lazy_gettext as _l
from workshop.methods import Phase, phase_of, plan_json
from workshop.responses import done, page
from workshop.settings import DESCRIPTION_MAX_CHARS, PLAN_MAX_PHASES, TITLE_MAX_CHARS

STARTED = _l("Only phases that have not started can change. The current phase, the ones "
             "before it and the ones you have already opened stay as they are.")
CHANGED = _l("The plan changed meanwhile: someone else changed it, or the workshop moved "
             "to another phase. The page now shows the plan as it is. Try again.")


def plan_version(workshop: dict) -> str:
    """What a facilitator's page saw: the current phase, the phases opened before and the
    plan, as a short digest (16 hex digits of SHA-256) the page sends back with every
    change."""
    seen = f"{workshop['phase_index']}:{workshop['visits']}:{workshop['plan']}".encode()
    return hashlib.sha256(seen).hexdigest()[:16]


def first_changeable(workshop: dict, plan) -> int:
    """The index of the first phase that may change: the one after the current phase and
    after every phase that was open before (after "Back", later phases have started;
    their dots, posts and marks are kept under their keys)."""
    opened = json.loads(workshop["visits"])
    started = [index for index, phase in enumerate(plan) if phase.key in opened]
    return max([workshop["phase_index"], *started]) + 1


def addable_activities() -> list:
    """The activities a facilitator may add: those with a stage for phones."""
    return [a for a in activities.in_order() if a.has_template("participant.html")]


def name_of(activity) -> str:
    """What a facilitator sees an activity called: its name (a message id), else its key."""
    return activity.name or activity.key


def editor_context(workshop: dict) -> dict:
    """What the facilitator's stage needs to show the plan editor."""
    return {"plan_version": plan_version(workshop), "addable": addable_activities(),
            "activity_names": {a.key: name_of(a) for a in activities.in_order()},
            "first_changeable": first_changeable(workshop, phases.plan_of(workshop))}


def seen_plan(workshop: dict, form) -> list[Phase]:
    """The workshop's plan as a list to change, if it is the one the page showed."""
    if str(form.get("seen_plan", "")) != plan_version(workshop):
        raise Refused(CHANGED, 409)
    return list(phases.plan_of(workshop))


def changeable(workshop: dict, plan: list, index: int) -> int:
    """`index` if that phase may change: it exists and has not started."""
    if index < first_changeable(workshop, plan):
        raise Refused(STARTED, 409)
    if index >= len(plan):
        raise Refused(_l("There is no such phase in the plan."), 404)
    return index


def new_key(plan: list, activity_key: str) -> str:
    """A phase key no other phase has: the activity's key, else "voting-2", "voting-3" …"""
    taken = {phase.key for phase in plan}
    candidates = (activity_key if n == 1 else f"{activity_key}-{n}" for n in itertools.count(1))
    return next(key for key in candidates if key not in taken)


def chosen_activity(name) -> activities.Activity:
    """The addable activity named by a form, refused when it is not one."""
    activity = next((a for a in addable_activities() if a.key == name), None)
    if activity is None:
        raise Refused(_l("Choose one of the listed activities."), 422)
    return activity


def settings_from_form(activity, form) -> dict:
    """The activity's settings from the fields `setting-<key>`, each checked by its
    Setting (in order, so `high_from` sees the value it depends on)."""
    values = {}
    for setting in activity.settings:
        values[setting.key] = setting.from_form(form, values, f"setting-{setting.key}")
    return values


def phase_from_form(plan: list, activity, form) -> Phase:
    """The new phase the add form describes; a title left empty is the activity's name
    (a message id, so each screen shows it in its own language)."""
    return phase_of({
        "key": new_key(plan, activity.key),
        "activity": activity.key,
        "title": text_field(form, "title", TITLE_MAX_CHARS, _l("Name of the phase"),
                            required=False) or name_of(activity),
        "prompt": text_field(form, "prompt", DESCRIPTION_MAX_CHARS,
                             _l("Instructions for participants"), required=False),
        "settings": settings_from_form(activity, form),
    })


def save(request, workshop: dict, plan: list):
    """Write the changed plan if nobody changed the plan or the phase first, then tell
    every screen (their phase steps, and the counts of the plan's activities)."""
    if not store(request).replace_plan(workshop, plan_json(plan)):
        raise Refused(CHANGED, 409)
    for part in ("stage", "participation"):
        request.app.state.realtime.publish(workshop["id"], part)
    url = request.url_for("facilitator_view", code=workshop["code"])
    return done(request, f"{url}#plan-phases")


async def new_phase_page(request):
    """The add form for one chosen activity: its place, name, prompt and settings."""
    workshop = facilitators_workshop(request)
    activity = chosen_activity(request.query_params.get("activity"))
    plan = phases.plan_of(workshop)
    return page(request, "plan-new.html", {
        "workshop": workshop, "activity": activity, "activity_name": name_of(activity),
        "plan": plan, "first_changeable": first_changeable(workshop, plan),
        "plan_version": plan_version(workshop),
        "highs": {setting.key: setting.high for setting in activity.settings}})


async def add_phase(request):
    workshop, form = await facilitator_form(request)
    plan = seen_plan(workshop, form)
    if len(plan) >= PLAN_MAX_PHASES:
        raise Refused(_("A plan has at most %(max)s phases. Remove one before you add another.",
                        max=PLAN_MAX_PHASES), 409)
    position = int_field(form, "position", 0, len(plan), _l("Place in the plan"))
    if position < first_changeable(workshop, plan):
        raise Refused(STARTED, 409)
    activity = chosen_activity(form.get("activity"))
    plan.insert(position, phase_from_form(plan, activity, form))
    return save(request, workshop, plan)


async def remove_phase(request):
    workshop, form = await facilitator_form(request)
    plan = seen_plan(workshop, form)
    del plan[changeable(workshop, plan, request.path_params["index"])]
    return save(request, workshop, plan)


async def move_phase(request):
    workshop, form = await facilitator_form(request)
    plan = seen_plan(workshop, form)
    index = changeable(workshop, plan, request.path_params["index"])
    step = {"up": -1, "down": 1}.get(str(form.get("direction")))
    if step is None:
        raise Refused(_l("Choose up or down."), 422)
    if index + step == len(plan):
        raise Refused(_l("That phase is already last in the plan."), 409)
    other = changeable(workshop, plan, index + step)
    plan[index], plan[other] = plan[other], plan[index]
    return save(request, workshop, plan)


routes = [
    Route("/w/{code}/plan/new", new_phase_page, name="new_phase"),
    Route("/w/{code}/plan/add", add_phase, methods=["POST"], name="add_phase"),
    Route("/w/{code}/plan/{index:int}/remove", remove_phase, methods=["POST"],
          name="remove_phase"),
    Route("/w/{code}/plan/{index:int}/move", move_phase, methods=["POST"],
          name="move_plan_phase"),
]
