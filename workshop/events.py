"""Every real-time event Samla sends, with its payload.

Server to browser, but for one question a page asks on connecting (REVISION_ASKED):
browsers act through ordinary HTTP requests and listen here. The engine's events are
listed here; each activity declares its own (Activity.events), and `all_events()`
lists them all. Payloads come in two shapes, which the page's bridge script applies
whatever the event's name, so a new activity needs no new script:
- replace: {target, html}: the HTML replaces the element with id `target`;
- list: {target, upsert: [[element id, html]], remove: [element id]}: items of the
  list with id `target` are replaced, added at its top, or removed.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    name: str
    doc: str


PHASE_CHANGED = Event(
    "phase_changed", "The workshop moved to another phase, or the stage changed; "
    "replaces the stage.")
PARTICIPATION_CHANGED = Event(
    "participation_changed", "Someone joined, connected, posted or voted; replaces the counts.")
TIMER_CHANGED = Event(
    "timer_changed", "The facilitator started or stopped the timer; replaces it.")
MINE_CHANGED = Event(
    "mine_changed", "Something touched this phone's own pieces (a merge, a hide): "
    "it fetches /w/{code}/me again.")
CATCH_UP = Event(
    "catch_up", "The server processes lost Redis for a while, and with it any push sent "
    "meanwhile: {within_ms}: within that many milliseconds, at a random moment, the page "
    "asks for the revision again and fetches itself if it is behind.")

# Browser to server, answered through the acknowledgement: the workshop's revision,
# a number that changes with every change; a page rendered at another one re-fetches.
REVISION_ASKED = "revision_asked"

ENGINE_EVENTS = (PHASE_CHANGED, PARTICIPATION_CHANGED, TIMER_CHANGED, MINE_CHANGED, CATCH_UP)


def all_events() -> tuple[Event, ...]:
    """The engine's events and every registered activity's."""
    from workshop import activities

    return ENGINE_EVENTS + tuple(event for activity in activities.in_order()
                                 for event in activity.events)
