"""Ämnen: participants post topics (with similar-topic hints and +1 support), the
facilitator moderates them and types in notes from paper.

Beside every later phase the topics stay: the projector's wall, the facilitator's
moderation list, and on phones a list that stays put across phases and changes topic
by topic (other activities put their piece on each card, e.g. the vote control).
"""

from workshop import activities, phases
from workshop.activities import Activity, Count, folder_of, provide, register
from workshop.activities.topics import actions, hints, queries
from workshop.events import Event
from workshop.exporting.document import local_iso, quick_win_mark
from workshop.i18n import ngettext
from workshop.realtime import live_part
from workshop.templating import render_fragment

TOPICS_CHANGED = Event(
    "topics_changed", "Topics were added, edited, hidden or merged: a list payload "
    "within #topic-list.")


class Topics(Activity):
    """Reads the themes only to leave the projector's wall to the theme board."""

    def lists_shown(self, workshop, phase, role):
        return ("topics",)

    def someone_acted(self, live, workshop, phase):
        return bool(queries.counts(live.store, workshop["id"])["posted"])

    def blank_personal(self, workshop, phase):
        return {"topics": []}

    def personal(self, store, workshop, phase, participant):
        return {"topics": queries.topics_of(store, participant["id"])}

    def counts(self, store, workshop):
        number = queries.counts(store, workshop["id"])["topics"]
        return [Count("topics", number, ngettext("topic", "topics", number),
                      ngettext("%(num)s topic", "%(num)s topics", number))]

    def panel(self, live, workshop, phase, role):
        """The topic list beside every phase: all topics (hidden ones too) for the
        facilitator, a phone's list, and the projector's wall while the phase shows it
        and the topics are not yet grouped into themes."""
        shows = "topics" in activities.get(phase.activity).lists_shown(workshop, phase, role)
        if role == "projector" and (not shows or activities.read("themes", live.store, workshop)):
            return None  # no wall, or the theme board stands in for it
        return topic_list(live.store, workshop, role)

    def export(self, store, workshop, refs):
        """Every topic (hidden and merged ones too, marked) with its dots, and the +1s;
        numbers the topics 1, 2 … for the sections after it."""
        topics = queries.all_topics(store, workshop["id"])
        refs.topics.update({t["id"]: n for n, t in enumerate(topics, 1)})
        dots_on = activities.read("topic_dots", store, workshop)
        return {
            "topics": [
                {"id": refs.topics[t["id"]], "text": t["text"],
                 "author": refs.participants.get(t["participant_id"]),
                 "hidden": bool(t["hidden"]), "merged_into": refs.topics.get(t["merged_into"]),
                 "dots": dots_on.get(t["id"], 0), "created_at": local_iso(t["created_at"]),
                 "quick_win": quick_win_mark(t)}
                for t in topics],
            "supports": [{"participant": refs.participants[s["participant_id"]],
                          "topic": refs.topics[s["topic_id"]]}
                         for s in queries.supports(store, workshop["id"])],
        }


def topic_list(store, workshop: dict, role: str) -> dict:
    topics = queries.topics(store, workshop["id"], include_hidden=role == "facilitator")
    return {"topics": topics, "merged": queries.merged_texts(store, [t["id"] for t in topics])}


def shows_topic(topic: dict | None, role: str) -> bool:
    if topic is None or topic["merged_into"] is not None:
        return False
    return role == "facilitator" or not topic["hidden"]


@live_part("topics")
def render_topics(realtime, workshop, role, ids):
    """The changed topics, one card each, for the list a role has on its page."""
    from workshop.views import card_context

    template = topics_activity.template(f"{'aside' if role == 'participant' else 'panel'}-"
                                        f"{role}.html")
    phase = phases.current_phase(workshop)
    if role == "projector" and topics_activity.panel(realtime, workshop, phase, role) is None:
        return None
    upsert, remove = [], []
    for topic_id in sorted(ids):
        topic = queries.topic(realtime.store, topic_id)
        if shows_topic(topic, role):
            html = render_fragment(template, "topic", workshop=workshop, phase=phase,
                                   topic=topic, me=None,
                                   merged=queries.merged_texts(realtime.store, [topic_id]),
                                   **card_context(realtime.store, workshop))
            upsert.append([f"topic-{topic_id}", html])
        else:
            remove.append(f"topic-{topic_id}")
    return TOPICS_CHANGED, {"target": "topic-list", "upsert": upsert, "remove": remove}


@provide("topics")
def visible_topics(store, workshop: dict) -> list[dict]:
    return queries.topics(store, workshop["id"])


topics_activity = register(Topics(
    "topics", folder_of(__file__), participant_actions=frozenset({"post_topic"}),
    routes=[*actions.routes, *hints.routes], events=(TOPICS_CHANGED,), order=10,
    reads=("themes",),
    name="Topics", new_state=hints.TopicHints))
