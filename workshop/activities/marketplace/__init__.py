"""Marknad (Open Space's marketplace): participants convene sessions (a title, a line
about it, the convenor's name unless the workshop keeps convenors anonymous, who
convenes it with them) and mark "Jag är intresserad" on as many as they like; the
projector shows the marketplace live, page by page.

The sessions and interests are read again by the agenda wall, the breakouts and the
proceedings (activities/agenda, breakouts, proceedings). Setting: convenor_names.
"""

from workshop import phases
from workshop.activities import Activity, Count, Setting, folder_of, register
from workshop.activities.marketplace import actions, queries
from workshop.activities.marketplace.actions import shows_convenors
from workshop.activities.marketplace.taps import new_tap_limits
from workshop.events import Event
from workshop.i18n import ngettext
from workshop.realtime import live_part
from workshop.settings import (
    CO_CONVENORS_MAX_CHARS,
    CONVENOR_NAME_MAX_CHARS,
    SESSION_LINE_MAX_CHARS,
    SESSION_TITLE_MAX_CHARS,
)
from workshop.templating import env, render_fragment

env.globals.update(SESSION_TITLE_MAX_CHARS=SESSION_TITLE_MAX_CHARS,
                   SESSION_LINE_MAX_CHARS=SESSION_LINE_MAX_CHARS,
                   CONVENOR_NAME_MAX_CHARS=CONVENOR_NAME_MAX_CHARS,
                   CO_CONVENORS_MAX_CHARS=CO_CONVENORS_MAX_CHARS)

SESSIONS_CHANGED = Event(
    "sessions_changed", "A session was convened, hidden or shown: a list payload within "
    "#market-list.")
INTERESTS_CHANGED = Event(
    "interests_changed", "Someone marked or unmarked interest: replaces the session's count "
    "(#interest-<id>-count).")
SHOWN_IN = ("marketplace", "agenda")  # the phases whose screens list the marketplace


class Marketplace(Activity):
    def stage(self, live, workshop, phase, role):
        return market_context(live.store, workshop, role)

    def someone_acted(self, live, workshop, phase):
        return bool(queries.count_of(live.store, workshop["id"]))

    def blank_personal(self, workshop, phase):
        return {"interests": set(), "my_sessions": []}

    def personal(self, store, workshop, phase, participant):
        """The sessions I marked, and the ones I convened."""
        return {"interests": queries.my_interests(store, participant["id"]),
                "my_sessions": queries.sessions_of(store, participant["id"])}

    def me_context(self, store, workshop, phase, participant, touched=()):
        """The toggles of the sessions this phone marked or just touched."""
        mine = queries.my_interests(store, participant["id"])
        found = [queries.session(store, s) for s in sorted({*mine, *touched})]
        return {"toggled": [s for s in found if s and not s["hidden"]]}

    def progress(self, live, workshop, phase):
        joined = live.store.joined(workshop["id"])
        marked = queries.counts(live.store, workshop["id"])["interested"]
        return {"done": marked, "of": joined,
                "text": ngettext("%(num)s of %(of)s has marked a session",
                                 "%(num)s of %(of)s have marked a session", marked,
                                 of=joined)} if joined else None

    def counts(self, store, workshop):
        counted = queries.counts(store, workshop["id"])
        return [Count("sessions", counted["sessions"],
                      ngettext("session", "sessions", counted["sessions"]),
                      ngettext("%(num)s session", "%(num)s sessions", counted["sessions"]))]


def market_context(store, workshop: dict, role: str) -> dict:
    """The marketplace as a role sees it: every session (hidden ones too for the
    facilitator), newest first, and whether convenors are named."""
    return {"sessions": queries.sessions(store, workshop["id"], role == "facilitator"),
            "names": shows_convenors(workshop)}


def lists_market(workshop: dict) -> bool:
    return phases.current_phase(workshop).activity in SHOWN_IN


@live_part("sessions")
def render_sessions(realtime, workshop, role, ids):
    """The changed sessions, one card each, in the marketplace list of every screen
    that shows it."""
    if not lists_market(workshop):
        return None
    payload = {"target": "market-list", "upsert": [], "remove": []}
    for session_id in sorted(ids):
        session = queries.session(realtime.store, session_id)
        if session is None or (session["hidden"] and role != "facilitator"):
            payload["remove"].append(f"session-{session_id}")
            continue
        payload["upsert"].append([f"session-{session_id}", render_fragment(
            marketplace.template("cards.html"), "session", workshop=workshop, role=role,
            session=session, names=shows_convenors(workshop), me=None)])
    return SESSIONS_CHANGED, payload


@live_part("interests")
def render_interest_counts(realtime, workshop, role, ids):
    """The interest count of each session that changed, on every screen."""
    if not lists_market(workshop):
        return None
    return [(INTERESTS_CHANGED, {"target": f"interest-{s['id']}-count", "html": render_fragment(
                marketplace.template("cards.html"), "count", session=s)})
            for s in filter(None, (queries.session(realtime.store, i) for i in sorted(ids)))]


marketplace = register(Marketplace(
    "marketplace", folder_of(__file__),
    participant_actions=frozenset({"convene", "mark_interest"}),
    settings=(Setting("convenor_names", True, "Show who convenes each session"),),
    routes=actions.routes, events=(SESSIONS_CHANGED, INTERESTS_CHANGED), order=70,
    name="Marketplace", new_state=new_tap_limits))
