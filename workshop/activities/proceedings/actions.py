"""The proceedings page: for the workshop's participants and its facilitator."""

from starlette.routing import Route

from workshop.activities.breakouts.queries import NOTE_KINDS
from workshop.exporting.document import workshop_document
from workshop.guards import find_workshop, participant_of, require_facilitator, store
from workshop.responses import page


async def proceedings_page(request):
    workshop = find_workshop(request)
    if participant_of(request, workshop) is None:
        require_facilitator(request, workshop)
    document = workshop_document(store(request), workshop)
    section = document.get("open_space", {"sessions": [], "day": ""})
    return page(request, "activities/proceedings/page.html", {
        "workshop": workshop, "book": section, "kinds": NOTE_KINDS,
        "sessions": [s for s in section["sessions"] if not s["hidden"]]})


routes = [Route("/w/{code}/proceedings", proceedings_page, name="proceedings_page")]
