"""Teman: Samla groups the topics ("Gruppera"), the facilitator corrects and names the
themes, accepts them, and chooses whether the room votes on and rates topics or themes.

A topic the facilitator moved stays where it was put when Samla groups again. Accepting
locks the grouping, so dots and ratings given to a theme always find it; it can be
reopened until they exist. The review sits beside every phase for the facilitator; the
projector shows the themes as a board in place of the wall, phones their names.
"""

from workshop import activities, phases
from workshop.activities import Activity, folder_of, provide, register
from workshop.activities.themes import actions, queries
from workshop.activities.topics import queries as topic_queries
from workshop.clustering import ThemePlacer
from workshop.events import Event
from workshop.exporting.document import quick_win_mark
from workshop.realtime import live_part
from workshop.templating import render_fragment

THEMES_CHANGED = Event(
    "themes_changed", "Samla grouped, or the facilitator moved, named or added a theme; "
    "replaces the themes.")


class Placers:
    """One ThemePlacer per workshop, built from its themes when first needed and dropped
    whenever the facilitator changes the grouping (themes_changed)."""

    def __init__(self):
        self.placers: dict[int, ThemePlacer] = {}

    def forget(self, workshop_id: int) -> None:
        self.placers.pop(workshop_id, None)

    def of(self, store, workshop: dict) -> ThemePlacer | None:
        """The workshop's placer; None while it has no themes to place into."""
        if workshop["id"] not in self.placers:
            # Asked at every post: while there are no themes (all of the topics phase,
            # often), a look at the themes table, not a read of every topic.
            if not queries.has_themes(store, workshop["id"]):
                return None
            themes = {theme["number"]: [t["text"] for t in theme["topics"]]
                      for theme in queries.themes(store, workshop["id"])}
            self.placers[workshop["id"]] = ThemePlacer(themes, workshop["language"])
        return self.placers[workshop["id"]]


class Themes(Activity):
    def posted(self, state, store, workshop, topics):
        """Once there are themes, a new topic goes live into the theme it fits best, or
        stays unplaced ("Not in a theme yet"); no other topic moves (clustering.ThemePlacer).
        Only the "topics" list is grouped."""
        placer = state.of(store, workshop)
        for topic in topics:
            if placer is None or topic["list"] != "topics":
                continue
            number = placer.place(topic["text"])
            if number is not None:
                queries.place_topic(store, topic["id"], number)
                placer.add(topic["text"], number)

    def lists_shown(self, workshop, phase, role):
        return ("topics",)

    def panel_open(self, workshop, phase):
        """Open in its own phase, and while topics are posted: the facilitator groups
        them as they come in (Lågt hängande frukter has no phase of its own for it)."""
        return phase.activity in (self.key, "topics")

    def panel(self, live, workshop, phase, role):
        themes = queries.themes(live.store, workshop["id"])
        if role == "facilitator":  # it offers "Gruppera" as soon as there are topics
            # Before there are themes it shows only how many topics there are, and this
            # is rendered after every post: no read of every topic for a number.
            if not themes:
                return {"themes": themes, "topics": [], "topic_count": topic_queries.count_after(
                    live.store, workshop["id"], "topics", 0)}
            topics = topic_queries.topics(live.store, workshop["id"])
            return {"themes": themes, "topics": topics, "topic_count": len(topics)}
        if "topics" not in activities.get(phase.activity).lists_shown(workshop, phase, role):
            return None
        # Phones keep the (hidden) place where the themes will appear.
        return {"themes": themes} if themes or role == "participant" else None

    def export(self, store, workshop, refs):
        return {
            "workshop": {"prioritise": workshop["prioritise"],
                         "themes_accepted": bool(workshop["themes_accepted"])},
            "themes": [{"id": theme["number"], "label": theme["label"],
                        "topics": [refs.topics[t["id"]] for t in theme["topics"]
                                   if t["id"] in refs.topics],
                        "quick_win": quick_win_mark(theme)}
                       for theme in queries.themes(store, workshop["id"])],
        }

    def import_problems(self, document):
        topics = {t["id"] for t in document["topics"]}
        return [f"themes → {theme['id']}: a topic is missing" for theme in document["themes"]
                if set(theme["topics"]) - topics]

    def import_document(self, store, workshop, document, refs):
        settings = document["workshop"]
        queries.save_grouping(store, workshop["id"],
                              {t["id"]: t["label"] for t in document["themes"]},
                              {refs.topics[topic]: theme["id"] for theme in document["themes"]
                               for topic in theme["topics"]})
        queries.set_themes_accepted(store, workshop["id"], settings.get("themes_accepted", False))
        queries.set_prioritise(store, workshop["id"], settings.get("prioritise", "topics"))
        for theme in document["themes"]:
            if theme.get("quick_win") is not None:
                queries.set_quick_win_mark(store, workshop["id"], theme["id"],
                                           int(theme["quick_win"]))


@provide("themes")
def all_themes(store, workshop: dict) -> list[dict]:
    return queries.themes(store, workshop["id"])


@live_part("themes", follows=("topics",))
def render_themes(realtime, workshop, role, ids):
    """The review for the facilitator; the board (in the projector's stage, where it
    stands in for the wall) and the names on phones once there are themes.

    `ids`: the posts that changed ("topics" leads), with actions.EVERYTHING when the
    grouping changed. Posts alone change only their cards in the facilitator's review
    (placed_topics, about 1.5 ms) and the projector's board, not its stage: the review
    rendered whole takes 58 ms at 1,000 topics and 110 ms at 2,000, and screens are
    pushed every 50 ms (benchmarks/themes_live.py)."""
    from workshop.views import stage_context

    phase = phases.current_phase(workshop)
    posts_only = ids and actions.EVERYTHING not in ids
    if role == "facilitator" and posts_only:
        placed = placed_topics(realtime.store, workshop, ids)
        if placed is not None:
            return placed
    context = themes.panel(realtime, workshop, phase, role)
    if context is None or (posts_only and role != "facilitator" and not context["themes"]):
        return None  # before there are themes, posts change only the facilitator's count
    if role == "projector" and not posts_only:
        # The board replaces the wall: the whole stage changes. Posts change the board.
        html = render_fragment("projector.html", "stage",
                               **stage_context(realtime, workshop, role))
        return THEMES_CHANGED, {"target": "stage", "html": html}
    html = render_fragment(themes.template(f"panel-{role}.html"), "themes", workshop=workshop,
                           phase=phase, csrf_token="", **context)
    return THEMES_CHANGED, {"target": "themes", "html": html}


def review_key(number: int | None) -> str:
    """A theme's key in the review's ids (macros.html `key`): "unsorted" for posts
    placed nowhere."""
    return "unsorted" if number is None else str(number)


def placed_topics(store, workshop: dict, ids) -> list | None:
    """The facilitator's review after some posts changed: each one's card into its
    theme's list (replaced where it is, or added at the top) or out of the review
    (hidden, merged), and the counts and "Split in two" of the lists they are in. None
    while there are no themes: the review is then one count, rendered whole."""
    labels = queries.theme_labels(store, workshop["id"])
    if not labels:
        return None
    template = themes.template("placed.html")
    by_number = {theme["number"]: theme for theme in labels}
    lists, gone, touched = {}, [], set()
    for topic_id in sorted(ids):
        topic = topic_queries.topic(store, topic_id)
        # A post is in no theme's list whose number names none (as when rendered whole).
        if (topic is None or topic["list"] != "topics"
                or topic["theme"] not in (*by_number, None)):
            continue
        touched.add(topic["theme"])
        if topic["hidden"] or topic["merged_into"] is not None:
            gone.append(f"theme-topic-{topic_id}")
            continue
        html = render_fragment(template, "card", workshop=workshop, topic=topic,
                               theme=by_number.get(topic["theme"]))
        lists.setdefault(topic["theme"], []).append([f"theme-topic-{topic_id}", html])
    sizes = queries.theme_sizes(store, workshop["id"])
    counts = [[f"theme-count-{review_key(number)}",
               render_fragment(template, "count", number=number, count=sizes.get(number, 0))]
              for number in touched]
    counts += [[f"theme-split-{theme['number']}",
                render_fragment(template, "split", workshop=workshop, theme=theme,
                                count=sizes.get(theme["number"], 0))]
               for theme in labels if theme["number"] in touched]
    changes = [(THEMES_CHANGED, {"target": f"theme-list-{review_key(number)}",
                                 "upsert": cards, "remove": []})
               for number, cards in lists.items()]
    if counts or gone:  # by element id, wherever it is: the review is their list
        changes.append((THEMES_CHANGED, {"target": "themes", "upsert": counts, "remove": gone}))
    return changes


themes = register(Themes(
    "themes", folder_of(__file__), reads=("topics",), routes=actions.routes, new_state=Placers,
    events=(THEMES_CHANGED,), order=20, name="Themes"))
