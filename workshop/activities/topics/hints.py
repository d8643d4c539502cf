"""'A similar topic exists': hints while a participant types, and +1 instead of a twin.

In a room of fifty, the same worry arrives five times in five words. While someone
types, the phone shows the topics that look alike and offers to support one of them
(a +1 that counts as interest) instead of posting a near-copy. Hints never block:
posting one's own topic anyway is the ordinary button.
"""

from starlette.routing import Route

from workshop import phases
from workshop.activities.topics import queries
from workshop.clustering import TopicIndex
from workshop.guards import (
    Refused,
    find_workshop,
    require_form,
    require_participant,
    require_phase,
    store,
)
from workshop.i18n import lazy_gettext as _l
from workshop.settings import TOPIC_MAX_CHARS
from workshop.templating import templates
from workshop.text import clean

SHORTEST_HINTED_TEXT = 12  # a few letters in, nearly everything looks alike


class TopicHints:
    """One similarity index per workshop and list, grown as posts arrive, rebuilt after
    edits."""

    def __init__(self):
        self.indexes: dict[tuple[int, str], tuple[TopicIndex, list[dict]]] = {}

    def forget(self, workshop_id: int) -> None:
        """Posts were edited, hidden or merged: the next check rebuilds the indexes."""
        for key in [key for key in self.indexes if key[0] == workshop_id]:
            del self.indexes[key]

    def similar(self, store, workshop: dict, text: str, list_name: str = "topics"
                ) -> list[dict]:
        index, topics = self.indexes.setdefault(
            (workshop["id"], list_name), (TopicIndex(language=workshop["language"]), []))
        newer = queries.topics_after(store, workshop["id"], topics[-1]["id"] if topics else 0,
                                     list_name)
        index.extend([t["text"] for t in newer])
        topics.extend(newer)
        return [topics[position] for position, _score in index.similar(text)]


def hints_of(request) -> TopicHints:
    """This app's similarity indexes (one app may run beside another in one process)."""
    return request.app.state.activity_state["topics"]


async def hint(request):
    workshop = find_workshop(request)
    require_participant(request, workshop)
    require_phase(workshop, "post_topic")
    text = clean(request.query_params.get("text", ""))[:TOPIC_MAX_CHARS]
    similar = []
    if len(text) >= SHORTEST_HINTED_TEXT:
        similar = hints_of(request).similar(store(request), workshop, text,
                                            phases.current_phase(workshop).settings["list"])
    return templates.TemplateResponse(request, "activities/topics/hints.html", {
        "workshop": workshop, "similar": similar}, block_name="similar")


async def support(request):
    workshop = find_workshop(request)
    participant = require_participant(request, workshop)
    await require_form(request)
    require_phase(workshop, "post_topic")
    from workshop.activities.topics.actions import require_topic

    topic = require_topic(request, workshop)
    if topic["hidden"]:
        raise Refused(_l("That topic no longer exists. It may have been merged."), 404)
    if topic["participant_id"] == participant["id"]:
        raise Refused(_l("That is your own topic."), 409)
    if not queries.insert_support(store(request), topic["id"], participant["id"]):
        raise Refused(_l("You already support that topic."), 409)
    request.app.state.realtime.publish(workshop["id"], "topics", [topic["id"]])
    return templates.TemplateResponse(request, "activities/topics/hints.html", {"topic": topic},
                                      block_name="supported")


routes = [
    Route("/w/{code}/similar", hint, name="similar_topics"),
    Route("/w/{code}/topics/{topic_id:int}/support", support, methods=["POST"],
          name="support_topic"),
]
