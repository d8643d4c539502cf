"""The actor map per participant group: how many people of each group named each actor,
right on a built room, with groups below the higher k for free text (8 by default)
hidden on the pages, in the live fragment and in the JSON export
(tests/test_group_protection.py plays every path for voting and rating; this reuses its
attack).

The room: Ung 9 phones, Vårdnadshavare 8, Personal 5. Personal has enough people for a
number (k = 5) but not for its own words (text k = 8): it is hidden, and Vårdnadshavare
with it, so that Personal cannot be subtracted out.
"""

import json

import pytest

from tests.activities.actors.test_actors import name
from tests.flows import another_browser, create_workshop, join, move_phase
from tests.test_group_protection import assert_protected, attack, html_tables, json_tables
from workshop import activities, i18n
from workshop.realtime import LIVE_PARTS, Realtime

SIZES = {"Ung": 9, "Vårdnadshavare": 8, "Personal": 5}
TITLE = "Hur många i varje grupp som nämnde aktören"
ROWS = ["BUP (Region)", "Skolkuratorn (Kommun)", "Hemlig aktör (Annan)"]


def named(label: str, index: int) -> list[tuple[str, str]]:
    """What a phone names: every Ung phone the school counsellor, four of them BUP too;
    every Vårdnadshavare BUP; every Personal an actor nobody else names."""
    return {"Ung": [("Skolkuratorn", "kommun")] + ([("BUP", "region")] if index < 4 else []),
            "Vårdnadshavare": [("BUP", "region")],
            "Personal": [("Hemlig aktör", "annan")]}[label]


@pytest.fixture
def room(client):
    workshop = create_workshop(client, method="actors")
    code = workshop["code"]
    phones = []
    for number, (label, size) in enumerate(SIZES.items(), 1):
        client.post(f"/w/{code}/groups", data={"csrf_token": workshop["csrf"], "label": label})
        for index in range(size):
            phone = another_browser(client)
            phones.append((label, index, phone, join(phone, code, group=str(number))))
    move_phase(client, workshop, 0)
    for label, index, phone, csrf in phones:
        for title, organisation in named(label, index):
            assert name(phone, csrf, code, title, organisation).status_code == 200
    client.post(f"/w/{code}/groups/projector",
                data={"csrf_token": workshop["csrf"], "groups_on_projector": "on"})
    return {**workshop, "phones": phones}


def test_the_facilitator_sees_who_named_each_actor_per_group_above_the_text_k(client, room):
    [table] = html_tables(client.get(f"/w/{room['code']}/facilitator").text)
    assert table["title"] == TITLE
    assert table["groups"] == list(SIZES)
    assert [(row["text"], row["cells"][0], row["total"]) for row in table["rows"]] == [
        (ROWS[0], 4, 12), (ROWS[1], 9, 9), (ROWS[2], 0, 5)]
    assert "färre än 8 svar" in table["reasons"]
    assert_protected([table], "facilitator page")


def test_the_projector_shows_it_behind_the_switch_and_phones_never(client, room):
    projector = client.get(room["projector_url"]).text
    [table] = html_tables(projector)
    assert table["groups"] == ["Ung"] and "Personal (färre än 8 svar)" in projector
    assert_protected([table], "projector page")
    _, _, phone, _ = room["phones"][-1]
    assert html_tables(phone.get(f"/w/{room['code']}").text) == []
    client.post(f"/w/{room['code']}/groups/projector", data={"csrf_token": room["csrf"]})
    assert html_tables(client.get(room["projector_url"]).text) == []


def test_the_live_fragment_keeps_small_groups_hidden(client, room):
    store = client.app.other_asgi_app.state.store
    workshop = store.workshop_by_code(room["code"])
    activities.discover()
    with i18n.language("sv"):
        pushed = {role: LIVE_PARTS["actors_map"](Realtime(store, "k"), workshop, role, ())
                  for role in ("facilitator", "projector", "participant")}
    assert pushed["participant"] is None
    for role in ("facilitator", "projector"):
        tables = html_tables(pushed[role][1]["html"])
        assert [table["title"][:len(TITLE)] for table in tables] == [TITLE]
        assert_protected(tables, f"{role} fragment")


def test_the_json_export_hides_small_groups_and_the_archive_holds_them(client, room):
    def exported(archive: str = "") -> list[dict]:
        answer = client.get(f"/w/{room['code']}/export?format=json{archive}")
        assert answer.status_code == 200, answer.text
        return [t for t in json.loads(answer.content)["group_results"] if t["phase"] == "actors"]

    [shared] = exported()
    assert [(g["label"], g["hidden"]) for g in shared["groups"]] == [
        ("Ung", None), ("Vårdnadshavare", "complementary"), ("Personal", "fewer_than_k")]
    assert shared["min_size"] == 8
    assert_protected(json_tables({"group_results": [shared]}), "JSON")
    [archive] = exported("&archive=on")
    assert [row["values"] for row in archive["rows"]] == [[4, 8, 0], [9, 0, 0], [0, 0, 5]]
    assert attack(json_tables({"group_results": [archive]}), "archive") != []
