"""Auto-schedule quality and speed: Samla's scheduler beside random, greedy and the optimum.

Three cases: 24 real statements of the Polis conversation bg2050-volunteers as sessions
with their "agree" votes as interest (126 people, 4 rooms × 6 slots), and generated rooms
of 50 people × 20 sessions and 300 people × 60 sessions. For each it prints interest
conflicts, convenor clashes, people over room capacity, solve time (CPU and wall), and
the sessions moved when the agenda is scheduled again after 3 late sessions, for random
placement, a greedy by interest, Samla's scheduler and, on the small cases, the exact
optimum of the conflicts (a MILP solved by HiGHS through scipy.optimize.milp).

    .venv/bin/python benchmarks/agenda_schedule.py
    .venv/bin/python benchmarks/agenda_schedule.py --design   # and the figures behind its constants
    .venv/bin/python benchmarks/agenda_schedule.py --exact-limit 600 --cases polis

benchmarks/README.md explains each figure and how it is measured.
"""

import argparse
import csv
import itertools
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from unittest import mock

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workshop import scheduling  # noqa: E402
from workshop.scheduling import (  # noqa: E402
    Room,
    Session,
    Slot,
    capacity_overflows,
    conflicts,
    convenor_clashes,
    moves,
    schedule,
)

POLIS = Path("/work/shared/data/polis-bg2050-volunteers")
POLIS_SESSIONS = 24
LATE = 3  # sessions posted after the first agenda
LATE_SHARE = 0.25  # share of a late session's interest known when the agenda is re-run
RANDOM_DRAWS = 20


@dataclass
class Case:
    name: str
    rooms: list[Room]
    slots: list[Slot]
    sessions: list[Session]  # all, the late ones last
    small: bool  # small enough for the exact optimum

    def early(self) -> list[Session]:
        return self.sessions[:-LATE]

    def late_rerun(self, seed: int) -> list[Session]:
        """The sessions at the re-run: the late ones with a share of their interest."""
        rng = random.Random(seed)
        late = [replace(s, interested=frozenset(
                    rng.sample(sorted(s.interested), round(LATE_SHARE * len(s.interested)))),
                    exposure=LATE_SHARE) for s in self.sessions[-LATE:]]
        return self.early() + late


def polis_case() -> Case:
    """The first 24 accepted participant statements (seed and meta statements left out)
    in posting order; the author convenes; a voter's latest vote counts; the last 3
    posted are the late sessions."""
    with open(POLIS / "comments.csv", newline="") as file:
        statements = [row for row in csv.DictReader(file) if row["moderated"] == "1"
                      and row["is-seed"] == "false" and row["is-meta"] == "false"]
    statements.sort(key=lambda row: int(row["timestamp"]))
    latest = {}
    with open(POLIS / "votes.csv", newline="") as file:
        for row in csv.DictReader(file):
            key = (row["comment-id"], row["voter-id"])
            if key not in latest or latest[key][0] <= int(row["timestamp"]):
                latest[key] = (int(row["timestamp"]), row["vote"])
    agree = defaultdict(set)
    for (comment, voter), (_, vote) in latest.items():
        if vote == "1":
            agree[comment].add(f"p{voter}")
    sessions = [Session(row["comment-id"], frozenset({f"p{row['author-id']}"}),
                        frozenset(agree[row["comment-id"]]))
                for row in statements[:POLIS_SESSIONS]]
    rooms = [Room("Hall", 65), Room("Lab", 55), Room("Studio", 45), Room("Nook", 35)]
    return Case("Polis bg2050: 126 people, 24 sessions, 4 rooms × 6 slots", rooms,
                [Slot(f"s{t}") for t in range(6)], sessions, small=True)


def generated_case(people: int, count: int, rooms: list[Room], slots: int, lunch: int,
                   seed: int) -> Case:
    """`count` sessions (the last 3 late) in themes of unequal pull; each person marks
    about a fifth of them, four times as likely in their one or two favourite themes;
    one convenor each, and about one session in six run by someone who already
    convenes one."""
    rng = np.random.default_rng(seed)
    themes = max(3, count // 8)
    theme = rng.integers(themes, size=count)
    pull = rng.lognormal(0, 0.5, size=count)
    marks = defaultdict(set)
    for person in range(people):
        favourite = rng.choice(themes, size=rng.integers(1, 3), replace=False)
        weight = pull * np.where(np.isin(theme, favourite), 4.0, 1.0)
        wanted = max(1, min(count, rng.poisson(count / 5)))
        for s in rng.choice(count, size=wanted, replace=False, p=weight / weight.sum()):
            marks[s].add(f"p{person}")
    convenor = []
    for s in range(count):
        again = convenor and rng.random() < 1 / 6
        convenor.append(convenor[rng.integers(len(convenor))] if again
                        else f"p{rng.integers(people)}")
    sessions = [Session(f"g{s}", frozenset({convenor[s]}), frozenset(marks[s]))
                for s in range(count)]
    grid = [Slot(f"s{t}", blocked=t == lunch) for t in range(slots)]
    return Case(f"generated: {people} people, {count} sessions, {len(rooms)} rooms × "
                f"{slots} slots (one lunch)", rooms, grid, sessions, small=count <= 24)


def cases() -> dict[str, Case]:
    return {
        "polis": polis_case(),
        "small": generated_case(50, 20, [Room("A", 15), Room("B", 10), Room("C", 8),
                                         Room("D", 6)], 7, 3, seed=1),
        "large": generated_case(300, 60, [Room(k, c) for k, c in zip(
            "ABCDEFGH", (120, 90, 70, 60, 50, 40, 35, 30))], 9, 4, seed=2),
    }


def open_cells(case: Case) -> list[tuple]:
    return [(room.id, slot.id) for slot in case.slots if not slot.blocked
            for room in case.rooms]


def random_placement(case: Case, sessions: list[Session], seed: int) -> dict:
    cells = open_cells(case)
    random.Random(seed).shuffle(cells)
    return {s.id: cell for s, cell in zip(sessions, cells)}


def greedy_by_interest(case: Case, sessions: list[Session]) -> dict:
    """The most wanted session first, each into the slot where it adds the fewest
    interest conflicts without a convenor clash, in that slot's biggest free room."""
    free = {slot.id: sorted(case.rooms, key=lambda r: -(r.capacity or 10**9))
            for slot in case.slots if not slot.blocked}
    cells, placed = {}, defaultdict(list)
    for session in sorted(sessions, key=lambda s: -len(s.wanted_by)):
        fits = [t for t in free if free[t] and not any(
            other.convenors & session.convenors for other in placed[t])]
        if fits:
            slot = min(fits, key=lambda t: sum(len(session.wanted_by & other.wanted_by)
                                               for other in placed[t]))
            cells[session.id] = (free[slot].pop(0).id, slot)
            placed[slot].append(session)
    return cells


def exact_optimum(case: Case, sessions: list[Session], limit: float):
    """The fewest interest conflicts (capacity and moves left aside) by set partitioning:
    every group of at most one session per room with no convenor twice is a column
    costing the people-pairs it puts together; a MILP (HiGHS through scipy.optimize.milp)
    picks groups covering each session once, at most one group per open slot. Slots are
    alike (no pins here), so a group needs no slot label; rooms are then given biggest
    first. Returns (cells, proven lower bound, whether proven optimal)."""
    slots = [slot.id for slot in case.slots if not slot.blocked]
    groups = [group for size in range(1, len(case.rooms) + 1)
              for group in itertools.combinations(range(len(sessions)), size)
              if no_convenor_twice(sessions, group)]
    shared = [[len(a.wanted_by & b.wanted_by) for b in sessions] for a in sessions]
    cost = [sum(shared[a][b] for a, b in itertools.combinations(group, 2)) for group in groups]
    member = coo_matrix(([1] * sum(map(len, groups)),
                         ([i for group in groups for i in group],
                          [g for g, group in enumerate(groups) for _ in group])),
                        shape=(len(sessions), len(groups)))
    result = milp(cost, integrality=np.ones(len(groups)), bounds=Bounds(0, 1),
                  constraints=[LinearConstraint(member.tocsr(), 1, 1),
                               LinearConstraint(np.ones((1, len(groups))), 0, len(slots))],
                  options={"time_limit": limit, "disp": False})
    chosen = [groups[g] for g in np.flatnonzero(result.x > 0.5)]
    big_first = sorted(case.rooms, key=lambda room: -(room.capacity or 10**9))
    cells = {}
    for slot, group in zip(slots, chosen):
        by_interest = sorted(group, key=lambda i: -len(sessions[i].wanted_by))
        cells.update({sessions[i].id: (room.id, slot) for i, room in zip(by_interest, big_first)})
    return cells, result.mip_dual_bound, result.status == 0


def no_convenor_twice(sessions: list[Session], group: tuple[int, ...]) -> bool:
    convenors = [person for i in group for person in sessions[i].convenors]
    return len(convenors) == len(set(convenors))


@dataclass
class Row:
    name: str
    conflicts: float
    clashes: float
    overflow: float
    cpu: float
    wall: float
    moves: float
    after: float  # interest conflicts of the re-run agenda, late interest in full
    note: str = ""


def timed(work):
    cpu, wall = time.process_time(), time.perf_counter()
    result = work()
    return result, time.process_time() - cpu, time.perf_counter() - wall


def measure(case: Case, name: str, cells: dict, rerun: dict, first: dict, cpu: float,
            wall: float, note: str = "") -> Row:
    return Row(name, conflicts(cells, case.sessions), convenor_clashes(cells, case.sessions),
               capacity_overflows(cells, case.sessions, case.rooms), cpu, wall,
               moves(first, rerun), conflicts(rerun, case.sessions), note)


def random_rows(case: Case) -> Row:
    rows = []
    for draw in range(RANDOM_DRAWS):
        cells, cpu, wall = timed(lambda: random_placement(case, case.sessions, draw))
        first = random_placement(case, case.early(), 1000 + draw)
        rerun = random_placement(case, case.late_rerun(draw), 2000 + draw)
        rows.append(measure(case, "random", cells, rerun, first, cpu, wall))
    return Row(f"random placement (mean of {RANDOM_DRAWS})",
               *(float(np.mean([getattr(r, f) for r in rows]))
                 for f in ("conflicts", "clashes", "overflow", "cpu", "wall", "moves", "after")))


def greedy_row(case: Case) -> Row:
    cells, cpu, wall = timed(lambda: greedy_by_interest(case, case.sessions))
    first = greedy_by_interest(case, case.early())
    rerun = greedy_by_interest(case, case.late_rerun(0))
    return measure(case, "greedy by interest", cells, rerun, first, cpu, wall)


def samla_row(case: Case) -> Row:
    agenda, cpu, wall = timed(lambda: schedule(case.rooms, case.slots, case.sessions))
    first = schedule(case.rooms, case.slots, case.early()).cells
    rerun = schedule(case.rooms, case.slots, case.late_rerun(0), previous=first).cells
    note = f"{len(agenda.unplaced)} unplaced" if agenda.unplaced else ""
    return measure(case, "**Samla's scheduler**", agenda.cells, rerun, first, cpu, wall, note)


def exact_row(case: Case, limit: float) -> Row:
    (cells, bound, proven), cpu, wall = timed(lambda: exact_optimum(case, case.sessions, limit))
    first, _, _ = exact_optimum(case, case.early(), limit)
    rerun, _, _ = exact_optimum(case, case.late_rerun(0), limit)
    note = "proven optimum" if proven else f"not proven in {limit:.0f} s; bound {bound:.0f}"
    return measure(case, "exact MILP (conflicts only)", cells, rerun, first, cpu, wall, note)


def report(case: Case, rows: list[Row]) -> None:
    print(f"\n### {case.name}\n")
    print("| method | interest conflicts | convenor clashes | people over capacity "
          "| CPU s | wall s | moves after 3 late | conflicts then | note |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r.name} | {r.conflicts:.0f} | {r.clashes:.1f} | {r.overflow:.0f} | "
              f"{r.cpu:.2f} | {r.wall:.2f} | {r.moves:.1f} | {r.after:.0f} | {r.note} |")


def design_choices(every: dict[str, Case]) -> None:
    """The figures behind the scheduler's constants (benchmarks/README.md)."""
    weight_choice(every)
    ballast_choice(every)
    steps_choice(every)


def weight_choice(every: dict[str, Case]) -> None:
    print("\n### Capacity weight: interest conflicts / people over capacity (seeds 0-3)\n")
    print("| weight | " + " | ".join(every) + " |")
    print("|---|" + "---|" * len(every))
    for weight in (1.0, 0.5, 0.25, 0.1):
        with mock.patch.object(scheduling, "CAPACITY_WEIGHT", weight):
            cells = {key: [schedule(c.rooms, c.slots, c.sessions, seed=seed).cells
                           for seed in range(4)] for key, c in every.items()}
        print(f"| {weight} | " + " | ".join(
            " ".join(f"{conflicts(x, c.sessions)}/{capacity_overflows(x, c.sessions, c.rooms)}"
                     for x in cells[key]) for key, c in every.items()) + " |")


def ballast_choice(every: dict[str, Case], draws: int = 8) -> None:
    print(f"\n### Ballast: conflicts after the re-run, late interest in full / moves "
          f"(mean of {draws} draws of the late interest)\n")
    print("| ballast | " + " | ".join(every) + " |")
    print("|---|" + "---|" * len(every))
    first = {key: schedule(c.rooms, c.slots, c.early()).cells for key, c in every.items()}
    for ballast in (0, 2, 5, 10, 1e9):
        figures = []
        for key, c in every.items():
            again = [schedule(c.rooms, c.slots, c.late_rerun(draw), previous=first[key],
                              ballast=ballast).cells for draw in range(draws)]
            figures.append(f"{np.mean([conflicts(x, c.sessions) for x in again]):.1f} / "
                           f"{np.mean([moves(first[key], x) for x in again]):.2f}")
        print(f"| {'none (1e9)' if ballast == 1e9 else ballast} | " + " | ".join(figures) + " |")


def steps_choice(every: dict[str, Case]) -> None:
    print("\n### Annealing steps per session: mean conflicts (seeds 0-3), CPU s per run\n")
    print("| steps | " + " | ".join(every) + " |")
    print("|---|" + "---|" * len(every))
    for steps in (500, 1000, 2000, 5000):
        figures = []
        with mock.patch.object(scheduling, "STEPS_PER_SESSION", steps):
            for c in every.values():
                runs = [timed(lambda: schedule(c.rooms, c.slots, c.sessions, seed=seed))
                        for seed in range(4)]
                found = np.mean([conflicts(agenda.cells, c.sessions) for agenda, _, _ in runs])
                figures.append(f"{found:.1f}, {np.mean([cpu for _, cpu, _ in runs]):.2f} s")
        print(f"| {steps} | " + " | ".join(figures) + " |")


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", default=["polis", "small", "large"],
                        choices=["polis", "small", "large"])
    parser.add_argument("--exact-limit", type=float, default=300.0,
                        help="seconds for each exact MILP solve (small cases only)")
    parser.add_argument("--design", action="store_true",
                        help="also print the figures behind the scheduler's constants")
    return parser.parse_args()


def main() -> None:
    options = arguments()
    every = cases()
    for key in options.cases:
        case = every[key]
        rows = [random_rows(case), greedy_row(case), samla_row(case)]
        if case.small:
            rows.append(exact_row(case, options.exact_limit))
        report(case, rows)
    if options.design:
        design_choices({key: every[key] for key in options.cases})


if __name__ == "__main__":
    main()
