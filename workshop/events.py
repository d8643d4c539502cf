"""Every real-time event Samla sends, with its payload.

Server to browser, but for one question a page asks on connecting (REVISION_ASKED):
browsers act through ordinary HTTP requests and listen here.
"Replace" payloads are {target, html}: the HTML replaces the element with id `target`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    name: str
    doc: str


PHASE_CHANGED = Event(
    "phase_changed", "The workshop moved to another phase; replaces the stage.")
TOPICS_CHANGED = Event(
    "topics_changed", "Topics were added, edited, hidden or merged: "
    "{upsert: [[element id, html]], remove: [element id]} within #topic-list.")
TALLY_CHANGED = Event(
    "tally_changed", "Dots were placed or taken back; replaces the tally.")
PARTICIPATION_CHANGED = Event(
    "participation_changed", "Someone joined, connected, posted or voted; replaces the counts.")
TIMER_CHANGED = Event(
    "timer_changed", "The facilitator started or stopped the timer; replaces it.")
THEMES_CHANGED = Event(
    "themes_changed", "Samla grouped, or the facilitator moved, named or added a theme; "
    "replaces the themes.")
BACKLOG_CHANGED = Event(
    "backlog_changed", "The facilitator edited or published the backlog; replaces it.")
RATINGS_CHANGED = Event(
    "ratings_changed", "Someone rated impact and effort, or the facilitator marked a quick "
    "win; replaces the matrix and its table.")
MINE_CHANGED = Event(
    "mine_changed", "A merge or hide touched this phone's own topics or dots: "
    "it fetches /w/{code}/me again.")

# Browser to server, answered through the acknowledgement: the workshop's revision,
# a number that changes with every change; a page rendered at another one re-fetches.
REVISION_ASKED = "revision_asked"

EVENTS = (PHASE_CHANGED, TOPICS_CHANGED, TALLY_CHANGED, PARTICIPATION_CHANGED, TIMER_CHANGED,
          THEMES_CHANGED, BACKLOG_CHANGED, RATINGS_CHANGED, MINE_CHANGED)
