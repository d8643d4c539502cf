"""The wall, live: a move reaches every screen's wall once per room, and the phones of
those who marked the session are told to fetch their own agenda."""

from tests.activities.open_space import convene, go_to, ids_of, open_space
from tests.flows import act
from tests.test_realtime import Screen, join_phones, until


async def test_a_moved_session_reaches_every_wall_and_the_phones_that_want_it(live_server):
    facilitator = Screen(live_server.url)
    screens = [facilitator]
    try:
        workshop = await facilitator.do(open_space)
        code = workshop["code"]
        anna, karim, bystander = await join_phones(live_server, workshop, screens, 3)
        projector = Screen(live_server.url)
        screens.append(projector)
        await projector.open(workshop["projector_url"].replace(live_server.url, ""))
        session = await anna.do(convene, workshop, anna.csrf, "Läxhjälp")
        await karim.do(act, f"/w/{code}/interest", karim.csrf, session=str(session),
                       interested="1")
        await facilitator.do(go_to, workshop, "agenda")
        setup = await facilitator.do(lambda http: http.get(f"/w/{code}/facilitator").text)
        rooms, slots = ids_of(setup, "room"), ids_of(setup, "slot")
        answer = await facilitator.do(act, f"/w/{code}/agenda/place", workshop["csrf"],
                                      session=str(session), room=str(rooms["Utomhus"]),
                                      slot=str(slots["13:00"]))
        assert answer.status_code == 204

        def on_wall(screen):
            pushes = screen.received("wall_changed")
            return bool(pushes) and "Läxhjälp" in pushes[-1]["html"]

        await until(lambda: all(on_wall(s) for s in (projector, anna, karim, bystander)))
        await until(lambda: anna.received("mine_changed") and karim.received("mine_changed"))
        assert not bystander.received("mine_changed")
        mine = await karim.do(lambda http: http.get(f"/w/{code}/me").text)
        assert "13:00–13:45, Utomhus</strong>: Läxhjälp" in mine
    finally:
        for screen in screens:
            await screen.close()
