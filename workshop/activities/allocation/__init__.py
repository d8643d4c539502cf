"""Fördela 100 poäng: each phone shares exactly 100 points between the options the
facilitator listed (how time is spent, what matters most); the room sees the mean share
per option with its spread, and a phase that repeats an earlier one (a follow-up
workshop's Återbesök) shows before and after side by side with the change per option.

The options are the facilitator's list in the phase (not a phase setting): they are
the room's own words, a list rather than one value, and they stay fixed once a phone
has shared its points. A method can offer a starting list (setting `starter`).
"""

from workshop import i18n, phases
from workshop.activities import Activity, ExportsFromModule, Setting, folder_of, register
from workshop.activities.allocation import actions, exports, queries
from workshop.activities.allocation.ballots import OPTIONS_MAX, STEPS, TOTAL
from workshop.activities.allocation.results import (
    earlier_round,
    options_phase,
    phase_options,
    phases_using,
    results_context,
)
from workshop.events import Event
from workshop.i18n import N_, _, gettext, ngettext
from workshop.realtime import follow, live_part
from workshop.templating import render_fragment

ALLOCATION_CHANGED = Event(
    "allocation_changed", "A phone saved its 100 points; replaces the results (mean share "
    "per option, its spread, before and after).")
STARTERS = {"time_use": (N_("Time with children and families"), N_("Documentation and administration"),
                         N_("Meetings with colleagues and partners"), N_("Travel"),
                         N_("Other work"))}


def starter(workshop: dict, phase) -> list[str]:
    """The method's starting list of options, in the workshop's language (the options are
    the room's words, whatever language the facilitator's page is in)."""
    words = i18n.translations(workshop["language"])
    return [words.ugettext(option) for option in STARTERS.get(phase.settings["starter"], ())]


class Allocation(ExportsFromModule, Activity):
    exports = exports

    def stage(self, live, workshop, phase, role):
        return {**results_context(live.store, workshop, phase, role),
                "repeats": earlier_round(workshop, phase), "total": TOTAL, "steps": STEPS,
                "options_max": OPTIONS_MAX,
                "options_locked": self.options_locked(live.store, workshop, phase),
                "starter": starter(workshop, phase)}

    def options_locked(self, store, workshop, phase) -> bool:
        """Whether the options can no longer change: they come from an earlier round, or
        a phone has shared its points on them."""
        return options_phase(workshop, phase).key != phase.key or any(
            queries.allocator_count(store, workshop["id"], key)
            for key in phases_using(workshop, phase))

    def someone_acted(self, live, workshop, phase):
        return bool(queries.allocator_count(live.store, workshop["id"], phase.key))

    def blank_personal(self, workshop, phase):
        return {"allocation": {"points": {}, "saved": False}} if phase.activity == self.key else {}

    def personal(self, store, workshop, phase, participant):
        """This phone's saved points in the current allocation phase (me.allocation)."""
        if phase.activity != self.key:
            return {}
        points = queries.my_allocation(store, participant["id"], phase.key)
        return {"allocation": {"points": points, "saved": bool(points)}}

    def me_context(self, store, workshop, phase, participant, **hints):
        return {"options": phase_options(store, workshop, phase), "total": TOTAL, "steps": STEPS}

    def finished(self, personal):
        return personal.get("allocation", {}).get("saved", False)

    def progress(self, live, workshop, phase):
        joined = live.store.joined(workshop["id"])
        done = queries.allocator_count(live.store, workshop["id"], phase.key)
        return {"done": done, "of": joined, "text": ngettext(
            "%(num)s of %(of)s has shared their points", "%(num)s of %(of)s have shared their points",
            done, of=joined)} if joined else None

    def facilitator_links(self, workshop):
        """A Pabulib file (.pb) of each allocation phase's points, for research."""
        return [(_("Points for research (Pabulib): %(phase)s", phase=gettext(phase.title)),
                 f"allocation/{phase.key}.pb") for phase in phases.phases_of(workshop, self.key)]

@live_part("allocation_results")
def render_results(realtime, workshop, role, ids):
    """The mean shares, spread and change, on the projector and the facilitator's page."""
    phase = phases.current_phase(workshop)
    if role == "participant" or phase.activity != allocation.key:
        return None
    html = render_fragment(allocation.template("results.html"), "allocation_results",
                           workshop=workshop, role=role, phase=phase,
                           **results_context(realtime.store, workshop, phase, role))
    return ALLOCATION_CHANGED, {"target": "allocation-results", "html": html}


follow("allocation_results", "progress")

allocation = register(Allocation(
    "allocation", folder_of(__file__), participant_actions=frozenset({"allocate"}),
    settings=(Setting("repeat", False, N_("Repeat the allocation before it and show before and after")),
              Setting("starter", "", N_("Options to start from"), choices=("", "time_use"),
                      choice_labels=(N_("none: I write them"), N_("how time is spent")))),
    routes=actions.routes, events=(ALLOCATION_CHANGED,), order=60,
    export_schema=exports.SCHEMA, name=N_("Share 100 points")))
