"""What the room votes on and how it stands: topics or the accepted themes, the
standings with ranks, and the settings of the voting phase that matters now."""

from workshop import activities, phases
from workshop.activities import provide
from workshop.activities.voting import queries
from workshop.settings import DEFAULT_DOTS, DEFAULT_DOTS_PER_TOPIC


def kind_of(workshop: dict) -> str:
    """The kind of item dots and ratings go to: "topic" or "theme"."""
    return "theme" if workshop["prioritise"] == "themes" else "topic"


def vote_settings(workshop: dict):
    """The settings of the voting phase that matters now: the current one, else the next,
    else the last before (a topic card shows its dot limit before the vote opens)."""
    plan = phases.plan_of(workshop)
    voting = [i for i, phase in enumerate(plan) if phase.activity == "voting"]
    if not voting:
        return {"dots": DEFAULT_DOTS, "max_per_item": DEFAULT_DOTS_PER_TOPIC,
                "show_counts": False}
    index = next((i for i in voting if i >= workshop["phase_index"]), voting[-1])
    return plan[index].settings


def voting_started(workshop: dict) -> bool:
    return any(phase.activity == "voting" for phase in
               phases.plan_of(workshop)[:workshop["phase_index"] + 1])


def shows_tally(workshop: dict, phase, role: str) -> bool:
    """Facilitators always see counts; others while voting if the phase shows them."""
    return role == "facilitator" or bool(phase.settings.get("show_counts"))


@provide("ranking")
def ranking(store, workshop: dict) -> list[dict]:
    """The topics, or themes, by dots, with ranks."""
    if kind_of(workshop) == "theme":
        return standings(queries.theme_tally(store, workshop["id"]))
    return standings(queries.tally(store, workshop["id"]))


@provide("prioritised")
def prioritised_kind(store, workshop: dict) -> str:
    return kind_of(workshop)


def vote_themes(store, workshop: dict) -> list[dict]:
    """The themes a phone votes on, each with its topics; none when voting on topics."""
    if kind_of(workshop) != "theme":
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
