"""Värderingsövning (values exercise, as Deliberative Polling): the facilitator lists
statements; in round 1 each phone takes a position on each, alone, on a scale of four
steps with no middle (as in the four-corners exercise) or five; nothing of round 1 is
shown anywhere until the facilitator shows it. Then the table groups talk and record a
group position (one phone per table, or the facilitator), and, when the phase asks for
it, everyone answers again alone; showing the change then gives, per statement, how
many moved, which way and how far.

Privacy before the reveal is kept where the answers leave the server: the room's
pages, live pushes and exports are built from statement_results, which holds no
answer until the phase is shown (shown ≥ 1); a phone sees only its own.
"""

from workshop import phases
from workshop.activities import Activity, ExportsFromModule, Setting, folder_of, register
from workshop.activities.values import actions, exports, queries
from workshop.activities.values.by_group import group_context
from workshop.activities.values.results import SCALES, statement_results
from workshop.events import Event
from workshop.i18n import N_, ngettext
from workshop.realtime import follow, live_part
from workshop.templating import render_fragment

VALUES_CHANGED = Event(
    "values_changed", "Someone answered, a table recorded its position, or the facilitator "
    "showed more; replaces the results (only counts until round 1 is shown).")


def room_context(store, workshop: dict, phase) -> dict:
    """What the room may see of a values phase, and its scale and settings."""
    steps = SCALES[phase.settings["scale"]]
    shown = queries.shown(store, workshop["id"], phase.key)
    statements = queries.statements(store, workshop["id"], phase.key)
    answers = queries.answers(store, workshop["id"], phase.key) if shown else []
    groups = queries.group_positions(store, workshop["id"], phase.key) if shown else []
    return {"statements": statement_results(statements, answers, groups, len(steps), shown),
            "scale": steps, "shown": shown, "again": phase.settings["again"],
            "tables": phase.settings["tables"],
            "answered": [queries.answerer_count(store, workshop["id"], phase.key, r)
                         for r in (1, 2)]}


def results_context(store, workshop: dict, phase, role: str) -> dict:
    """room_context, with the results per participant group where `role` sees them."""
    room = room_context(store, workshop, phase)
    return {**room, **group_context(store, workshop, phase, room["shown"], role)}


class Values(ExportsFromModule, Activity):
    exports = exports

    def stage(self, live, workshop, phase, role):
        return results_context(live.store, workshop, phase, role)

    def someone_acted(self, live, workshop, phase):
        return any(queries.answerer_count(live.store, workshop["id"], phase.key, r)
                   for r in (1, 2))

    def blank_personal(self, workshop, phase):
        return {"my_positions": {1: {}, 2: {}}} if phase.activity == self.key else {}

    def personal(self, store, workshop, phase, participant):
        """This phone's own positions per round (me.my_positions); nobody else's."""
        if phase.activity != self.key:
            return {}
        return {"my_positions": queries.my_answers(store, participant["id"], phase.key)}

    def me_context(self, store, workshop, phase, participant, **hints):
        return room_context(store, workshop, phase)

    def progress(self, live, workshop, phase):
        joined = live.store.joined(workshop["id"])
        shown = queries.shown(live.store, workshop["id"], phase.key)
        done = queries.answerer_count(live.store, workshop["id"], phase.key, 2 if shown else 1)
        return {"done": done, "of": joined, "text": ngettext(
            "%(num)s of %(of)s has answered", "%(num)s of %(of)s have answered", done,
            of=joined)} if joined else None

@live_part("values_results")
def render_results(realtime, workshop, role, ids):
    """The statements' results (or, before round 1 is shown, how many have answered) on
    the projector and the facilitator's page; phones get theirs with the stage."""
    phase = phases.current_phase(workshop)
    if role == "participant" or phase.activity != values.key:
        return None
    html = render_fragment(values.template("results.html"), "values_results",
                           workshop=workshop, role=role, phase=phase,
                           **results_context(realtime.store, workshop, phase, role))
    return VALUES_CHANGED, {"target": "values-results", "html": html}


follow("values_results", "progress")

values = register(Values(
    "values", folder_of(__file__), participant_actions=frozenset({"take_position"}),
    settings=(Setting("scale", "four", N_("Answer scale"), choices=("four", "five"),
                      choice_labels=(N_("4 steps, no middle"), N_("5 steps, with a middle"))),
              Setting("again", True, N_("Everyone answers again alone after the groups")),
              Setting("tables", 6, N_("Table groups"), low=1, high=30)),
    routes=actions.routes, events=(VALUES_CHANGED,), order=65,
    export_schema=exports.SCHEMA, name=N_("Values exercise")))
