"""Röstning: dot voting. Each participant places a set number of dots, a few at most on
one item, on the topics or on the accepted themes (the facilitator's choice).

Settings: dots (per participant), max_per_item, show_counts (phones see the standings
while voting). The limits are checked inside the INSERT itself (queries.insert_dot).
"""

from workshop import activities, phases
from workshop.activities import Activity, Count, Setting, folder_of, provide, register
from workshop.activities.by_group import sees_groups, with_export_items
from workshop.activities.voting import actions, queries
from workshop.activities.voting.tally import (
    ranking,
    shows_tally,
    standings,
    tally_by_group,
    tally_of,
    target_of,
    vote_settings,
    vote_themes,
    voting_phase,
    voting_started,
)
from workshop.events import Event
from workshop.i18n import N_, ngettext
from workshop.realtime import live_part
from workshop.settings import (
    DEFAULT_DOTS,
    DEFAULT_DOTS_PER_TOPIC,
    MAX_DOTS,
    TALLY_ROWS_WHILE_VOTING,
)
from workshop.templating import render_fragment

TALLY_CHANGED = Event("tally_changed", "Dots were placed or taken back; replaces the tally.")


class Voting(Activity):
    def lists_shown(self, workshop, phase, role):
        target = target_of(workshop, phase)
        if target.kind == "theme" or (role == "projector" and phase.settings["show_counts"]):
            return ()
        return (target.list_name,)

    def stage(self, live, workshop, phase, role):
        on_themes = target_of(workshop, phase).kind == "theme"
        context = {"votes": phase.settings, "vote_themes": vote_themes(live.store, workshop),
                   "stage_data": {"vote-on": "themes"} if on_themes else {}}
        if shows_tally(workshop, phase, role):
            context.update(tally_context(live.store, workshop, target_of(workshop, phase), role))
        return context

    def someone_acted(self, live, workshop, phase):
        return bool(queries.counts(live.store, workshop["id"], phase.key)["dots"])

    def blank_personal(self, workshop, phase):
        return {"dots": {}, "theme_dots": {}, "dots_left": vote_settings(workshop)["dots"]}

    def personal(self, store, workshop, phase, participant):
        """My dots in the voting phase that matters now, and how many I have left."""
        voting = voting_phase(workshop)
        if voting is None:
            return self.blank_personal(workshop, phase)
        dots = queries.my_dots(store, participant["id"], "topic", voting.key)
        theme_dots = queries.my_dots(store, participant["id"], "theme", voting.key)
        placed = sum(dots.values()) + sum(theme_dots.values())
        return {"dots": dots, "theme_dots": theme_dots,
                "dots_left": max(0, voting.settings["dots"] - placed)}

    def finished(self, personal):
        return personal.get("dots_left") == 0

    def me_context(self, store, workshop, phase, participant, touched=()):
        """Only the controls of the items this phone has dots on or just touched: a
        vote's answer stays small however many topics the room has. A control needs
        the item's id alone (its text is on the page), so no topic is read."""
        mine = queries.my_dots(store, participant["id"], "topic", phase.key)
        return {"topics": [{"id": topic_id} for topic_id in sorted({*mine, *touched})],
                "votes": phase.settings, "vote_themes": vote_themes(store, workshop)}

    def card_context(self, store, workshop):
        return {"votes": vote_settings(workshop)}

    def progress(self, live, workshop, phase):
        """How many of those who joined have voted in this phase."""
        joined = live.store.joined(workshop["id"])
        voted = queries.counts(live.store, workshop["id"], phase.key)["voted"]
        return {"done": voted, "of": joined,
                "text": ngettext("%(num)s of %(of)s has voted", "%(num)s of %(of)s have voted",
                                 voted, of=joined)} if joined else None

    def counts(self, store, workshop):
        voting = voting_phase(workshop, looking_ahead=False)
        voted = queries.counts(store, workshop["id"], voting.key if voting else "")
        started = voting_started(workshop)
        return [Count("voted", voted["voted"], ngettext("has voted", "have voted", voted["voted"]),
                      ngettext("%(num)s has voted", "%(num)s have voted", voted["voted"])
                      + " (" + ngettext("%(num)s dot", "%(num)s dots", voted["dots"]) + ")",
                      on_projector=started),
                Count("dots", voted["dots"], ngettext("dot placed", "dots placed", voted["dots"]),
                      on_projector=started)]

    def mark(self, store, workshop, phase):
        from workshop.activities.topics.queries import newest_id

        return newest_id(store, workshop["id"])

    def new_since(self, store, workshop, phase, mark):
        """New posts to vote on since the vote was last open."""
        from workshop.activities.topics.queries import count_after

        target = target_of(workshop, phase)
        return 0 if target.kind == "theme" else count_after(store, workshop["id"],
                                                             target.list_name, mark)

    def export(self, store, workshop, refs):
        counts = queries.dot_counts(store, workshop["id"])
        settings = vote_settings(workshop)
        several = len(phases.phases_of(workshop, self.key)) > 1

        def rounds(vote: dict) -> dict:
            """The voting phase of a dot, where there are several (else the only one)."""
            return {"phase": vote["phase"]} if several else {}

        return {
            "workshop": {"dots_per_participant": settings["dots"],
                         "max_dots_per_topic": settings["max_per_item"],
                         "show_counts_during_voting": settings["show_counts"]},
            "votes": [{"participant": refs.participants[v["participant_id"]],
                       "topic": refs.topics[v["topic_id"]], "dots": v["dots"], **rounds(v)}
                      for v in counts if v["topic_id"] in refs.topics],
            "theme_votes": [{"participant": refs.participants[v["participant_id"]],
                             "theme": v["theme"], "dots": v["dots"], **rounds(v)}
                            for v in counts if v["theme"] is not None],
            "group_results": self.group_results(store, workshop, refs),
        }

    def group_results(self, store, workshop, refs) -> list[dict]:
        """Each vote's dots per participant group, items as the export numbers them."""
        tables = []
        for phase in phases.phases_of(workshop, self.key):
            target = target_of(workshop, phase)
            table = tally_by_group(store, workshop, target,
                                   standings(tally_of(store, workshop, target)),
                                   protected=not refs.archive)
            if table:
                tables.append(with_export_items(table, refs.topics if target.kind == "topic"
                                                else None))
        return tables

    def import_problems(self, document):
        participants = {p["id"] for p in document["participants"]}
        topics = {t["id"] for t in document["topics"]}
        themes = {t["id"] for t in document["themes"]}
        problems = [f"votes: {v['participant']} → {v['topic']} points nowhere"
                    for v in document["votes"]
                    if v["participant"] not in participants or v["topic"] not in topics]
        return problems + [f"theme_votes: {v['participant']} → {v['theme']} points nowhere"
                           for v in document.get("theme_votes", [])
                           if v["participant"] not in participants or v["theme"] not in themes]

    def import_document(self, store, workshop, document, refs):
        """Every dot in its round (a vote without one belongs to the plan's first vote)."""
        only_round = next((p.key for p in phases.phases_of(workshop, self.key)), "voting")
        for kind, entries in (("topic", document["votes"]),
                              ("theme", document.get("theme_votes", []))):
            for vote in entries:
                item = refs.topics[vote["topic"]] if kind == "topic" else vote["theme"]
                queries.insert_imported_dots(store, workshop["id"],
                                             refs.participants[vote["participant"]], kind, item,
                                             vote["dots"], vote.get("phase", only_round))


def tally_context(store, workshop: dict, target, role: str) -> dict:
    """The standings of a vote, and per group where this role sees groups."""
    tally = standings(tally_of(store, workshop, target))
    return {"tally": tally, "tally_rows": TALLY_ROWS_WHILE_VOTING,
            "group_tally": tally_by_group(store, workshop, target, tally)
            if sees_groups(workshop, role) else None}


def ranking_context(store, workshop: dict, role: str) -> dict:
    """The ranking of the latest vote reached, and per group where this role sees groups."""
    return {"tally": ranking(store, workshop),
            "group_tally": activities.read("ranking_by_group", store, workshop)
            if sees_groups(workshop, role) else None}


@provide("topic_dots")
def topic_dots(store, workshop: dict) -> dict[int, int]:
    """Dots per topic id, for the topics' own export."""
    return {row["topic_id"]: row["dots"] for row in store.db.query(
        "SELECT topic_id, count(*) AS dots FROM dots WHERE workshop_id = ?"
        " AND topic_id IS NOT NULL GROUP BY topic_id", [workshop["id"]])}


@live_part("tally", follows=("topics", "themes"))
def render_tally(realtime, workshop, role, ids):
    """The standings, wherever the phase shows them: while voting (the facilitator, or
    everyone when the phase shows counts), and in a phase that reads the ranking."""
    phase = phases.current_phase(workshop)
    if phase.activity == voting.key:
        if not shows_tally(workshop, phase, role):
            return None
        context = tally_context(realtime.store, workshop, target_of(workshop, phase), role)
    elif "ranking" in activities.get(phase.activity).reads:
        context = ranking_context(realtime.store, workshop, role)
    else:
        return None
    html = render_fragment(voting.template("tally.html"), "tally", role=role, **context)
    return TALLY_CHANGED, {"target": "tally", "html": html}


@live_part("theme_cards", follows=("topic_visibility",))
def render_theme_cards(realtime, workshop, role, ids):
    """A topic hidden or shown again while phones vote on themes changes their theme
    cards (a theme may be gone, its dots handed back): the phones get the stage anew."""
    from workshop.workshops import render_stage

    phase = phases.current_phase(workshop)
    if (role != "participant" or phase.activity != voting.key
            or target_of(workshop, phase).kind != "theme"):
        return None
    return render_stage(realtime, workshop, role, ids)


voting = register(Voting(
    "voting", folder_of(__file__), participant_actions=frozenset({"vote"}),
    settings=(Setting("dots", DEFAULT_DOTS, "Dots per participant", 1, MAX_DOTS,
                      form_field="dots_per_participant"),
              Setting("max_per_item", DEFAULT_DOTS_PER_TOPIC, "Max dots on one topic", 1,
                      high_from="dots", form_field="max_dots_per_topic"),
              Setting("show_counts", False, "Show the counts while voting",
                      form_field="show_counts_during_voting"),
              Setting("on", "chosen", "What the room votes on",
                      choices=("chosen", "statements", "ideas", "sessions"),
                      choice_labels=(N_("the topics, or the themes if you choose them"),
                                     N_("“How might we …?” questions"), N_("ideas"),
                                     N_("the session reports")))),
    reads=("topics", "themes"), card_addon_for=("topics", "statements", "ideas", "sessions"),
    routes=actions.routes,
    events=(TALLY_CHANGED,), order=30, name="Voting"))
