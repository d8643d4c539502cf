"""The facilitator's countdown, shown on every screen ("5 minutes to post topics")."""

import time

from starlette.routing import Route

from workshop.events import TIMER_CHANGED
from workshop.guards import facilitator_form, int_field, store
from workshop.i18n import lazy_gettext as _l
from workshop.realtime import live_part
from workshop.responses import done
from workshop.settings import MAX_TIMER_MINUTES
from workshop.templating import render_fragment


def timer_context(workshop: dict) -> dict:
    """The timer as the page shows it; the browser counts down from the server's clock."""
    now = time.time()
    ends_at = workshop["timer_ends_at"]
    return {"timer": None if ends_at is None else {
        "ends_at": ends_at,
        "server_now": now,
        "seconds_left": max(0, round(ends_at - now)),
        "seconds": workshop["timer_seconds"],
    }}


@live_part("timer")
def render_timer(realtime, workshop, role, ids):
    html = render_fragment(f"{role}.html", "timer", workshop=workshop, **timer_context(workshop))
    return TIMER_CHANGED, {"target": "timer", "html": html}


async def set_timer(request):
    workshop, form = await facilitator_form(request)
    if form.get("action") == "stop":
        store(request).set_timer(workshop["id"], None, None)
    else:
        minutes = int_field(form, "minutes", 1, MAX_TIMER_MINUTES, _l("Minutes"))
        store(request).set_timer(workshop["id"], time.time() + minutes * 60, minutes * 60)
    request.app.state.realtime.publish(workshop["id"], "timer")
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


routes = [Route("/w/{code}/timer", set_timer, methods=["POST"], name="set_timer")]
