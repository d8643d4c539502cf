"""What the room votes on and how it stands: topics, the accepted themes, or another
list (Double Diamond's statements), the standings with ranks, and which voting phase
matters now.

A phase's `on` setting says what it votes on: "chosen" (the topics, or the accepted
themes when the facilitator chose them) or a list. Dots belong to their phase, so the
ranking is that of one phase: the latest voting phase reached, else the first.
"""

from dataclasses import dataclass

from workshop import activities, phases
from workshop.activities import provide
from workshop.activities.voting import queries
from workshop.i18n import N_
from workshop.settings import DEFAULT_DOTS, DEFAULT_DOTS_PER_TOPIC

UNPLANNED = {"dots": DEFAULT_DOTS, "max_per_item": DEFAULT_DOTS_PER_TOPIC, "show_counts": False,
             "on": "chosen"}


@dataclass(frozen=True)
class Target:
    """What a voting phase's dots go to: "theme", or "topic" posts of a list."""
    kind: str
    list_name: str = "topics"
    phase: str = "voting"


def kind_of(workshop: dict) -> str:
    """The kind of item the facilitator chose to prioritise: "topic" or "theme"."""
    return "theme" if workshop["prioritise"] == "themes" else "topic"


def target_of(workshop: dict, phase=None) -> Target:
    """What a voting phase (by default the one that matters now) votes on."""
    phase = phase or voting_phase(workshop)
    if phase is None:
        return Target(kind_of(workshop))
    on = phase.settings["on"]
    if on == "chosen":
        return Target(kind_of(workshop), phase=phase.key)
    return Target("topic", on, phase.key)


def voting_phase(workshop: dict, looking_ahead: bool = True):
    """The voting phase that matters now: the current one; else the next one
    (`looking_ahead`: a topic card shows its dot limit before the vote opens) or the
    latest one reached; else the first. None when the plan has no vote."""
    plan = phases.plan_of(workshop)
    voting = [i for i, phase in enumerate(plan) if phase.activity == "voting"]
    if not voting:
        return None
    here = workshop["phase_index"]
    reached = [i for i in voting if i <= here]
    ahead = [i for i in voting if i >= here]
    if here in voting:
        return plan[here]
    if looking_ahead and ahead:
        return plan[ahead[0]]
    return plan[(reached or voting)[-1]]


def vote_settings(workshop: dict):
    """The settings of the voting phase that matters now (defaults without a vote)."""
    phase = voting_phase(workshop)
    return phase.settings if phase else UNPLANNED


def voting_started(workshop: dict) -> bool:
    return any(phase.activity == "voting" for phase in
               phases.plan_of(workshop)[:workshop["phase_index"] + 1])


def shows_tally(workshop: dict, phase, role: str) -> bool:
    """Facilitators always see counts; others while voting if the phase shows them."""
    return role == "facilitator" or bool(phase.settings.get("show_counts"))


@provide("ranking")
def ranking(store, workshop: dict) -> list[dict]:
    """The items of the latest vote reached (else the first) by dots, with ranks."""
    return standings(tally_of(store, workshop, target_of(
        workshop, voting_phase(workshop, looking_ahead=False))))


def tally_of(store, workshop: dict, target: Target, limit: int = -1) -> list[dict]:
    if target.kind == "theme":
        return queries.theme_tally(store, workshop["id"], target.phase)
    return queries.tally(store, workshop["id"], limit, target.phase, target.list_name)


@provide("prioritised")
def prioritised_kind(store, workshop: dict) -> str:
    return target_of(workshop, voting_phase(workshop, looking_ahead=False)).kind


def vote_themes(store, workshop: dict) -> list[dict]:
    """The themes a phone votes on, each with its topics; none when voting on posts."""
    if target_of(workshop).kind != "theme":
        return []
    return [theme for theme in activities.read("themes", store, workshop)
            if theme["number"] and theme["topics"]]


def standings(tally: list[dict]) -> list[dict]:
    """The tally with ranks (equal dots share a rank) and each row's share of the top."""
    top = max((row["dots"] for row in tally), default=0)
    ranked, rank = [], 0
    for position, row in enumerate(tally, 1):
        if position == 1 or row["dots"] != tally[position - 2]["dots"]:
            rank = position
        ranked.append({**row, "rank": rank, "share": round(100 * row["dots"] / top) if top else 0})
    return ranked


def tally_by_group(store, workshop: dict, target: Target, tally: list[dict],
                   protected: bool = True) -> dict | None:
    """The tally's dots side by side per participant group (activities.by_group), small
    groups hidden; None when the workshop has no groups."""
    from workshop.activities.by_group import group_table

    return group_table(
        store, workshop, title=N_("Dots per group"), phase=target.phase, measure="dots",
        items=[{"id": row["id"], "text": row["text"], "total": row["dots"]} for row in tally],
        answered=lambda: queries.voters_by_group(store, workshop["id"], target.phase),
        values_of=lambda group: queries.group_dots(store, workshop["id"], target.phase,
                                                   target.kind, group),
        protected=protected)


@provide("ranking_by_group")
def ranking_by_group(store, workshop: dict) -> dict | None:
    """The ranking of the latest vote reached, per participant group (see ranking)."""
    target = target_of(workshop, voting_phase(workshop, looking_ahead=False))
    return tally_by_group(store, workshop, target, ranking(store, workshop))
