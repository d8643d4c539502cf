"""How long a large workshop takes to export: 10,000 participants, 5,000 topics, 50,000 dots.

Usage: .venv/bin/python benchmarks/export_speed.py [--participants N] [--topics N] [--seed N]

Builds the workshop in a temporary SQLite file, then prints the best of three runs
for building the document and for each format, and the size of each export.
"""

import argparse
import io
import json
import random
import tempfile
import time
from pathlib import Path

from workshop.activities.backlog import queries as backlog_queries
from workshop.db import Store, now_iso
from workshop.exporting.csv_files import write_csv_tables
from workshop.exporting.document import workshop_document
from workshop.exporting.markdown import markdown
from workshop.exporting.xlsx import write_xlsx
from workshop.methods import plan_for
from workshop.workshops import create_workshop

DOTS_PER_PARTICIPANT = 5
MAX_DOTS_PER_TOPIC = 3
RUNS = 3
WORDS = ("bättre", "cykelbanor", "öppettider", "skolan", "äldreboende", "belysning",
         "parkering", "bibliotek", "trygghet", "kollektivtrafik", "lekplats", "grönområden")


def build_workshop(store: Store, participants: int, topics: int, rng: random.Random) -> dict:
    """A workshop where everyone voted; rows go in directly, as the app's own rules would allow."""
    workshop, _ = create_workshop(store, {
        "title": "Stor workshop om välfärd", "description": "Vad ska kommunen göra först?",
        "language": "sv", "method": "quick", "plan": plan_for("quick", {"voting": {"dots": DOTS_PER_PARTICIPANT, "max_per_item": MAX_DOTS_PER_TOPIC}}),
        "names_enabled": 0})
    w, now = workshop["id"], now_iso()
    with store.db.conn:
        store.db["participants"].insert_all(
            {"id": n, "workshop_id": w, "key": f"bench-{n}", "display_name": None,
             "created_at": now} for n in range(1, participants + 1))
        store.db["topics"].insert_all(
            {"id": n, "workshop_id": w, "participant_id": rng.randint(1, participants),
             "text": " ".join(rng.choices(WORDS, k=rng.randint(3, 9))).capitalize(),
             "created_at": now} for n in range(1, topics + 1))
        store.db["dots"].insert_all(
            {"workshop_id": w, "topic_id": topic, "participant_id": person, "created_at": now}
            for person in range(1, participants + 1) for topic in ballot(rng, topics))
    for position in range(1, 31):
        backlog_queries.insert_backlog_item(store, w, {"title": f"Åtgärd {position}", "votes": 40 - position,
                                      "quick_win": position % 4 == 0,
                                      "due_date": "2027-03-31"}, [position])
    return store.workshop_by_id(w)


def ballot(rng: random.Random, topics: int) -> list[int]:
    """One participant's five dots: at most three on one topic, as the app allows."""
    while True:
        dots = rng.choices(range(1, topics + 1), k=DOTS_PER_PARTICIPANT)
        if max(dots.count(topic) for topic in dots) <= MAX_DOTS_PER_TOPIC:
            return dots


def best_of(runs: int, work) -> tuple[float, object]:
    """The fastest of several runs, in seconds, with the last run's result."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def xlsx_bytes(document: dict) -> bytes:
    target = io.BytesIO()
    write_xlsx(document, target)
    return target.getvalue()


def csv_size(document: dict, directory: Path) -> int:
    return sum(path.stat().st_size for path in write_csv_tables(document, directory))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--topics", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        store = Store(Path(temporary) / "samla.db")
        started = time.perf_counter()
        workshop = build_workshop(store, options.participants, options.topics,
                                  random.Random(options.seed))
        print(f"set-up: {time.perf_counter() - started:.1f} s")
        seconds, document = best_of(RUNS, lambda: workshop_document(store, workshop))
        print(f"{len(document['participants'])} participants, {len(document['topics'])} "
              f"topics, {sum(v['dots'] for v in document['votes'])} dots in "
              f"{len(document['votes'])} vote rows; best of {RUNS}:")
        report("document", seconds, None)
        report("XLSX", *best_of(RUNS, lambda: len(xlsx_bytes(document))))
        report("CSV tables", *best_of(RUNS, lambda: csv_size(document, Path(temporary))))
        report("Markdown", *best_of(RUNS, lambda: len(markdown(document).encode())))
        report("JSON", *best_of(RUNS, lambda: len(json.dumps(document, ensure_ascii=False)
                                                   .encode())))
        store.close()


def report(name: str, seconds: float, size: int | None) -> None:
    size_text = f"{size / 1024:8.0f} KiB" if size is not None else ""
    print(f"  {name:<11} {seconds * 1000:7.0f} ms  {size_text}")


if __name__ == "__main__":
    main()
