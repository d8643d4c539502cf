"""Aktörskarta (actor map): participants list the actors a child or family meets (title,
organisation: kommun, region or annan, and a note if they like); Samla merges the same
actor written differently (names.py), the facilitator merges and splits what Samla got
wrong, and the projector shows the map by organisation, each actor sized by how many
named it.
"""

from workshop import phases
from workshop.activities import Activity, Count, ExportsFromModule, folder_of, register
from workshop.activities.actors import actions, exports, queries
from workshop.activities.actors.by_group import group_context
from workshop.activities.actors.map import actors_of, by_organisation
from workshop.activities.actors.names import ORGANISATION_NAMES, ORGANISATIONS
from workshop.events import Event
from workshop.i18n import N_, ngettext
from workshop.realtime import live_part
from workshop.templating import render_fragment

ACTORS_CHANGED = Event(
    "actors_changed", "Someone named an actor, or the facilitator merged or split actors; "
    "replaces the map.")


def map_context(store, workshop: dict, phase, role: str) -> dict:
    """The phase's actors by organisation, what the page needs to name them, and the
    actors per participant group where `role` sees groups."""
    moved = queries.moves(store, workshop["id"], phase.key)
    actors = actors_of(queries.mentions(store, workshop["id"], phase.key), moved)
    return {"actors": actors, "actor_map": by_organisation(actors),
            "organisations": ORGANISATIONS, "organisation_names": ORGANISATION_NAMES,
            **group_context(store, workshop, phase, actors, moved, role)}


class Actors(ExportsFromModule, Activity):
    exports = exports

    def stage(self, live, workshop, phase, role):
        return map_context(live.store, workshop, phase, role)

    def someone_acted(self, live, workshop, phase):
        return bool(queries.anyone_named(live.store, workshop["id"], phase.key))

    def blank_personal(self, workshop, phase):
        return {"my_actors": []} if phase.activity == self.key else {}

    def personal(self, store, workshop, phase, participant):
        """The actors this phone has named in the phase (me.my_actors)."""
        if phase.activity != self.key:
            return {}
        return {"my_actors": queries.my_mentions(store, participant["id"], phase.key)}

    def me_context(self, store, workshop, phase, participant, **hints):
        return {"organisation_names": ORGANISATION_NAMES}

    def counts(self, store, workshop):
        named = queries.mention_count(store, workshop["id"])
        return [Count("actors", named, ngettext("actor named", "actors named", named),
                      ngettext("%(num)s actor named", "%(num)s actors named", named),
                      on_projector=named > 0)]

@live_part("actors_map")
def render_map(realtime, workshop, role, ids):
    """The map on the projector, the merge and split table on the facilitator's page."""
    phase = phases.current_phase(workshop)
    if role == "participant" or phase.activity != actors.key:
        return None
    html = render_fragment(actors.template("map.html"), "actors_map", workshop=workshop,
                           role=role, phase=phase,
                           **map_context(realtime.store, workshop, phase, role))
    return ACTORS_CHANGED, {"target": "actors-map", "html": html}


actors = register(Actors(
    "actors", folder_of(__file__), participant_actions=frozenset({"name_actor"}),
    routes=actions.routes, events=(ACTORS_CHANGED,), order=70,
    export_schema=exports.SCHEMA, name=N_("Actor map")))
