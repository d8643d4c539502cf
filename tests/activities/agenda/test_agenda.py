"""The agenda wall: claims first come first served (never two sessions in a cell, also
when twenty phones tap one cell at once), the facilitator's moves, pins and deletes."""

import re
import threading
from datetime import datetime, time

import httpx

from tests.activities.agenda.built import built_workshop
from tests.activities.open_space import convene, go_to, ids_of, open_space, phone
from tests.flows import act, join, sv
from workshop.activities.agenda import queries
from workshop.activities.agenda.actions import TAKEN
from workshop.activities.agenda.wall import STOCKHOLM, next_turn, now_and_next, workshop_day
from workshop.db import Store


def test_twenty_phones_claim_one_cell_at_once_and_exactly_one_wins(live_server):
    facilitator = httpx.Client(base_url=live_server.url, follow_redirects=True, timeout=20)
    workshop = open_space(facilitator)
    code = workshop["code"]
    phones = [httpx.Client(base_url=live_server.url, follow_redirects=True, timeout=20)
              for _ in range(20)]
    tokens = [join(p, code) for p in phones]
    sessions = [convene(p, workshop, csrf, f"Session {n}") for n, (p, csrf)
                in enumerate(zip(phones, tokens))]
    go_to(facilitator, workshop, "agenda")
    setup = facilitator.get(f"/w/{code}/facilitator").text
    room, slot = ids_of(setup, "room")["Stora salen"], ids_of(setup, "slot")["10:00"]
    barrier = threading.Barrier(20)
    answers = [None] * 20

    def claim(n):
        barrier.wait()
        answers[n] = act(phones[n], f"/w/{code}/agenda/claim", tokens[n],
                         session=str(sessions[n]), room=str(room), slot=str(slot))

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    won = [n for n, answer in enumerate(answers) if answer.status_code == 200]
    assert len(won) == 1
    assert all(a.status_code == 409 and a.text == sv(TAKEN._args[0])
               for n, a in enumerate(answers) if n != won[0])
    wall = facilitator.get(workshop["projector_url"].replace(live_server.url, "")).text
    assert re.findall(r'<span class="cell-title">(Session \d+)</span>', wall) == \
        [f"Session {won[0]}"]
    for client in (facilitator, *phones):
        client.close()


def test_twenty_connections_claiming_one_cell_let_exactly_one_through(tmp_path):
    """The UNIQUE rule itself, with twenty SQLite connections as twenty processes."""
    setup = Store(tmp_path / "samla.db")
    built = built_workshop(setup, sessions=20)
    barrier = threading.Barrier(20)
    outcomes = []

    def claim(session):
        store = Store(tmp_path / "samla.db")
        barrier.wait()
        outcomes.append(queries.claim(store, built.workshop["id"], session["id"],
                                      built.rooms[0], built.slots[0],
                                      convenor_id=session["participant_id"]))
        store.close()

    threads = [threading.Thread(target=claim, args=(s,)) for s in built.sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["placed"] + ["taken"] * 19
    assert len(queries.placements(setup, built.workshop["id"])) == 1
    setup.close()


def wall_page(client, workshop) -> str:
    return client.get(workshop["projector_url"]).text


def test_the_facilitator_moves_a_session_and_the_wall_shows_it_there(client):
    workshop = open_space(client)
    other, csrf = phone(client, workshop)
    session = convene(other, workshop, csrf, "Läxhjälp")
    go_to(client, workshop, "agenda")
    code, setup = workshop["code"], client.get(f"/w/{workshop['code']}/facilitator").text
    rooms, slots = ids_of(setup, "room"), ids_of(setup, "slot")
    assert act(other, f"/w/{code}/agenda/claim", csrf, session=str(session),
               room=str(rooms["Utomhus"]), slot=str(slots["10:00"])).status_code == 200
    assert act(client, f"/w/{code}/agenda/place", workshop["csrf"], session=str(session),
               room=str(rooms["Grupprum 2"]), slot=str(slots["13:00"])).status_code == 204
    rows = re.findall(r"<tr><th scope=\"row\">([\d:–]+)</th>\s*(.*?)</tr>",
                      wall_page(client, workshop), re.S)
    cells = {time: re.findall(r"<td[^>]*>(.*?)</td>", row) for time, row in rows}
    assert cells["13:00–13:45"][1] == '<span class="cell-title">Läxhjälp</span>'
    assert "Läxhjälp" not in "".join(cells["10:00–10:45"])


def test_a_pinned_session_stays_when_its_convenor_claims_another_cell(client):
    workshop = open_space(client)
    other, csrf = phone(client, workshop)
    session = convene(other, workshop, csrf, "Läxhjälp")
    go_to(client, workshop, "agenda")
    code, setup = workshop["code"], client.get(f"/w/{workshop['code']}/facilitator").text
    rooms, slots = ids_of(setup, "room"), ids_of(setup, "slot")
    act(client, f"/w/{code}/agenda/place", workshop["csrf"], session=str(session),
        room=str(rooms["Stora salen"]), slot=str(slots["10:00"]), pinned="1")
    answer = act(other, f"/w/{code}/agenda/claim", csrf, session=str(session),
                 room=str(rooms["Utomhus"]), slot=str(slots["11:00"]))
    assert answer.status_code == 409
    assert answer.text == sv("That place cannot be taken: everyone is together then, the "
                             "facilitator fixed your session where it is, or you already "
                             "have a session at that time.")


def test_nobody_claims_lunch_or_someone_elses_session(client):
    workshop = open_space(client)
    anna, anna_csrf = phone(client, workshop)
    karim, karim_csrf = phone(client, workshop)
    annas = convene(anna, workshop, anna_csrf, "Läxhjälp")
    go_to(client, workshop, "agenda")
    code, setup = workshop["code"], client.get(f"/w/{workshop['code']}/facilitator").text
    rooms, slots = ids_of(setup, "room"), ids_of(setup, "slot")
    cell = {"room": str(rooms["Utomhus"]), "slot": str(slots["12:00"])}
    assert act(anna, f"/w/{code}/agenda/claim", anna_csrf, session=str(annas),
               **cell).status_code == 409
    cell["slot"] = str(slots["10:00"])
    stolen = act(karim, f"/w/{code}/agenda/claim", karim_csrf, session=str(annas), **cell)
    assert stolen.status_code == 409 and "Bara den som startade" in stolen.text
    nothing = act(karim, f"/w/{code}/agenda/claim", karim_csrf, **cell)
    assert nothing.status_code == 422 and nothing.text == sv(
        "Convene a session in the marketplace first, then choose a place for it.")


def test_deleting_a_room_that_holds_a_session_is_refused_and_names_the_session(client):
    workshop = open_space(client)
    other, csrf = phone(client, workshop)
    session = convene(other, workshop, csrf, "Läxhjälp")
    go_to(client, workshop, "agenda")
    code, setup = workshop["code"], client.get(f"/w/{workshop['code']}/facilitator").text
    rooms, slots = ids_of(setup, "room"), ids_of(setup, "slot")
    act(other, f"/w/{code}/agenda/claim", csrf, session=str(session),
        room=str(rooms["Grupprum 2"]), slot=str(slots["11:00"]))
    for path in (f"space/rooms/{rooms['Grupprum 2']}", f"space/slots/{slots['11:00']}"):
        refused = act(client, f"/w/{code}/{path}/delete", workshop["csrf"])
        assert refused.status_code == 409
        assert refused.text == ("Inte borttaget. De här sessionerna sitter där: ”Läxhjälp”. "
                                "Flytta dem eller ta ner dem från väggen först.")
    assert "Grupprum 2" in wall_page(client, workshop)
    assert act(client, f"/w/{code}/agenda/{session}/unplace", workshop["csrf"]).status_code == 204
    assert act(client, f"/w/{code}/space/rooms/{rooms['Grupprum 2']}/delete",
               workshop["csrf"]).status_code == 204
    assert "Grupprum 2" not in wall_page(client, workshop)


def test_setting_up_the_space_is_the_facilitators_alone_and_checked(client):
    workshop = open_space(client)
    other, csrf = phone(client, workshop)
    code = workshop["code"]
    assert act(other, f"/w/{code}/space/rooms", csrf, name="Mitt rum").status_code == 403
    for fields, status in (({"starts": "25:00", "ends": "26:00"}, 422),
                           ({"starts": "11:00", "ends": "10:00"}, 422),
                           ({"starts": "10:30", "ends": "11:15"}, 409)):
        assert act(client, f"/w/{code}/space/slots", workshop["csrf"],
                   **fields).status_code == status
    twin = act(client, f"/w/{code}/space/rooms", workshop["csrf"], name="Utomhus")
    assert twin.status_code == 409 and "Utomhus" in twin.text


def test_a_phones_own_pieces_on_the_wall_say_what_it_may_place_and_where_its_sessions_are(client):
    workshop = open_space(client)
    other, csrf = phone(client, workshop)
    session = convene(other, workshop, csrf, "Läxhjälp")
    act(other, f"/w/{workshop['code']}/interest", csrf, session=str(session), interested="1")
    go_to(client, workshop, "agenda")
    mine = other.get(f"/w/{workshop['code']}/me").text
    assert re.search(r'<fieldset id="placing" class="placing" hx-swap-oob="true">', mine)
    assert f'<input type="radio" name="session" value="{session}" checked> Läxhjälp' in mine
    assert 'id="interest-%s-button" name="interested" value="0" aria-pressed="true"' % session \
        in mine
    assert "Läxhjälp <em>(du håller i den)</em> <em>(inte på väggen än)</em>" in mine


def test_now_and_next_turn_over_at_each_start_and_end_in_stockholm_time(store):
    built = built_workshop(store, sessions=0)
    workshop, slots = built.workshop, queries.slots(store, built.workshop["id"])
    day = workshop_day(workshop)

    def local(hh_mm):
        return datetime.combine(day, time.fromisoformat(hh_mm), STOCKHOLM)

    assert now_and_next(workshop, slots, local("09:59")) == (None, slots[0])
    assert now_and_next(workshop, slots, local("10:00")) == (slots[0], slots[1])
    assert now_and_next(workshop, slots, local("10:50")) == (None, slots[1])
    assert next_turn(workshop, slots, local("10:00")) == local("10:45")
    assert next_turn(workshop, slots, local("10:50")) == local("11:00")
    assert next_turn(workshop, slots, local("13:45")) is None
