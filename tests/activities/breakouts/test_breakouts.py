"""Breakouts: "Jag är här" (one session at a time, the count moving live) and notes from
many phones at once, through a real server and real sockets; then the reports as the
list the convergence vote, the ratings and the backlog work on."""

import asyncio
import re
import sqlite3

from tests.activities.open_space import PHASES, convene, go_to, ids_of, open_space, phone
from tests.flows import act, move_phase, sv
from tests.test_realtime import Screen, join_phones, until
from workshop.activities.breakouts.queries import NOTE_KINDS


async def breakout_room(live_server, phones: int):
    """A workshop in its breakouts with two sessions on the wall, and phones on sockets."""
    facilitator = Screen(live_server.url)
    workshop = await facilitator.do(open_space)
    screens = [facilitator, *await join_phones(live_server, workshop, [], phones)]
    convenor = screens[1]
    sessions = [await convenor.do(convene, workshop, convenor.csrf, title)
                for title in ("Läxhjälp", "Skolvägen")]
    await facilitator.do(go_to, workshop, "agenda")
    setup = await facilitator.do(lambda http: http.get(f"/w/{workshop['code']}/facilitator").text)
    rooms, slots = ids_of(setup, "room"), ids_of(setup, "slot")
    for session, time in zip(sessions, ("10:00", "11:00")):
        assert (await convenor.do(act, f"/w/{workshop['code']}/agenda/claim", convenor.csrf,
                                  session=str(session), room=str(rooms["Stora salen"]),
                                  slot=str(slots[time]))).status_code == 200
    await facilitator.do(move_phase, workshop, PHASES["agenda"])
    return workshop, screens, sessions


async def test_notes_from_phones_writing_at_once_lose_nothing(live_server):
    workshop, screens, (session, _) = await breakout_room(live_server, 6)
    phones = screens[1:]
    page_path = f"/w/{workshop['code']}/sessions/{session}"
    try:
        for phone_screen in phones:  # each phone on the session's page, its socket open
            await phone_screen.socket.disconnect()
            phone_screen.socket = type(phone_screen.socket)()
            phone_screen.socket.on("*", lambda event, data, s=phone_screen:
                                   s.events.append((event, data)))
            await phone_screen.open(f"/w/{workshop['code']}/sessions/{session}")
        written = {f"Anteckning {p}.{n}": NOTE_KINDS[n % 4] for p in range(6) for n in range(5)}

        async def write(number, phone_screen):
            for n in range(5):
                text = f"Anteckning {number}.{n}"
                answer = await phone_screen.do(act, f"{page_path}/notes", phone_screen.csrf,
                                               kind=written[text], text=text)
                assert answer.status_code == 200, answer.text

        await asyncio.gather(*(write(n, p) for n, p in enumerate(phones)))
        page = await phones[0].do(lambda http: http.get(page_path).text)
        for text, kind in written.items():
            section = page.split(f'id="notes-{session}-{kind}"')[1].split("</ul>")[0]
            assert f">{text}</li>" in section
        note_ids = set(map(int, re.findall(r'id="note-(\d+)"', page)))
        assert len(note_ids) == 30

        def pushed(screen):
            return {int(item[0].split("-")[1]) for payload in screen.received("note_added")
                    for item in payload["upsert"]}

        await until(lambda: all(pushed(p) == note_ids for p in phones))
        with sqlite3.connect(live_server.db_path) as db:
            assert db.execute("SELECT count(*) FROM open_space_notes").fetchone()[0] == 30
    finally:
        for screen in screens:
            await screen.close()


async def test_moving_to_another_session_moves_the_count_live(live_server):
    workshop, screens, (first, second) = await breakout_room(live_server, 2)
    facilitator, walker, watcher = screens
    code = workshop["code"]
    try:
        for session in (first, second):
            answer = await walker.do(act, f"/w/{code}/sessions/{session}/here", walker.csrf,
                                     here="1")
            assert answer.status_code == 200 and 'aria-pressed="true"' in answer.text

        def count(session):
            pushes = [p["html"] for p in watcher.received("attendance_changed")
                      if p["target"] == f"attendance-{session}"]
            return pushes[-1] if pushes else ""

        await until(lambda: "0 är här" in count(first) and "1 är här" in count(second))
        refused = await watcher.do(act, f"/w/{code}/sessions/{first}/notes", watcher.csrf,
                                   kind="gossip", text="x")
        assert refused.status_code == 422
    finally:
        for screen in screens:
            await screen.close()


def test_session_reports_are_voted_on_rated_and_become_the_backlog(client):
    workshop = open_space(client)
    code = workshop["code"]
    other, csrf = phone(client, workshop)
    homework = convene(other, workshop, csrf, "Läxhjälp")
    convene(other, workshop, csrf, "Skolvägen")
    go_to(client, workshop, "breakouts")
    act(other, f"/w/{code}/sessions/{homework}/notes", csrf, kind="recommendation",
        text="Läxhjälp i biblioteket varje tisdag")
    act(other, f"/w/{code}/sessions/{homework}/notes", csrf, kind="insight",
        text="Många vill ha hjälp med matte")
    go_to_convergence = act(client, f"/w/{code}/phase", workshop["csrf"], step="next", seen="3")
    assert go_to_convergence.status_code == 204
    page = other.get(f"/w/{code}").text
    report = re.search(r'id="topic-(\d+)-text">Läxhjälp: Läxhjälp i biblioteket varje tisdag<',
                       page)
    assert report and sv("All session reports") in page
    assert act(other, f"/w/{code}/dots", csrf, add_dot=report[1]).status_code == 200
    act(client, f"/w/{code}/phase", workshop["csrf"], step="next", seen="4")
    act(client, f"/w/{code}/phase", workshop["csrf"], step="next", seen="5")
    assert act(client, f"/w/{code}/backlog/from-results", workshop["csrf"]).status_code in (
        204, 303)
    backlog = client.get(f"/w/{code}/backlog").text
    assert "Läxhjälp: Läxhjälp i biblioteket varje tisdag" in backlog


def test_youth_safe_open_space_keeps_names_and_personal_data_off_every_screen(client):
    # Issue 13: in youth-safe mode no names are asked, and text that looks like personal
    # data is refused with a kind note where it would be shown at once (no queue).
    workshop = open_space(client, youth_safe="on")
    code = workshop["code"]
    other, csrf = phone(client, workshop)
    assert 'name="convenor_name"' not in other.get(f"/w/{code}").text
    kind_note = sv("It looks like you wrote %(found)s. Write it without that, so that nobody "
                   "shares things that should stay private.") % {"found": sv("a phone number")}
    refused = act(other, f"/w/{code}/sessions", csrf, title="Ring mig 070-174 06 05")
    assert (refused.status_code, refused.text) == (422, kind_note)
    homework = convene(other, workshop, csrf, "Läxhjälp", convenor_name="Alva")
    assert "Alva" not in client.get(f"/w/{code}/facilitator").text
    go_to(client, workshop, "breakouts")
    refused = act(other, f"/w/{code}/sessions/{homework}/notes", csrf, kind="insight",
                  text="Alva i 7B nås på 070-174 06 05")
    assert (refused.status_code, refused.text) == (422, kind_note)
    assert "070-174" not in client.get(f"/w/{code}/proceedings").text
    assert act(other, f"/w/{code}/sessions/{homework}/notes", csrf, kind="insight",
               text="Många vill ha hjälp med matte").status_code == 200
