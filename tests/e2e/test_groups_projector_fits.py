"""Results per group on the projector (the facilitator's switch) fit 1920×1080 and
1280×720 as every projector view must: Föräldradialog with 100 topics, its three groups
and twelve phones in them (5, 5, 2: two groups hidden), through voting (counts shown),
rating and results (and its welcome and wall of notes)."""

import httpx

from tests.e2e.test_projector_fits import PHONES, Room, notes, watch  # noqa: F401 (fixture)
from tests.flows import join

SIZES_OF_GROUPS = (5, 5, 2)  # the last hidden, and the next smallest with it
assert sum(SIZES_OF_GROUPS) == PHONES


class GroupRoom(Room):
    """A Room whose phones join in the method's groups."""

    def join_phones(self):
        self.phones = []
        for group, size in enumerate(SIZES_OF_GROUPS, 1):
            for _ in range(size):
                phone = httpx.Client(base_url=self.server.url, follow_redirects=True,
                                     timeout=30)
                phone.csrf = join(phone, self.code, group=str(group))
                self.phones.append(phone)


def test_parent_dialogue_fits_with_results_per_group_on_the_projector(live_server, watch):
    room = GroupRoom(live_server, "parent_dialogue", show_counts_during_voting="on")
    try:
        room.facilitate("groups/projector", groups_on_projector="on")
        projector, look = watch(room)
        look("welcome", {})
        room.next_phase()
        room.facilitate("topics/from-paper", notes="\n".join(notes(100)))
        look("topics", {"topic-list": 100})
        room.next_phase()
        room.vote([str(topic) for topic in room.posts("topic-list")])
        look("voting", {"groups-voting-dots": 100})
        room.next_phase()
        room.rate(cards=10)
        look("rating", {"groups-rating-impact": 10, "groups-rating-effort": 10})
        room.next_phase()
        # Results: the dots per group, and the room's impact and effort beside them.
        look("results", {"groups-voting-dots": 100, "ratings": 10})
    finally:
        room.close()
