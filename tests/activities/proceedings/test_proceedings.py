"""The book of proceedings: on its page and in every export (JSON section, workbook
sheet, CSV file, Markdown table), made from one section; an export imported again
gives the same proceedings."""

import io
import json

import pytest
from openpyxl import load_workbook

from tests.activities.open_space import PHASES, convene, go_to, ids_of, open_space, phone
from tests.flows import act, another_browser, move_phase, sv
from workshop.exporting.document import workshop_document
from workshop.exporting.json_format import schema_problems, to_json
from workshop.followup import ImportRefused, import_document, read_document


def day_of_sessions(client) -> dict:
    """An Open Space run to its convergence: two sessions, one on the wall with notes."""
    workshop = open_space(client)
    code = workshop["code"]
    anna, anna_csrf = phone(client, workshop)
    karim, karim_csrf = phone(client, workshop)
    homework = convene(anna, workshop, anna_csrf, "Läxhjälp", convenor_name="Anna",
                       co_convenors="Karim")
    convene(karim, workshop, karim_csrf, "Skolvägen <trygg>")
    act(karim, f"/w/{code}/interest", karim_csrf, session=str(homework), interested="1")
    go_to(client, workshop, "agenda")
    setup = client.get(f"/w/{code}/facilitator").text
    act(anna, f"/w/{code}/agenda/claim", anna_csrf, session=str(homework),
        room=str(ids_of(setup, "room")["Grupprum 2"]), slot=str(ids_of(setup, "slot")["11:00"]))
    move_phase(client, workshop, PHASES["agenda"])
    for who, csrf in ((anna, anna_csrf), (karim, karim_csrf)):
        act(who, f"/w/{code}/sessions/{homework}/here", csrf, here="1")
    act(karim, f"/w/{code}/sessions/{homework}/notes", karim_csrf, kind="insight",
        text="Många behöver hjälp med matte")
    act(anna, f"/w/{code}/sessions/{homework}/notes", anna_csrf, kind="next_step",
        text="Fråga biblioteket\nom tisdagar")
    move_phase(client, workshop, PHASES["breakouts"])
    return workshop


def test_the_proceedings_page_lists_every_session_with_room_time_people_and_notes(client):
    workshop = day_of_sessions(client)
    page = client.get(f"/w/{workshop['code']}/proceedings").text
    homework = page.split('<h2 id="proceedings-1">')[1].split("</section>")[0]
    assert homework.startswith("Läxhjälp</h2>")
    assert "11:00–11:45, Grupprum 2" in homework and "Sammankallande: Anna, Karim" in homework
    assert "2 kom" in homework and "1 är intresserad" in homework
    assert "<h3>Insikter</h3>" in homework and "<li>Många behöver hjälp med matte</li>" in homework
    assert "<h3>Nästa steg</h3>" in homework
    assert "Skolvägen &lt;trygg&gt;" in page and sv("not on the wall") in page
    assert '<link rel="stylesheet" href="/static/report.css">' in page
    stranger = another_browser(client)
    assert stranger.get(f"/w/{workshop['code']}/proceedings").status_code == 403


def test_every_export_holds_the_proceedings(client):
    workshop = day_of_sessions(client)
    code = workshop["code"]
    document = json.loads(client.get(f"/w/{code}/export?format=json").text)
    assert schema_problems(document) == []
    homework = document["open_space"]["sessions"][0]
    assert (homework["title"], homework["room"], homework["starts"], homework["ends"]) == (
        "Läxhjälp", "Grupprum 2", "11:00", "11:45")
    assert homework["attended"] == ["p1", "p2"] and homework["interested"] == ["p2"]
    assert [(n["kind"], n["author"]) for n in homework["notes"]] == [("insight", "p2"),
                                                                    ("next_step", "p1")]
    assert homework["report"] is not None  # the breakouts were left: the report is a post
    workbook = load_workbook(io.BytesIO(client.get(f"/w/{code}/export?format=xlsx").content))
    sheet = workbook["Protokoll"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("Tid", "Rum", "Session", "Sammankallande", "Kom", "Intresserade")
    assert rows[1][:6] == ("11:00–11:45", "Grupprum 2", "Läxhjälp", "Anna, Karim", 2, 1)
    assert "Fråga biblioteket\nom tisdagar" in rows[1]
    markdown = client.get(f"/w/{code}/export?format=md").text
    assert "## Protokoll" in markdown and "Skolvägen \\<trygg\\>" in markdown
    assert "Fråga biblioteket<br>om tisdagar" in markdown


def test_an_imported_export_keeps_its_proceedings(client):
    workshop = day_of_sessions(client)
    store = client.app.other_asgi_app.state.store
    original = workshop_document(store, store.workshop_by_code(workshop["code"]))
    imported, _ = import_document(store, read_document(to_json(original).encode()))
    again = workshop_document(store, imported)
    assert again["open_space"] == original["open_space"]


def test_an_import_is_held_to_what_a_live_tap_allows(client):
    workshop = day_of_sessions(client)
    store = client.app.other_asgi_app.state.store
    document = workshop_document(store, store.workshop_by_code(workshop["code"]))
    homework = document["open_space"]["sessions"][0]
    homework["notes"] = [{**homework["notes"][0], "text": f"Anteckning {n}"} for n in range(41)]
    document["open_space"]["sessions"] += [{**homework, "notes": [], "report": None}] * 5
    with pytest.raises(ImportRefused) as refused:
        read_document(to_json(document).encode())
    message = str(refused.value)
    assert "open_space → sessions → 1: more than 40 notes by one participant" in message
    assert "open_space → sessions: more than 5 sessions by one convenor" in message
