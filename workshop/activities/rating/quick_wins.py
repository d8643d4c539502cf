"""What the rating cards hold, and the quick-win rule that reads the ratings.

Quick win ("lågt hängande frukt"): rated by at least one participant, mean impact at
least 3.5 and mean effort at most 2.5 on the 1-5 scales, i.e. clearly more useful
than neutral and clearly less work than neutral. The facilitator can override the
mark either way; the override wins.
"""

from workshop import phases
from workshop.activities import provide
from workshop.activities.rating import queries
from workshop.activities.voting.tally import Target, tally_of, target_of, voting_phase

QUICK_WIN_IMPACT, QUICK_WIN_EFFORT = 3.5, 2.5
RATED_TOPICS = 10  # of the ranking; a list (`on`) is rated whole, up to RATED_POSTS
RATED_POSTS = 30


def rating_phase(workshop: dict):
    """The rating phase that matters now: the current one, else the latest reached,
    else the first; None without one."""
    plan = phases.plan_of(workshop)
    rating = [i for i, phase in enumerate(plan) if phase.activity == "rating"]
    reached = [i for i in rating if i <= workshop["phase_index"]]
    return plan[(reached or rating)[-1 if reached else 0]] if rating else None


def rated_on(workshop: dict) -> str:
    """What the cards hold: "ranked" (the vote's themes or top topics) or a list."""
    phase = rating_phase(workshop)
    return phase.settings["on"] if phase else "ranked"


def rated_kind(workshop: dict) -> str:
    """The kind ratings are stored under: "theme", or "topic" for any post."""
    if rated_on(workshop) != "ranked":
        return "topic"
    return target_of(workshop, voting_phase(workshop, looking_ahead=False)).kind


def rated_items(store, workshop: dict) -> tuple[dict, ...]:
    """What the rating phase puts on the cards, in order: every theme with topics
    (Övrigt aside) by number, or the top topics by dots, or the posts of a list (ideas)
    oldest first. Read on every card a phone saves, so kept until an item changes
    (the tally it comes from cost about 1.6 ms per card at 1,000 topics); without each
    theme's topics: card_context reads those of its one card."""
    return store.until_items_change.get(workshop, "rated_items",
                                        lambda: tuple(read_rated_items(store, workshop)))


def read_rated_items(store, workshop: dict) -> list[dict]:
    on = rated_on(workshop)
    if on != "ranked":
        posts = tally_of(store, workshop, Target("topic", on, phase=""))
        return sorted(posts, key=lambda post: post["id"])[:RATED_POSTS]
    target = target_of(workshop, voting_phase(workshop, looking_ahead=False))
    if target.kind == "theme":
        return sorted(tally_of(store, workshop, target), key=lambda theme: theme["id"])
    return tally_of(store, workshop, target, limit=RATED_TOPICS)


def is_quick_win(impact: float | None, effort: float | None) -> bool:
    return (impact is not None and effort is not None
            and impact >= QUICK_WIN_IMPACT and effort <= QUICK_WIN_EFFORT)


def quick_win(mark: int | bool | None, impact: float | None, effort: float | None) -> bool:
    """The facilitator's mark when there is one, else the rule."""
    return is_quick_win(impact, effort) if mark is None else bool(mark)


@provide("ratings")
def rating_results(store, workshop: dict) -> list[dict]:
    """Every rated item with its mean impact and effort, raters, and whether it is a quick
    win (the facilitator's mark, or else the rule), quick wins first."""
    means = queries.rating_means(store, workshop["id"], rated_kind(workshop))
    results = []
    for item in rated_items(store, workshop):
        rated = means.get(item["id"])
        impact = round(rated["impact"], 1) if rated else None
        effort = round(rated["effort"], 1) if rated else None
        results.append({**item, "impact": impact, "effort": effort,
                        "raters": rated["raters"] if rated else 0,
                        "by_rule": is_quick_win(impact, effort),
                        "is_quick_win": quick_win(item["quick_win"], impact, effort)})
    return sorted(results, key=lambda r: (not r["is_quick_win"], r["impact"] is None,
                                          -(r["impact"] or 0) + (r["effort"] or 0)))
