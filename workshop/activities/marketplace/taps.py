"""How often one phone may tap in Open Space (interest, claim, attendance, notes):
settings.OPEN_SPACE_TAPS per participant, counted by the `limits` library where the
other rate limits are kept (settings.RATE_LIMIT_STORAGE)."""

from workshop.guards import Refused, find_workshop, require_form, require_participant, require_phase
from workshop.i18n import _
from workshop.ratelimits import RateLimits
from workshop.settings import OPEN_SPACE_TAPS, RATE_LIMIT_STORAGE

RULE = "open_space_taps"


def new_tap_limits() -> RateLimits:
    """The marketplace's per-app state: one count per participant for every Open Space
    activity."""
    return RateLimits({RULE: OPEN_SPACE_TAPS}, RATE_LIMIT_STORAGE)


async def count_tap(request, participant: dict) -> None:
    """Count one tap of this phone; Refused 429 with the seconds to wait when over."""
    limits = request.app.state.activity_state["marketplace"]
    if wait := await limits.hit(RULE, str(participant["id"])):
        raise Refused(_("Too many attempts. Wait %(seconds)s seconds and try again.",
                        seconds=wait), 429)


async def open_space_tap(request, action: str):
    """A phone's Open Space action: its workshop, participant and form, once the phase
    allows `action` and the tap is within the phone's limit (count_tap)."""
    workshop = find_workshop(request)
    participant = require_participant(request, workshop)
    form = await require_form(request)
    require_phase(workshop, action)
    await count_tap(request, participant)
    return workshop, participant, form

