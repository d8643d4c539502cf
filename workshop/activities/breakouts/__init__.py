"""Breakouts (Open Space's sessions): the wall links each session to its own page, where
a phone says "Jag är här" (one session at a time: moving moves the count live, the
law of two feet) and everyone there writes the shared notes: insights,
recommendations, next steps and possible owners, each note appended on its own so
writers at once lose nothing. Leaving the phase turns every session's report into a
post of the list "sessions" for the convergence vote (reports.py).
"""

from workshop import activities, phases
from workshop.activities import Activity, Count, folder_of, provide, register
from workshop.activities.agenda.wall import grid, whereabouts
from workshop.activities.breakouts import actions, queries
from workshop.activities.breakouts.reports import REPORT_LIST, report_ids, write_reports
from workshop.activities.marketplace.actions import shows_convenors
from workshop.events import Event
from workshop.i18n import N_, ngettext
from workshop.realtime import live_part
from workshop.settings import SESSION_NOTE_MAX_CHARS
from workshop.templating import env, render_fragment

ATTENDANCE_CHANGED = Event("attendance_changed", "Someone came to or left a session: "
                           "replaces its count (#attendance-<id>).")
NOTE_ADDED = Event("note_added", "A note was written in a session: a list payload within "
                   "#notes-<session id>-<kind>.")
NOTE_HEADINGS = {"insight": N_("Insights"), "recommendation": N_("Recommendations"),
                 "next_step": N_("Next steps"), "owner": N_("Who could own it")}
NOTE_BUTTONS = {"insight": N_("Add as an insight"), "recommendation": N_("Add as a recommendation"),
                "next_step": N_("Add as a next step"), "owner": N_("Add as a possible owner")}
env.globals.update(NOTE_HEADINGS=NOTE_HEADINGS, NOTE_BUTTONS=NOTE_BUTTONS,
                   NOTE_KINDS=queries.NOTE_KINDS, SESSION_NOTE_MAX_CHARS=SESSION_NOTE_MAX_CHARS)


class Breakouts(Activity):
    def stage(self, live, workshop, phase, role):
        from workshop.activities.agenda import wall_context

        return wall_context(live.store, workshop, role)

    def someone_acted(self, live, workshop, phase):
        return bool(queries.here_now(live.store, workshop["id"]))

    def counts(self, store, workshop):
        here = sum(queries.here_now(store, workshop["id"]).values())
        return [Count("here", here, ngettext("in a session", "in sessions", here),
                      ngettext("%(num)s in a session", "%(num)s in sessions", here),
                      on_projector=phases.current_phase(workshop).activity == self.key)]

    def leave(self, store, workshop, phase):
        """The sessions' reports become the list the convergence vote reads."""
        write_reports(store, workshop)


def session_context(store, workshop: dict, session: dict) -> dict:
    """A session's page: where and when it is, who is there, its notes by kind."""
    where = whereabouts(grid(store, workshop)).get(session["id"])
    return {"session": session, "where": where, "names": shows_convenors(workshop),
            "here_count": queries.here_now(store, workshop["id"]).get(session["id"], 0),
            "notes": queries.notes(store, session["id"]),
            "attending": phases.allows(workshop, "attend")}


@provide("attendance_now")
def attendance_now(store, workshop: dict) -> dict[int, int]:
    """Per session id, how many phones are at it now (the wall shows it in breakouts)."""
    return queries.here_now(store, workshop["id"])


@live_part("attendance")
def render_attendance(realtime, workshop, role, ids):
    """The count of each session someone came to or left, on every screen."""
    here = queries.here_now(realtime.store, workshop["id"])
    return [(ATTENDANCE_CHANGED, {"target": f"attendance-{session_id}", "html": render_fragment(
                breakouts.template("session.html"), "here_count", session={"id": session_id},
                here_count=here.get(session_id, 0))}) for session_id in sorted(ids)]


@live_part("session_reports", follows=("stage",))
def render_session_reports(realtime, workshop, role, ids):
    """The reports' posts, with the stage of a phase that shows their list: they are
    written as the breakouts are left, after the phones had their lists."""
    from workshop.activities.topics import render_topics

    phase = phases.current_phase(workshop)
    if REPORT_LIST not in activities.get(phase.activity).lists_shown(workshop, phase, role):
        return None
    return render_topics(realtime, workshop, role, report_ids(realtime.store, workshop))


@live_part("notes")
def render_notes(realtime, workshop, role, ids):
    """Each new note, added at the top of its session's list of its kind."""
    payloads = []
    for note_id in sorted(ids):
        note = queries.note(realtime.store, note_id)
        if note is not None:
            html = render_fragment(breakouts.template("session.html"), "note", note=note)
            payloads.append((NOTE_ADDED, {"target": f"notes-{note['session_id']}-{note['kind']}",
                                          "upsert": [[f"note-{note_id}", html]], "remove": []}))
    return payloads


breakouts = register(Breakouts(
    "breakouts", folder_of(__file__), participant_actions=frozenset({"attend", "write_note"}),
    routes=actions.routes, events=(ATTENDANCE_CHANGED, NOTE_ADDED), order=72, name="Breakouts"))
