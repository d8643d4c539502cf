"""Fördela 100 poäng per participant group: the mean share per option of each group,
right on a built room, with small groups hidden on the facilitator's and projector's
pages, in the live fragment and in the JSON export (tests/test_group_protection.py
plays every path for voting and rating; this reuses its room of groups and its attack).

The room: Ung 6 phones, Vårdnadshavare 5, Personal 2 (k = 5): Personal is hidden (färre
än 5 svar) and Vårdnadshavare with it, so that Personal cannot be subtracted out.
"""

import json

import pytest

from tests.activities.allocation.test_allocation import OPTIONS, give, store_of
from tests.flows import act, another_browser, create_workshop, join, move_phase
from tests.test_group_protection import GROUPS, assert_protected, attack, html_tables, json_tables
from workshop import activities, i18n
from workshop.realtime import LIVE_PARTS, Realtime

POINTS = {"Ung": [(60, 30, 10)] * 3 + [(40, 50, 10)] * 3,
          "Vårdnadshavare": [(20, 20, 60)] * 5, "Personal": [(0, 0, 100)] * 2}
TITLE = "Andel i snitt per grupp"


@pytest.fixture
def room(client):
    """A Tidsmätning workshop whose phones, in their groups, shared POINTS; results per
    group switched on for the projector."""
    workshop = create_workshop(client, method="time_use")
    code = workshop["code"]
    phones = []
    for number, label in enumerate(GROUPS, 1):
        client.post(f"/w/{code}/groups", data={"csrf_token": workshop["csrf"], "label": label})
        for _ in POINTS[label]:
            phone = another_browser(client)
            phones.append((label, phone, join(phone, code, group=str(number))))
    assert move_phase(client, workshop, 0).status_code == 204
    assert act(client, f"/w/{code}/allocation/options", workshop["csrf"],
               options="\n".join(OPTIONS)).status_code == 204
    given = {label: iter(points) for label, points in POINTS.items()}
    for label, phone, csrf in phones:
        assert give(phone, csrf, code, *next(given[label])).status_code == 200
    client.post(f"/w/{code}/groups/projector",
                data={"csrf_token": workshop["csrf"], "groups_on_projector": "on"})
    return {**workshop, "phones": phones}


def test_the_facilitator_sees_each_groups_mean_share_with_small_groups_hidden(client, room):
    [table] = html_tables(client.get(f"/w/{room['code']}/facilitator").text)
    assert table["title"] == TITLE
    assert table["groups"] == list(GROUPS)
    assert [(row["text"], row["cells"][0], row["total"]) for row in table["rows"]] == [
        (OPTIONS[0], 50.0, 30.8), (OPTIONS[1], 40.0, 26.2), (OPTIONS[2], 10.0, 43.1)]
    assert "färre än 5 svar" in table["reasons"]
    assert_protected([table], "facilitator page")


def test_the_projector_shows_them_behind_the_switch_and_phones_never(client, room):
    projector = client.get(room["projector_url"]).text
    [table] = html_tables(projector)
    assert table["groups"] == ["Ung"]  # hidden groups leave no column, the caption names them
    assert "Personal (färre än 5 svar)" in projector
    assert_protected([table], "projector page")
    _, phone, _ = room["phones"][-1]
    assert html_tables(phone.get(f"/w/{room['code']}").text) == []
    client.post(f"/w/{room['code']}/groups/projector", data={"csrf_token": room["csrf"]})
    assert html_tables(client.get(room["projector_url"]).text) == []


def test_the_live_fragment_keeps_small_groups_hidden(client, room):
    store = store_of(client)
    workshop = store.workshop_by_code(room["code"])
    activities.discover()
    with i18n.language("sv"):
        pushed = {role: LIVE_PARTS["allocation_results"](Realtime(store, "k"), workshop, role, ())
                  for role in ("facilitator", "projector", "participant")}
    assert pushed["participant"] is None
    for role in ("facilitator", "projector"):
        tables = html_tables(pushed[role][1]["html"])
        assert [table["title"][:len(TITLE)] for table in tables] == [TITLE]
        assert_protected(tables, f"{role} fragment")


def test_the_json_export_hides_small_groups_and_the_archive_holds_every_groups_shares(
        client, room):
    def document(archive: str = ""):
        answer = client.get(f"/w/{room['code']}/export?format=json{archive}")
        assert answer.status_code == 200, answer.text
        return json.loads(answer.content)

    shared = [table for table in document()["group_results"] if table["measure"] == "share"]
    assert [[(g["label"], g["hidden"]) for g in table["groups"]] for table in shared] == [
        [("Ung", None), ("Vårdnadshavare", "complementary"), ("Personal", "fewer_than_k")],
        # the repeated measurement, where nobody has shared yet
        [("Ung", "fewer_than_k"), ("Vårdnadshavare", "fewer_than_k"),
         ("Personal", "fewer_than_k")]]
    assert_protected(json_tables({"group_results": shared}), "JSON")
    archive = document("&archive=on")
    [table] = [t for t in archive["group_results"]
               if (t["phase"], t["measure"]) == ("measure", "share")]
    assert [row["values"] for row in table["rows"]] == [[50.0, 20.0, 0.0], [40.0, 20.0, 0.0],
                                                        [10.0, 60.0, 100.0]]
    assert attack(json_tables({"group_results": [table]}), "archive") != []  # the control
