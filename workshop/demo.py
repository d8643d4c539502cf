"""A sample workshop to look around in: `python run.py --demo`."""

from workshop.activities.topics.queries import insert_topic
from workshop.db import Store
from workshop.methods import all_methods, plan_json
from workshop.workshops import create_workshop

DEMO_TOPICS = (
    "En väg in: ett telefonnummer för alla frågor om barn och unga",
    "Elevhälsan och BUP behöver dela information snabbare (med samtycke)",
    "Föräldrar vet inte vart de ska vända sig",
    "Fritidsgården som mötesplats för tidiga insatser",
    "Gemensam introduktion för ny personal i skola och socialtjänst",
)


def create_demo(db_path, base_url: str) -> None:
    """Create a workshop in its topics phase with a few topics, and print its links."""
    store = Store(db_path)
    workshop, secret = create_workshop(store, {
        "title": "En dörr in för barn och familjer",
        "description": "Vad behöver ändras för att barn och familjer ska få rätt hjälp i tid?",
        "language": "sv", "method": "quick", "names_enabled": 0,
        "plan": plan_json(all_methods()["quick"].phases),
    })
    for text in DEMO_TOPICS:
        insert_topic(store, workshop["id"], None, text, limit=len(DEMO_TOPICS))
    store.move_phase(workshop["id"], 0, 1)
    store.close()
    print(f"Demo workshop {workshop['code']}:\n"
          f"  facilitator: {base_url}/f/{secret}\n"
          f"  participants: {base_url}/w/{workshop['code']}\n"
          f"  projector: {base_url}/w/{workshop['code']}/projector?key={workshop['projector_key']}",
          flush=True)
