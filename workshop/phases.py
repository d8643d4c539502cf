"""The phase state machine: a workshop's own plan, where it is, what it allows, advance().

A workshop keeps its own plan (its phases with their settings, copied from the method
when it was created), so changing a method file never changes a running workshop.
"""

import json

from workshop import activities
from workshop.methods import Phase, plan_from_json


class PhaseMoveRefused(Exception):
    """The phase could not move (already at an end, or someone moved it first)."""


def plan_of(workshop: dict) -> tuple[Phase, ...]:
    return plan_from_json(workshop["plan"])


def current_phase(workshop: dict) -> Phase:
    return plan_of(workshop)[workshop["phase_index"]]


def allows(workshop: dict, action: str) -> bool:
    return action in current_phase(workshop).allows


def phases_of(workshop: dict, activity: str) -> list[Phase]:
    return [phase for phase in plan_of(workshop) if phase.activity == activity]


def advance(store, workshop: dict, step: int, seen_index: int) -> dict:
    """Move the workshop `step` phases (+1 next, -1 back) from `seen_index`.

    AUTH is the caller's (the facilitator's secret). VALIDATION: the facilitator's page
    says which phase it saw, so two clicks on "next" (or two facilitators at once) move
    one phase, not two. RESOLUTION: the move is saved with the left phase's mark (where
    its items stood, for "3 new since last time") and its activity's exit hook runs. Returns the workshop as saved; the caller publishes the change.
    """
    plan = plan_of(workshop)
    target = seen_index + step
    if step not in (1, -1) or not 0 <= target < len(plan) \
            or workshop["phase_index"] != seen_index:
        raise PhaseMoveRefused
    leaving = plan[seen_index]
    activity = activities.get(leaving.activity)
    visits = {**json.loads(workshop["visits"]),
              leaving.key: activity.mark(store, workshop, leaving)}
    with store.transaction():
        if not store.move_phase(workshop["id"], seen_index, target, json.dumps(visits)):
            raise PhaseMoveRefused
        activity.leave(store, workshop, leaving)
    return store.workshop_by_id(workshop["id"])


def new_since_last_visit(store, workshop: dict) -> int | None:
    """How many items the current phase gained since it was last left, or None when it
    was never left before (or its activity keeps no mark)."""
    phase = current_phase(workshop)
    mark = json.loads(workshop["visits"]).get(phase.key)
    if mark is None:
        return None
    return activities.get(phase.activity).new_since(store, workshop, phase, mark)
