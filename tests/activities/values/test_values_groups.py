"""Värderingsövning per participant group: round 1's distribution and the shift per
statement of each group, right on a built room; nothing of it, per group either, before
the facilitator shows round 1 (not even in the archive export); small groups hidden on
the pages, in the live fragment and in the JSON export (tests/test_group_protection.py
plays every path for voting and rating; this reuses its room of groups and its attack).

The room: Ung 6 phones, Vårdnadshavare 5, Personal 2 (k = 5): Personal is hidden (färre
än 5 svar) and Vårdnadshavare with it, so that Personal cannot be subtracted out.
"""

import json

import pytest

from tests.activities.values.test_values import STATEMENTS, answer, pushed, show
from tests.flows import act, another_browser, create_workshop, join, move_phase
from tests.test_group_protection import GROUPS, assert_protected, attack, html_tables, json_tables

FIRST = {"Ung": [(1, 2, 4)] * 4 + [(2, 2, 4)] * 2, "Vårdnadshavare": [(3, 3, 1)] * 5,
         "Personal": [(4, 4, 4)] * 2}
SECOND = {"Ung": (1, 1, 4), "Vårdnadshavare": (3, 3, 1), "Personal": (1, 1, 1)}
FIRST_TITLE, NET_TITLE, MOVED_TITLE = ("Omgång 1 per grupp: hur många valde varje svar",
                                       "Ändring i steg i snitt per grupp (minus: mer överens)",
                                       "Ändrade sig mellan omgångarna, per grupp")
ANSWERS = ("Instämmer helt", "Instämmer delvis", "Instämmer knappast", "Instämmer inte alls")


@pytest.fixture
def room(client):
    """A values workshop whose phones, in their groups, answered round 1 (FIRST);
    results per group switched on for the projector."""
    workshop = create_workshop(client, method="values")
    code = workshop["code"]
    phones = []
    for number, label in enumerate(GROUPS, 1):
        client.post(f"/w/{code}/groups", data={"csrf_token": workshop["csrf"], "label": label})
        for positions in FIRST[label]:
            phone = another_browser(client)
            phones.append((label, phone, join(phone, code, group=str(number)), positions))
    move_phase(client, workshop, 0)
    assert act(client, f"/w/{code}/values/statements", workshop["csrf"],
               statements="\n".join(STATEMENTS)).status_code == 204
    for _, phone, csrf, positions in phones:
        assert answer(phone, csrf, code, *positions).status_code == 200
    client.post(f"/w/{code}/groups/projector",
                data={"csrf_token": workshop["csrf"], "groups_on_projector": "on"})
    return {**workshop, "phones": phones}


def pushed_tables(client, room) -> dict[str, list[dict]]:
    """The results per group each live part would push now, by role and part."""
    payloads = {where: json.loads(payload) for where, payload in pushed(client, room).items()}
    return {where: tables for where, payload in payloads.items()
            if payload and (tables := html_tables(payload.get("html", "")))}


def exported(client, room, archive: str = "") -> list[dict]:
    answer_ = client.get(f"/w/{room['code']}/export?format=json{archive}")
    assert answer_.status_code == 200, answer_.text
    return [table for table in json.loads(answer_.content)["group_results"]
            if table["phase"] == "values"]


def test_nothing_of_round_one_per_group_before_the_facilitator_shows_it(client, room):
    assert html_tables(client.get(f"/w/{room['code']}/facilitator").text) == []
    assert html_tables(client.get(room["projector_url"]).text) == []
    assert pushed_tables(client, room) == {}
    assert exported(client, room) == exported(client, room, "&archive=on") == []


def test_round_one_per_group_is_right_with_small_groups_hidden(client, room):
    assert show(client, room, 1).status_code == 204
    [table] = html_tables(client.get(f"/w/{room['code']}/facilitator").text)
    assert table["title"] == FIRST_TITLE
    assert table["groups"] == list(GROUPS)
    ung = ([4, 2, 0, 0], [0, 6, 0, 0], [0, 0, 0, 6])  # per statement, per answer
    room_ = ([4, 2, 5, 2], [0, 6, 5, 2], [5, 0, 0, 8])
    assert [(row["text"], row["cells"][0], row["total"]) for row in table["rows"]] == [
        (f"{text}: {answer_}", mine, total)
        for text, counts, totals in zip(STATEMENTS, ung, room_)
        for answer_, mine, total in zip(ANSWERS, counts, totals)]
    assert "färre än 5 svar" in table["reasons"]
    assert_protected([table], "facilitator page")
    projector = client.get(room["projector_url"]).text
    [shown] = html_tables(projector)
    assert shown["groups"] == ["Ung"] and "Personal (färre än 5 svar)" in projector
    fragments = pushed_tables(client, room)
    assert sorted(fragments) == ["facilitator stage", "facilitator values_results",
                                 "projector stage", "projector values_results"]
    for where, tables in fragments.items():
        assert_protected(tables, where)
    [exported_table] = exported(client, room)
    assert_protected(json_tables({"group_results": [exported_table]}), "JSON")


def test_the_shift_per_group_is_right_once_the_change_is_shown(client, room):
    show(client, room, 1)
    for label, phone, csrf, _ in room["phones"]:
        assert answer(phone, csrf, room["code"], *SECOND[label]).status_code == 200
    assert show(client, room, 2).status_code == 204
    tables = html_tables(client.get(f"/w/{room['code']}/facilitator").text)
    assert [t["title"] for t in tables] == [FIRST_TITLE, NET_TITLE, MOVED_TITLE]
    assert [[(row["cells"][0], row["total"]) for row in t["rows"]] for t in tables[1:]] == [
        [(-0.3, -0.6), (-1.0, -0.9), (0.0, -0.5)], [(2, 4), (6, 8), (0, 2)]]
    assert_protected(tables, "facilitator page")
    projector = html_tables(client.get(room["projector_url"]).text)
    assert [t["title"][:len(NET_TITLE)] for t in projector] == [NET_TITLE]  # shown last
    shared = exported(client, room)
    assert [t["measure"] for t in shared] == ["first", "net", "moved"]
    assert_protected(json_tables({"group_results": shared}), "JSON")
    archive = {t["measure"]: t for t in exported(client, room, "&archive=on")}
    assert [row["values"] for row in archive["net"]["rows"]] == [
        [-0.3, 0.0, -3.0], [-1.0, 0.0, -3.0], [0.0, 0.0, -3.0]]
    assert attack(json_tables({"group_results": [archive["net"]]}), "archive") != []
