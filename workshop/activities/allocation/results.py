"""What a room's allocations say: per option the mean share and the spread, and, when
a phase repeats an earlier one, the change per option (before and after).

Each allocation sums to exactly 100 points, so an option's points are its share in
per cent and the mean share is the mean of the points (options a phone gave nothing
count as 0). The spread is the interquartile range: the middle half of the answers
lies between the lower and the upper quartile ("hälften svarade mellan 10 och 25").
It is chosen over the standard deviation because shares are bounded (0-100) and often
skewed, and because "the middle half" can be said in plain words. Quartiles use the
inclusive method (statistics.quantiles, method="inclusive"; the same as Excel's
QUARTILE.INC); with one answer both quartiles are that answer.
"""

import math
import statistics
from collections import defaultdict

from workshop import phases
from workshop.activities.allocation import queries
from workshop.activities.by_group import group_table, sees_groups
from workshop.i18n import N_

MEAN_DECIMALS = 1


def option_results(options: list[dict], rows: list[dict]) -> list[dict]:
    """Per option ([{number, text}]): {number, text, mean, low, high, answers}, from
    allocation rows [{participant_id, option, points}] of one phase. mean, low
    (lower quartile) and high (upper quartile) are per cent, None without answers.
    shares_by_group calls it once per group shown, with that group's rows.
    """
    given = defaultdict(dict)
    for row in rows:
        given[row["participant_id"]][row["option"]] = row["points"]
    results = []
    for option in options:
        points = [mine.get(option["number"], 0) for mine in given.values()]
        low, high = quartiles(points)
        results.append({**option, "answers": len(points), "low": low, "high": high,
                        "mean": round(statistics.fmean(points), MEAN_DECIMALS) if points else None})
    return results


def quartiles(points: list[int]) -> tuple[float | None, float | None]:
    """The lower and upper quartile (inclusive method); (None, None) without points."""
    if len(points) < 2:
        return (float(points[0]),) * 2 if points else (None, None)
    low, _median, high = statistics.quantiles(points, n=4, method="inclusive")
    return round(low, MEAN_DECIMALS), round(high, MEAN_DECIMALS)


def compared(after: list[dict], before: list[dict]) -> list[dict]:
    """The results of a repeated phase with, per option, `before` (the earlier phase's
    result for the same option) and `change`: after's mean minus before's, in
    percentage points (None when either has no answers)."""
    earlier = {option["number"]: option for option in before}
    rows = []
    for option in after:
        then = earlier.get(option["number"])
        change = None
        if then and then["mean"] is not None and option["mean"] is not None:
            change = round(option["mean"] - then["mean"], MEAN_DECIMALS)
        rows.append({**option, "before": then, "change": change})
    return rows


def allocation_phases(workshop: dict) -> list:
    return phases.phases_of(workshop, "allocation")


def earlier_round(workshop: dict, phase):
    """The allocation phase a repeating phase repeats: the last one before it in the plan
    (None when the phase does not repeat, or nothing comes before it)."""
    if not phase.settings["repeat"]:
        return None
    plan = phases.plan_of(workshop)
    index = [p.key for p in plan].index(phase.key)
    return next((p for p in reversed(plan[:index]) if p.activity == "allocation"), None)


def options_phase(workshop: dict, phase):
    """The phase whose options this one uses: its own, or (repeating) the first round's."""
    while (earlier := earlier_round(workshop, phase)) is not None:
        phase = earlier
    return phase


def phases_using(workshop: dict, phase) -> list[str]:
    """The keys of the allocation phases that use this phase's options (itself included)."""
    return [p.key for p in allocation_phases(workshop)
            if options_phase(workshop, p).key == phase.key]


def phase_options(store, workshop: dict, phase) -> list[dict]:
    return queries.options(store, workshop["id"], options_phase(workshop, phase).key)


def phase_results(store, workshop: dict, phase) -> dict:
    """The room's results in one allocation phase: `options` (option_results, with before
    and change when it repeats an earlier round), `allocators`, and `earlier` (the phase
    it is compared with, or None)."""
    options = phase_options(store, workshop, phase)
    results = option_results(options, queries.allocations(store, workshop["id"], phase.key))
    earlier = earlier_round(workshop, phase)
    if earlier is not None:
        before = option_results(options, queries.allocations(store, workshop["id"], earlier.key))
        results = compared(results, before)
    return {"options": results, "earlier": earlier, "scale": chart_scale(results),
            "allocators": queries.allocator_count(store, workshop["id"], phase.key)}


def results_context(store, workshop: dict, phase, role: str) -> dict:
    """phase_results, and `group_shares` (shares_by_group) where `role` sees groups
    (by_group.sees_groups), else None."""
    results = phase_results(store, workshop, phase)
    return {**results, "group_shares": shares_by_group(store, workshop, phase, results["options"])
            if sees_groups(workshop, role) else None}


def chart_scale(results: list[dict]) -> int:
    """The share at the right end of the bars: the largest upper quartile shown (before
    included), up to the next ten, at least 10, so bars of small shares can be told
    apart; never more than 100."""
    highs = [r["high"] for r in results if r["high"] is not None]
    highs += [r["before"]["high"] for r in results
              if r.get("before") and r["before"]["high"] is not None]
    return min(100, max(10, math.ceil(max(highs, default=0) / 10) * 10))


def shares_by_group(store, workshop: dict, phase, results: list[dict],
                    protected: bool = True) -> dict | None:
    """The mean share per option (per cent, as option_results) side by side per
    participant group (activities.by_group), small groups hidden unless not `protected`;
    None when the workshop has no groups. `results`: the room's option_results of the
    phase. Every allocation covers every option, so a group's count of allocators is its
    count for each option as well."""
    options = phase_options(store, workshop, phase)
    return group_table(
        store, workshop, title=N_("Mean share per group"), phase=phase.key, measure="share",
        items=[{"id": r["number"], "text": r["text"], "total": r["mean"]} for r in results],
        answered=lambda: queries.allocators_by_group(store, workshop["id"], phase.key),
        values_of=lambda group: {r["number"]: r["mean"] for r in option_results(
            options, queries.group_allocations(store, workshop["id"], phase.key, group))},
        protected=protected, missing=None)
