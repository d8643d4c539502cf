"""How many A4 pages the Excel export prints on, sheet by sheet, as LibreOffice prints it.

Usage: .venv/bin/python benchmarks/xlsx_pages.py [--topics N] [--participants N] [--seed N]

Needs LibreOffice Calc (Debian: apt-get install libreoffice-calc), which prints a
workbook with the file's own print settings, as Excel does. The workshop is one a
facilitator could leave behind: topics from SweFAQ (shared data), five dots from every
participant, Samla's themes accepted, the rated topics rated by two thirds of the room,
and the backlog made from the results, with owners, next steps, due dates and notes.
"""

import argparse
import csv
import io
import random
import subprocess
import tempfile
from pathlib import Path

import openpyxl
from pypdf import PdfReader

from workshop.activities.backlog import queries as backlog_queries
from workshop.activities.backlog.actions import items_from_results
from workshop.activities.rating import queries as rating_queries
from workshop.activities.rating.quick_wins import rated_items
from workshop.activities.themes import queries as theme_queries
from workshop.activities.topics import queries as topic_queries
from workshop.activities.voting import queries as voting_queries
from workshop.clustering import group_topics
from workshop.db import Store
from workshop.exporting.document import workshop_document
from workshop.exporting.files import export_file
from workshop.methods import plan_for
from workshop.workshops import create_workshop

SWEFAQ = Path("/work/shared/data/swefaq_dev.tsv")
OWNERS = ("Skola", "Elevhälsa", "Socialtjänst", "Primärvård", "BUP", "Region")


def build_workshop(store: Store, topics: int, participants: int, rng: random.Random) -> dict:
    workshop, _ = create_workshop(store, {
        "title": "En dörr in för barn och familjer",
        "description": "Vad behöver ändras för att barn och familjer ska få rätt hjälp i tid?\n"
                       "Tänk på det som händer första veckan.",
        "language": "sv", "method": "quick",
        "plan": plan_for("quick", {"voting": {"dots": 5, "max_per_item": 3}}),
        "names_enabled": 0})
    w = workshop["id"]
    with SWEFAQ.open(encoding="utf-8") as file:
        texts = [row["text"] for row in csv.DictReader(file, delimiter="\t")][:topics]
    people = [store.insert_participant(w, f"bench-{n}", None)["id"] for n in range(participants)]
    ids = [topic_queries.insert_topic(store, w, people[n % participants], text, limit=topics)["id"]
           for n, text in enumerate(texts)]
    for person in people:
        for _ in range(5):
            voting_queries.insert_dot(store, w, person, "topic", rng.choice(ids[:10]), 5, 3)
    grouping = group_topics(texts, "sv")
    theme_queries.save_grouping(store, w, {n: label for n, label in grouping.labels.items() if n},
                                {topic: grouping.themes[n] for n, topic in enumerate(ids)})
    theme_queries.set_themes_accepted(store, w, True)
    for item in rated_items(store, store.workshop_by_id(w)):
        for person in people[:participants * 2 // 3]:
            rating_queries.rate(store, w, person, "topic", item["id"], rng.randint(2, 5),
                                rng.randint(1, 4))
    items_from_results(store, store.workshop_by_id(w))
    for n, item in enumerate(backlog_queries.backlog(store, w)):
        backlog_queries.update_backlog_item(store, item["id"], {
            **{key: item[key] for key in ("title", "description", "theme", "impact", "effort",
                                          "quick_win")},
            "owner": OWNERS[n % len(OWNERS)], "due_date": "2027-03-31", "status": "new",
            "next_step": "Boka ett möte med berörda verksamheter och ta fram ett förslag",
            "update_note": "Diskuterat i ledningsgruppen.\nUppföljning i mars." if n % 2 else ""})
    return store.workshop_by_id(w)


def printed_pages(xlsx: Path) -> list[str]:
    """The text of each page LibreOffice prints the workbook on."""
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={xlsx.parent.as_uri()}/lo",
                    "--convert-to", "pdf", "--outdir", str(xlsx.parent), str(xlsx)],
                   check=True, capture_output=True, timeout=300)
    return [page.extract_text() for page in PdfReader(xlsx.with_suffix(".pdf")).pages]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--topics", type=int, default=16)
    parser.add_argument("--participants", type=int, default=12)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "samla.db")
        workshop = build_workshop(store, args.topics, args.participants,
                                  random.Random(args.seed))
        document = workshop_document(store, workshop)
        exported = export_file(document, "xlsx")
        xlsx = Path(folder) / exported.name
        xlsx.write_bytes(exported.content)
        pages = printed_pages(xlsx)
    print(f"{args.topics} topics, {args.participants} participants, "
          f"{len(document['backlog'])} backlog items, {len(document['ratings'])} ratings, "
          f"{len(document['votes'])} vote rows: {len(pages)} A4 pages")
    # Each table sheet repeats its header row at the top of every page; the summary does not.
    workbook = openpyxl.load_workbook(io.BytesIO(exported.content), read_only=True)
    counted = 0
    for sheet in workbook.worksheets[1:]:
        header = " ".join(next(sheet.iter_rows(max_row=1, values_only=True)))
        count = sum(1 for page in pages if page.startswith(header))
        counted += count
        print(f"  {sheet.title:<14} {count}")
    print(f"  {workbook.worksheets[0].title:<14} {len(pages) - counted}")


if __name__ == "__main__":
    main()
