"""A killed server loses nothing: data, identities and live connections come back."""

import re

from tests.conftest import LiveServer
from tests.flows import act, create_workshop, move_phase
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
