"""Start speed and memory: how long `python run.py` takes to answer its first request,
and how much memory the server holds before and after the first grouping.

For each run it starts the real server on a fresh database, polls `GET /` until it
answers 200 (the time from starting the process to that answer is "first answer"),
then does what a workshop does before anyone groups its topics: a facilitator creates
a workshop and opens the facilitator and projector pages, five phones join, post a
topic each (typing first, so the similar-topic hints run) and vote. It reads the
server's resident memory (VmRSS, and its peak VmHWM, from /proc) after the first answer
and after that workshop, then groups the topics ("Gruppera") and reads it again.

    .venv/bin/python benchmarks/start_speed.py --runs 3 [--python /tmp/plain-venv/bin/python]

Figures vary with the machine's load: run it on a quiet machine and say its load.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import free_port  # noqa: E402
from tests.flows import act, create_workshop, join, move_phase  # noqa: E402

TOPICS = ("Fler vuxna på skolgården på rasterna", "Kortare väntetid till skolsköterskan",
          "Mer vuxna ute på rasten", "Bättre mat i matsalen", "Tystare arbetsro i klassrummet")


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MB."""
    fields = dict(line.split(":", 1) for line in
                  Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {key: int(fields[key].split()[0]) / 1024 for key in ("VmRSS", "VmHWM")}


def first_answer(url: str, process: subprocess.Popen, timeout: float = 60) -> float:
    """Seconds from now until GET / answers 200."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout and process.poll() is None:
        try:
            if httpx.get(url + "/", timeout=1).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            time.sleep(0.02)
    raise RuntimeError("the server did not answer")


def workshop_before_grouping(url: str) -> dict:
    """A facilitator, a projector and five phones: join, hints while typing, post, vote."""
    facilitator = httpx.Client(base_url=url, timeout=60)  # a first grouping may take long
    workshop = create_workshop(facilitator, method="low_hanging_fruit")
    code = workshop["code"]
    facilitator.get(workshop["projector_url"])
    move_phase(facilitator, workshop, 0)
    for text in TOPICS:
        with httpx.Client(base_url=url) as phone:
            csrf = join(phone, code)
            phone.get(f"/w/{code}/similar", params={"text": text})
            act(phone, f"/w/{code}/topics", csrf, text=text)
    move_phase(facilitator, workshop, 1)
    topic = re.search(r'id="topic-(\d+)"', facilitator.get(f"/w/{code}/facilitator").text)[1]
    with httpx.Client(base_url=url) as phone:
        act(phone, f"/w/{code}/dots", join(phone, code), add_dot=topic)
    facilitator.get(f"/w/{code}/facilitator")
    return {"client": facilitator, **workshop}


def one_run(workdir: Path, python: str) -> dict:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (workdir / "server.log").open("ab")
    process = subprocess.Popen([python, "run.py", "--port", str(port), "--db",
                                str(workdir / f"samla-{port}.db")], cwd=ROOT, stdout=log,
                               stderr=subprocess.STDOUT)
    try:
        figures = {"first answer s": first_answer(url, process)}
        figures["RSS after first answer MB"] = memory_mb(process.pid)["VmRSS"]
        workshop = workshop_before_grouping(url)
        before = memory_mb(process.pid)
        figures["RSS before grouping MB"] = before["VmRSS"]
        figures["peak before grouping MB"] = before["VmHWM"]
        started = time.perf_counter()
        act(workshop["client"], f"/w/{workshop['code']}/themes/group", workshop["csrf"])
        figures["first grouping s"] = time.perf_counter() - started
        figures["RSS after grouping MB"] = memory_mb(process.pid)["VmRSS"]
        return figures
    finally:
        process.terminate()
        process.wait()
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--python", default=sys.executable,
                        help="the server's Python: e.g. a venv with only `pip install -e .`, "
                        "as `make run` installs (the test extras add modules the server "
                        "imports when present, such as redis)")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as folder:
        runs = [one_run(Path(folder), args.python) for _ in range(args.runs)]
    for name in runs[0]:
        values = [run[name] for run in runs]
        shown = " / ".join(f"{value:.2f}" for value in values)
        print(f"{name:28} median {statistics.median(values):7.2f}   ({shown})")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
