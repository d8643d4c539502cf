"""What participants prioritise: the topics, or the accepted themes (the facilitator's
choice), and the quick-win rule that reads their impact and effort ratings.

Quick win ("lågt hängande frukt"): rated by at least one participant, mean impact at
least 3.5 and mean effort at most 2.5 on the 1-5 scales, i.e. clearly more useful
than neutral and clearly less work than neutral. The facilitator can override the
mark either way; the override wins.
"""

from starlette.routing import Route

from workshop.guards import Refused, facilitator_form, store
from workshop.i18n import lazy_gettext as _l
from workshop.responses import done

QUICK_WIN_IMPACT, QUICK_WIN_EFFORT = 3.5, 2.5
RATED_TOPICS = 10
CHOICES = ("topics", "themes")


def kind_of(workshop: dict) -> str:
    """The kind of item dots and ratings go to: "topic" or "theme"."""
    return "theme" if workshop["prioritise"] == "themes" else "topic"


def ranking(store, workshop: dict) -> list[dict]:
    """The topics, or themes, by dots, with ranks."""
    if kind_of(workshop) == "theme":
        return standings(store.theme_tally(workshop["id"]))
    return standings(store.tally(workshop["id"]))


def vote_themes(store, workshop: dict) -> list[dict]:
    """The themes a phone votes on, each with its topics; none when voting on topics."""
    if kind_of(workshop) != "theme":
        return []
    return [theme for theme in store.themes(workshop["id"]) if theme["number"] and theme["topics"]]


def rated_items(store, workshop: dict) -> list[dict]:
    """What the rating phase puts on the cards, in order: every theme with topics
    (Övrigt aside) by number, or the top topics by dots. Read on every card a phone
    saves, so without each theme's topics: card_context reads those of its one card."""
    if kind_of(workshop) == "theme":
        return sorted(store.theme_tally(workshop["id"]), key=lambda theme: theme["id"])
    return store.tally(workshop["id"], limit=RATED_TOPICS)


def is_quick_win(impact: float | None, effort: float | None) -> bool:
    return (impact is not None and effort is not None
            and impact >= QUICK_WIN_IMPACT and effort <= QUICK_WIN_EFFORT)


def quick_win(mark: int | bool | None, impact: float | None, effort: float | None) -> bool:
    """The facilitator's mark when there is one, else the rule."""
    return is_quick_win(impact, effort) if mark is None else bool(mark)


def rating_results(store, workshop: dict) -> list[dict]:
    """Every rated item with its mean impact and effort, raters, and whether it is a quick
    win (the facilitator's mark, or else the rule), quick wins first."""
    means = store.rating_means(workshop["id"], kind_of(workshop))
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


def standings(tally: list[dict]) -> list[dict]:
    """The tally with ranks (equal dots share a rank) and each row's share of the top."""
    top = max((row["dots"] for row in tally), default=0)
    ranked, rank = [], 0
    for position, row in enumerate(tally, 1):
        if position == 1 or row["dots"] != tally[position - 2]["dots"]:
            rank = position
        ranked.append({**row, "rank": rank, "share": round(100 * row["dots"] / top) if top else 0})
    return ranked


async def choose(request):
    """Vote and rate on topics or on themes; only before anyone has voted or rated."""
    workshop, form = await facilitator_form(request)
    what = str(form.get("prioritise", ""))
    if what not in CHOICES:
        raise Refused(_l("Choose topics or themes."), 422)
    if what == "themes" and not workshop["themes_accepted"]:
        raise Refused(_l("Accept the themes first."), 409)
    if what != workshop["prioritise"] and store(request).has_priorities(workshop["id"]):
        raise Refused(_l("Participants have already voted or rated, so this cannot change "
                         "now."), 409)
    store(request).set_prioritise(workshop["id"], what)
    realtime = request.app.state.realtime
    for part in ("stage", "tally", "themes"):
        realtime.publish(workshop["id"], part)
    return done(request, str(request.url_for("facilitator_view", code=workshop["code"])))


routes = [
    Route("/w/{code}/prioritise", choose, methods=["POST"], name="choose_priorities"),
]
