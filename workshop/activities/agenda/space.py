"""Setting up the space: the facilitator's rooms (a name, a capacity or none) and time
slots (start and end, local times on the workshop's day; a plenary slot such as lunch
carries a label and holds no sessions). A room or slot with sessions on it is not
deleted: the facilitator is told which sessions to move first."""

from datetime import time

from starlette.routing import Route

from workshop.activities.agenda import queries
from workshop.guards import FieldMessage, Refused, facilitator_form, int_field, store, text_field
from workshop.i18n import _, lazy_gettext as _l
from workshop.responses import done
from workshop.settings import (
    PLENARY_MAX_CHARS,
    ROOM_MAX_CAPACITY,
    ROOM_NAME_MAX_CHARS,
    ROOMS_PER_WORKSHOP,
    SLOTS_PER_WORKSHOP,
)


def space_changed(request, workshop: dict):
    request.app.state.realtime.publish(workshop["id"], "wall")
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


def local_time(form, name: str, label) -> str:
    """A time of day as "HH:MM" (the form's time field sends it so), else Refused."""
    raw = str(form.get(name, "")).strip()
    try:
        return time.fromisoformat(raw).strftime("%H:%M")
    except ValueError:
        raise Refused(FieldMessage(_l("%(field)s must be a time of day, like 10:00."), label),
                      422)


async def add_room(request):
    workshop, form = await facilitator_form(request)
    name = text_field(form, "name", ROOM_NAME_MAX_CHARS, _l("Room name"))
    capacity = (int_field(form, "capacity", 1, ROOM_MAX_CAPACITY, _l("How many fit"))
                if str(form.get("capacity", "")).strip() else None)
    if not queries.add_room(store(request), workshop["id"], name, capacity, ROOMS_PER_WORKSHOP):
        raise Refused(_("There is already a room called “%(name)s”, or the wall has as many "
                        "rooms as it can (%(max)s).", name=name, max=ROOMS_PER_WORKSHOP), 409)
    return space_changed(request, workshop)


async def delete_room(request):
    workshop, form = await facilitator_form(request)
    room_id = request.path_params["room_id"]
    if not queries.delete_room(store(request), workshop["id"], room_id):
        raise Refused(still_held(store(request), "room_id", room_id), 409)
    return space_changed(request, workshop)


async def add_slot(request):
    workshop, form = await facilitator_form(request)
    starts = local_time(form, "starts", _l("Starts"))
    ends = local_time(form, "ends", _l("Ends"))
    if ends <= starts:
        raise Refused(_l("A time slot must end after it starts."), 422)
    plenary = text_field(form, "plenary", PLENARY_MAX_CHARS, _l("Everyone together (e.g. lunch)"),
                         required=False)
    if not queries.add_slot(store(request), workshop["id"], starts, ends, plenary,
                            SLOTS_PER_WORKSHOP):
        raise Refused(_("That time overlaps another slot, or the wall has as many slots as "
                        "it can (%(max)s).", max=SLOTS_PER_WORKSHOP), 409)
    return space_changed(request, workshop)


async def delete_slot(request):
    workshop, form = await facilitator_form(request)
    slot_id = request.path_params["slot_id"]
    if not queries.delete_slot(store(request), workshop["id"], slot_id):
        raise Refused(still_held(store(request), "slot_id", slot_id), 409)
    return space_changed(request, workshop)


def still_held(store, column: str, cell_id: int) -> str:
    """Why a room or slot was not deleted: the sessions on it, or it is gone."""
    titles = queries.held_by(store, column, cell_id)
    if not titles:
        return _("That is no longer on the wall.")
    quoted = ", ".join(_("“%(title)s”", title=title) for title in titles)
    return _("Not deleted: these sessions are placed there: %(titles)s. Move them or take "
             "them off the wall first.", titles=quoted)


routes = [
    Route("/w/{code}/space/rooms", add_room, methods=["POST"], name="add_room"),
    Route("/w/{code}/space/rooms/{room_id:int}/delete", delete_room, methods=["POST"],
          name="delete_room"),
    Route("/w/{code}/space/slots", add_slot, methods=["POST"], name="add_slot"),
    Route("/w/{code}/space/slots/{slot_id:int}/delete", delete_slot, methods=["POST"],
          name="delete_slot"),
]
