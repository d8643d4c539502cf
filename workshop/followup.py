"""Återbesök, the follow-up meeting: a JSON export becomes a new workshop that starts
from the previous one's backlog, so the room can review and re-prioritise it.

Import → export → import gives the same workshop (codes, secrets and times aside).
A refused file changes nothing: it is checked against the schema, for references
that point nowhere and against every limit a live tap enforces (import_limits) before
anything is written, and written in one transaction. The checks run in a worker
thread, so a large file does not hold up other workshops; the write they bound stays
on the event loop, the only user of the database connection.
"""

import json
import logging
import secrets

from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse
from starlette.routing import Route

from workshop import activities
from workshop.activities import ImportRefs
from workshop.activities.voting.tally import UNPLANNED
from workshop.exporting.json_format import schema_problems
from workshop.groups import import_groups
from workshop.guards import Refused, remember, require_form, store
from workshop.i18n import _, lazy_gettext as _l
from workshop.import_limits import entry_count_problems, first_round, limit_problems
from workshop.methods import Phase, all_methods, phase_of, plan_json
from workshop.settings import IMPORT_MAX_BYTES, IMPORT_MAX_DEPTH
from workshop.untrusted_json import TooDeep, refuse_deeper_than
from workshop.workshops import create_workshop

log = logging.getLogger(__name__)
PROBLEMS_SHOWN, PROBLEM_MAX_CHARS = 3, 200


class ImportRefused(ValueError):
    """The file is not a workshop Samla can import; the message names the problem."""


def read_document(raw: bytes) -> dict:
    """Parse and check an export; raises ImportRefused naming the first problems.

    Cheapest first: nesting depth, JSON, list lengths, then the schema (about 35 µs an
    entry), references and limits.
    """
    try:
        document = json.loads(refuse_deeper_than(raw.decode("utf-8-sig"), IMPORT_MAX_DEPTH))
    except TooDeep:
        raise ImportRefused(_("The file nests deeper than a Samla export (more than %(max)s "
                              "levels).", max=IMPORT_MAX_DEPTH))
    except (UnicodeDecodeError, ValueError) as error:  # ValueError: also a 5,000-digit number
        raise ImportRefused(_("The file is not JSON: %(problem)s", problem=str(error)))
    if problems := entry_count_problems(document):
        raise ImportRefused(over_limits(problems))
    if problems := schema_problems(document) or reference_problems(document):
        raise ImportRefused(_("The file is not a Samla export Samla can read: %(problems)s",
                              problems=summary(problems)))
    if problems := limit_problems(document, imported_rounds(document),
                                  imported_topic_limits(document)):
        raise ImportRefused(over_limits(problems))
    return document


def over_limits(problems: list[str]) -> str:
    return _("The file goes beyond what Samla allows, so nothing was imported: %(problems)s",
             problems=summary(problems))


def summary(problems: list[str]) -> str:
    """The first few problems, each cut short (a schema message quotes the whole value)."""
    return "; ".join(problem if len(problem) <= PROBLEM_MAX_CHARS
                     else problem[:PROBLEM_MAX_CHARS - 1] + "…"
                     for problem in problems[:PROBLEMS_SHOWN])


def reference_problems(document: dict) -> list[str]:
    """What the schema cannot see: ids that must point at something in the same file."""
    settings = document["workshop"]
    method = all_methods().get(settings["method"])
    if method is None:
        return [f"workshop → method: unknown method {settings['method']!r}"]
    if problems := plan_problems(document):
        return problems
    if settings["phase"] not in [p.key for p in imported_plan(document)]:
        problems.append(f"workshop → phase: unknown phase {settings['phase']!r}")
    for activity in activities.in_order():
        problems += activity.import_problems(document)
    return problems


def plan_entries(document: dict) -> list[tuple[str, dict]]:
    """The imported workshop's plan, each entry with its place in the file: the exported
    plan, else (an older export) its method's phases with the export's voting settings."""
    if all("activity" in phase for phase in document["phases"]):
        return [(f"phases → {phase['key']}", phase) for phase in document["phases"]]
    settings = document["workshop"]
    voting = {"dots": settings["dots_per_participant"],
              "max_per_item": settings["max_dots_per_topic"],
              "show_counts": settings["show_counts_during_voting"]}
    return [("workshop", {**p.as_plan_entry(), "settings": voting}) if p.activity == "voting"
            else ("method", p.as_plan_entry())
            for p in all_methods()[settings["method"]].phases]


def imported_plan(document: dict) -> list[Phase]:
    """The imported workshop's phases, settings checked (SettingError if wrong)."""
    return [phase_of(entry) for _place, entry in plan_entries(document)]


def phase_index(plan: list[Phase], document: dict) -> int:
    return [p.key for p in plan].index(document["workshop"]["phase"])


def imported_rounds(document: dict) -> dict[str, tuple[int, int]]:
    """The dot limits live taps will enforce in the imported workshop, per voting phase of
    its plan: {key: (dots per participant, dots on one item)}; without a vote, voting's
    defaults for the round a vote without `phase` would go to."""
    rounds = {phase.key: (phase.settings["dots"], phase.settings["max_per_item"])
              for phase in imported_plan(document) if phase.activity == "voting"}
    return rounds or {first_round(document): (UNPLANNED["dots"], UNPLANNED["max_per_item"])}


def imported_topic_limits(document: dict) -> dict[str, int]:
    """Topics one participant may post per list in the imported workshop: the largest
    limit of its plan's posting phases into that list (lists without one: the default)."""
    limits = {}
    for phase in imported_plan(document):
        if phase.activity == "topics":
            list_name = phase.settings["list"]
            limits[list_name] = max(limits.get(list_name, 0), phase.settings["per_participant"])
    return limits


def plan_problems(document: dict) -> list[str]:
    """The plan must name known activities with valid settings."""
    from workshop.activities import SettingError

    problems = []
    for place, entry in plan_entries(document):
        if entry["activity"] not in activities.REGISTRY:
            problems.append(f"{place}: unknown activity {entry['activity']!r}")
            continue
        try:
            phase_of(entry)
        except SettingError as error:
            problems.append(f"{place}: {error}")
    return problems


def import_document(store, document: dict) -> tuple[dict, str]:
    """Create the follow-up workshop, then let every activity write its sections; returns
    the workshop and its new facilitator secret."""
    settings = document["workshop"]
    plan = imported_plan(document)
    youth_safe = settings.get("youth_safe", False)  # no names at all then
    with store.transaction():
        workshop, secret = create_workshop(store, {
            key: settings[key] for key in ("title", "description", "language", "method")}
            | {"names_enabled": settings["names_enabled"] and not youth_safe,
               "youth_safe": youth_safe, "premoderation": settings.get("premoderation", False),
               "phase_index": phase_index(plan, document), "plan": plan_json(plan),
               "follow_up_of": settings["code"]})
        numbers = import_groups(store, workshop, document.get("groups"))
        refs = ImportRefs(participants={
            p["id"]: store.insert_participant(workshop["id"], secrets.token_urlsafe(16),
                                              None if youth_safe else p["display_name"],
                                              p.get("group") if p.get("group") in numbers
                                              else None)["id"]
            for p in document["participants"]})
        for activity in activities.in_order():
            activity.import_document(store, workshop, document, refs)
        for activity in activities.in_order():
            activity.imported(store, workshop)
    return store.workshop_by_id(workshop["id"]), secret


async def import_upload(request):
    form = await require_form(request, max_files=1, max_part_size=IMPORT_MAX_BYTES)
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise Refused(_l("Choose a JSON file exported from Samla."), 422)
    try:
        document = await run_in_threadpool(read_document, await upload.read())
    except ImportRefused as refusal:
        log.warning("import from %s refused: %s", request.client.host if request.client else "?",
                    str(refusal)[:PROBLEM_MAX_CHARS])
        raise Refused(str(refusal), 422)
    workshop, secret = import_document(store(request), document)
    remember(request, "facilitating", workshop, secret)
    return RedirectResponse(request.url_for("facilitator_view", code=workshop["code"]), 303)


routes = [Route("/import", import_upload, methods=["POST"], name="import_workshop")]
