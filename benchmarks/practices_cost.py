"""Server CPU per action and per live push for the three activities of issue 14 (Fördela
100 poäng, Värderingsövning, Aktörskarta), in one process on a real SQLite file.

For N phones (default 200 and 1,000) it builds a room of each method over HTTP
(Starlette's TestClient, so the requests run the real app) and prints the median and
95th percentile of CPU ms (time.process_time: all threads of this process) per phone
action, and per render of the projector's live part once every phone has acted, which
the server does once per room and push. Nothing passes or fails.

    .venv/bin/python benchmarks/practices_cost.py --phones 200 1000
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# All phones come from one address here: the per-address join limit is not measured.
os.environ.setdefault("SAMLA_RATE_JOINS", "100000/minute")
os.environ.setdefault("SAMLA_RATE_WORKSHOP_JOINS", "100000/minute")

from starlette.testclient import TestClient  # noqa: E402

from tests.flows import act, create_workshop, join, move_phase  # noqa: E402
from workshop.app import create_app  # noqa: E402
from workshop.realtime import LIVE_PARTS  # noqa: E402

TITLES = ["Skolkuratorn", "kurator i skolan", "BUP", "Barnpsykiatrin", "Socialsekreterare",
          "Skolsköterskan", "Läkare för barn", "Barnläkaren", "Fritidsledare", "Polisen",
          "Elevhälsan", "Mentorn", "Rektorn", "Tandläkare", "Logoped", "Habiliteringen"]


def cpu_ms(action) -> float:
    start = time.process_time()
    action()
    return (time.process_time() - start) * 1000


def figures(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"{label:<44} median {statistics.median(ordered):6.2f} ms   p95 {p95:6.2f} ms"


def room(client, method: str, phones: int) -> tuple[dict, list]:
    workshop = create_workshop(client, method=method)
    joined = []
    for _ in range(phones):
        phone = TestClient(client.app)
        joined.append((phone, join(phone, workshop["code"])))
    move_phase(client, workshop, 0)
    return workshop, joined


def push_cost(client, workshop: dict, part: str) -> list[float]:
    state = client.app.other_asgi_app.state
    saved = state.store.workshop_by_code(workshop["code"])
    return [cpu_ms(lambda: LIVE_PARTS[part](state.realtime, saved, "projector", ()))
            for _ in range(20)]


def allocation(client, phones: int, chooser: random.Random) -> None:
    workshop, joined = room(client, "time_use", phones)
    code = workshop["code"]
    act(client, f"/w/{code}/allocation/options", workshop["csrf"],
        options="\n".join(f"Alternativ {n}" for n in range(1, 6)))
    taps, saves = [], []
    for phone, csrf in joined:
        cuts = sorted(chooser.sample(range(101), 4))
        points = {f"points-{n}": str(b - a)
                  for n, (a, b) in enumerate(zip([0, *cuts], [*cuts, 100]), 1)}
        taps.append(cpu_ms(lambda: act(phone, f"/w/{code}/allocation/draft", csrf,
                                       nudge="1:+5", **points)))
        saves.append(cpu_ms(lambda: act(phone, f"/w/{code}/allocation", csrf, **points)))
    print(figures(f"allocation: a stepper tap ({phones} phones)", taps))
    print(figures(f"allocation: a save ({phones} phones)", saves))
    print(figures(f"allocation: projector push, {phones} saved", push_cost(
        client, workshop, "allocation_results")))


def values(client, phones: int, chooser: random.Random) -> None:
    workshop, joined = room(client, "values", phones)
    code = workshop["code"]
    act(client, f"/w/{code}/values/statements", workshop["csrf"],
        statements="\n".join(f"Påstående {n}" for n in range(1, 6)))
    answers = []
    for phone, csrf in joined:
        positions = {f"statement-{n}": str(chooser.randint(1, 4)) for n in range(1, 6)}
        answers.append(cpu_ms(lambda: act(phone, f"/w/{code}/values", csrf, **positions)))
    act(client, f"/w/{code}/values/show", workshop["csrf"], show="1")
    for phone, csrf in joined:
        act(phone, f"/w/{code}/values", csrf,
            **{f"statement-{n}": str(chooser.randint(1, 4)) for n in range(1, 6)})
    act(client, f"/w/{code}/values/show", workshop["csrf"], show="2")
    print(figures(f"values: an answer of 5 ({phones} phones)", answers))
    print(figures(f"values: projector push, shift of {phones}", push_cost(
        client, workshop, "values_results")))


def actors(client, phones: int, chooser: random.Random) -> None:
    workshop, joined = room(client, "actors", phones)
    code = workshop["code"]
    named = []
    for phone, csrf in joined:
        for title in chooser.sample(TITLES, 3):
            named.append(cpu_ms(lambda: act(phone, f"/w/{code}/actors", csrf, title=title,
                                            organisation=chooser.choice(["kommun", "region"]))))
    print(figures(f"actors: naming one ({phones} phones)", named))
    print(figures(f"actors: projector push, {3 * phones} mentions", push_cost(
        client, workshop, "actors_map")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, nargs="+", default=[200, 1000])
    args = parser.parse_args()
    for phones in args.phones:
        with tempfile.TemporaryDirectory() as folder:
            app = create_app(Path(folder) / "samla.db", secret_key="bench")
            with TestClient(app) as client:
                for activity in (allocation, values, actors):
                    activity(client, phones, random.Random(1))


if __name__ == "__main__":
    main()
