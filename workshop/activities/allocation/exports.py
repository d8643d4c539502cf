"""What allocation adds to a workshop's export: the options of each phase and every
participant's points, checked on import against the same rule a phone's save keeps
(ballots.sum_problem), and its tables (mean share, spread, change; raw points)."""

from workshop.activities.allocation import queries
from workshop.activities.allocation.ballots import OPTION_MAX_CHARS, OPTIONS_MAX, TOTAL, sum_problem
from workshop.activities.allocation.results import (
    allocation_phases,
    compared,
    option_results,
    phase_results,
    shares_by_group,
)
from workshop.exporting.tables import Column, participant_columns, table
from workshop.i18n import _, lazy_gettext as _l
from workshop.templating import translate
from workshop.methods import phase_of

PHASE_KEY = {"type": "string", "minLength": 1, "maxLength": 100}
SCHEMA = {
    "allocation_options": {
        "description": "Fördela 100 poäng: the options of each allocation phase, numbered "
                       "1, 2, ... in the facilitator's order. A phase that repeats an "
                       "earlier one has none of its own.",
        "type": "array", "maxItems": 50 * OPTIONS_MAX,
        "items": {"type": "object", "required": ["phase", "number", "text"],
                  "additionalProperties": False,
                  "properties": {"phase": PHASE_KEY,
                                 "number": {"type": "integer", "minimum": 1,
                                            "maximum": OPTIONS_MAX},
                                 "text": {"type": "string", "minLength": 1,
                                          "maxLength": OPTION_MAX_CHARS}}}},
    "allocations": {
        "description": "Each participant's 100 points in an allocation phase: one whole "
                       "number 0-100 per option, in option order, together exactly 100.",
        "type": "array", "maxItems": 30_000,
        "items": {"type": "object", "required": ["participant", "phase", "points"],
                  "additionalProperties": False,
                  "properties": {"participant": {"$ref": "#/$defs/participant_id"},
                                 "phase": PHASE_KEY,
                                 "points": {"type": "array", "maxItems": OPTIONS_MAX,
                                            "items": {"type": "integer", "minimum": 0,
                                                      "maximum": TOTAL}}}}},
}


def export(store, workshop: dict, refs) -> dict:
    """The options and every allocation; the mean shares per participant group of each
    allocation phase, small groups left out unless refs.archive."""
    ballots: dict[tuple, dict] = {}
    for row in queries.allocations(store, workshop["id"]):
        ballots.setdefault((row["phase"], row["participant_id"]), {})[row["option"]] = \
            row["points"]
    return {"allocation_options": queries.all_options(store, workshop["id"]),
            "allocations": [{"participant": refs.participants[participant], "phase": phase,
                             "points": [given[number] for number in sorted(given)]}
                            for (phase, participant), given in ballots.items()],
            "group_results": group_results(store, workshop, refs)}


def group_results(store, workshop: dict, refs) -> list[dict]:
    tables = [shares_by_group(store, workshop, phase,
                              phase_results(store, workshop, phase)["options"],
                              protected=not refs.archive)
              for phase in allocation_phases(workshop)]
    return [table for table in tables if table]


def allocation_plan(document: dict) -> list:
    """The document's allocation phases, in plan order (as checked Phases)."""
    return [phase_of(entry) for entry in document["phases"]
            if entry.get("activity") == "allocation"]


def options_by_phase(document: dict) -> dict[str, list[dict]]:
    """Each allocation phase's options as the phase uses them (a repeating phase: those
    of the round it repeats), by phase key."""
    own: dict[str, list[dict]] = {}
    for option in document.get("allocation_options", []):
        own.setdefault(option["phase"], []).append(option)
    used, last = {}, None
    for phase in allocation_plan(document):
        used[phase.key] = used[last] if phase.settings["repeat"] and last else \
            own.get(phase.key, [])
        last = phase.key
    return used


def import_problems(document: dict) -> list[str]:
    problems = []
    options = options_by_phase(document)
    numbers: dict[str, list[int]] = {}
    for option in document.get("allocation_options", []):
        numbers.setdefault(option["phase"], []).append(option["number"])
    for phase, given in numbers.items():
        if phase not in options:
            problems.append(f"allocation_options → {phase}: not an allocation phase")
        elif sorted(given) != list(range(1, len(given) + 1)):
            problems.append(f"allocation_options → {phase}: the options must be numbered 1, 2, …")
    participants = {p["id"] for p in document["participants"]}
    seen = set()
    for entry in document.get("allocations", []):
        place = f"allocations → {entry['participant']} → {entry['phase']}"
        if entry["participant"] not in participants or entry["phase"] not in options:
            problems.append(f"{place}: points nowhere")
        elif (entry["participant"], entry["phase"]) in seen:
            problems.append(f"{place}: given twice")
        elif problem := sum_problem(entry["points"], len(options[entry["phase"]])):
            problems.append(f"{place}: {problem}")
        seen.add((entry["participant"], entry["phase"]))
    return problems


def import_document(store, workshop: dict, document: dict, refs) -> None:
    by_phase: dict[str, list[str]] = {}
    for option in sorted(document.get("allocation_options", []),
                         key=lambda option: (option["phase"], option["number"])):
        by_phase.setdefault(option["phase"], []).append(option["text"])
    for phase, texts in by_phase.items():
        queries.replace_options(store, workshop["id"], phase, texts, [phase])
    for entry in document.get("allocations", []):
        queries.allocate(store, workshop["id"], entry["phase"],
                         refs.participants[entry["participant"]],
                         dict(enumerate(entry["points"], 1)))


def tables(document: dict) -> list:
    """The room's results per phase and option, and every participant's points."""
    if not document.get("allocations") and not document.get("allocation_options"):
        return []
    return [results_table(document), points_table(document)]


def results_table(document: dict):
    options, titles = options_by_phase(document), phase_titles(document)
    rows, last = [], None
    for phase in allocation_plan(document):
        results = option_results(options[phase.key], phase_rows(document, phase.key))
        if phase.settings["repeat"] and last:
            results = compared(results, option_results(options[last], phase_rows(document, last)))
        rows += [{**result, "phase": titles[phase.key]} for result in results]
        last = phase.key
    return table("allocation", _("100 points"), [
        Column(_l("Phase"), lambda row: row["phase"]),
        Column(_l("Option"), lambda row: row["text"]),
        Column(_l("Mean share, per cent"), lambda row: row["mean"]),
        Column(_l("Lower quartile"), lambda row: row["low"]),
        Column(_l("Upper quartile"), lambda row: row["high"]),
        Column(_l("Answers"), lambda row: row["answers"]),
        Column(_l("Before, per cent"), lambda row: (row.get("before") or {}).get("mean")),
        Column(_l("Change (percentage points)"), lambda row: row.get("change")),
    ], rows)


def points_table(document: dict):
    options, titles = options_by_phase(document), phase_titles(document)
    rows = [{"participant": entry["participant"], "phase": titles[entry["phase"]],
             "option": option["text"], "points": points}
            for entry in document["allocations"]
            for option, points in zip(options[entry["phase"]], entry["points"])]
    return table("allocation_points", _("100 points, each answer"), [
        *participant_columns(document, "participant", _l("Participant")),
        Column(_l("Phase"), lambda row: row["phase"]),
        Column(_l("Option"), lambda row: row["option"]),
        Column(_l("Points"), lambda row: row["points"]),
    ], rows)


def phase_rows(document: dict, phase: str) -> list[dict]:
    """The allocation rows of one phase as the queries give them (participant_id, option,
    points), from the document."""
    return [{"participant_id": entry["participant"], "option": number, "points": points}
            for entry in document["allocations"] if entry["phase"] == phase
            for number, points in enumerate(entry["points"], 1)]


def phase_titles(document: dict) -> dict[str, str]:
    return {entry["key"]: translate(entry["title"]) for entry in document["phases"]}
