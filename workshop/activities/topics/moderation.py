"""The moderation queue of posts: what moderation.held_because held (youth-safe mode's
personal-data guard, or pre-moderation) waits here until the facilitator approves it
(it is shown live), edits it (the edited text is shown) or deletes it.

Nobody but the facilitator sees a held post: it lives in its own table (held_posts), so
the projector, other phones, hints, counts and exports, which read `topics`, cannot show
it; its own writer sees it on their phone, marked as waiting.
"""

from starlette.routing import Route

from workshop.activities.topics import queries
from workshop.activities.topics.actions import TOPIC_LABEL, held_changed, topics_posted
from workshop.events import Event
from workshop.guards import Refused, facilitator_form, store, text_field
from workshop.i18n import lazy_gettext as _l
from workshop.moderation import reasons_text
from workshop.personal_data import find_personal_data
from workshop.realtime import live_part
from workshop.responses import done
from workshop.settings import TOPIC_MAX_CHARS
from workshop.templating import render_fragment

HELD_POSTS_CHANGED = Event(
    "held_posts_changed", "The moderation queue changed; replaces #held-posts (facilitator "
    "only).")
GONE = _l("That post is no longer waiting: it was already approved or deleted.")


def queue(store, workshop: dict) -> list[dict]:
    """The held posts as the facilitator sees them: each with why it waits and its text
    in pieces, the personal data marked: [(text, is_personal), …]."""
    return [{**held, "why": reasons_text(tuple(held["reasons"].split(","))),
             "pieces": marked_pieces(held["text"])}
            for held in queries.held_posts(store, workshop["id"])]


def marked_pieces(text: str) -> list[tuple[str, bool]]:
    """The text cut where personal data starts and ends, so the page can mark it."""
    pieces, at = [], 0
    for finding in find_personal_data(text):
        pieces += [(text[at:finding.start], False), (text[finding.start:finding.end], True)]
        at = finding.end
    return [piece for piece in [*pieces, (text[at:], False)] if piece[0]]


async def held_action(request) -> tuple[dict, dict, object]:
    """The workshop, the held post and the form of a facilitator's queue action."""
    workshop, form = await facilitator_form(request)
    held = queries.held_post(store(request), request.path_params["held_id"])
    if held is None or held["workshop_id"] != workshop["id"]:
        raise Refused(GONE, 404)
    return workshop, held, form


async def approve(request):
    workshop, held, form = await held_action(request)
    return await published(request, workshop, held, held["text"])


async def edit_and_approve(request):
    """Show the post with the facilitator's text, e.g. the phone number taken out."""
    workshop, held, form = await held_action(request)
    return await published(request, workshop, held,
                           text_field(form, "text", TOPIC_MAX_CHARS, TOPIC_LABEL))


async def published(request, workshop: dict, held: dict, text: str):
    topic = queries.publish_held(store(request), held, text)
    if topic is None:
        raise Refused(GONE, 409)
    topics_posted(request, workshop, [topic])
    return await queue_changed(request, workshop, held)


async def delete(request):
    workshop, held, form = await held_action(request)
    if not queries.take_held(store(request), held["id"]):
        raise Refused(GONE, 409)
    return await queue_changed(request, workshop, held)


async def queue_changed(request, workshop: dict, held: dict):
    """The facilitator's queue, and the writer's own list on their phone, change."""
    held_changed(request, workshop)
    if held["participant_id"] is not None:
        await request.app.state.realtime.notify_participants([held["participant_id"]])
    return done(request, request.url_for("facilitator_view", code=workshop["code"]))


@live_part("held_posts")
def render_queue(realtime, workshop, role, ids):
    """The queue, to the facilitator's room only."""
    if role != "facilitator":
        return None
    html = render_fragment("activities/topics/held.html", "held_posts", workshop=workshop,
                           held_posts=queue(realtime.store, workshop))
    return HELD_POSTS_CHANGED, {"target": "held-posts", "html": html}


routes = [
    Route("/w/{code}/held/{held_id:int}/approve", approve, methods=["POST"],
          name="approve_held"),
    Route("/w/{code}/held/{held_id:int}/edit", edit_and_approve, methods=["POST"],
          name="edit_held"),
    Route("/w/{code}/held/{held_id:int}/delete", delete, methods=["POST"], name="delete_held"),
]
