"""A small group's results cannot be read through any path: the facilitator's and the
projector's pages, the live fragments, socket events, and every export (XLSX, CSV, JSON,
Markdown, the report), neither as shown nor by subtracting the other groups from the total.

The room: Ung 6 phones, Vårdnadshavare 5, Personal 2 (k = 5). Personal's two put every
dot on "Hemlig önskan" and rate it 5/1; nobody else does either. Personal is hidden
(färre än 5 svar) and Vårdnadshavare with it, so that Personal cannot be subtracted out.
The archive export, which says it holds everything, is the control: there the same
attacker reads Personal's dots.
"""

import asyncio
import csv
import io
import json
import zipfile

import httpx
import openpyxl
import pytest
import socketio
from bs4 import BeautifulSoup

from tests.conftest import LiveServer
from tests.flows import act, create_workshop, join, move_phase, socket_token_of
from workshop import activities, i18n
from workshop.db import Store
from workshop.realtime import LIVE_PARTS, Realtime

SMALL, COVER = "Personal", "Vårdnadshavare"
SECRET_TOPIC = "Hemlig önskan"
GROUPS = {"Ung": 6, "Vårdnadshavare": 5, "Personal": 2}
NO_GROUP = "Ingen grupp vald"


def attack(tables: list[dict], where: str) -> list[str]:
    """Every way the small group's value shows: a number in its column, or, the room's
    groups being known, the only group a row hides (left out, or hidden in its column):
    then the total minus the shown cells gives it."""
    leaks = []
    for table in tables:
        for row in table["rows"]:
            cells = dict(zip(table["groups"], row["cells"]))
            hidden = {group for group in GROUPS if cells.get(group) is None}
            if cells.get(SMALL) is not None:
                leaks.append(f"{where}: {table['title']}: {row['text']}: shown {cells[SMALL]}")
            elif hidden == {SMALL} and row["total"] is not None:
                value = row["total"] - sum(v for v in cells.values() if v is not None)
                leaks.append(f"{where}: {table['title']}: {row['text']}: by subtraction {value}")
    return leaks


def number(text: str):
    text = text.strip().replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def html_tables(html: str) -> list[dict]:
    """The results per group a page, fragment or report shows (ui.group_table)."""
    tables = []
    for table in BeautifulSoup(html, "html.parser").select("table.group-table"):
        groups = [name.get_text(strip=True) for name in table.select("thead .group-name")]
        rows = []
        for tr in table.select("tbody tr"):
            cells = tr.find_all("td")
            rows.append({"text": tr.th.get_text(strip=True), "total": number(cells[-1].get_text()),
                         "cells": [None if "group-hidden" in (td.get("class") or [])
                                   else number(td.get_text()) or 0.0 for td in cells[:-1]]})
        tables.append({"title": table.caption.get_text(strip=True), "groups": groups,
                       "rows": rows, "reasons": table.select_one("thead").get_text(" ")})
    return tables


def grid_tables(rows: list[list]) -> list[dict]:
    """The "Resultat per grupp" table of XLSX, CSV or Markdown: result, item, a column
    per group, everyone; a hidden cell holds its reason."""
    header, *body = rows
    groups = list(header[2:-1])
    by_title: dict[str, dict] = {}
    for row in body:
        table = by_title.setdefault(row[0], {"title": row[0], "groups": groups, "rows": []})
        table["rows"].append({
            "text": row[1], "total": number(str(row[-1])) if row[-1] not in (None, "") else None,
            "cells": [None if str(cell).startswith("Dold:") else number(str(cell or 0)) or 0.0
                      for cell in row[2:-1]]})
    return list(by_title.values())


def json_tables(document: dict) -> list[dict]:
    return [{"title": table["title"],
             "groups": [group["label"] or NO_GROUP for group in table["groups"]],
             "rows": [{"text": row["text"], "total": row["total"],
                       "cells": [None if why else (value or 0) for value, why
                                 in zip(row["values"], row["hidden"])]}
                      for row in table["rows"]]}
            for table in document["group_results"]]


def markdown_tables(text: str) -> list[dict]:
    section = text.split("## Resultat per grupp", 1)[1].split("\n## ", 1)[0]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in section.strip().splitlines() if line.startswith("|")]
    return grid_tables([rows[0], *rows[2:]])


class Room:
    """The workshop, played over real HTTP and sockets against a running server."""

    def __init__(self, server: LiveServer):
        self.server = server
        self.facilitator = httpx.Client(base_url=server.url, follow_redirects=True, timeout=20)
        self.workshop = create_workshop(self.facilitator, method="low_hanging_fruit")
        self.code = self.workshop["code"]
        self.phones: list[tuple[str, httpx.Client, str]] = []
        self.events: dict[str, list] = {"facilitator": [], "projector": [], "participant": []}

    def post(self, path: str, **form):
        return self.facilitator.post(f"/w/{self.code}{path}",
                                     data={"csrf_token": self.workshop["csrf"], **form})

    def join_phones(self):
        for number, (label, count) in enumerate(GROUPS.items(), 1):
            self.post("/groups", label=label)
            for _ in range(count):
                phone = httpx.Client(base_url=self.server.url, follow_redirects=True, timeout=20)
                self.phones.append((label, phone, join(phone, self.code, group=str(number))))

    def topic_ids(self) -> dict[str, int]:
        store = Store(self.server.db_path)
        try:
            return {row["text"]: row["id"] for row in store.db.query(
                "SELECT id, text FROM topics ORDER BY id")}
        finally:
            store.close()

    def vote_and_rate(self):
        _, author, csrf = self.phones[0]
        for text in ("Fler fritidsgårdar", "Bättre bussar", SECRET_TOPIC):
            act(author, f"/w/{self.code}/topics", csrf, text=text)
        move_phase(self.facilitator, self.workshop, 1)
        ids = self.topic_ids()
        choice = {"Ung": ("Fler fritidsgårdar", 1), "Vårdnadshavare": ("Bättre bussar", 1),
                  SMALL: (SECRET_TOPIC, 3)}
        for label, phone, csrf in self.phones:
            text, dots = choice[label]
            for _ in range(dots):
                assert act(phone, f"/w/{self.code}/dots", csrf,
                           add_dot=str(ids[text])).status_code == 200
        move_phase(self.facilitator, self.workshop, 2)
        ratings = {"Ung": [(t, 3, 3) for t in ids], "Vårdnadshavare": [("Bättre bussar", 4, 2)],
                   SMALL: [(SECRET_TOPIC, 5, 1)]}
        for label, phone, csrf in self.phones:
            for text, impact, effort in ratings[label]:
                assert act(phone, f"/w/{self.code}/ratings", csrf, card="0",
                           item=str(ids[text]), impact=str(impact), effort=str(effort),
                           step="save").status_code == 200

    async def listen(self, role: str, path: str, client: httpx.Client):
        page = await asyncio.to_thread(client.get, path)
        sock = socketio.AsyncClient()
        sock.on("*", lambda event, data: self.events[role].append(data))
        await sock.connect(self.server.url, auth={"token": socket_token_of(page.text)},
                           transports=["websocket"], wait_timeout=10)
        return sock


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("groups") / "samla.db").start()
    try:
        room = Room(server)
        room.join_phones()
        room.post("/groups/projector", groups_on_projector="on")
        move_phase(room.facilitator, room.workshop, 0)

        async def play():
            projector = httpx.Client(base_url=server.url, timeout=20)
            label, phone, _ = room.phones[-1]
            sockets = [await room.listen("facilitator", f"/w/{room.code}/facilitator",
                                         room.facilitator),
                       await room.listen("projector", room.workshop["projector_url"]
                                         .replace(server.url, ""), projector),
                       await room.listen("participant", f"/w/{room.code}", phone)]
            await asyncio.to_thread(room.vote_and_rate)
            await asyncio.to_thread(move_phase, room.facilitator, room.workshop, 3)
            await asyncio.sleep(1.5)  # the last coalesced pushes
            for sock in sockets:
                await sock.disconnect()

        asyncio.run(play())
        yield room
    finally:
        server.stop()


def pushed_tables(room, role: str) -> list[dict]:
    return [table for payload in room.events[role] if isinstance(payload, dict)
            and isinstance(payload.get("html"), str) for table in html_tables(payload["html"])]


def assert_protected(tables: list[dict], where: str):
    """There are results per group, and they give the small group away nowhere."""
    assert any("Ung" in table["groups"] for table in tables), f"{where}: no results per group"
    assert attack(tables, where) == []


def test_pages_show_results_per_group_with_the_small_group_hidden_and_why(room):
    facilitator = room.facilitator.get(f"/w/{room.code}/facilitator").text
    tables = html_tables(facilitator)
    assert [t["title"] for t in tables] == ["Prickar per grupp", "Nytta i snitt per grupp",
                                            "Insats i snitt per grupp"]
    dots = tables[0]
    assert dots["groups"] == ["Ung", COVER, SMALL]  # everyone chose a group
    assert "färre än 5 svar" in dots["reasons"]
    assert "så att ingen kan räkna ut en mindre grupp från summan" in dots["reasons"]
    assert {row["text"]: row["cells"][0] for row in dots["rows"]} == {
        "Fler fritidsgårdar": 6, "Bättre bussar": 0, SECRET_TOPIC: 0}
    assert_protected(tables, "facilitator page")
    projector = room.facilitator.get(room.workshop["projector_url"]).text
    assert_protected(html_tables(projector), "projector page")
    # The projector leaves hidden groups out of its tables and names them in the caption.
    assert {tuple(t["groups"]) for t in html_tables(projector)} == {("Ung",)}
    assert "Visas inte: Vårdnadshavare (så att ingen kan räkna ut en mindre grupp från " \
           "summan), Personal (färre än 5 svar)" in projector


def test_phones_never_see_results_per_group(room):
    _, phone, _ = room.phones[-1]
    assert html_tables(phone.get(f"/w/{room.code}").text) == []
    assert html_tables(phone.get(f"/w/{room.code}/me").text) == []
    assert pushed_tables(room, "participant") == []


def test_socket_events_carry_the_small_group_hidden(room):
    tallies = [p for p in room.events["facilitator"] if p.get("target") == "tally"]
    assert tallies, "the facilitator got no tally while the room voted"
    assert_protected(pushed_tables(room, "facilitator"), "facilitator socket")
    assert_protected(pushed_tables(room, "projector"), "projector socket")


def test_every_live_fragment_keeps_the_small_group_hidden(room):
    store = Store(room.server.db_path)
    try:
        realtime = Realtime(store, "k")
        workshop = store.workshop_by_code(room.code)
        activities.discover()
        for role in ("facilitator", "projector"):
            with i18n.language("sv"):
                rendered = [LIVE_PARTS[part](realtime, workshop, role, ())
                            for part in ("stage", "tally", "ratings")]
            tables = [t for event_payload in rendered if event_payload
                      for t in html_tables(event_payload[1]["html"])]
            assert_protected(tables, f"{role} fragments")
    finally:
        store.close()


def download(room, fmt: str, archive: bool = False) -> bytes:
    query = f"format={fmt}" + ("&archive=on" if archive else "")
    response = room.facilitator.get(f"/w/{room.code}/export?{query}")
    assert response.status_code == 200, response.text
    return response.content


def test_the_json_export_hides_the_small_group_and_links_nobody_to_a_group(room):
    document = json.loads(download(room, "json"))
    assert all("group" not in participant for participant in document["participants"])
    assert [(g["label"], g["hidden"]) for g in document["groups"]["hidden"]] == [
        (COVER, "complementary"), (SMALL, "fewer_than_k")]
    assert document["groups"]["archive"] is False
    assert_protected(json_tables(document), "JSON")


def test_xlsx_csv_markdown_and_report_hide_the_small_group_and_say_why(room):
    workbook = openpyxl.load_workbook(io.BytesIO(download(room, "xlsx")), read_only=True)
    sheet = [list(row) for row in workbook["Resultat per grupp"].iter_rows(values_only=True)]
    assert_protected(grid_tables(sheet), "XLSX")
    hidden = [list(row) for row in workbook["Dolda grupper"].iter_rows(values_only=True)]
    assert [row[:2] for row in hidden[1:]] == [
        [COVER, "Dold: så att ingen kan räkna ut en mindre grupp från summan"],
        [SMALL, "Dold: färre än 5 svar"]]
    for name in workbook.sheetnames[1:-2]:  # no table but the group ones names a group
        header = next(workbook[name].iter_rows(max_row=1, values_only=True))
        assert not {"Grupp", *GROUPS} & set(header), name
    archive = zipfile.ZipFile(io.BytesIO(download(room, "csv-zip")))
    text = archive.read(f"samla-{room.code}-group_results.csv").decode("utf-8-sig")
    assert_protected(grid_tables(list(csv.reader(io.StringIO(text), delimiter=";"))), "CSV")
    markdown = download(room, "md").decode()
    assert_protected(markdown_tables(markdown), "Markdown")
    assert "Dolda grupper:** Vårdnadshavare (så att ingen kan räkna ut en mindre grupp från " \
           "summan); Personal (färre än 5 svar)" in markdown
    for where, html in (("report", download(room, "report").decode()),
                        ("report page", room.facilitator.get(f"/w/{room.code}/report").text)):
        assert_protected(html_tables(html), where)
        assert "Personal (färre än 5 svar)" in html


def test_the_archive_export_says_so_and_holds_the_small_group(room):
    """The control: the same attack reads Personal's dots from the archive export."""
    document = json.loads(download(room, "json", archive=True))
    assert document["groups"]["archive"] is True
    assert {p["group"] for p in document["participants"]} == {1, 2, 3}
    leaks = attack(json_tables(document), "archive")
    assert "archive: Dots per group: Hemlig önskan: shown 6" in leaks
    assert "Det här är en arkivexport" in download(room, "md", archive=True).decode()
