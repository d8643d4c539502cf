"""Nytta och insats: each phone rates the themes (or top topics) one card at a time,
impact and effort on 1-5 scales; the room sees the means on a 2×2 matrix, and the
quick wins stand out (quick_wins).

A rating is a pair of values per participant and item, stored once and changed in
place; skipping stores nothing.
"""

from workshop import activities, phases
from workshop.activities import Activity, Setting, folder_of, register
from workshop.activities.rating import actions, queries
from workshop.activities.by_group import with_export_items
from workshop.activities.rating.cards import (
    card_context,
    ratings_by_group,
    results_context,
    room_card,
)
from workshop.activities.rating.quick_wins import rated_items, rated_kind, rating_results
from workshop.events import Event
from workshop.i18n import N_, ngettext
from workshop.realtime import follow, live_part
from workshop.templating import render_fragment

RATINGS_CHANGED = Event(
    "ratings_changed", "Someone rated impact and effort, or the facilitator marked a quick "
    "win; replaces the matrix and its table.")


class Rating(Activity):
    def stage(self, live, workshop, phase, role):
        context = results_context(live.store, workshop, role)
        if role == "participant" and not context["raters"]:
            context.update(room_card(live.store, workshop))
        return context

    def someone_acted(self, live, workshop, phase):
        return bool(queries.rater_count(live.store, workshop["id"]))

    def progress(self, live, workshop, phase):
        """How many of those who joined have rated at least one card."""
        joined = live.store.joined(workshop["id"])
        rated = queries.rater_count(live.store, workshop["id"])
        return {"done": rated, "of": joined,
                "text": ngettext("%(num)s of %(of)s has rated", "%(num)s of %(of)s have rated",
                                 rated, of=joined)} if joined else None

    def personal(self, store, workshop, phase, participant):
        """This phone's card, while rating is the phase (me.card)."""
        if phase.activity != self.key:
            return {}
        return card_context(store, workshop, participant, rated_items(store, workshop))

    def finished(self, personal):
        """Past the last card: its summary (card_context)."""
        return "card" in personal and personal["card"]["item"] is None

    def me_context(self, store, workshop, phase, participant, **hints):
        return card_context(store, workshop, participant, rated_items(store, workshop))

    def export(self, store, workshop, refs):
        """Every rating; of a post only when the export holds the post (not hidden). The
        means per participant group, small groups left out unless refs.archive."""
        by_group = ratings_by_group(store, workshop, rating_results(store, workshop),
                                    protected=not refs.archive)
        return {"ratings": [{"participant": refs.participants[r["participant_id"]],
                             "kind": r["kind"],
                             "item": refs.topics[r["item"]] if r["kind"] == "topic" else r["item"],
                             "impact": r["impact"], "effort": r["effort"]}
                            for r in queries.ratings(store, workshop["id"])
                            if r["kind"] == "theme" or r["item"] in refs.topics],
                "group_results": [with_export_items(table, refs.topics if rated_kind(workshop)
                                                    == "topic" else None)
                                  for table in by_group]}

    def import_problems(self, document):
        participants = {p["id"] for p in document["participants"]}
        items = {"topic": {t["id"] for t in document["topics"]},
                 "theme": {t["id"] for t in document["themes"]}}
        return [f"ratings: {r['participant']} → {r['kind']} {r['item']} points nowhere"
                for r in document["ratings"]
                if r["participant"] not in participants or r["item"] not in items[r["kind"]]]

    def import_document(self, store, workshop, document, refs):
        for r in document["ratings"]:
            item = refs.topics[r["item"]] if r["kind"] == "topic" else r["item"]
            queries.rate(store, workshop["id"], refs.participants[r["participant"]], r["kind"],
                         item, r["impact"], r["effort"])


@live_part("ratings", follows=("topics", "themes"))
def render_ratings(realtime, workshop, role, ids):
    """The matrix and its table, wherever the phase shows them (rating, or a phase that
    reads the ratings), but not on phones, which have their cards or the quick wins."""
    phase = phases.current_phase(workshop)
    shown = phase.activity == rating.key or "ratings" in activities.get(phase.activity).reads
    if role == "participant" or not shown:
        return None
    html = render_fragment(rating.template("results.html"), "ratings", workshop=workshop,
                           role=role, phase=phase, csrf_token="",
                           **results_context(realtime.store, workshop, role))
    return RATINGS_CHANGED, {"target": "ratings", "html": html}


# A rating moves the projector's progress ("7 of 10 have rated"), not the counts.
follow("ratings", "progress")

rating = register(Rating(
    "rating", folder_of(__file__), participant_actions=frozenset({"rate"}),
    settings=(Setting("on", "ranked", "What the cards hold",
                      choices=("ranked", "statements", "ideas"),
                      choice_labels=(N_("the top of the vote"),
                                     N_("“How might we …?” questions"), N_("ideas"))),),
    reads=("ranking", "themes"), routes=actions.routes, events=(RATINGS_CHANGED,),
    order=40, name="Impact and effort"))
