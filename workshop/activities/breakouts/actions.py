"""A session's own page: "Jag är här" (one session at a time: moving moves the count
live) and its shared notes, appended entry by entry."""

from starlette.routing import Route

from workshop import phases
from workshop.activities.breakouts import queries
from workshop.activities.marketplace.actions import require_session, shows_convenors
from workshop.activities.marketplace.taps import open_space_tap
from workshop.guards import (
    FieldMessage,
    Refused,
    find_workshop,
    participant_of,
    require_facilitator,
    store,
    text_field,
)
from workshop.i18n import _, lazy_gettext as _l
from workshop.moderation import refuse_personal
from workshop.responses import done, is_htmx, page
from workshop.settings import NOTES_PER_PARTICIPANT_AND_SESSION, SESSION_NOTE_MAX_CHARS
from workshop.templating import templates


def session_url(request, workshop, session) -> str:
    return str(request.url_for("session_page", code=workshop["code"], session_id=session["id"]))


async def session_page(request):
    """The session's page, for a participant (with its own state) or the facilitator."""
    from workshop.activities.breakouts import session_context

    workshop = find_workshop(request)
    participant = participant_of(request, workshop)
    if participant is None:
        require_facilitator(request, workshop)
    session = require_session(request, workshop, request.path_params["session_id"])
    realtime = request.app.state.realtime
    role = "participant" if participant else "facilitator"
    return page(request, "activities/breakouts/session.html", {
        **session_context(store(request), workshop, session),
        "workshop": workshop, "role": role, "revision": realtime.revision(workshop["id"]),
        "here": participant is not None
        and queries.where_is(store(request), participant["id"]) == session["id"],
        "writing": phases.allows(workshop, "write_note") and participant is not None,
        "socket_token": realtime.token(workshop["id"], role, request.state.language,
                                       participant["id"] if participant else None)})


async def attend(request):
    """here=1: I am at this session (and at no other); here=0: I left it."""
    workshop, participant, form = await open_space_tap(request, "attend")
    session = require_session(request, workshop, request.path_params["session_id"])
    here = form.get("here") == "1"
    if here:
        left = queries.attend(store(request), workshop["id"], session["id"], participant["id"])
    else:
        left = queries.leave_session(store(request), participant["id"])
    request.app.state.realtime.publish(workshop["id"], "attendance",
                                       [i for i in (left, session["id"]) if i and i > 0])
    return answer(request, workshop, session, participant,
                  _("You are at “%(title)s”.", title=session["title"]) if here
                  else _("You have left “%(title)s”.", title=session["title"]))


async def write_note(request):
    workshop, participant, form = await open_space_tap(request, "write_note")
    session = require_session(request, workshop, request.path_params["session_id"])
    kind = str(form.get("kind", ""))
    if kind not in queries.NOTE_KINDS:
        raise Refused(FieldMessage(_l("%(field)s must be one of the listed choices."),
                                   _l("Kind of note")), 422)
    text = text_field(form, "text", SESSION_NOTE_MAX_CHARS, _l("Note"), multiline=True)
    refuse_personal(workshop, text)  # youth-safe mode: shown at once, no queue to wait in
    note_id = queries.add_note(store(request), workshop["id"], session["id"], participant["id"],
                               kind, text, NOTES_PER_PARTICIPANT_AND_SESSION)
    if note_id is None:
        raise Refused(_("You have written as many notes here as one person can (%(max)s).",
                        max=NOTES_PER_PARTICIPANT_AND_SESSION), 409)
    request.app.state.realtime.publish(workshop["id"], "notes", [note_id])
    return answer(request, workshop, session, participant, _("Your note was added."))


def answer(request, workshop, session, participant, notice: str):
    """This phone's own pieces of the session page (its "Jag är här"), and a notice."""
    if not is_htmx(request):
        return done(request, session_url(request, workshop, session))
    here = queries.where_is(store(request), participant["id"]) == session["id"]
    return templates.TemplateResponse(request, "activities/breakouts/session.html", {
        "workshop": workshop, "session": session, "here": here, "notice": notice,
        "attending": phases.allows(workshop, "attend"), "names": shows_convenors(workshop)},
        block_name="mine")


routes = [
    Route("/w/{code}/sessions/{session_id:int}", session_page, name="session_page"),
    Route("/w/{code}/sessions/{session_id:int}/here", attend, methods=["POST"], name="attend"),
    Route("/w/{code}/sessions/{session_id:int}/notes", write_note, methods=["POST"],
          name="write_note"),
]
