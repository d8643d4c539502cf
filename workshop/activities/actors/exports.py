"""What the actor map adds to a workshop's export: every mention as written, the
facilitator's merges and splits, and its table (each actor, its organisation, mentions
and how it was written)."""

from workshop.activities.actors import queries
from workshop.activities.actors.actions import NOTE_MAX_CHARS, TITLE_MAX_CHARS
from workshop.activities.actors.by_group import named_by_group
from workshop.activities.actors.map import actors_of
from workshop.activities.actors.names import (
    ORGANISATION_NAMES,
    ORGANISATIONS,
    actor_key,
    variant_of,
)
from workshop.exporting.tables import Column, table
from workshop.i18n import _, lazy_gettext as _l
from workshop.phases import phases_of
from workshop.templating import translate

PHASE_KEY = {"type": "string", "minLength": 1, "maxLength": 100}
SCHEMA = {
    "actor_mentions": {
        "description": "Aktörskarta: each actor a participant named, as written.",
        "type": "array", "maxItems": 20_000,
        "items": {"type": "object", "additionalProperties": False,
                  "required": ["participant", "phase", "title", "organisation", "note"],
                  "properties": {
                      "participant": {"oneOf": [{"$ref": "#/$defs/participant_id"},
                                                {"type": "null"}]},
                      "phase": PHASE_KEY,
                      "title": {"type": "string", "minLength": 1, "maxLength": TITLE_MAX_CHARS},
                      "organisation": {"enum": list(ORGANISATIONS)},
                      "note": {"type": "string", "maxLength": NOTE_MAX_CHARS}}}},
    "actor_moves": {
        "description": "The facilitator's merges and splits: a written variant (organisation"
                       "|title as read) put into the actor with this key.",
        "type": "array", "maxItems": 20_000,
        "items": {"type": "object", "additionalProperties": False,
                  "required": ["phase", "variant", "actor"],
                  "properties": {"phase": PHASE_KEY,
                                 "variant": {"type": "string", "maxLength": 200},
                                 "actor": {"type": "string", "maxLength": 300}}}},
}


def export(store, workshop: dict, refs) -> dict:
    """Every mention and move; the people per actor per participant group of each actor
    phase, small groups (below the text k) left out unless refs.archive."""
    return {"group_results": group_results(store, workshop, refs),
            "actor_mentions": [
                {"participant": refs.participants.get(m["participant_id"]), "phase": m["phase"],
                 "title": m["title"], "organisation": m["organisation"], "note": m["note"]}
                for m in queries.mentions(store, workshop["id"])],
            "actor_moves": [{"phase": row["phase"], "variant": row["variant"],
                             "actor": row["actor_key"]}
                            for row in queries.overrides(store, workshop["id"])]}


def group_results(store, workshop: dict, refs) -> list[dict]:
    tables = []
    for phase in phases_of(workshop, "actors"):
        moved = queries.moves(store, workshop["id"], phase.key)
        actors = actors_of(queries.mentions(store, workshop["id"], phase.key), moved)
        tables.append(named_by_group(store, workshop, phase, actors, moved,
                                     protected=not refs.archive))
    return [table for table in tables if table]


def import_problems(document: dict) -> list[str]:
    phases = {p["key"] for p in document["phases"] if p.get("activity") == "actors"}
    participants = {p["id"] for p in document["participants"]}
    problems = [f"actor_mentions → {m['phase']} → {m['title']}: points nowhere"
                for m in document.get("actor_mentions", [])
                if m["phase"] not in phases or
                (m["participant"] is not None and m["participant"] not in participants)]
    problems += [f"actor_moves → {move['phase']}: not an actor map phase"
                 for move in document.get("actor_moves", []) if move["phase"] not in phases]
    problems += [f"actor_moves → {move['variant']}: an organisation Samla does not know"
                 for move in document.get("actor_moves", [])
                 if move["variant"].split("|", 1)[0] not in ORGANISATIONS
                 or move["actor"].split("|", 1)[0] not in ORGANISATIONS]
    return problems


def import_document(store, workshop: dict, document: dict, refs) -> None:
    for m in document.get("actor_mentions", []):
        queries.add_mention(store, workshop["id"], m["phase"],
                            refs.participants.get(m["participant"]), m["title"],
                            m["organisation"], m["note"])
    for move in document.get("actor_moves", []):
        queries.move_variants(store, workshop["id"], move["phase"], [move["variant"]],
                              move["actor"])


def tables(document: dict) -> list:
    if not document.get("actor_mentions"):
        return []
    titles = {entry["key"]: translate(entry["title"]) for entry in document["phases"]}
    rows = []
    for phase in dict.fromkeys(m["phase"] for m in document["actor_mentions"]):
        mentions = [{**m, "participant_id": m["participant"],
                     "variant": variant_of(m["title"], m["organisation"]),
                     "actor_key": actor_key(m["title"], m["organisation"])}
                    for m in document["actor_mentions"] if m["phase"] == phase]
        moved = {move["variant"]: move["actor"] for move in document.get("actor_moves", [])
                 if move["phase"] == phase}
        rows += [{**a, "phase": titles[phase]} for a in actors_of(mentions, moved)]
    return [table("actors", _("Actor map"), [
        Column(_l("Phase"), lambda row: row["phase"]),
        Column(_l("Organisation"), lambda row: translate(ORGANISATION_NAMES[row["organisation"]])),
        Column(_l("Actor"), lambda row: row["title"]),
        Column(_l("Mentions"), lambda row: row["mentions"]),
        Column(_l("Written as"), lambda row: "; ".join(
            f"{v['title']} ({v['mentions']})" for v in row["variants"])),
        Column(_l("Notes"), lambda row: "; ".join(row["notes"])),
    ], rows)]
