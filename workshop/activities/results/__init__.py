"""Resultat: what the room prioritised (the ranking), the quick wins from the ratings,
and, once the facilitator publishes it, the backlog: what happens next."""

from workshop import activities
from workshop.activities import Activity, folder_of, register
from workshop.activities.by_group import sees_groups


class Results(Activity):
    def stage(self, live, workshop, phase, role):
        """The ranking and the ratings; per participant group where the role sees groups."""
        context = {"tally": activities.read("ranking", live.store, workshop)}
        context.update(activities.read("rating_matrix", live.store, workshop))
        if sees_groups(workshop, role):
            context["group_tally"] = activities.read("ranking_by_group", live.store, workshop)
            context["group_ratings"] = activities.read("ratings_by_group", live.store, workshop)
        return context


register(Results("results", folder_of(__file__), reads=("ranking", "rating_matrix", "ratings",
                                                      "backlog", "ranking_by_group",
                                                      "ratings_by_group"),
                 order=50, name="Results"))
