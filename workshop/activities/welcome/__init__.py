"""Välkommen: the room joins; the projector shows the title, the question and how to join,
with the join code and QR code large enough to read from the back of the room."""

from workshop.activities import Activity, folder_of, register


class Welcome(Activity):
    def stage(self, live, workshop, phase, role):
        if role == "projector":
            return {"headline": workshop["title"], "headline_class": "welcome-title",
                    "join_large": True}
        return {}


register(Welcome("welcome", folder_of(__file__), order=0, name="Welcome"))
