"""A values exercise per participant group (activities.by_group, small groups hidden):
round 1's distribution per statement, and the shift once the change is shown. It keeps
the exercise's own rule: nothing of round 1, per group either, before the facilitator
shows round 1, and nothing of round 2 before the change is shown.

The distribution is one table whose rows are (statement, answer) pairs, the cells how
many of a group chose that answer, so that a statement's spread reads down a group's
column; a row's item is statement × 10 + position (a scale has at most 5 steps). The
shift (results.shift) gives two tables by statement: the net shift (mean round 2 −
round 1 in steps; minus: toward agreeing) and how many moved.
"""

from functools import cache

from workshop.activities.by_group import group_table, sees_groups
from workshop.activities.values import queries
from workshop.activities.values.results import SCALES, statement_results
from workshop.i18n import N_, gettext

SHIFTS = {"net": N_("Mean shift in steps per group (minus: toward agreeing)"),
          "moved": N_("Moved between the rounds, per group")}


def row_item(statement: int, position: int) -> int:
    return statement * 10 + position


def values_by_group(store, workshop: dict, phase, shown: int,
                    protected: bool = True) -> list[dict]:
    """The tables per group of a values phase as far as it is shown (`shown`, as
    queries.shown): [] before round 1 is shown or without groups; the round-1
    distribution from 1; with 2, in a phase with a second round, the shift tables.
    Each cell is protected on how many of its group answered that statement (a phone may
    skip one)."""
    if shown < 1:
        return []
    steps = SCALES[phase.settings["scale"]]
    statements = queries.statements(store, workshop["id"], phase.key)
    room = statement_results(statements, queries.answers(store, workshop["id"], phase.key),
                             [], len(steps), shown)
    of_group = cache(lambda group: statement_results(
        statements, queries.group_answers(store, workshop["id"], phase.key, group), [],
        len(steps), shown))
    tables = [first_round(store, workshop, phase, steps, room, of_group, protected)]
    if shown >= 2 and phase.settings["again"]:
        tables += [shifts(store, workshop, phase, measure, room, of_group, protected)
                   for measure in SHIFTS]
    return [table for table in tables if table]


def first_round(store, workshop: dict, phase, steps: tuple, room: list[dict], of_group,
                protected: bool) -> dict | None:
    """How many of each group chose each answer in round 1, per statement."""
    return group_table(
        store, workshop, title=N_("Round 1 per group: how many chose each answer"),
        phase=phase.key, measure="first", protected=protected,
        items=[{"id": row_item(s["number"], position),
                "text": f"{s['text']}: {gettext(label)}", "total": s["first"][position - 1]}
               for s in room for position, label in enumerate(steps, 1)],
        answered=lambda: queries.answerers_by_group(store, workshop["id"], phase.key, 1),
        values_of=lambda group: {row_item(s["number"], position): count for s in of_group(group)
                                 for position, count in enumerate(s["first"], 1)},
        answered_per_item=lambda group: {row_item(s["number"], position): sum(s["first"])
                                         for s in of_group(group)
                                         for position in range(1, len(steps) + 1)})


def shifts(store, workshop: dict, phase, measure: str, room: list[dict], of_group,
           protected: bool) -> dict | None:
    """One figure of results.shift (`measure`: net or moved) per statement and group,
    counted over the phones of the group that answered the statement in both rounds."""
    return group_table(
        store, workshop, title=SHIFTS[measure], phase=phase.key, measure=measure,
        protected=protected, missing=None,
        items=[{"id": s["number"], "text": s["text"], "total": s["shift"][measure]}
               for s in room],
        answered=lambda: queries.answerers_by_group(store, workshop["id"], phase.key, 2),
        values_of=lambda group: {s["number"]: s["shift"][measure] for s in of_group(group)},
        answered_per_item=lambda group: {s["number"]: s["shift"]["answered"]
                                         for s in of_group(group)})


def group_context(store, workshop: dict, phase, shown: int, role: str) -> dict:
    """`group_values` (values_by_group) where `role` sees groups (by_group.sees_groups)."""
    return {"group_values": values_by_group(store, workshop, phase, shown)
            if sees_groups(workshop, role) else []}
