"""Convening a session, marking "Jag är intresserad", and the facilitator hiding a
session (a joke, a duplicate) or showing it again."""

from starlette.routing import Route

from workshop import phases
from workshop.activities.marketplace import queries
from workshop.activities.marketplace.taps import open_space_tap
from workshop.guards import (
    Refused,
    facilitator_form,
    int_field,
    store,
    text_field,
)
from workshop.i18n import _, lazy_gettext as _l
from workshop.moderation import refuse_personal
from workshop.responses import done, is_htmx
from workshop.settings import (
    CO_CONVENORS_MAX_CHARS,
    CONVENOR_NAME_MAX_CHARS,
    SESSION_LINE_MAX_CHARS,
    SESSION_TITLE_MAX_CHARS,
    SESSIONS_PER_PARTICIPANT,
    SESSIONS_PER_WORKSHOP,
)
from workshop.views import me_fragment

TITLE = _l("Session title")


def shows_convenors(workshop: dict) -> bool:
    """Whether sessions name their convenors (the marketplace phase's setting; Open
    Space usually does, a workshop can keep them anonymous). Never in youth-safe mode:
    no names at all."""
    if workshop.get("youth_safe"):
        return False
    market = phases.phases_of(workshop, "marketplace")
    return market[0].settings["convenor_names"] if market else True


def session_fields(form, workshop: dict, participant: dict) -> dict:
    """The convene form, checked; names only when the workshop shows convenors (the
    phone's own name when it leaves the field empty)."""
    named = shows_convenors(workshop)
    name = text_field(form, "convenor_name", CONVENOR_NAME_MAX_CHARS, _l("Your name"),
                      required=False) if named else ""
    return {"title": text_field(form, "title", SESSION_TITLE_MAX_CHARS, TITLE),
            "line": text_field(form, "line", SESSION_LINE_MAX_CHARS, _l("One line about it"),
                               required=False),
            "convenor_name": (name or participant["display_name"] or "") if named else "",
            "co_convenors": text_field(form, "co_convenors", CO_CONVENORS_MAX_CHARS,
                                       _l("Who convenes it with you"), required=False)
            if named else ""}


async def convene_session(request):
    workshop, participant, form = await open_space_tap(request, "convene")
    fields = session_fields(form, workshop, participant)
    # Youth-safe mode: a session is on every screen at once, with no queue to wait in.
    refuse_personal(workshop, fields["title"], fields["line"])
    added = queries.convene(store(request), workshop["id"], participant["id"], fields,
                            SESSIONS_PER_PARTICIPANT, SESSIONS_PER_WORKSHOP)
    if added is None:
        raise Refused(convene_refusal(request, workshop, participant), 409)
    sessions_changed(request, workshop, [added["id"]])
    if is_htmx(request):
        return me_fragment(request, workshop, participant,
                           notice=_("Your session “%(title)s” is in the marketplace.",
                                    title=added["title"]))
    return done(request, request.url_for("participant_view", code=workshop["code"]))


def convene_refusal(request, workshop, participant) -> str:
    if queries.count_of(store(request), workshop["id"], participant["id"]) \
            >= SESSIONS_PER_PARTICIPANT:
        return _("You have convened as many sessions as one person can (%(max)s).",
                 max=SESSIONS_PER_PARTICIPANT)
    return _("The marketplace is full (%(max)s sessions). Join one of them instead.",
             max=SESSIONS_PER_WORKSHOP)


def sessions_changed(request, workshop: dict, session_ids) -> None:
    """Every screen that shows sessions (the marketplace, the wall) gets the change."""
    realtime = request.app.state.realtime
    realtime.publish(workshop["id"], "sessions", session_ids)
    realtime.publish(workshop["id"], "participation")


def require_session(request, workshop: dict, session_id: int, hidden_too: bool = False):
    """A session of this workshop (a hidden one only for the facilitator)."""
    found = queries.session(store(request), session_id)
    if found is None or found["workshop_id"] != workshop["id"] \
            or (found["hidden"] and not hidden_too):
        raise Refused(_l("That session is no longer in the marketplace."), 404)
    return found


async def mark_interest(request):
    """The form says session=<id> and interested=1 (mark) or 0 (unmark): a second tap of
    one state changes nothing, so a double tap cannot undo itself."""
    workshop, participant, form = await open_space_tap(request, "mark_interest")
    session = require_session(request, workshop,
                              int_field(form, "session", 1, 2**62, _l("Session")))
    wanted = form.get("interested") == "1"
    if queries.set_interest(store(request), workshop["id"], session["id"], participant["id"],
                            wanted):
        request.app.state.realtime.publish(workshop["id"], "interests", [session["id"]])
        request.app.state.realtime.publish(workshop["id"], "participation")
    if is_htmx(request):
        return me_fragment(request, workshop, participant, touched=[session["id"]])
    return done(request, request.url_for("participant_view", code=workshop["code"]))


async def hide_session(request):
    """The facilitator hides a session, or shows it again (`hidden` = 1 or 0)."""
    workshop, form = await facilitator_form(request)
    session = require_session(request, workshop, request.path_params["session_id"],
                              hidden_too=True)
    queries.set_hidden(store(request), session["id"], form.get("hidden") == "1")
    concerned = queries.interested_in(store(request), session["id"])
    await request.app.state.realtime.notify_participants(
        concerned + ([session["participant_id"]] if session["participant_id"] else []))
    sessions_changed(request, workshop, [session["id"]])
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


routes = [
    Route("/w/{code}/sessions", convene_session, methods=["POST"], name="convene_session"),
    Route("/w/{code}/interest", mark_interest, methods=["POST"], name="mark_interest"),
    Route("/w/{code}/sessions/{session_id:int}/hide", hide_session, methods=["POST"],
          name="hide_session"),
]
