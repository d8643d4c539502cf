"""The phase state machine: where a workshop is, what it allows, and advance()."""

from workshop.methods import METHODS, Method, Phase


class PhaseMoveRefused(Exception):
    """The phase could not move (already at an end, or someone moved it first)."""


def method_of(workshop: dict) -> Method:
    return METHODS[workshop["method"]]


def current_phase(workshop: dict) -> Phase:
    return method_of(workshop).phases[workshop["phase_index"]]


def allows(workshop: dict, action: str) -> bool:
    return action in current_phase(workshop).allows


def advance(store, workshop: dict, step: int, seen_index: int) -> dict:
    """Move the workshop `step` phases (+1 next, -1 back) from `seen_index`.

    The facilitator's page says which phase it saw, so two clicks on "next"
    (or two facilitators at once) move one phase, not two. Returns the workshop
    as saved; the caller broadcasts.
    """
    target = seen_index + step
    if step not in (1, -1) or not 0 <= target < len(method_of(workshop).phases):
        raise PhaseMoveRefused
    if not store.move_phase(workshop["id"], seen_index, target):
        raise PhaseMoveRefused
    return store.workshop_by_id(workshop["id"])
