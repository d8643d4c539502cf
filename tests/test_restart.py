"""A killed server loses nothing: data, identities and live connections come back."""

import re

from tests.conftest import LiveServer
from tests.flows import act, create_workshop, move_phase, sv
from tests.test_realtime import Screen, join_phones, until


async def test_killed_server_restarts_with_everything_and_phones_reconnect(tmp_path):
    first = LiveServer(tmp_path / "samla.db").start()
    facilitator = Screen(first.url)
    workshop = await facilitator.do(create_workshop)
    screens = [facilitator]
    (phone,) = await join_phones(first, workshop, screens, 1)
    reconnects = []
    phone.socket.on("connect", lambda: reconnects.append(True))
    await facilitator.do(move_phase, workshop, 0)
    await phone.do(act, f"/w/{workshop['code']}/topics", phone.csrf, text="Skolsköterska varje dag")
    await facilitator.do(move_phase, workshop, 1)
    topic_id = re.search(r'<li id="topic-(\d+)"', phone.http.get(f"/w/{workshop['code']}").text)[1]
    for _ in range(2):
        await phone.do(act, f"/w/{workshop['code']}/dots", phone.csrf, add_dot=topic_id)

    first.kill()
    second = LiveServer(tmp_path / "samla.db", port=first.port).start()
    try:
        await until(lambda: reconnects and phone.socket.connected, timeout=15)
        page = phone.http.get(f"/w/{workshop['code']}").text
        assert "Skolsköterska varje dag" in page
        assert re.search(rf'id="vote-{topic_id}".*?●●○', page, re.S)
        assert (await facilitator.do(move_phase, workshop, 2)).status_code == 204
        await until(lambda: any('data-phase="results"' in p["html"]
                                for p in phone.received("phase_changed")))
        results = phone.received("phase_changed")[-1]["html"]
        assert re.search(r"Skolsköterska varje dag.*?2 prickar", results, re.S)
    finally:
        for screen in screens:
            await screen.close()
        second.stop()


def test_themes_moves_ratings_and_marks_survive_a_killed_server(tmp_path):
    import httpx

    from tests.flows import join
    from tests.activities.topics.test_notes import NOTES
    from tests.activities.rating.test_rating import card

    first = LiveServer(tmp_path / "samla.db").start()
    facilitator, phone = httpx.Client(base_url=first.url), httpx.Client(base_url=first.url)
    workshop = create_workshop(facilitator, method="low_hanging_fruit")
    code, csrf = workshop["code"], workshop["csrf"]
    move_phase(facilitator, workshop, 0)
    phone_csrf = join(phone, code)
    act(facilitator, f"/w/{code}/topics/from-paper", csrf, notes="\n".join(NOTES))
    act(facilitator, f"/w/{code}/themes/group", csrf)
    page = facilitator.get(f"/w/{code}/facilitator").text
    moved = re.search(rf'id="topic-(\d+)-text">{NOTES[4]}<', page)[1]
    act(facilitator, f"/w/{code}/topics/{moved}/theme", csrf, theme="1")
    act(facilitator, f"/w/{code}/themes/accept", csrf)
    act(facilitator, f"/w/{code}/prioritise", csrf, prioritise="themes")
    move_phase(facilitator, workshop, 1)
    move_phase(facilitator, workshop, 2)
    item = card(phone.get(f"/w/{code}").text)["item"]
    act(phone, f"/w/{code}/ratings", phone_csrf, card="0", item=str(item), impact="5",
        effort="1", step="save")
    act(facilitator, f"/w/{code}/quick-wins/{item}", csrf, quick_win="no")
    before = facilitator.get(f"/w/{code}/facilitator").text

    first.kill()
    second = LiveServer(tmp_path / "samla.db", port=first.port).start()
    try:
        after = facilitator.get(f"/w/{code}/facilitator").text
        themes = re.search(r'<section id="themes".*?</section>', before, re.S)[0]
        assert themes in after and sv("placed by you") in themes
        ratings = re.search(r'<section id="ratings".*?</section>', before, re.S)[0]
        assert ratings in after and '<option value="no" selected>' in ratings
        assert "5.0" in ratings
        # The phone is still itself: its first card is rated, so it opens at the second.
        resumed = card(phone.get(f"/w/{code}").text)
        assert resumed["count"].startswith("Kort 2 av") and resumed["item"] != item
    finally:
        facilitator.close()
        phone.close()
        second.stop()
