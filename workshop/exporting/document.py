"""The canonical export of a workshop: a plain dict that every format is made from,
and exactly what the JSON export holds (schema: workshop-export.schema.json).

Participants appear only as anonymous ids (p1, p2, …) numbered in joining order;
topics are numbered 1, 2, … in posting order, so the document does not depend on
database ids and an imported workshop exports the same document again.
"""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from workshop import phases

SCHEMA_VERSION = 1
STOCKHOLM = ZoneInfo("Europe/Stockholm")
BACKLOG_STATUSES = ("new", "in_progress", "done", "parked")


def local_iso(utc_iso: str | None) -> str | None:
    """A stored UTC timestamp as ISO 8601 in Swedish time, e.g. 2026-11-23T10:15:00+01:00."""
    if utc_iso is None:
        return None
    return datetime.fromisoformat(utc_iso).astimezone(STOCKHOLM).isoformat(timespec="seconds")


def workshop_document(store, workshop: dict, include_names: bool = False) -> dict:
    """Everything about a workshop, ready for json.dumps; names only when asked and used."""
    participants = store.participants(workshop["id"])
    participant_ids = {p["id"]: f"p{n}" for n, p in enumerate(participants, 1)}
    topics = store.all_topics(workshop["id"])
    topic_numbers = {t["id"]: n for n, t in enumerate(topics, 1)}
    counts = store.dot_counts(workshop["id"])
    votes = [count for count in counts if count["topic_id"] is not None]
    dots_on = {}
    for vote in votes:
        dots_on[vote["topic_id"]] = dots_on.get(vote["topic_id"], 0) + vote["dots"]
    items = {"topic": topic_numbers, "theme": {}}
    show_names = include_names and bool(workshop["names_enabled"])
    return {
        "schema_version": SCHEMA_VERSION,
        "exported_at": datetime.now(timezone.utc).astimezone(STOCKHOLM)
        .isoformat(timespec="seconds"),
        "workshop": settings_entry(workshop),
        "phases": [{"key": p.key, "title": p.title}
                   for p in phases.method_of(workshop).phases],
        "participants": [
            {"id": participant_ids[p["id"]],
             "display_name": p["display_name"] if show_names else None}
            for p in participants],
        "topics": [
            {"id": topic_numbers[t["id"]], "text": t["text"],
             "author": participant_ids.get(t["participant_id"]),
             "hidden": bool(t["hidden"]),
             "merged_into": topic_numbers.get(t["merged_into"]),
             "dots": dots_on.get(t["id"], 0),
             "created_at": local_iso(t["created_at"]),
             "quick_win": quick_win_mark(t)}
            for t in topics],
        "votes": [{"participant": participant_ids[v["participant_id"]],
                   "topic": topic_numbers[v["topic_id"]], "dots": v["dots"]} for v in votes],
        "theme_votes": [{"participant": participant_ids[v["participant_id"]],
                         "theme": v["theme"], "dots": v["dots"]}
                        for v in counts if v["theme"] is not None],
        "supports": [{"participant": participant_ids[s["participant_id"]],
                      "topic": topic_numbers[s["topic_id"]]}
                     for s in store.supports(workshop["id"])],
        "themes": [{"id": theme["number"], "label": theme["label"],
                    "topics": [topic_numbers[t["id"]] for t in theme["topics"]],
                    "quick_win": quick_win_mark(theme)}
                   for theme in store.themes(workshop["id"])],
        "ratings": [{"participant": participant_ids[r["participant_id"]], "kind": r["kind"],
                     "item": items[r["kind"]].get(r["item"], r["item"]),
                     "impact": r["impact"], "effort": r["effort"]}
                    for r in store.ratings(workshop["id"])],
        "backlog": [backlog_entry(position, item, topic_numbers)
                    for position, item in enumerate(store.backlog(workshop["id"]), 1)],
    }


def settings_entry(workshop: dict) -> dict:
    return {
        "code": workshop["code"],
        "title": workshop["title"],
        "description": workshop["description"],
        "language": workshop["language"],
        "method": workshop["method"],
        "phase": phases.current_phase(workshop).key,
        "dots_per_participant": workshop["dots_per_participant"],
        "max_dots_per_topic": workshop["max_dots_per_topic"],
        "show_counts_during_voting": bool(workshop["show_counts_during_voting"]),
        "names_enabled": bool(workshop["names_enabled"]),
        "backlog_published": bool(workshop["backlog_published"]),
        "follow_up_of": workshop["follow_up_of"],
        "created_at": local_iso(workshop["created_at"]),
        "prioritise": workshop["prioritise"],
        "themes_accepted": bool(workshop["themes_accepted"]),
    }


def quick_win_mark(row: dict) -> bool | None:
    return None if row["quick_win"] is None else bool(row["quick_win"])


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
