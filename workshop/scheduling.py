"""Auto-schedule: an Open Space agenda of sessions in rooms × time slots.

Pure data in, an agenda out; no web or database code. The agenda activity passes its
rooms, time slots and sessions (convenors, interested people, pinned cell, started) and
the agenda on the wall, if any; `schedule` proposes a cell for every session it can
place. `conflicts`, `convenor_clashes`, `capacity_overflows` and `moves` measure an
agenda (tests/test_scheduling.py, benchmarks/agenda_schedule.py).

The rules come from issue 12:
- Never broken: one session per cell; a convenor never in two sessions of one slot;
  pinned and started sessions stay in their cells; nothing is placed in a blocked slot
  (plenary, lunch). A session that cannot be placed under these is left unplaced, the
  least wanted first (sessions already on the wall keep their place first).
- Minimised, in people (one unit = one person): (1) interest conflicts: for each two
  sessions in one slot, the people who want both (interested or convening), with a
  late session's count scaled up (below); (2) each person expected over a room's
  capacity, counting a quarter (CAPACITY_WEIGHT: conflicts come first), so popular
  sessions get big rooms; (3) on a re-run, each session moved from
  its cell, costing the people who wanted it (they planned around it), at least one.

Late sessions (Sessionizer, minnestar/sessionizer, app/models/session.rb
`estimated_interest`): a session posted late has had only a share of the interest
marks, so its count says too little. Sessionizer estimates interest as marks / (marks
possible since posting + ballast × sessions) × all marks; the ballast, ghost marks
added to every session, keeps a session nobody has seen yet from being blown up. Here
the same estimate is scaled so that a session posted at the start keeps its count:
a session with `exposure` e (the share of all marks cast after it was posted) counts
(M + b·S) / (e·M + b·S) times, M all marks, S sessions, b the ballast. Two sessions'
shared people are scaled by the larger factor of the two.

How (each choice measured in benchmarks/README.md, "agenda_schedule.py"):
1. Time slots by simulated annealing, as Sessionizer does (lib/scheduling/schedule.rb):
   start from the agenda on the wall (so a re-run begins with zero moves) and place the
   rest greedily, the most wanted first; then move a session to another slot or swap
   two, never breaking a rule, for a fixed number of seeded steps (the same input always
   gives the same agenda), and keep the cheapest agenda seen.
2. Rooms within each slot by an exact assignment (SciPy's linear_sum_assignment):
   expected people over capacity plus the cost of moving from the previous room.
Why not a MILP: an exact one (set partitioning, HiGHS through scipy.optimize.milp)
proves the optimum of the benchmark's 24 real sessions in a second, but it needs a
column for every group of sessions that may share a slot, sessions^rooms of them
(billions for 60 sessions in 8 rooms), and one per slot once pins, cells on the wall and
room sizes count; a slot-indexed MILP had not closed a 1 % gap on the 24 after 20
minutes. The annealer finds that proven optimum, stays within 5 % of it on a generated
workshop, and places 60 sessions in about a second of CPU.
"""

import math
import random
import time
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

Cell = tuple[Hashable, Hashable]  # (room id, slot id)

BALLAST = 5.0  # ghost marks per session; Sessionizer uses 10 for Minnebar's hundreds of votes
CAPACITY_WEIGHT = 0.25  # one person expected over capacity counts as this many conflicts
MOVE_WEIGHT = 1.0  # a moved session costs this many times the people who wanted it
STEPS_PER_SESSION = 2000  # annealing steps per movable session
SEED = 0
START_ACCEPT = 0.3  # the first temperature accepts an average worsening with this chance
END_TEMPERATURE = 0.01  # the last temperature, as a share of the first


class ScheduleError(ValueError):
    """Input the scheduler cannot honour: `reason` is a key ("unknown_cell",
    "cell_taken", "started_without_cell", "exposure"), `sessions` the session ids
    concerned, so the caller can say it in the user's language."""

    def __init__(self, reason: str, sessions: list):
        super().__init__(f"{reason}: {sessions}")
        self.reason = reason
        self.sessions = sessions


@dataclass(frozen=True)
class Room:
    """A room; `capacity` in people, None for as many as come."""
    id: Hashable
    capacity: int | None = None


@dataclass(frozen=True)
class Slot:
    """A time slot; `blocked` (plenary, lunch): the scheduler places nothing in it
    (a session pinned or started there stays)."""
    id: Hashable
    blocked: bool = False


@dataclass(frozen=True)
class Session:
    """A session on the agenda wall.

    `convenors` and `interested` are sets of person ids; `pinned_cell` (room id, slot id)
    is where the facilitator fixed it; `started` keeps it in its cell of the previous
    agenda; `exposure` in (0, 1] is the share of all interest marks cast after it was
    posted (1: there from the start).
    """
    id: Hashable
    convenors: frozenset = frozenset()
    interested: frozenset = frozenset()
    pinned_cell: Cell | None = None
    started: bool = False
    exposure: float = 1.0

    @property
    def wanted_by(self) -> frozenset:
        """The people who want to be there: the interested and the convenors."""
        return self.interested | self.convenors


@dataclass
class Agenda:
    """A proposal: `cells` session id -> (room id, slot id); `unplaced` the session ids
    left out (more sessions than free cells, or a convenor with more sessions than
    slots); `stats`: conflicts (people-pairs), capacity_overflows (people), moves
    (sessions) and cpu_seconds, as the measures below count them."""
    cells: dict
    unplaced: list
    stats: dict = field(default_factory=dict)


def schedule(rooms: Iterable[Room], slots: Iterable[Slot], sessions: Iterable[Session],
             previous: Mapping | None = None, *, ballast: float = BALLAST,
             move_weight: float = MOVE_WEIGHT, seed: int = SEED) -> Agenda:
    """Propose an agenda; `previous` (session id -> cell) is the agenda on the wall.

    ScheduleError for a pinned or started cell that is unknown or taken twice, a
    started session with no cell, or an exposure outside (0, 1].
    """
    began = time.process_time()
    sessions = list(sessions)
    board = Board(list(rooms), list(slots), sessions, dict(previous or {}), ballast,
                  move_weight)
    search = SlotSearch(board, random.Random(seed))
    search.anneal(STEPS_PER_SESSION * len(search.movable))
    cells = board.cells(search.best_slots)
    unplaced = [s.id for i, s in enumerate(sessions) if search.best_slots[i] is None]
    return Agenda(cells, unplaced, {
        "conflicts": conflicts(cells, sessions),
        "capacity_overflows": capacity_overflows(cells, sessions, board.rooms),
        "moves": moves(board.previous, cells),
        "cpu_seconds": round(time.process_time() - began, 3),
    })


def conflicts(cells: Mapping, sessions: Iterable[Session]) -> int:
    """Interest conflicts: for each person, the pairs of sessions they want that share a
    slot, summed over people (a person wanting 3 sessions of one slot counts 3)."""
    wanted = Counter()
    for session in sessions:
        if session.id in cells:
            slot = cells[session.id][1]
            wanted.update((slot, person) for person in session.wanted_by)
    return sum(k * (k - 1) // 2 for k in wanted.values())


def convenor_clashes(cells: Mapping, sessions: Iterable[Session]) -> int:
    """Pairs of sessions in one slot that share a convenor, summed over convenors."""
    convening = Counter()
    for session in sessions:
        if session.id in cells:
            convening.update((cells[session.id][1], person) for person in session.convenors)
    return sum(k * (k - 1) // 2 for k in convening.values())


def capacity_overflows(cells: Mapping, sessions: Iterable[Session],
                       rooms: Iterable[Room]) -> int:
    """People over room capacity: for each placed session, those who want it beyond
    its room's capacity."""
    capacity = {room.id: room.capacity for room in rooms}
    return sum(max(0, len(s.wanted_by) - capacity[cells[s.id][0]])
               for s in sessions if s.id in cells and capacity[cells[s.id][0]] is not None)


def moves(previous: Mapping, cells: Mapping) -> int:
    """Sessions of the previous agenda that now have another cell or none."""
    return sum(1 for session, cell in previous.items() if cells.get(session) != cell)


class Board:
    """The problem in index form: rooms, open slots, sessions, what is fixed, and the
    weights (in people) the search minimises."""

    def __init__(self, rooms, slots, sessions, previous, ballast, move_weight):
        self.rooms, self.slots, self.sessions = rooms, slots, sessions
        self.room_at = {room.id: r for r, room in enumerate(rooms)}
        self.slot_at = {slot.id: t for t, slot in enumerate(slots)}
        known = {s.id for s in sessions}
        self.previous = {s: tuple(c) for s, c in previous.items() if s in known}
        self.previous_cell = [self.index_cell(self.previous.get(s.id)) for s in sessions]
        self.fixed = self.fixed_cells()
        self.capacity = [math.inf if r.capacity is None else r.capacity for r in rooms]
        self.free_rooms = self.rooms_left_free()
        self.free_capacities = [sorted((self.capacity[r] for r in free), reverse=True)
                                for free in self.free_rooms]
        self.shared, self.estimate = interest_weights(sessions, ballast)
        self.move_cost = [move_weight * max(1, len(s.wanted_by)) for s in sessions]

    def index_cell(self, cell):
        """(room index, slot index) of a cell by ids, None if either is unknown."""
        if cell is None or cell[0] not in self.room_at or cell[1] not in self.slot_at:
            return None
        return self.room_at[cell[0]], self.slot_at[cell[1]]

    def fixed_cells(self) -> dict:
        """Session index -> (room, slot) for pinned and started sessions."""
        fixed = {}
        for i, session in enumerate(self.sessions):
            if not 0 < session.exposure <= 1:
                raise ScheduleError("exposure", [session.id])
            if session.pinned_cell is not None:
                fixed[i] = self.index_cell(session.pinned_cell)
                if fixed[i] is None:
                    raise ScheduleError("unknown_cell", [session.id])
            elif session.started:
                fixed[i] = self.previous_cell[i]
                if fixed[i] is None:
                    raise ScheduleError("started_without_cell", [session.id])
        self.refuse_shared_cells(fixed)
        return fixed

    def refuse_shared_cells(self, fixed):
        holders = {}
        for i, cell in fixed.items():
            holders.setdefault(cell, []).append(self.sessions[i].id)
        taken = [ids for ids in holders.values() if len(ids) > 1]
        if taken:
            raise ScheduleError("cell_taken", taken[0])

    def rooms_left_free(self) -> list[list[int]]:
        """For each slot, the room indices the search may fill (none in blocked slots)."""
        used = set(self.fixed.values())
        return [[] if slot.blocked else [r for r in range(len(self.rooms))
                                         if (r, t) not in used]
                for t, slot in enumerate(self.slots)]

    def overflow(self, estimates: list[float], t: int) -> float:
        """Expected people over capacity when these sessions share slot t's free rooms,
        the biggest sessions in the biggest rooms (the best matching for this cost)."""
        return CAPACITY_WEIGHT * sum(max(0.0, e - c) for e, c in zip(
            sorted(estimates, reverse=True), self.free_capacities[t]))

    def cells(self, slot_of: list) -> dict:
        """Session id -> (room id, slot id), rooms chosen within each slot."""
        cells = {self.sessions[i].id: (self.rooms[r].id, self.slots[t].id)
                 for i, (r, t) in self.fixed.items()}
        for t in range(len(self.slots)):
            members = [i for i, s in enumerate(slot_of) if s == t and i not in self.fixed]
            for i, r in zip(members, self.rooms_for(members, t)):
                cells[self.sessions[i].id] = (self.rooms[r].id, self.slots[t].id)
        return cells

    def rooms_for(self, members: list[int], t: int) -> list[int]:
        """Slot t's free room for each member: the least overflow plus room moves."""
        free = self.free_rooms[t]
        if not members:
            return []
        cost = np.array([[self.room_cost(i, r, t) for r in free] for i in members])
        chosen = np.empty(len(members), dtype=int)
        rows, columns = linear_sum_assignment(cost)
        chosen[rows] = [free[c] for c in columns]
        return list(chosen)

    def room_cost(self, i: int, r: int, t: int) -> float:
        moved = self.previous_cell[i] is not None and self.previous_cell[i] != (r, t)
        over = max(0.0, self.estimate[i] - self.capacity[r])
        return CAPACITY_WEIGHT * over + moved * self.move_cost[i]


def interest_weights(sessions: list[Session], ballast: float):
    """(shared, estimate): shared[a][b] the people wanting both a and b, estimate[a]
    the people expected at a, each scaled up for late posting (module docstring)."""
    people = {p: k for k, p in enumerate(set().union(*(s.wanted_by for s in sessions)))}
    wants = np.zeros((len(sessions), len(people)))
    for i, session in enumerate(sessions):
        wants[i, [people[p] for p in session.wanted_by]] = 1
    marks = sum(len(s.interested) for s in sessions)
    ghosts = ballast * len(sessions)
    scale = np.array([(marks + ghosts) / (s.exposure * marks + ghosts)
                      if marks + ghosts else 1.0 for s in sessions])
    shared = (wants @ wants.T) * np.maximum.outer(scale, scale)
    np.fill_diagonal(shared, 0)
    return shared.tolist(), (wants.sum(axis=1) * scale).tolist()


class SlotSearch:
    """Simulated annealing over the slots of the movable sessions (module docstring).

    `slot_of[i]` is session i's slot index or None; `near[i][t]` the weight session i
    shares with the sessions in slot t, kept up to date so a step costs O(1) to price.
    """

    def __init__(self, board: Board, rng: random.Random):
        self.board, self.rng = board, rng
        slots = range(len(board.slots))
        self.slot_of = [None] * len(board.sessions)
        self.near = [[0.0] * len(board.slots) for _ in board.sessions]
        self.members = [[] for _ in slots]  # movable sessions per slot
        self.convening = [Counter() for _ in slots]
        self.spill = [0.0 for _ in slots]  # expected people over capacity per slot
        self.open_slots = [t for t in slots if board.free_rooms[t]]
        for i, (_, t) in board.fixed.items():
            self.put(i, t)
        self.movable = [i for i in range(len(board.sessions)) if i not in board.fixed]
        self.place_movable()
        self.cost = self.total_cost()
        self.best_cost, self.best_slots = self.cost, list(self.slot_of)

    def put(self, i: int, t: int):
        self.slot_of[i] = t
        for u, weight in enumerate(self.board.shared[i]):
            self.near[u][t] += weight
        self.convening[t].update(self.board.sessions[i].convenors)
        if i not in self.board.fixed:
            self.members[t].append(i)
            self.spill[t] = self.board.overflow(self.estimates(self.members[t]), t)

    def take(self, i: int):
        t, self.slot_of[i] = self.slot_of[i], None
        for u, weight in enumerate(self.board.shared[i]):
            self.near[u][t] -= weight
        self.convening[t].subtract(self.board.sessions[i].convenors)
        self.members[t].remove(i)
        self.spill[t] = self.board.overflow(self.estimates(self.members[t]), t)

    def estimates(self, members) -> list[float]:
        return [self.board.estimate[i] for i in members]

    def room_left(self, t: int) -> bool:
        return len(self.members[t]) < len(self.board.free_rooms[t])

    def may_join(self, i: int, t: int, leaving: int | None = None) -> bool:
        """Whether i may go to slot t (with `leaving` gone from it): no convenor twice."""
        away = self.board.sessions[leaving].convenors if leaving is not None else ()
        return all(self.convening[t][c] - (c in away) == 0
                   for c in self.board.sessions[i].convenors)

    def moved_cost(self, i: int, t: int | None) -> float:
        """The move penalty of session i standing in slot t."""
        before = self.board.previous_cell[i]
        return self.board.move_cost[i] if before is not None and before[1] != t else 0.0

    def place_movable(self):
        """Sessions back in their previous slot where they still fit, then the rest
        greedily, the most wanted first (so the least wanted are left out when cells
        run out)."""
        for i in self.movable:
            before = self.board.previous_cell[i]
            if before and before[1] in self.open_slots and self.room_left(before[1]) \
                    and self.may_join(i, before[1]):
                self.put(i, before[1])
        waiting = [i for i in self.movable if self.slot_of[i] is None]
        for i in sorted(waiting, key=lambda i: -self.board.estimate[i]):
            self.place_greedily(i)

    def place_greedily(self, i: int):
        """Into the cheapest slot with a free cell and none of i's convenors; failing
        that, into a slot whose session j can step into another slot's free cell."""
        fits = [t for t in self.open_slots if self.room_left(t) and self.may_join(i, t)]
        if fits:
            self.put(i, min(fits, key=lambda t: self.joining_cost(i, t)))
            return
        for t, j, spare in self.room_makers(i):
            self.take(j)
            self.put(j, spare)
            self.put(i, t)
            return

    def room_makers(self, i: int):
        """(slot t, session j in t, slot with a free cell j may go to) with which
        i may join t once j has moved."""
        spare = [t for t in self.open_slots if self.room_left(t)]
        for t in self.open_slots:
            for j in self.members[t]:
                if self.may_join(i, t, leaving=j):
                    for other in spare:
                        if other != t and self.may_join(j, other):
                            yield t, j, other

    def joining_cost(self, i: int, t: int) -> float:
        spill = self.board.overflow(self.estimates(self.members[t] + [i]), t)
        return self.near[i][t] + spill - self.spill[t] + self.moved_cost(i, t)

    def total_cost(self) -> float:
        shared = sum(self.near[i][t] for i, t in enumerate(self.slot_of) if t is not None) / 2
        return shared + sum(self.spill) + sum(self.moved_cost(i, t)
                                              for i, t in enumerate(self.slot_of))

    def anneal(self, steps: int):
        """Move or swap sessions between slots for `steps` steps, cooling geometrically
        from a temperature that accepts an average worsening with START_ACCEPT chance."""
        placed = [i for i in self.movable if self.slot_of[i] is not None]
        if not placed or len(self.open_slots) < 2:
            return
        start = self.start_temperature(placed)
        cooling = END_TEMPERATURE ** (1 / steps)
        temperature = start
        for _ in range(steps):
            step = self.propose(placed)
            if step is not None and (step[3] <= 0 or self.rng.random()
                                     < math.exp(-step[3] / temperature)):
                self.apply(*step)
            temperature *= cooling

    def start_temperature(self, placed) -> float:
        worse = [step[3] for step in (self.propose(placed) for _ in range(200))
                 if step is not None and step[3] > 0]
        return (sum(worse) / len(worse) if worse else 1.0) / -math.log(START_ACCEPT)

    def propose(self, placed):
        """A random step (session, the session it swaps with or None, its new slot,
        the cost change), or None when the drawn step would break a rule."""
        a = self.rng.choice(placed)
        t1, t2 = self.slot_of[a], self.rng.choice(self.open_slots)
        if t1 == t2:
            return None
        swap = self.members[t2] and (not self.room_left(t2) or self.rng.random() < 0.5)
        b = self.rng.choice(self.members[t2]) if swap else None
        if not self.may_join(a, t2, b) or (b is not None and not self.may_join(b, t1, a)):
            return None
        return a, b, t2, self.change(a, b, t1, t2)

    def change(self, a, b, t1, t2) -> float:
        """The cost change of a going to t2 (and b, if any, to t1)."""
        shared = self.near[a][t2] - self.near[a][t1]
        moved = self.moved_cost(a, t2) - self.moved_cost(a, t1)
        stay1 = [i for i in self.members[t1] if i != a]
        stay2 = [i for i in self.members[t2] if i != b]
        if b is not None:
            weight = self.board.shared[a][b]
            shared += self.near[b][t1] - self.near[b][t2] - 2 * weight
            moved += self.moved_cost(b, t1) - self.moved_cost(b, t2)
            stay1.append(b)
        spill = (self.board.overflow(self.estimates(stay1), t1)
                 + self.board.overflow(self.estimates(stay2 + [a]), t2)
                 - self.spill[t1] - self.spill[t2])
        return shared + moved + spill

    def apply(self, a, b, t2, change):
        t1 = self.slot_of[a]
        self.take(a)
        if b is not None:
            self.take(b)
            self.put(b, t1)
        self.put(a, t2)
        self.cost += change
        if self.cost < self.best_cost - 1e-9:
            self.best_cost, self.best_slots = self.cost, list(self.slot_of)
