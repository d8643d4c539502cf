"""What a values exercise adds to a workshop's export: its statements, how much of each
phase was shown, the answers of the rounds shown (never one not shown yet: they are
private until the room sees them together), the table groups' positions, and its
tables (distribution and shift per statement)."""

from workshop import phases
from workshop.activities.values import queries
from workshop.activities.values.by_group import values_by_group
from workshop.activities.values.actions import STATEMENT_MAX_CHARS, STATEMENTS_MAX
from workshop.activities.values.results import SCALES, statement_results
from workshop.exporting.tables import Column, table
from workshop.i18n import _, lazy_gettext as _l
from workshop.methods import phase_of
from workshop.templating import translate

PHASE_KEY = {"type": "string", "minLength": 1, "maxLength": 100}
STATEMENT = {"type": "integer", "minimum": 1, "maximum": STATEMENTS_MAX}
POSITION = {"type": "integer", "minimum": 1, "maximum": 5}


def section(description: str, required: list[str], properties: dict, most: int) -> dict:
    return {"description": description, "type": "array", "maxItems": most,
            "items": {"type": "object", "required": required, "additionalProperties": False,
                      "properties": properties}}


SCHEMA = {
    "value_statements": section(
        "Värderingsövning: the statements of each values phase, numbered 1, 2, ...",
        ["phase", "number", "text"], {"phase": PHASE_KEY, "number": STATEMENT,
                                      "text": {"type": "string", "minLength": 1,
                                               "maxLength": STATEMENT_MAX_CHARS}}, 500),
    "value_shown": section(
        "How much of each values phase the facilitator showed: 1 round 1, 2 the change too.",
        ["phase", "shown"], {"phase": PHASE_KEY, "shown": {"enum": [1, 2]}}, 50),
    "value_answers": section(
        "Private positions of the rounds that were shown (1 = agree completely).",
        ["participant", "phase", "statement", "round", "position"],
        {"participant": {"$ref": "#/$defs/participant_id"}, "phase": PHASE_KEY,
         "statement": STATEMENT, "round": {"enum": [1, 2]}, "position": POSITION}, 60_000),
    "value_groups": section(
        "The table groups' positions.", ["phase", "statement", "table", "position"],
        {"phase": PHASE_KEY, "statement": STATEMENT,
         "table": {"type": "integer", "minimum": 1, "maximum": 30}, "position": POSITION},
        6_000),
}


def export(store, workshop: dict, refs) -> dict:
    """The statements, what was shown, the answers of the rounds shown, the table
    groups' positions, and the results per participant group as far as each phase was
    shown (small groups left out unless refs.archive; an archive too holds no round not
    yet shown)."""
    shown = queries.reveals(store, workshop["id"])
    return {
        "value_statements": queries.all_statements(store, workshop["id"]),
        "value_shown": [{"phase": phase, "shown": level} for phase, level in shown.items()],
        "value_answers": [{"participant": refs.participants[row["participant_id"]],
                           "phase": row["phase"], "statement": row["statement"],
                           "round": row["round"], "position": row["position"]}
                          for row in queries.answers(store, workshop["id"])
                          if row["round"] <= shown.get(row["phase"], 0)],
        "value_groups": [{"phase": row["phase"], "statement": row["statement"],
                          "table": row["table_number"], "position": row["position"]}
                         for row in queries.group_positions(store, workshop["id"])],
        "group_results": [table for phase in phases.phases_of(workshop, "values")
                          for table in values_by_group(store, workshop, phase,
                                                       shown.get(phase.key, 0),
                                                       protected=not refs.archive)],
    }


def values_plan(document: dict) -> dict:
    """The document's values phases by key (as checked Phases)."""
    return {entry["key"]: phase_of(entry) for entry in document["phases"]
            if entry.get("activity") == "values"}


def import_problems(document: dict) -> list[str]:
    plan, problems = values_plan(document), []
    shown = {entry["phase"]: entry["shown"] for entry in document.get("value_shown", [])}
    statements = {(s["phase"], s["number"]) for s in document.get("value_statements", [])}
    participants = {p["id"] for p in document["participants"]}
    for place, entries in (("value_statements", document.get("value_statements", [])),
                           ("value_shown", document.get("value_shown", []))):
        problems += [f"{place} → {e['phase']}: not a values phase" for e in entries
                     if e["phase"] not in plan]
    for entry in document.get("value_answers", []):
        place = f"value_answers → {entry['participant']} → {entry['phase']}"
        if entry["participant"] not in participants or \
                (entry["phase"], entry["statement"]) not in statements:
            problems.append(f"{place}: points nowhere")
        elif entry["round"] > shown.get(entry["phase"], 0):
            problems.append(f"{place}: round {entry['round']} was never shown")
        elif entry["position"] > len(SCALES[plan[entry["phase"]].settings["scale"]]):
            problems.append(f"{place}: position {entry['position']} is off the scale")
    for entry in document.get("value_groups", []):
        place = f"value_groups → {entry['phase']} → table {entry['table']}"
        if (entry["phase"], entry["statement"]) not in statements:
            problems.append(f"{place}: points nowhere")
        elif entry["table"] > plan[entry["phase"]].settings["tables"] or \
                entry["position"] > len(SCALES[plan[entry["phase"]].settings["scale"]]):
            problems.append(f"{place}: beyond the phase's tables or scale")
    return problems


def import_document(store, workshop: dict, document: dict, refs) -> None:
    texts: dict[str, list[str]] = {}
    for s in sorted(document.get("value_statements", []), key=lambda s: (s["phase"], s["number"])):
        texts.setdefault(s["phase"], []).append(s["text"])
    for phase, listed in texts.items():
        queries.replace_statements(store, workshop["id"], phase, listed)
    # The answers first, while nothing is shown (open_at=0), then how much was shown.
    for entry in document.get("value_answers", []):
        queries.answer(store, workshop["id"], entry["phase"], refs.participants[entry["participant"]],
                       entry["round"], {entry["statement"]: entry["position"]}, open_at=0)
    for entry in document.get("value_shown", []):
        queries.set_shown(store, workshop["id"], entry["phase"], entry["shown"])
    for entry in document.get("value_groups", []):
        queries.set_group_positions(store, workshop["id"], entry["phase"], entry["table"],
                                    {entry["statement"]: entry["position"]})


def tables(document: dict) -> list:
    if not document.get("value_statements"):
        return []
    plan = values_plan(document)
    shown = {entry["phase"]: entry["shown"] for entry in document.get("value_shown", [])}
    titles = {entry["key"]: translate(entry["title"]) for entry in document["phases"]}
    rows = []
    for key, phase in plan.items():
        statements = [s for s in document["value_statements"] if s["phase"] == key]
        answers = [{**a, "participant_id": a["participant"]}
                   for a in document.get("value_answers", []) if a["phase"] == key]
        groups = [{**g, "table_number": g["table"]}
                  for g in document.get("value_groups", []) if g["phase"] == key]
        for result in statement_results(statements, answers, groups,
                                        len(SCALES[phase.settings["scale"]]), shown.get(key, 0)):
            rows.append({**result, "phase": titles[key]})
    return [table("values", _("Values exercise"), [
        Column(_l("Phase"), lambda row: row["phase"]),
        Column(_l("Statement"), lambda row: row["text"]),
        Column(_l("Round 1, agree completely first"), lambda row: counts(row.get("first"))),
        Column(_l("Table groups"), lambda row: tables_text(row.get("groups"))),
        Column(_l("Round 2, agree completely first"), lambda row: counts(row.get("second"))),
        Column(_l("Moved"), lambda row: row.get("shift", {}).get("moved")),
        Column(_l("Toward agreeing"), lambda row: row.get("shift", {}).get("toward_agree")),
        Column(_l("Toward disagreeing"), lambda row: row.get("shift", {}).get("toward_disagree")),
        Column(_l("Steps moved, mean"), lambda row: row.get("shift", {}).get("mean_steps")),
    ], rows)]


def counts(distribution: list[int] | None) -> str | None:
    return " – ".join(map(str, distribution)) if distribution is not None else None


def tables_text(groups: list[dict] | None) -> str | None:
    if not groups:
        return None
    return ", ".join(_("table %(table)s: %(position)s", table=g["table_number"],
                       position=g["position"]) for g in groups)
