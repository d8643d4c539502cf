"""Ämnen: participants post topics (with similar-topic hints and +1 support), the
facilitator moderates them and types in notes from paper.

The same activity posts to other lists: Double Diamond's "Hur kan vi …?" statements,
and ideas that each answer a statement (settings `list` and `answers`). Beside every
later phase the posts stay: the projector's wall, the facilitator's moderation list,
and on phones lists that stay put across phases and change post by post (other
activities put their piece on each card, e.g. the vote control).
"""

from workshop import activities, phases
from workshop.activities import Activity, Count, Setting, folder_of, provide, register
from workshop.activities.topics import actions, by_group, hints, moderation, queries
from workshop.events import Event
from workshop.exporting.document import local_iso, quick_win_mark
from workshop.exporting.json_format import utc
from workshop.i18n import N_, lazy_gettext as _l, ngettext
from workshop.moderation import held_because
from workshop.realtime import live_part
from workshop.settings import DEFAULT_TOPICS_PER_PARTICIPANT, MAX_TOPICS_PER_PARTICIPANT
from workshop.templating import env, render_fragment

TOPICS_CHANGED = Event(
    "topics_changed", "Posts were added, edited, hidden or merged: a list payload within "
    "their list (#topic-list, #statement-list, #idea-list).")
LISTS = ("topics", "statements", "ideas")
LIST_NAMES = (N_("topics"), N_("“How might we …?” questions"), N_("ideas"))
LIST_IDS = {"topics": "topic-list", "statements": "statement-list", "ideas": "idea-list",
            "sessions": "session-report-list"}  # sessions: Open Space's reports (breakouts)


class Topics(Activity):
    """Reads the themes only to leave the projector's wall to the theme board."""

    def facilitator_links(self, workshop):
        return [(_l("What each group wrote"), "posts-by-group")]

    def lists_shown(self, workshop, phase, role):
        return (phase.settings["list"],)

    def stage(self, live, workshop, phase, role):
        answers = phase.settings["answers"]
        return {"posting": phase.settings["list"],
                "answer_choices": queries.ranked(live.store, workshop["id"], answers)
                if answers else []}

    def someone_acted(self, live, workshop, phase):
        counted = queries.counts(live.store, workshop["id"], phase.settings["list"])
        return bool(counted["posted"]) or bool(queries.held_posts(live.store, workshop["id"]))

    def blank_personal(self, workshop, phase):
        return {"topics": [], "held": []}

    def personal(self, store, workshop, phase, participant):
        """The phone's own posts in the list, those waiting for the facilitator, and how
        many one person may post there."""
        return {"topics": queries.topics_of(store, participant["id"], posting_list(phase)),
                "held": queries.held_of(store, participant["id"], posting_list(phase)),
                "topics_limit": topics_limit(phase)}

    def finished(self, personal):
        """At the most posts one person may make in the list (topics_limit), those
        waiting for the facilitator counted."""
        posted = len(personal.get("topics", ())) + len(personal.get("held", ()))
        return posted >= personal.get("topics_limit", 0) > 0

    def progress(self, live, workshop, phase):
        """How many of those who joined have posted to the phase's list."""
        joined = live.store.joined(workshop["id"])
        posted = queries.counts(live.store, workshop["id"], phase.settings["list"])["posted"]
        return {"done": posted, "of": joined,
                "text": ngettext("%(num)s of %(of)s has posted", "%(num)s of %(of)s have posted",
                                 posted, of=joined)} if joined else None

    def counts(self, store, workshop):
        lines = []
        for list_name in lists_of(workshop):
            number = queries.counts(store, workshop["id"], list_name)["topics"]
            lines.append(Count(list_name, number, *count_words(list_name, number)))
        return lines

    def mark(self, store, workshop, phase):
        return queries.newest_id(store, workshop["id"])

    def new_since(self, store, workshop, phase, mark):
        return queries.count_after(store, workshop["id"], phase.settings["list"], mark)

    def panel(self, live, workshop, phase, role):
        """The lists beside every phase: all posts (hidden ones too) for the facilitator,
        a phone's lists, and the projector's wall of the list the phase shows, while its
        topics are not yet grouped into themes."""
        names = lists_on_page(live.store, workshop, phase, role)
        if names is None:
            return None
        shown = item_lists(live.store, workshop, role, names)
        if role == "facilitator":
            shown["held_posts"] = moderation.queue(live.store, workshop)
        return shown

    def export(self, store, workshop, refs):
        """Every post with its dots and list (merged ones marked; hidden ones, and those
        merged into them, only in an archive), and the +1s on them; numbers the posts
        1, 2 … for the sections after it."""
        topics = exported_topics(queries.all_topics(store, workshop["id"]), refs.archive)
        refs.topics.update({t["id"]: n for n, t in enumerate(topics, 1)})
        dots_on = activities.read("topic_dots", store, workshop)
        return {
            "topics": [topic_entry(t, refs, dots_on) for t in topics],
            "supports": [{"participant": refs.participants[s["participant_id"]],
                          "topic": refs.topics[s["topic_id"]]}
                         for s in queries.supports(store, workshop["id"])
                         if s["topic_id"] in refs.topics],
        }

    def imported(self, store, workshop):
        """In a youth-safe follow-up meeting, a visible post that looks like it holds
        personal data is hidden (its dots handed back) until the facilitator has checked
        it and shows it again. Hidden rather than moved to the moderation queue: votes,
        ratings, themes and backlog links that the export gave it stay valid."""
        if not workshop["youth_safe"]:
            return
        for topic in queries.all_topics(store, workshop["id"]):
            if not topic["hidden"] and held_because(workshop, topic["text"], premoderated=False):
                queries.hide_topic(store, topic["id"])

    def panel_open(self, workshop, phase):
        """Open in its own phases, and in every phase of a workshop that moderates posts:
        the moderation queue at its top must not hide behind a fold."""
        return phase.activity == self.key or bool(workshop["youth_safe"]
                                                  or workshop["premoderation"])

    def forget(self, state, workshop_id):
        state.forget(workshop_id)

    def import_problems(self, document):
        participants = {p["id"] for p in document["participants"]}
        topics = {t["id"] for t in document["topics"]}
        merged = {t["id"] for t in document["topics"] if t["merged_into"] is not None}
        problems = []
        for topic in document["topics"]:
            if topic["author"] is not None and topic["author"] not in participants:
                problems.append(f"topics → {topic['id']}: unknown author {topic['author']}")
            if topic["merged_into"] is not None and topic["merged_into"] not in topics:
                problems.append(f"topics → {topic['id']}: merged into unknown topic")
            if topic.get("answers") is not None and topic["answers"] not in topics:
                problems.append(f"topics → {topic['id']}: answers an unknown topic")
            elif topic["merged_into"] in merged:
                problems.append(f"topics → {topic['id']}: merged into a merged topic")
        for support in document["supports"]:
            if support["participant"] not in participants or support["topic"] not in topics:
                problems.append(f"supports: {support['participant']} → {support['topic']} "
                                "points nowhere")
        return problems

    def import_document(self, store, workshop, document, refs):
        for t in document["topics"]:
            refs.topics[t["id"]] = queries.insert_imported_topic(
                store, workshop["id"], refs.participants.get(t["author"]), t["text"],
                t["hidden"], utc(t["created_at"]), t.get("list", "topics"))
        for topic in document["topics"]:
            if topic["merged_into"] is not None:
                queries.set_merged_into(store, refs.topics[topic["id"]],
                                        refs.topics[topic["merged_into"]])
            if topic.get("answers") is not None:
                queries.set_parent(store, refs.topics[topic["id"]], refs.topics[topic["answers"]])
            if topic.get("quick_win") is not None:
                queries.set_quick_win_mark(store, refs.topics[topic["id"]],
                                           int(topic["quick_win"]))
        for support in document["supports"]:
            queries.insert_support(store, refs.topics[support["topic"]],
                                   refs.participants[support["participant"]])


# Per list: the label of the phone's text box, and the heading of the list.
POST_LABELS = {"topics": _l("Your topic"), "statements": _l("Your “How might we …?” question"),
               "ideas": _l("Your idea")}
LIST_HEADINGS = {"topics": _l("All topics"),
                 "statements": _l("All “How might we …?” questions"), "ideas": _l("All ideas"),
                 "sessions": _l("All session reports")}
env.globals.update(POST_LABELS=POST_LABELS, LIST_HEADINGS=LIST_HEADINGS)



def count_words(list_name: str, number: int) -> tuple[str, str]:
    """The projector's word after the number, and the facilitator's line, for a list."""
    if list_name == "statements":
        return (ngettext("question", "questions", number),
                ngettext("%(num)s question", "%(num)s questions", number))
    if list_name == "ideas":
        return ngettext("idea", "ideas", number), ngettext("%(num)s idea", "%(num)s ideas", number)
    return ngettext("topic", "topics", number), ngettext("%(num)s topic", "%(num)s topics", number)


def exported_topics(topics: list[dict], archive: bool) -> list[dict]:
    """The posts an export holds: all in an archive; else none the facilitator hid, nor
    one merged into a hidden post (a merge is one step: merging into a merged post is
    refused)."""
    if archive:
        return topics
    hidden = {topic["id"] for topic in topics if topic["hidden"]}
    return [topic for topic in topics
            if topic["id"] not in hidden and topic["merged_into"] not in hidden]


def topic_entry(topic: dict, refs, dots_on: dict) -> dict:
    entry = {"id": refs.topics[topic["id"]], "text": topic["text"],
             "author": refs.participants.get(topic["participant_id"]),
             "hidden": bool(topic["hidden"]), "merged_into": refs.topics.get(topic["merged_into"]),
             "dots": dots_on.get(topic["id"], 0), "created_at": local_iso(topic["created_at"]),
             "quick_win": quick_win_mark(topic)}
    if topic["list"] != "topics":  # older readers know topics only
        entry |= {"list": topic["list"], "answers": refs.topics.get(topic["parent_id"])}
    return entry


def lists_of(workshop: dict) -> list[str]:
    """The lists the workshop's plan posts to, in the order of the plan, and the lists
    other activities write that a phase of the plan shows (Open Space's reports)."""
    plan = phases.plan_of(workshop)
    names = [p.settings["list"] for p in plan if p.activity == "topics"] or ["topics"]
    names += [name for p in plan if p.activity != "topics"
              for name in activities.get(p.activity).lists_shown(workshop, p, "participant")
              if name not in LISTS]
    return list(dict.fromkeys(names))


def lists_on_page(store, workshop: dict, phase, role: str) -> list[str] | None:
    """The lists a role has on its page now, without reading them: on the projector the
    one the phase shows (None: no wall, or the theme board stands in for it); elsewhere
    every list of the plan."""
    if role != "projector":
        return lists_of(workshop)
    shown = activities.get(phase.activity).lists_shown(workshop, phase, role)
    if not shown or ("topics" in shown and activities.read("themes", store, workshop)):
        return None
    return [shown[0]]


def topics_limit(phase) -> int:
    """How many posts one person may make in the current posting phase's list."""
    return (phase.settings["per_participant"] if phase.activity == "topics"
            else DEFAULT_TOPICS_PER_PARTICIPANT)


def posting_list(phase) -> str:
    """The list a phone's own posts are shown from: the current posting phase's."""
    return phase.settings["list"] if phase.activity == "topics" else "topics"


def item_lists(store, workshop: dict, role: str, names: list[str]) -> dict:
    """The posts of some lists as a role sees them, and the texts merged into each."""
    lists = [{"name": name, "dom_id": LIST_IDS[name],
              "topics": queries.topics(store, workshop["id"], role == "facilitator", name)}
             for name in names]
    ids = [t["id"] for item_list in lists for t in item_list["topics"]]
    return {"item_lists": lists, "merged": queries.merged_texts(store, ids),
            "parents": queries.parent_texts(store, ids)}


def shows_topic(topic: dict | None, role: str) -> bool:
    if topic is None or topic["merged_into"] is not None:
        return False
    return role == "facilitator" or not topic["hidden"]


@live_part("topics")
def render_topics(realtime, workshop, role, ids):
    """The changed posts, one card each, for the lists a role has on its page: one
    payload per list."""
    from workshop.views import card_context

    phase = phases.current_phase(workshop)
    names = lists_on_page(realtime.store, workshop, phase, role)
    if names is None:
        return None
    template = topics_activity.template(
        f"{'aside' if role == 'participant' else 'panel'}-{role}.html")
    cards = card_context(realtime.store, workshop)
    payloads = {name: {"target": LIST_IDS[name], "upsert": [], "remove": []} for name in names}
    for topic_id in sorted(ids):
        topic = queries.topic(realtime.store, topic_id)
        payload = payloads.get(topic["list"]) if topic else None
        if payload is None:
            continue
        if shows_topic(topic, role):
            html = render_fragment(template, "topic", workshop=workshop, phase=phase,
                                   topic=topic, me=None, item_list={"name": topic["list"]},
                                   merged=queries.merged_texts(realtime.store, [topic_id]),
                                   parents=queries.parent_texts(realtime.store, [topic_id]),
                                   **cards)
            payload["upsert"].append([f"topic-{topic_id}", html])
        else:
            payload["remove"].append(f"topic-{topic_id}")
    return [(TOPICS_CHANGED, p) for p in payloads.values() if p["upsert"] or p["remove"]]


@provide("topics")
def visible_topics(store, workshop: dict) -> list[dict]:
    return queries.topics(store, workshop["id"])


topics_activity = register(Topics(
    "topics", folder_of(__file__), participant_actions=frozenset({"post_topic"}),
    settings=(Setting("list", "topics", "Where the posts go", choices=LISTS,
                      choice_labels=LIST_NAMES),
              Setting("answers", "", "Each post answers one of", choices=("", *LISTS),
                      choice_labels=(N_("nothing"), *LIST_NAMES)),
              Setting("per_participant", DEFAULT_TOPICS_PER_PARTICIPANT,
                      "Topics per participant", 1, MAX_TOPICS_PER_PARTICIPANT,
                      form_field="topics_per_participant")),
    routes=[*actions.routes, *hints.routes, *by_group.routes, *moderation.routes],
    events=(TOPICS_CHANGED, moderation.HELD_POSTS_CHANGED), order=10,
    reads=("themes",), name="Topics", new_state=hints.TopicHints))
