"""The canonical export of a workshop: a plain dict that every format is made from,
and exactly what the JSON export holds (schema: workshop-export.schema.json).

The engine writes the workshop, its plan and its participants; every activity adds its
own sections (Activity.export), in activity order. Participants appear only as
anonymous ids (p1, p2, …) numbered in joining order; topics are numbered 1, 2, … in
posting order, so the document does not depend on database ids and an imported
workshop exports the same document again.
"""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from workshop import activities, phases
from workshop.activities import ExportRefs

SCHEMA_VERSION = 1
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local_iso(utc_iso: str | None) -> str | None:
    """A stored UTC timestamp as ISO 8601 in Swedish time, e.g. 2026-11-23T10:15:00+01:00."""
    if utc_iso is None:
        return None
    return datetime.fromisoformat(utc_iso).astimezone(STOCKHOLM).isoformat(timespec="seconds")


def workshop_document(store, workshop: dict, include_names: bool = False,
                      archive: bool = False) -> dict:
    """Everything about a workshop, ready for json.dumps; names only when asked and used.
    Hidden (moderated) topics only in an `archive`, which says so (workshop → archive).

    Results per participant group leave small groups out (activities.by_group), and no
    participant is linked to a group: with each one's votes in the file, that link would
    give every small group's results away. The archive keeps them too (groups.archive).
    """
    participants = store.participants(workshop["id"])
    refs = ExportRefs(participants={p["id"]: f"p{n}" for n, p in enumerate(participants, 1)},
                      topics={}, archive=archive)
    show_names = include_names and bool(workshop["names_enabled"])
    document = {
        "schema_version": SCHEMA_VERSION,
        "exported_at": datetime.now(timezone.utc).astimezone(STOCKHOLM)
        .isoformat(timespec="seconds"),
        "workshop": {**settings_entry(workshop), "archive": archive},
        "phases": [{"key": p.key, "title": p.title, "activity": p.activity,
                    "prompt": p.prompt, "settings": dict(p.settings)}
                   for p in phases.plan_of(workshop)],
        "participants": [
            {"id": refs.participants[p["id"]],
             "display_name": p["display_name"] if show_names else None,
             **({"group": p["group_number"]} if archive else {})}
            for p in participants],
        "group_results": [],
    }
    for activity in activities.in_order():
        added = activity.export(store, workshop, refs)
        document["workshop"].update(added.pop("workshop", {}))
        document["group_results"] += added.pop("group_results", [])
        document.update(added)
    document["groups"] = groups_entry(store, workshop, document["group_results"], archive)
    return document


def groups_entry(store, workshop: dict, group_results: list[dict], archive: bool) -> dict:
    """The participant groups, the small-group protection, and which groups the results
    per group leave out and why (none in an archive export, which says it is one)."""
    from workshop.activities.by_group import hidden_groups
    from workshop.groups import groups_of

    return {"list": [{"id": g["number"], "label": g["label"]}
                     for g in groups_of(store, workshop["id"])],
            "min_size": workshop["group_min_size"],
            "text_min_size": workshop["group_text_min_size"],
            "required": bool(workshop["group_required"]), "archive": archive,
            "hidden": hidden_groups(group_results)}


def settings_entry(workshop: dict) -> dict:
    return {
        "code": workshop["code"],
        "title": workshop["title"],
        "description": workshop["description"],
        "language": workshop["language"],
        "method": workshop["method"],
        "phase": phases.current_phase(workshop).key,
        "names_enabled": bool(workshop["names_enabled"]),
        "youth_safe": bool(workshop["youth_safe"]),
        "premoderation": bool(workshop["premoderation"]),
        "follow_up_of": workshop["follow_up_of"],
        "created_at": local_iso(workshop["created_at"]),
    }


def quick_win_mark(row: dict) -> bool | None:
    return None if row["quick_win"] is None else bool(row["quick_win"])
