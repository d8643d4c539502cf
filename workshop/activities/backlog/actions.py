"""The improvement backlog: what the session hands to the planners.

The facilitator turns the results into items with one action, then edits them
(owner, next step, due date, status …), orders them, and may publish them to
the participants' phones.
"""

from datetime import date

from starlette.routing import Route

from workshop import activities
from workshop.activities.backlog import queries
from workshop.activities.backlog.statuses import STATUSES
from workshop.activities.topics.queries import all_topics, merged_texts
from workshop.guards import (
    FieldMessage,
    Refused,
    facilitator_form,
    facilitators_workshop,
    int_field,
    store,
    text_field,
)
from workshop.i18n import lazy_gettext as _l
from workshop.responses import done, page
from workshop.settings import (
    BACKLOG_FIELD_MAX_CHARS,
    BACKLOG_TEXT_MAX_CHARS,
    BACKLOG_TITLE_MAX_CHARS,
    NEXT_STEP_MAX_CHARS,
)

ITEMS_FROM_RESULTS = 10


def prioritised(store, workshop: dict) -> str:
    return activities.read("prioritised", store, workshop)
OWNER_SUGGESTIONS = ("Skola", "Elevhälsa", "Socialtjänst", "Primärvård", "BUP", "Region",
                     "Fritid", "Förskola", "Föreningsliv", "Vårdnadshavare")


def items_from_results(store, workshop: dict) -> int:
    """Add the top topics or themes by dots, and the rated items the vote did not rank
    (e.g. Double Diamond's ideas), as backlog items with their mean impact and effort and
    quick-win mark; returns how many were added.

    Items already in the backlog are skipped, so pressing twice adds nothing twice.
    """
    linked = {t for item in queries.backlog(store, workshop["id"]) for t in item["source_ids"]}
    rated = {row["id"]: row for row in activities.read("ratings", store, workshop)}
    candidates = result_rows(store, workshop, rated)
    sources = source_topics(store, workshop, candidates)
    topic_themes = theme_labels(store, workshop)
    added = 0
    for row in candidates:
        ratings = rated.get(row["id"], {"raters": 0})
        topic_ids = sources[row["id"]]["ids"]
        if (row["dots"] == 0 and not ratings["raters"]) or set(topic_ids) <= linked:
            continue
        theme = (row["text"] if prioritised(store, workshop) == "theme"
                 else topic_themes.get(row["id"], ""))
        queries.insert_backlog_item(store, workshop["id"], {
            "title": row["text"], "theme": theme, "votes": row["dots"],
            "description": "\n".join(sources[row["id"]]["texts"]),
            **({"impact": round(ratings["impact"]), "effort": round(ratings["effort"]),
                "quick_win": int(ratings["is_quick_win"])} if ratings["raters"] else {}),
        }, topic_ids)
        added += 1
    return added


def theme_labels(store, workshop: dict) -> dict[int, str]:
    """Per topic id, the label of its theme, once the facilitator accepted the themes."""
    if not workshop["themes_accepted"]:
        return {}
    return {topic["id"]: theme["label"] for theme in activities.read("themes", store, workshop)
            for topic in theme["topics"]}


def result_rows(store, workshop: dict, rated: dict[int, dict]) -> list[dict]:
    """The top of the ranking, then rated items it does not hold (quick wins first)."""
    ranked = activities.read("ranking", store, workshop)[:ITEMS_FROM_RESULTS]
    shown = {row["id"] for row in ranked}
    return ranked + [{**row, "dots": 0} for row in rated.values()
                     if row["raters"] and row["id"] not in shown]


def source_topics(store, workshop: dict, rows: list[dict]) -> dict[int, dict]:
    """Per result row, the ids and texts of the topics it stands for: a theme's topics,
    or a post (with the texts of the posts merged into it)."""
    if prioritised(store, workshop) == "theme":
        return {theme["number"]: {"ids": [t["id"] for t in theme["topics"]],
                                  "texts": [t["text"] for t in theme["topics"]]}
                for theme in activities.read("themes", store, workshop)}
    merged = merged_texts(store, [row["id"] for row in rows])
    return {row["id"]: {"ids": [row["id"]], "texts": [row["text"], *merged.get(row["id"], [])]}
            for row in rows}


def backlog_context(store, workshop: dict) -> dict:
    """The facilitator's backlog page: every item with the texts of its source topics."""
    sources = {t["id"]: t["text"] for t in all_topics(store, workshop["id"])}
    return {"workshop": workshop,
            "items": [{**item, "sources": [sources[t] for t in item["source_ids"]]}
                      for item in queries.backlog(store, workshop["id"])],
            "owner_suggestions": OWNER_SUGGESTIONS}


def item_fields(form) -> dict:
    """The edit form of one item, validated."""
    return {
        "title": text_field(form, "title", BACKLOG_TITLE_MAX_CHARS, _l("Title")),
        "description": text_field(form, "description", BACKLOG_TEXT_MAX_CHARS,
                                  _l("Description"), required=False, multiline=True),
        "theme": text_field(form, "theme", BACKLOG_FIELD_MAX_CHARS, _l("Theme"),
                            required=False),
        "impact": optional_scale(form, "impact", _l("Impact")),
        "effort": optional_scale(form, "effort", _l("Effort")),
        "quick_win": int(form.get("quick_win") == "on"),
        "owner": text_field(form, "owner", BACKLOG_FIELD_MAX_CHARS, _l("Owner"), required=False),
        "next_step": text_field(form, "next_step", NEXT_STEP_MAX_CHARS, _l("Next step"),
                                required=False),
        "due_date": optional_date(form, "due_date", _l("Due date")),
        "status": status_field(form),
        "update_note": text_field(form, "update_note", BACKLOG_TEXT_MAX_CHARS,
                                  _l("What happened since"), required=False, multiline=True),
    }


def optional_scale(form, name: str, label) -> int | None:
    return int_field(form, name, 1, 5, label) if str(form.get(name, "")).strip() else None


def optional_date(form, name: str, label) -> str | None:
    raw = str(form.get(name, "")).strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        raise Refused(FieldMessage(_l("%(field)s must be a date such as 2027-03-31."), label),
                      422)


def status_field(form) -> str:
    status = str(form.get("status", "new"))
    if status not in STATUSES:
        raise Refused(_l("Choose one of the listed statuses."), 422)
    return status


async def backlog_item_action(request):
    workshop, form = await facilitator_form(request)
    item = queries.backlog_item(store(request), request.path_params["item_id"])
    if item is None or item["workshop_id"] != workshop["id"]:
        raise Refused(_l("That backlog item no longer exists."), 404)
    return workshop, item, form


def backlog_changed(request, workshop, anchor: str = ""):
    """Phones showing the backlog get the change; the facilitator returns to the list."""
    request.app.state.realtime.publish(workshop["id"], "backlog")
    return done(request, str(request.url_for("backlog_view", code=workshop["code"])) + anchor)


async def backlog_view(request):
    workshop = facilitators_workshop(request)
    return page(request, "activities/backlog/page.html", backlog_context(store(request), workshop))


async def create_from_results(request):
    workshop, form = await facilitator_form(request)
    items_from_results(store(request), workshop)
    return backlog_changed(request, workshop)


async def edit_item(request):
    workshop, item, form = await backlog_item_action(request)
    queries.update_backlog_item(store(request), item["id"], item_fields(form))
    return backlog_changed(request, workshop, f"#item-{item['id']}")


async def move_item(request):
    workshop, item, form = await backlog_item_action(request)
    queries.swap_backlog_positions(store(request), item, -1 if form.get("direction") == "up" else 1)
    return backlog_changed(request, workshop, f"#item-{item['id']}")


async def delete_item(request):
    workshop, item, form = await backlog_item_action(request)
    queries.delete_backlog_item(store(request), item["id"])
    return backlog_changed(request, workshop)


async def publish(request):
    workshop, form = await facilitator_form(request)
    queries.set_backlog_published(store(request), workshop["id"], form.get("published") == "on")
    return backlog_changed(request, workshop)


routes = [
    Route("/w/{code}/backlog", backlog_view, name="backlog_view"),
    Route("/w/{code}/backlog/from-results", create_from_results, methods=["POST"],
          name="backlog_from_results"),
    Route("/w/{code}/backlog/publish", publish, methods=["POST"], name="publish_backlog"),
    Route("/w/{code}/backlog/{item_id:int}/edit", edit_item, methods=["POST"],
          name="edit_backlog_item"),
    Route("/w/{code}/backlog/{item_id:int}/move", move_item, methods=["POST"],
          name="move_backlog_item"),
    Route("/w/{code}/backlog/{item_id:int}/delete", delete_item, methods=["POST"],
          name="delete_backlog_item"),
]
