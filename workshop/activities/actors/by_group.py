"""The actor map per participant group (activities.by_group): how many people of each
group named each actor. The actors are the participants' own words (a title, a note),
and an actor only one person of a group named ties those words to the group, so the
table takes the workshop's higher k for free text (group_text_min_size), as
suppression.py asks of text attributed to a group.
"""

from workshop.activities.actors import queries
from workshop.activities.actors.map import actors_of
from workshop.activities.actors.names import ORGANISATION_NAMES
from workshop.activities.by_group import group_table, sees_groups
from workshop.i18n import N_, gettext


def named_by_group(store, workshop: dict, phase, actors: list[dict], moved: dict[str, str],
                   protected: bool = True) -> dict | None:
    """People per actor per group, small groups hidden (below the text k) unless not
    `protected`; None without groups. `actors`: the room's (map.actors_of, most named
    first), each row's item its place in that list (1, 2 …); `moved`: the facilitator's
    moves {variant: actor key}, so that a group's mentions merge as the room's do."""
    places = {actor["key"]: place for place, actor in enumerate(actors, 1)}
    return group_table(
        store, workshop, title=N_("People who named each actor, per group"), phase=phase.key,
        measure="people", k=workshop["group_text_min_size"], protected=protected,
        items=[{"id": places[a["key"]], "total": a["people"],
                "text": f"{a['title']} ({gettext(ORGANISATION_NAMES[a['organisation']])})"}
               for a in actors],
        answered=lambda: queries.namers_by_group(store, workshop["id"], phase.key),
        values_of=lambda group: {places[a["key"]]: a["people"] for a in actors_of(
            queries.group_mentions(store, workshop["id"], phase.key, group), moved)})


def group_context(store, workshop: dict, phase, actors: list[dict], moved: dict[str, str],
                  role: str) -> dict:
    """`group_actors` (named_by_group) where `role` sees groups (by_group.sees_groups)."""
    return {"group_actors": named_by_group(store, workshop, phase, actors, moved)
            if sees_groups(workshop, role) else None}
