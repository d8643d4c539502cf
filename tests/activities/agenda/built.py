"""A workshop built straight in the database (no HTTP), for the wall's rules and
Auto-schedule: rooms, slots and one session per convenor."""

from dataclasses import dataclass

from workshop.activities.agenda import queries
from workshop.activities.marketplace import queries as market
from workshop.methods import plan_for
from workshop.workshops import create_workshop

SETTINGS = {"title": "Open Space", "description": "", "language": "sv",
            "method": "open_space", "names_enabled": 0, "plan": plan_for("open_space")}


@dataclass
class Built:
    workshop: dict
    rooms: list[int]
    slots: list[int]
    sessions: list[dict]


def built_workshop(store, sessions: int = 6, rooms=(("Stora salen", 60), ("Grupprum 2", 12)),
                   slots=(("10:00", "10:45", ""), ("11:00", "11:45", ""),
                          ("12:00", "13:00", "Lunch"), ("13:00", "13:45", ""))) -> Built:
    workshop, _ = create_workshop(store, SETTINGS)
    for name, capacity in rooms:
        queries.add_room(store, workshop["id"], name, capacity, 40)
    for starts, ends, plenary in slots:
        queries.add_slot(store, workshop["id"], starts, ends, plenary, 40)
    convened = []
    for n in range(sessions):
        convenor = store.insert_participant(workshop["id"], f"c{n}-{workshop['id']}", None)
        convened.append(market.convene(store, workshop["id"], convenor["id"], {
            "title": f"Session {n}", "line": "", "convenor_name": "", "co_convenors": ""},
            5, 200))
    return Built(workshop, [r["id"] for r in queries.rooms(store, workshop["id"])],
                 [s["id"] for s in queries.slots(store, workshop["id"])], convened)
