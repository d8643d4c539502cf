"""A phone's deck of rating cards, and the room's matrix of mean ratings."""

from functools import cache

from workshop.activities import provide
from workshop.activities.by_group import group_table, sees_groups
from workshop.activities.rating import queries
from workshop.activities.rating.quick_wins import (
    rated_items,
    rated_kind,
    rating_phase,
    rating_results,
)
from workshop.activities.themes.queries import theme_topic_texts
from workshop.i18n import N_


def card_context(store, workshop: dict, participant: dict, items: list[dict],
                 index: int | None = None) -> dict:
    """One phone's card among the rated items: by default the first it has not rated;
    past the last card, its summary."""
    mine = queries.my_ratings(store, participant["id"], rated_kind(workshop))
    return deck_card(store, workshop, items, mine, index)


def room_card(store, workshop: dict) -> dict:
    """The first card as every phone has it while nobody has rated: rendered once for
    the whole room, so opening the phase does not send every phone to fetch its own."""
    return deck_card(store, workshop, rated_items(store, workshop), {}, 0)


def deck_card(store, workshop: dict, items: list[dict], mine: dict[int, dict],
              index: int | None) -> dict:
    if index is None:
        index = next((i for i, item in enumerate(items) if item["id"] not in mine), len(items))
    index = max(0, min(index, len(items)))
    item = items[index] if index < len(items) else None
    if item and rated_kind(workshop) == "theme":
        item = {**item, "topics": theme_topic_texts(store, workshop["id"], item["id"])}
    return {"card": {"index": index, "count": len(items), "item": item, "deck": items,
                     "ratings": mine, "mine": mine.get(item["id"]) if item else None,
                     "rated": sum(1 for i in items if i["id"] in mine)}}


@provide("rating_matrix")
def results_context(store, workshop: dict, role: str = "") -> dict:
    """The rated items with their means, the matrix's points, and how many rated; per
    participant group too where `role` sees groups (by_group.sees_groups)."""
    # The report draws the same matrix; imported here as the exports import this package.
    from workshop.exporting.report import matrix_points

    results = rating_results(store, workshop)
    rated = [{**r, "number": n, "quick_win": r["is_quick_win"]}
             for n, r in enumerate(results, 1) if r["raters"]]
    return {"ratings": results, "matrix": matrix_points(rated),
            "raters": queries.rater_count(store, workshop["id"]),
            "rated_kind": rated_kind(workshop),
            "group_ratings": ratings_by_group(store, workshop, results)
            if sees_groups(workshop, role) else []}


MEASURES = {"impact": N_("Mean impact per group"), "effort": N_("Mean effort per group")}


def ratings_by_group(store, workshop: dict, results: list[dict],
                     protected: bool = True) -> list[dict]:
    """Mean impact and mean effort side by side per participant group (two tables,
    activities.by_group), each cell protected on how many rated that item in that group
    (a card may be skipped); [] when the workshop has no groups."""
    kind = rated_kind(workshop)
    answered = cache(lambda: queries.raters_by_group(store, workshop["id"], kind))
    means = cache(lambda group: queries.group_means(store, workshop["id"], kind, group))
    tables = [group_table(
        store, workshop, title=title, phase=rating_phase_key(workshop), measure=measure,
        items=[{"id": row["id"], "text": row["text"], "total": row[measure]} for row in results],
        answered=answered, protected=protected, missing=None,
        values_of=lambda group, measure=measure: {
            item: round(mean[measure], 1) for item, mean in means(group).items()},
        answered_per_item=lambda group: {item: mean["raters"]
                                         for item, mean in means(group).items()})
        for measure, title in MEASURES.items()]
    return [table for table in tables if table]


@provide("ratings_by_group")
def rating_groups(store, workshop: dict) -> list[dict]:
    """The rating results per participant group (ratings_by_group), small groups hidden."""
    return ratings_by_group(store, workshop, rating_results(store, workshop))


def rating_phase_key(workshop: dict) -> str:
    phase = rating_phase(workshop)
    return phase.key if phase else "rating"
