"""Resultat: what the room prioritised (the ranking), the quick wins from the ratings,
and, once the facilitator publishes it, the backlog: what happens next."""

from workshop import activities
from workshop.activities import Activity, folder_of, register


class Results(Activity):
    def stage(self, live, workshop, phase, role):
        context = {"tally": activities.read("ranking", live.store, workshop)}
        context.update(activities.read("rating_matrix", live.store, workshop))
        return context


register(Results("results", folder_of(__file__), reads=("ranking", "rating_matrix", "ratings",
                                                      "backlog"),
                 order=50, name="Results"))
