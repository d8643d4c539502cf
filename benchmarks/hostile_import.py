"""Hostile and large imports against a real server: how long until the answer, how much
server CPU, and whether other requests are served meanwhile.

    .venv/bin/python benchmarks/hostile_import.py

Three uploads to `POST /import` of one fresh server (python run.py, 127.0.0.1), each
while a second client asks for the start page every 50 ms:

1. the issue's hostile file: an honest export edited to hold 150,000 vote entries of
   20 dots for one participant (about 7 MB);
2. the same with 200 such entries (4,000 dots for a participant who has 5);
3. the largest file the caps allow (settings.IMPORT_MAX_ENTRIES): 3,000 participants
   with 20 dots each, 6,000 topics, 30,000 ratings, 300 themes, 500 backlog items.

Prints, per upload: the answer and its time, the server's CPU time (utime + stime from
/proc), how many start pages were served meanwhile and their slowest and median
times, and the dots stored. Everything stays on 127.0.0.1 and ends by itself.
"""

import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent.parent))

from tests.conftest import LiveServer  # noqa: E402
from tests.flows import csrf_of  # noqa: E402
from tests.test_followup import rich_workshop  # noqa: E402
from workshop.db import Store  # noqa: E402
from workshop.exporting.document import workshop_document  # noqa: E402

STAMP = "2026-11-23T10:15:00+01:00"


def honest_export() -> dict:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "samla.db")
        document = workshop_document(store, rich_workshop(store))
        store.close()
    return document


def hostile(entries: int) -> dict:
    document = honest_export()
    document["votes"] = [{"participant": "p1", "topic": 1, "dots": 20}] * entries
    return document


def largest_allowed(participants=3000, topics=6000, ratings=10, themes=300, backlog=500):
    """A workshop at the caps: every participant's 20 dots in 5 entries of 4."""
    document = honest_export()
    voting = next(p for p in document["phases"] if p["activity"] == "voting")
    voting["settings"].update(dots=20, max_per_item=20)
    people = [f"p{n}" for n in range(1, participants + 1)]
    document["participants"] = [{"id": p, "display_name": None} for p in people]
    document["topics"] = [
        {"id": n, "text": f"Ett förslag ungefär så här långt, nummer {n}",
         "author": people[(n - 1) % participants], "hidden": False, "merged_into": None,
         "dots": 0, "created_at": STAMP, "quick_win": None} for n in range(1, topics + 1)]
    document["votes"] = [{"participant": p, "topic": (i * 7 + k) % topics + 1, "dots": 4}
                         for i, p in enumerate(people) for k in range(5)]
    document["ratings"] = [{"participant": p, "kind": "topic", "item": (i + k) % topics + 1,
                            "impact": 3, "effort": 2}
                           for i, p in enumerate(people) for k in range(ratings)]
    document["supports"], document["theme_votes"] = [], []
    document["themes"] = [{"id": n, "label": f"Tema {n}",
                           "topics": list(range(n, topics + 1, themes))}
                          for n in range(1, themes + 1)]
    document["backlog"] = [{**document["backlog"][0], "position": n,
                            "sources": [n * 10 % topics + k + 1 for k in range(10)]}
                           for n in range(1, backlog + 1)]
    return document


def server_cpu_ms(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


async def upload_while_pinging(server: LiveServer, name: str, document: dict) -> None:
    raw = json.dumps(document, ensure_ascii=False).encode()
    async with httpx.AsyncClient(base_url=server.url, timeout=600) as uploader, \
            httpx.AsyncClient(base_url=server.url, timeout=600) as other:
        csrf = csrf_of((await uploader.get("/")).text)
        pings, uploading = [], asyncio.Event()

        async def ping():
            while not uploading.is_set():
                start = time.monotonic()
                await other.get("/")
                pings.append(time.monotonic() - start)
                await asyncio.sleep(0.05)
        pinger = asyncio.create_task(ping())
        cpu, start = server_cpu_ms(server.process.pid), time.monotonic()
        answer = await uploader.post("/import", data={"csrf_token": csrf},
                                     files={"file": ("samla.json", raw, "application/json")})
        took, cpu = time.monotonic() - start, server_cpu_ms(server.process.pid) - cpu
        uploading.set()
        await pinger
    pings.sort()
    db = Store(server.db_path)
    dots = db.db["dots"].count
    db.close()
    print(f"{name}: {len(raw) / 1e6:.1f} MB -> {answer.status_code} in {took:.2f} s, "
          f"server CPU {cpu:.0f} ms; {len(pings)} start pages meanwhile, slowest "
          f"{pings[-1] * 1000:.0f} ms, median {pings[len(pings) // 2] * 1000:.0f} ms; "
          f"dots in the database: {dots}")


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = LiveServer(Path(folder) / "samla.db").start()
        try:
            for name, document in (("150,000 entries of 20 dots", hostile(150_000)),
                                   ("200 entries of 20 dots", hostile(200)),
                                   ("the largest file allowed", largest_allowed())):
                await upload_while_pinging(server, name, document)
        finally:
            server.stop()
        print("tracebacks in the server log:", server.log().count("Traceback"))


if __name__ == "__main__":
    asyncio.run(main())
