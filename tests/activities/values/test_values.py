"""Värderingsövning over HTTP: statements, round 1 alone with nothing of it anywhere
before the facilitator shows it (pages, live pushes, exports), table groups' positions,
round 2, and the shift figures on a built case."""

import json
import re

import pytest

from tests.flows import act, another_browser, create_workshop, join, move_phase, sv
from workshop.activities.values.results import shift
from workshop.exporting.document import workshop_document
from workshop.exporting.files import export_file
from workshop.followup import ImportRefused, import_document, read_document
from workshop.realtime import LIVE_PARTS

STATEMENTS = ["Alla barn ska få samma stöd", "Den som behöver mest ska få först",
              "Föräldrar vet bäst"]


def opened(client, phones: int) -> tuple[dict, list]:
    workshop = create_workshop(client, method="values")
    joined = []
    for _ in range(phones):
        phone = another_browser(client)
        joined.append((phone, join(phone, workshop["code"])))
    move_phase(client, workshop, 0)
    listed = act(client, f"/w/{workshop['code']}/values/statements", workshop["csrf"],
                 statements="\n".join(STATEMENTS))
    assert listed.status_code == 204, listed.text
    return workshop, joined


def answer(phone, csrf, code, *positions, path="values"):
    return act(phone, f"/w/{code}/{path}", csrf, **{
        f"statement-{n}": str(p) for n, p in enumerate(positions, 1) if p})


def show(client, workshop, level: int):
    return act(client, f"/w/{workshop['code']}/values/show", workshop["csrf"], show=str(level))


def app_state(client):
    return client.app.other_asgi_app.state


def pushed(client, workshop) -> dict[str, str]:
    """What the socket would push now to each role: every live part, as JSON text."""
    state = app_state(client)
    saved = state.store.workshop_by_code(workshop["code"])
    payloads = {}
    for role in ("participant", "projector", "facilitator"):
        for part in ("stage", "values_results", "progress"):
            rendered = LIVE_PARTS[part](state.realtime, saved, role, ())
            payloads[f"{role} {part}"] = json.dumps(rendered[1] if rendered else None,
                                                    ensure_ascii=False)
    return payloads


ROUND_ONE_MARKS = ("values-counts", "values-bar", "values-table", "checked",
                   "Instämmer helt: ", "Agree completely: ")


def test_nothing_of_round_one_is_anywhere_before_the_facilitator_shows_it(client):
    workshop, phones = opened(client, phones=3)
    code = workshop["code"]
    (first, csrf), (second, csrf2), (third, _) = phones
    assert answer(first, csrf, code, 1, 2, 4).status_code == 200
    assert answer(second, csrf2, code, 4, 3, 1).status_code == 200
    # The room's pages, a phone that has not answered, the live pushes and the export.
    pages = {"projector": client.get(workshop["projector_url"]).text,
             "facilitator": client.get(f"/w/{code}/facilitator").text,
             "other phone": third.get(f"/w/{code}").text,
             "other phone's own pieces": third.get(f"/w/{code}/me").text,
             **pushed(client, workshop)}
    for where, text in pages.items():
        for mark in ROUND_ONE_MARKS:
            assert mark not in text, (where, mark)
    assert "2 har svarat. Svaren visas när alla är klara." in pages["projector"]
    store = app_state(client).store
    document = workshop_document(store, store.workshop_by_code(code))
    assert document["value_answers"] == [] and document["value_shown"] == []
    for fmt in ("md", "csv-zip", "xlsx", "json"):
        content = export_file(document, fmt).content
        assert "Instämmer helt: ".encode() not in content and "1 – 0".encode() not in content
    # A phone sees its own answers, and only its own.
    mine = first.get(f"/w/{code}/me").text
    assert re.findall(r'id="statement-(\d)-(\d)"[^>]*checked', mine) == [
        ("1", "1"), ("2", "2"), ("3", "4")]

    assert show(client, workshop, 1).status_code == 204
    projector = client.get(workshop["projector_url"]).text
    assert "values-counts" in projector
    document = workshop_document(store, store.workshop_by_code(code))
    assert len(document["value_answers"]) == 6 and document["value_shown"] == [
        {"phase": "values", "shown": 1}]


def test_showing_round_one_closes_it_and_opens_the_tables_and_round_two(client):
    workshop, [(phone, csrf)] = opened(client, phones=1)
    code = workshop["code"]
    assert act(phone, f"/w/{code}/values/group", csrf, table="1", **{"group-1": "1"}
               ).status_code == 409
    answer(phone, csrf, code, 2, 2, 2)
    assert act(client, f"/w/{code}/values/statements", workshop["csrf"],
               statements="Ny").status_code == 409
    assert show(client, workshop, 2).status_code == 409  # round 1 first
    assert show(client, workshop, 1).status_code == 204
    assert show(client, workshop, 1).status_code == 409
    page = phone.get(f"/w/{code}").text
    assert sv("Record your table's position (one phone per table)") in page
    saved = act(phone, f"/w/{code}/values/group", csrf, table="3",
                **{"group-1": "1", "group-2": "4"})
    assert saved.status_code == 200 and sv("Saved for table %(table)s.") % {"table": 3} in saved.text
    assert act(client, f"/w/{code}/values/group-entry", workshop["csrf"], table="2",
               **{"group-1": "3"}).status_code == 204
    for table, statement in (("7", "1"), ("0", "1")):
        assert act(client, f"/w/{code}/values/group-entry", workshop["csrf"], table=table,
                   **{f"group-{statement}": "1"}).status_code == 422
    # Round 2: this phone's new answers; round 1 stays as it was.
    assert answer(phone, csrf, code, 1, 3, 2).status_code == 200
    facilitator = client.get(f"/w/{code}/facilitator").text
    assert "table 2: Instämmer knappast; table 3: Instämmer helt" in facilitator.replace(
        "bord", "table")
    assert show(client, workshop, 2).status_code == 204
    closed = answer(phone, csrf, code, 4, 4, 4)
    assert closed.status_code == 409
    assert closed.text == sv("The answers are closed: the facilitator has shown them.")


@pytest.mark.parametrize("position", ["5", "0", "x", "2.5"])
def test_a_position_off_the_four_step_scale_is_refused(client, position):
    workshop, [(phone, csrf)] = opened(client, phones=1)
    refused = act(phone, f"/w/{workshop['code']}/values", csrf, **{"statement-1": position})
    assert refused.status_code == 422
    assert act(phone, f"/w/{workshop['code']}/values", csrf).status_code == 422


def test_the_shift_counts_who_moved_which_way_and_how_far():
    # Round 1 → round 2 of six phones: stayed, 1 toward agreeing, 1 toward disagreeing,
    # 2 toward agreeing, 3 toward disagreeing, stayed.
    figures = shift([(2, 2), (2, 1), (3, 4), (4, 2), (1, 4), (4, 4)])
    assert figures == {"answered": 6, "moved": 4, "toward_agree": 2, "toward_disagree": 2,
                       "steps": {1: 2, 2: 1, 3: 1}, "mean_steps": 1.8, "net": 0.2}
    assert shift([]) == {"answered": 0, "moved": 0, "toward_agree": 0, "toward_disagree": 0,
                         "steps": {}, "mean_steps": None, "net": None}


def table_rows(html: str) -> list[list[str]]:
    table = re.search(r'<table class="values-table">.*?</table>', html, re.S)[0]
    return [[re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]


def test_the_room_sees_round_one_the_tables_and_the_shift_per_statement(client):
    workshop, phones = opened(client, phones=4)
    code = workshop["code"]
    firsts, seconds = (1, 2, 3, 4), (1, 1, 4, 2)
    for (phone, csrf), position in zip(phones, firsts):
        answer(phone, csrf, code, position, 2)
    show(client, workshop, 1)
    for (phone, csrf), position in zip(phones, seconds):
        answer(phone, csrf, code, position)
    show(client, workshop, 2)
    rows = table_rows(client.get(f"/w/{code}/facilitator").text)
    # Statement 1: 0, −1, +1, −2 → 3 moved, 2 toward agreeing, 1 toward disagreeing,
    # (1 + 1 + 2) / 3 = 1.3 steps.
    assert rows[0][0] == STATEMENTS[0]
    assert rows[0][1] == ("Instämmer helt: 1; Instämmer delvis: 1; Instämmer knappast: 1; "
                          "Instämmer inte alls: 1")
    assert rows[0][3] == ("Instämmer helt: 2; Instämmer delvis: 1; Instämmer knappast: 0; "
                          "Instämmer inte alls: 1")
    assert rows[0][4:] == ["3", "2", "1", "1.3"]
    # Statement 2: nobody answered it in round 2.
    assert rows[1][4:] == ["0", "0", "0", "–"]
    projector = client.get(workshop["projector_url"]).text
    assert "3 av 4 flyttade sig:" in projector


def test_shown_answers_travel_in_the_export_and_an_import_refuses_unshown_ones(client):
    workshop, [(phone, csrf)] = opened(client, phones=1)
    answer(phone, csrf, workshop["code"], 1, 2, 3)
    show(client, workshop, 1)
    act(client, f"/w/{workshop['code']}/values/group-entry", workshop["csrf"], table="2",
        **{"group-1": "4"})
    store = app_state(client).store
    document = workshop_document(store, store.workshop_by_code(workshop["code"]))
    again, _ = import_document(store, read_document(json.dumps(document).encode()))
    copy = workshop_document(store, again)
    for key in ("value_statements", "value_shown", "value_answers", "value_groups"):
        assert copy[key] == document[key], key
    document["value_answers"].append({"participant": "p1", "phase": "values", "statement": 1,
                                      "round": 2, "position": 1})
    with pytest.raises(ImportRefused, match="round 2 was never shown"):
        read_document(json.dumps(document).encode())
    document["value_answers"][-1] |= {"round": 1, "position": 5, "statement": 2}
    with pytest.raises(ImportRefused, match="position 5 is off the scale"):
        read_document(json.dumps(document).encode())
