"""Themes: Samla groups the topics ("Gruppera"), the facilitator corrects and names them.

A topic the facilitator moved stays where it was put when Samla groups again, and the
others are regrouped around it (clustering.group_topics' `fixed`). Merging or splitting
themes places their topics the same way. Accepting the themes locks the grouping, so
dots and ratings given to a theme always find it; it can be reopened until they exist.
"""

from collections import Counter

from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

from workshop.activities.themes import queries
from workshop.activities.topics.actions import require_topic
from workshop.activities.topics.queries import topics as visible_topics
from workshop.clustering import OTHER, group_topics
from workshop.guards import Refused, facilitator_form, int_field, store, text_field
from workshop.i18n import _, language, lazy_gettext as _l, ngettext
from workshop.responses import done, done_saying
from workshop.settings import BACKLOG_FIELD_MAX_CHARS

MOST_THEMES = 200
CHOICES = ("topics", "themes")
LABEL_FROM_TEXT = 40


async def regroup(store, workshop: dict, k: int | None = None) -> tuple[int, int]:
    """Group the visible topics into themes, keeping every topic the facilitator placed;
    returns (themes, topics grouped), Övrigt not counted as a theme.

    The grouping itself (about 2 s of CPU for 100 topics) runs in a worker thread, so the
    room's taps are answered meanwhile; the database is read and written here, on the
    event loop. A topic posted while it ran is left unplaced: the number the live
    placement gave it names another theme after the regrouping."""
    topics = sorted(visible_topics(store, workshop["id"]), key=lambda topic: topic["id"])
    if not topics:
        raise Refused(_l("There are no topics to group yet."), 409)
    fixed = {index: topic["theme"] for index, topic in enumerate(topics)
             if topic["theme_fixed"] and topic["theme"] is not None}
    # Pinned theme numbers are read against the themes on screen ("Gruppera om allt").
    shown = [OTHER if topic["theme"] is None else topic["theme"] for topic in topics]
    grouping = await run_in_threadpool(group_topics, [t["text"] for t in topics],
                                       language=workshop["language"], k=k, fixed=fixed,
                                       shown=shown)
    labels = dict(grouping.labels)
    if OTHER in labels:
        with language(workshop["language"]):
            labels[OTHER] = _("Other")
    queries.save_grouping(store, workshop["id"], labels,
                          {topic["id"]: theme for topic, theme in zip(topics, grouping.themes)},
                          unplace_after=topics[-1]["id"])
    return len(set(grouping.themes) - {OTHER}), len(topics)


# What "themes" is published with when the grouping changed, not only some posts:
# every screen gets the themes anew (render_themes).
EVERYTHING = "all"


def themes_changed(request, workshop, placed: bool = True):
    """Every screen gets the themes anew. `placed`: which topic is in which theme changed,
    so the live placement (Placers) is built again at the next post: about 0.25 s of the
    event loop at 1,000 topics, 0.5 s at 2,000; a new name, an empty theme or accepting
    changes none of it."""
    if placed:
        request.app.state.activity_state["themes"].forget(workshop["id"])
    request.app.state.realtime.publish(workshop["id"], "themes", [EVERYTHING])
    return done(request, str(request.url_for("facilitator_view", code=workshop["code"]))
                + "#themes")


def require_open_themes(workshop: dict) -> None:
    if workshop["themes_accepted"]:
        raise Refused(_l("The themes are accepted. Reopen them to change the grouping."), 409)


async def open_themes_form(request):
    """A facilitator's change to the grouping, refused once the themes are accepted."""
    workshop, form = await facilitator_form(request)
    require_open_themes(workshop)
    return workshop, form


def require_theme(request, workshop: dict, number: int) -> dict:
    theme = next((theme for theme in queries.themes(store(request), workshop["id"])
                  if theme["number"] == number), None)
    if theme is None:
        raise Refused(_l("That theme no longer exists."), 404)
    return theme


async def group(request):
    workshop, form = await open_themes_form(request)
    k = int_field(form, "k", 1, MOST_THEMES, _l("Number of themes")) \
        if str(form.get("k", "")).strip() else None
    themes, topics = await regroup(store(request), workshop, k)
    themes_changed(request, workshop)
    return done_saying(request, str(request.url_for("facilitator_view", code=workshop["code"]))
                       + "#themes", ngettext("Done: %(num)s theme from %(topics)s topics.",
                                             "Done: %(num)s themes from %(topics)s topics.",
                                             themes, topics=topics))


async def new_theme(request):
    workshop, form = await open_themes_form(request)
    label = text_field(form, "label", BACKLOG_FIELD_MAX_CHARS, _l("Theme"))
    queries.add_theme(store(request), workshop["id"], label)
    return themes_changed(request, workshop, placed=False)


async def rename(request):
    workshop, form = await facilitator_form(request)
    label = text_field(form, "label", BACKLOG_FIELD_MAX_CHARS, _l("Theme"))
    if not queries.rename_theme(store(request), workshop["id"], request.path_params["number"],
                                label):
        raise Refused(_l("That theme no longer exists."), 404)
    return themes_changed(request, workshop, placed=False)


async def move(request):
    workshop, form = await open_themes_form(request)
    topic = require_topic(request, workshop)
    theme = require_theme(request, workshop, int_field(form, "theme", 0, 10**6, _l("Theme")))
    queries.move_to_theme(store(request), topic["id"], theme["number"])
    return themes_changed(request, workshop)


async def merge(request):
    workshop, form = await open_themes_form(request)
    source = require_theme(request, workshop, request.path_params["number"])
    target = require_theme(request, workshop, int_field(form, "into", 0, 10**6, _l("Theme")))
    if source["number"] == target["number"]:
        raise Refused(_l("Choose another theme to merge with."), 422)
    queries.merge_themes(store(request), workshop["id"], source["number"], target["number"])
    return themes_changed(request, workshop)


async def split(request):
    """Samla splits one theme in two; both halves stay as split when it groups again."""
    workshop, _form = await open_themes_form(request)
    theme = require_theme(request, workshop, request.path_params["number"])
    topics = sorted(theme["topics"], key=lambda topic: topic["id"])
    halves = group_topics([t["text"] for t in topics], language=workshop["language"], k=2)
    first = halves.themes[0]
    rest = Counter(half for half in halves.themes if half != first)
    if not rest:
        raise Refused(_l("Samla found no way to split this theme. Move its topics by hand."),
                      409)
    common = rest.most_common(1)[0][0]
    new_label = (halves.labels[common] if common != OTHER
                 else topics[halves.themes.index(common)]["text"][:LABEL_FROM_TEXT])
    with store(request).transaction():
        number = queries.add_theme(store(request), workshop["id"], new_label)
        for topic, half in zip(topics, halves.themes):
            queries.move_to_theme(store(request), topic["id"], theme["number"] if half == first
                                         else number)
    return themes_changed(request, workshop)


async def accept(request):
    workshop, _form = await facilitator_form(request)
    if not queries.themes(store(request), workshop["id"]):
        raise Refused(_l("There are no themes to accept yet."), 409)
    queries.set_themes_accepted(store(request), workshop["id"], True)
    return themes_changed(request, workshop, placed=False)


async def reopen(request):
    workshop, _form = await facilitator_form(request)
    if queries.themes_in_use(store(request), workshop["id"]):
        raise Refused(_l("Participants have already voted on or rated these themes, "
                         "so they stay as they are."), 409)
    queries.set_themes_accepted(store(request), workshop["id"], False)
    queries.set_prioritise(store(request), workshop["id"], "topics")  # themes may change now
    request.app.state.realtime.publish(workshop["id"], "stage")
    return themes_changed(request, workshop, placed=False)


async def choose(request):
    """Vote and rate on topics or on themes; only before anyone has voted or rated."""
    workshop, form = await facilitator_form(request)
    what = str(form.get("prioritise", ""))
    if what not in CHOICES:
        raise Refused(_l("Choose topics or themes."), 422)
    if what == "themes" and not workshop["themes_accepted"]:
        raise Refused(_l("Accept the themes first."), 409)
    if what != workshop["prioritise"] and queries.has_priorities(store(request), workshop["id"]):
        raise Refused(_l("Participants have already voted or rated, so this cannot change "
                         "now."), 409)
    queries.set_prioritise(store(request), workshop["id"], what)
    realtime = request.app.state.realtime
    realtime.publish(workshop["id"], "stage")
    realtime.publish(workshop["id"], "themes", [EVERYTHING])
    return done(request, str(request.url_for("facilitator_view", code=workshop["code"])))



routes = [
    Route("/w/{code}/themes/group", group, methods=["POST"], name="group_themes"),
    Route("/w/{code}/themes/new", new_theme, methods=["POST"], name="new_theme"),
    Route("/w/{code}/themes/{number:int}/rename", rename, methods=["POST"], name="rename_theme"),
    Route("/w/{code}/themes/{number:int}/merge", merge, methods=["POST"], name="merge_themes"),
    Route("/w/{code}/themes/{number:int}/split", split, methods=["POST"], name="split_theme"),
    Route("/w/{code}/themes/accept", accept, methods=["POST"], name="accept_themes"),
    Route("/w/{code}/themes/reopen", reopen, methods=["POST"], name="reopen_themes"),
    Route("/w/{code}/topics/{topic_id:int}/theme", move, methods=["POST"], name="move_topic"),
    Route("/w/{code}/prioritise", choose, methods=["POST"], name="choose_priorities"),
]
