"""What a values exercise shows once the facilitator reveals it: per statement, how
round 1 spread over the scale, the table groups' positions, and the shift between
each phone's round 1 and round 2 (Deliberative Polling: Fishkin, "When the People
Speak", 2009; the result is the change after deliberation).

Positions run 1 … steps, 1 = agree completely. A phone's shift on a statement is its
round-2 position minus its round-1 position, counted only for phones that answered
both rounds: negative moved toward agreeing, positive toward disagreeing.
"""

from collections import Counter, defaultdict

from workshop.i18n import N_

SCALES = {  # the steps of each scale, from agreeing completely to not agreeing at all
    "four": (N_("Agree completely"), N_("Agree partly"), N_("Hardly agree"),
             N_("Do not agree at all")),
    "five": (N_("Agree completely"), N_("Agree partly"), N_("Neither agree nor disagree"),
             N_("Hardly agree"), N_("Do not agree at all")),
}


def distribution(positions, steps: int) -> list[int]:
    """How many chose each position 1 … steps, from positions (an iterable of 1 … steps)."""
    counts = Counter(positions)
    return [counts[position] for position in range(1, steps + 1)]


def shift(pairs: list[tuple[int, int]]) -> dict:
    """The change over (round 1, round 2) positions of the phones that answered both:
    `answered` both rounds, `moved`, `toward_agree`, `toward_disagree`, `steps` (how
    many moved 1, 2 … steps: {steps: phones}), `mean_steps` (mean distance of those who
    moved, 1 decimal; None when nobody moved) and `net` (mean round 2 − round 1 over all,
    1 decimal; None without pairs)."""
    changes = [second - first for first, second in pairs]
    moved = [change for change in changes if change]
    return {"answered": len(changes), "moved": len(moved),
            "toward_agree": sum(1 for change in moved if change < 0),
            "toward_disagree": sum(1 for change in moved if change > 0),
            "steps": dict(sorted(Counter(abs(change) for change in moved).items())),
            "mean_steps": round(sum(map(abs, moved)) / len(moved), 1) if moved else None,
            "net": round(sum(changes) / len(changes), 1) if changes else None}


def statement_results(statements: list[dict], answers: list[dict], groups: list[dict],
                      steps: int, shown: int) -> list[dict]:
    """Per statement what may be shown: nothing of the answers before round 1 is shown
    (shown 0); then round 1's distribution and the groups' positions; with shown 2 also
    round 2's distribution and the shift. `tables`: how many table groups chose each
    step. `answers` [{participant_id, statement, round, position}], `groups`
    [{statement, table_number, position}] of one phase. values.by_group calls it once
    per participant group, with that group's answers."""
    if shown < 1:
        return [{**statement} for statement in statements]
    by_round: dict[tuple, dict] = defaultdict(dict)  # (statement, round) → {who: position}
    for row in answers:
        by_round[row["statement"], row["round"]][row["participant_id"]] = row["position"]
    results = []
    for statement in statements:
        number = statement["number"]
        first, second = by_round[number, 1], by_round[number, 2]
        tables = [g for g in groups if g["statement"] == number]
        result = {**statement, "first": distribution(first.values(), steps),
                  "groups": tables,
                  "tables": distribution((g["position"] for g in tables), steps)}
        if shown >= 2:
            pairs = [(first[who], position) for who, position in second.items() if who in first]
            result |= {"second": distribution(second.values(), steps), "shift": shift(pairs)}
        results.append(result)
    return results
