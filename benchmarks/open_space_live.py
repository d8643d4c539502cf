"""Open Space through a real server: claims on the agenda wall, notes in a breakout and
Auto-schedule from the wall, with the latency each phone sees and the server's CPU time.

A fresh `python run.py`; PHONES phones (httpx clients, each its own cookies) join, each
convenes a session and marks MARKS sessions; then, with every phone released at once by a
barrier:
- one cell: every phone claims the same cell (exactly one may win);
- own cells: every phone claims a free cell of its own;
- notes: every phone writes NOTES notes into one of six sessions;
and the facilitator presses Auto-schedule (sessions wanted by the same people apart,
nothing pinned, every slot ahead of now: the workshop's day is today in Stockholm, so
run it before 09:00 there, or the slots that have begun are left alone and it schedules
fewer). Latencies are wall-clock per request as the phone sees it; server CPU is the
process's user + system time over the round (/proc), divided by the requests.

    .venv/bin/python benchmarks/open_space_live.py [--phones 60]
"""

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.activities.open_space import ids_of  # noqa: E402
from tests.conftest import free_port  # noqa: E402
from tests.flows import act, create_workshop, join, move_phase  # noqa: E402

MARKS, NOTES, ROOMS, HOURS = 8, 10, 10, range(9, 17)  # 10 rooms × 7 open slots, lunch at 12


def server_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def at_once(jobs) -> list[tuple[float, httpx.Response]]:
    """Run the jobs in threads released together; (seconds, response) of each."""
    barrier, results = threading.Barrier(len(jobs)), [None] * len(jobs)

    def run(n):
        barrier.wait()
        began = time.perf_counter()
        answer = jobs[n]()
        results[n] = (time.perf_counter() - began, answer)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def report(name: str, results, cpu: float) -> None:
    seconds = sorted(s for s, _ in results)
    statuses = {}
    for _, answer in results:
        statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
    p95 = seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))]
    print(f"{name:<11} {len(results):>5} {statuses!s:<20} {1000 * statistics.median(seconds):>8.1f}"
          f" {1000 * p95:>8.1f} {1000 * cpu / len(results):>10.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=60)
    phones_count = parser.parse_args().phones
    workdir = Path(tempfile.mkdtemp())
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "run.py", "--port", str(port), "--db", str(workdir / "samla.db")],
        cwd=ROOT, stdout=(workdir / "server.log").open("wb"), stderr=subprocess.STDOUT,
        env={**os.environ, "SAMLA_RATE_JOINS": "100000/minute"})
    url = f"http://127.0.0.1:{port}"
    try:
        run_rounds(url, server.pid, phones_count)
    finally:
        server.terminate()
        server.wait()


def run_rounds(url: str, pid: int, count: int) -> None:
    for _ in range(100):
        try:
            httpx.get(url + "/")
            break
        except httpx.TransportError:
            time.sleep(0.1)
    client = lambda: httpx.Client(base_url=url, follow_redirects=True, timeout=60)  # noqa: E731
    facilitator = client()
    workshop = create_workshop(facilitator, method="open_space")
    code, csrf = workshop["code"], workshop["csrf"]
    for n in range(ROOMS):
        act(facilitator, f"/w/{code}/space/rooms", csrf, name=f"Rum {n + 1}",
            capacity=str(8 + 4 * n))
    for hour in HOURS:
        act(facilitator, f"/w/{code}/space/slots", csrf, starts=f"{hour:02}:00",
            ends=f"{hour:02}:45", plenary="Lunch" if hour == 12 else "")
    move_phase(facilitator, workshop, 0)
    phones = [client() for _ in range(count)]
    tokens = [join(p, code) for p in phones]
    for n, (phone, token) in enumerate(zip(phones, tokens)):
        act(phone, f"/w/{code}/sessions", token, title=f"Session {n}")
    page = facilitator.get(f"/w/{code}/facilitator").text
    sessions = [int(i) for i in re.findall(r'id="session-(\d+)-title"', page)][::-1]
    rng = random.Random(1)
    for phone, token in zip(phones, tokens):
        for session in rng.sample(sessions, MARKS):
            act(phone, f"/w/{code}/interest", token, session=str(session), interested="1")
    move_phase(facilitator, workshop, 1)
    setup = facilitator.get(f"/w/{code}/facilitator").text
    rooms, slots = list(ids_of(setup, "room").values()), ids_of(setup, "slot")
    cells = [(r, s) for start, s in slots.items() if start != "12:00" for r in rooms]
    print(f"{count} phones, {len(sessions)} sessions, {len(cells)} open cells; "
          f"server CPU in ms per request, on {os.cpu_count()} cores")
    print(f"{'round':<11} {'reqs':>5} {'answers':<20} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'CPU ms/req':>10}")

    def measured(name, jobs):
        before = server_cpu(pid)
        results = at_once(jobs)
        report(name, results, server_cpu(pid) - before)
        return results

    one = measured("one cell", [
        (lambda n=n: act(phones[n], f"/w/{code}/agenda/claim", tokens[n],
                         session=str(sessions[n]), room=str(cells[0][0]), slot=str(cells[0][1])))
        for n in range(count)])
    assert sum(1 for _, answer in one if answer.status_code == 200) == 1
    measured("own cells", [
        (lambda n=n: act(phones[n], f"/w/{code}/agenda/claim", tokens[n],
                         session=str(sessions[n]), room=str(cells[n % len(cells)][0]),
                         slot=str(cells[n % len(cells)][1])))
        for n in range(count)])
    move_phase(facilitator, workshop, 2)
    notes = measured("notes", [
        (lambda n=n, k=k: act(phones[n], f"/w/{code}/sessions/{sessions[n % 6]}/notes",
                              tokens[n], kind="insight", text=f"Anteckning {n}.{k}"))
        for n in range(count) for k in range(NOTES)])
    assert all(answer.status_code == 200 for _, answer in notes)
    move_phase(facilitator, workshop, 3, step="back")
    before, began = server_cpu(pid), time.perf_counter()
    answer = act(facilitator, f"/w/{code}/agenda/auto", csrf)
    print(f"auto-schedule: {answer.status_code}, {1000 * (time.perf_counter() - began):.0f} ms "
          f"wall, server CPU {1000 * (server_cpu(pid) - before):.0f} ms "
          f"({len(sessions)} sessions, {count} people, {MARKS} marks each)")


if __name__ == "__main__":
    main()
