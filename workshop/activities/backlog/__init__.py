"""Backlogg: the improvement backlog, what the session hands to the planners.

The facilitator turns the results into items with one action, then edits them (owner,
next step, due date, status …) on the backlog page, orders them, and may publish them
to the participants' phones, where they appear beside the results.
"""

from workshop import activities
from workshop.activities import Activity, folder_of, provide, register
from workshop.activities.backlog import actions, queries
from workshop.activities.backlog.statuses import STATUSES
from workshop.events import Event
from workshop.i18n import _
from workshop.realtime import live_part
from workshop.templating import env, render_fragment

# The report and the backlog's pages name statuses in the reader's language.
env.globals["STATUSES"] = STATUSES

BACKLOG_CHANGED = Event(
    "backlog_changed", "The facilitator edited or published the backlog; replaces it.")


class Backlog(Activity):
    def facilitator_links(self, workshop):
        return [(_("Backlog and downloads"), "backlog")]

    def panel(self, live, workshop, phase, role):
        """On phones, beside a phase that reads the backlog (or its own phase)."""
        current = activities.get(phase.activity)
        if role != "participant" or not (current is self or "backlog" in current.reads):
            return None
        return {"backlog": queries.backlog(live.store, workshop["id"])}

    def export(self, store, workshop, refs):
        return {"workshop": {"backlog_published": bool(workshop["backlog_published"])},
                "backlog": [backlog_entry(position, item, refs.topics) for position, item
                            in enumerate(queries.backlog(store, workshop["id"]), 1)]}

    def import_problems(self, document):
        topics = {t["id"] for t in document["topics"]}
        return [f"backlog → {item['position']}: a source topic is missing"
                for item in document["backlog"] if set(item["sources"]) - topics]

    def import_document(self, store, workshop, document, refs):
        queries.set_backlog_published(store, workshop["id"],
                                      document["workshop"]["backlog_published"])
        for item in sorted(document["backlog"], key=lambda i: i["position"]):
            fields = {key: value for key, value in item.items()
                      if key not in ("position", "sources")}
            queries.insert_backlog_item(store, workshop["id"], fields,
                                        [refs.topics[t] for t in item["sources"]])


@provide("backlog")
def backlog_items(store, workshop: dict) -> list[dict]:
    return queries.backlog(store, workshop["id"])


@live_part("backlog")
def render_backlog(realtime, workshop, role, ids):
    if role != "participant":
        return None
    html = render_fragment(backlog.template("panel-participant.html"), "backlog",
                           workshop=workshop,
                           backlog=queries.backlog(realtime.store, workshop["id"]))
    return BACKLOG_CHANGED, {"target": "backlog", "html": html}


def backlog_entry(position: int, item: dict, topic_numbers: dict[int, int]) -> dict:
    return {
        "position": position,
        "title": item["title"],
        "description": item["description"],
        "theme": item["theme"],
        "votes": item["votes"],
        "impact": item["impact"],
        "effort": item["effort"],
        "quick_win": bool(item["quick_win"]),
        "owner": item["owner"],
        "next_step": item["next_step"],
        "due_date": item["due_date"],
        "status": item["status"],
        "update_note": item["update_note"],
        "sources": [topic_numbers[t] for t in item["source_ids"] if t in topic_numbers],
    }


backlog = register(Backlog(
    "backlog", folder_of(__file__), reads=("ranking", "ratings", "themes", "topics"),
    routes=actions.routes, events=(BACKLOG_CHANGED,), order=60, name="Backlog"))
