"""What results per participant group cost the server: the facilitator's tally with its
dots per group (rendered at every coalesced push while a room votes), and the means per
group while rating, for a room of 1,000 phones in 4 groups (+ some with no group).

Usage: .venv/bin/python benchmarks/group_results.py [--phones N] [--topics N] [--seed N]

Prints the median CPU ms (process time) of 50 runs: the tally alone, its dots per
group, and the means per group; then the same in a workshop without groups, where a
table per group costs one look-up that finds none.
"""

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from workshop import activities
from workshop.activities.rating.cards import ratings_by_group
from workshop.activities.rating.quick_wins import rating_results
from workshop.activities.voting.tally import standings, tally_by_group, tally_of, target_of
from workshop.db import Store, now_iso
from workshop.groups import add_group
from workshop.methods import plan_for
from workshop.phases import plan_of
from workshop.workshops import create_workshop

RUNS = 50
GROUPS = ("Ung 13–17", "Vårdnadshavare", "Personal skola", "Personal socialtjänst")


def room(store: Store, phones: int, topics: int, grouped: bool, rng: random.Random) -> dict:
    workshop, _ = create_workshop(store, {
        "title": "Ungdomsdialog", "description": "", "language": "sv",
        "method": "low_hanging_fruit", "names_enabled": 0,
        "plan": plan_for("low_hanging_fruit")})
    if grouped:
        for label in GROUPS:
            add_group(store, workshop["id"], label)
    w, now = workshop["id"], now_iso()
    with store.db.conn:
        topic_ids = [store.db.execute(
            "INSERT INTO topics (workshop_id, text, created_at) VALUES (?, ?, ?)",
            [w, f"Förslag {n}", now]).lastrowid for n in range(topics)]
        for n in range(phones):
            group = rng.choice([1, 1, 2, 3, 4, None]) if grouped else None
            p = store.db.execute("INSERT INTO participants (workshop_id, key, group_number,"
                                 " created_at) VALUES (?, ?, ?, ?)",
                                 [w, f"k{w}-{n}", group, now]).lastrowid
            for topic in rng.sample(topic_ids, 5):
                store.db.execute("INSERT INTO dots (workshop_id, topic_id, participant_id,"
                                 " phase, created_at) VALUES (?, ?, ?, 'voting', ?)",
                                 [w, topic, p, now])
            for topic in topic_ids[:10]:
                store.db.execute("INSERT INTO ratings (workshop_id, participant_id, kind, item,"
                                 " impact, effort, updated_at) VALUES (?, ?, 'topic', ?, ?, ?,"
                                 " ?)", [w, p, topic, rng.randint(1, 5), rng.randint(1, 5), now])
    return store.workshop_by_id(w)


def cpu_ms(work) -> float:
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        work()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--topics", type=int, default=100)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    activities.discover()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.db")
        rng = random.Random(args.seed)
        for grouped in (True, False):
            workshop = room(store, args.phones, args.topics, grouped, rng)
            phase = plan_of(workshop)[2]
            target = target_of(workshop, phase)
            tally = standings(tally_of(store, workshop, target))
            results = rating_results(store, workshop)
            name = "4 groups" if grouped else "no groups"
            print(f"{args.phones} phones, {args.topics} topics, {name}: median CPU ms of {RUNS}")
            print(f"  tally alone           {cpu_ms(lambda: standings(tally_of(store, workshop, target))):7.2f}")
            print(f"  dots per group        {cpu_ms(lambda: tally_by_group(store, workshop, target, tally)):7.2f}")
            print(f"  ratings per group     {cpu_ms(lambda: ratings_by_group(store, workshop, results)):7.2f}")
        store.close()


if __name__ == "__main__":
    main()
