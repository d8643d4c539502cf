"""Putting sessions on the wall: a convenor claims a free cell from the phone (first
come, first served), the facilitator places, moves, pins and takes sessions off, or
lets Auto-schedule propose the agenda; and the agenda as an iCalendar file."""

import asyncio

from starlette.responses import Response
from starlette.routing import Route

from workshop.activities.agenda import queries
from workshop.activities.agenda.autoschedule import WallChanged, put_on_wall, wall_problem
from workshop.activities.agenda.calendar import agenda_calendar
from workshop.activities.agenda.wall import local_now
from workshop.activities.marketplace import queries as market
from workshop.activities.marketplace.actions import require_session
from workshop.activities.marketplace.taps import open_space_tap
from workshop.guards import (
    Refused,
    facilitator_form,
    find_workshop,
    int_field,
    participant_of,
    require_facilitator,
    store,
)
from workshop.i18n import _, lazy_gettext as _l
from workshop.responses import done, is_htmx
from workshop.views import me_fragment

TAKEN = _l("Someone else took that place just before you. Choose another free place.")


def cell_of(form) -> tuple[int, int]:
    return (int_field(form, "room", 1, 2**62, _l("Room")),
            int_field(form, "slot", 1, 2**62, _l("Time slot")))


async def wall_changed(request, workshop: dict, session_ids) -> None:
    """Every screen gets the wall; the phones of those who convened or marked the moved
    sessions fetch their own agenda ("Dina sessioner")."""
    realtime = request.app.state.realtime
    realtime.publish(workshop["id"], "wall")
    await realtime.notify_participants(market.followers(store(request), list(session_ids)))


async def claim_cell(request):
    """A convenor's tap on a free cell: session=<id of one's own>, room, slot."""
    workshop, participant, form = await open_space_tap(request, "claim_cell")
    if not str(form.get("session", "")).strip():
        raise Refused(_l("Convene a session in the marketplace first, then choose a place "
                         "for it."), 422)
    session = require_session(request, workshop, int_field(form, "session", 1, 2**62,
                                                           _l("Session")))
    room_id, slot_id = cell_of(form)
    outcome = queries.claim(store(request), workshop["id"], session["id"], room_id, slot_id,
                            convenor_id=participant["id"])
    if outcome == "taken":
        raise Refused(TAKEN, 409)
    if outcome == "refused":
        raise Refused(claim_refusal(session, participant), 409)
    await wall_changed(request, workshop, [session["id"]])
    if is_htmx(request):
        return me_fragment(request, workshop, participant,
                           notice=_("“%(title)s” is on the wall.", title=session["title"]))
    return done(request, request.url_for("participant_view", code=workshop["code"]))


def claim_refusal(session: dict, participant: dict) -> str:
    if session["participant_id"] != participant["id"]:
        return _("Only the one who convened “%(title)s” can place it.", title=session["title"])
    return _("That place cannot be taken: everyone is together then, the facilitator fixed "
             "your session where it is, or you already have a session at that time.")


async def place_session(request):
    """The facilitator puts a session in a cell, or moves it there (pinned or not)."""
    workshop, form = await facilitator_form(request)
    session = require_session(request, workshop, int_field(form, "session", 1, 2**62,
                                                           _l("Session")))
    room_id, slot_id = cell_of(form)
    outcome = queries.claim(store(request), workshop["id"], session["id"], room_id, slot_id,
                            pinned=form.get("pinned") == "1")
    if outcome == "taken":
        raise Refused(_l("Another session is in that place. Move it first."), 409)
    if outcome == "refused":
        raise Refused(_l("Sessions cannot go there: everyone is together then, or the place "
                         "is gone."), 409)
    await wall_changed(request, workshop, [session["id"]])
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


async def pin_session(request):
    """pinned=1 fixes a session where it is (Auto-schedule leaves it), 0 frees it."""
    workshop, form = await facilitator_form(request)
    session = require_session(request, workshop, request.path_params["session_id"])
    if not queries.set_pinned(store(request), session["id"], form.get("pinned") == "1"):
        raise Refused(_l("That session is not on the wall."), 409)
    await wall_changed(request, workshop, [session["id"]])
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


async def unplace_session(request):
    workshop, form = await facilitator_form(request)
    session = require_session(request, workshop, request.path_params["session_id"],
                              hidden_too=True)
    queries.unplace(store(request), session["id"])
    await wall_changed(request, workshop, [session["id"]])
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


async def schedule_agenda(request):
    """Auto-schedule: pinned sessions and slots that have begun stay as they are; what
    did not fit stays in the wall's list of sessions not placed."""
    workshop, form = await facilitator_form(request)
    problem = wall_problem(store(request), workshop, local_now())
    # The search takes about a second of CPU for 60 sessions: off the event loop, so the
    # room's taps are answered meanwhile; the wall is read before and written after.
    agenda = await asyncio.to_thread(problem.solve)
    try:
        put_on_wall(store(request), workshop, problem, agenda)
    except WallChanged:
        raise Refused(_l("Someone put a session on the wall while Auto-schedule was "
                         "working. Nothing was changed: press Auto-schedule again."), 409)
    await wall_changed(request, workshop, {*problem.previous, *agenda.cells})
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


async def download_calendar(request):
    """The agenda as an .ics file, for the workshop's participants and facilitator."""
    workshop = find_workshop(request)
    if participant_of(request, workshop) is None:
        require_facilitator(request, workshop)
    return Response(agenda_calendar(store(request), workshop), media_type="text/calendar",
                    headers={"content-disposition":
                             f'attachment; filename="samla-{workshop["code"]}-agenda.ics"'})


routes = [
    Route("/w/{code}/agenda/claim", claim_cell, methods=["POST"], name="claim_cell"),
    Route("/w/{code}/agenda/place", place_session, methods=["POST"], name="place_session"),
    Route("/w/{code}/agenda/{session_id:int}/pin", pin_session, methods=["POST"],
          name="pin_session"),
    Route("/w/{code}/agenda/{session_id:int}/unplace", unplace_session, methods=["POST"],
          name="unplace_session"),
    Route("/w/{code}/agenda/auto", schedule_agenda, methods=["POST"], name="schedule_agenda"),
    Route("/w/{code}/agenda.ics", download_calendar, name="agenda_calendar"),
]
