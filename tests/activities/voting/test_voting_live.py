"""Voting on themes, live: what follows a topic's visibility reaches the phones."""

import re
import sqlite3

from tests.activities.themes.test_themes_live import grouped_by
from tests.flows import act, move_phase
from tests.test_realtime import Screen, join_phones, until


async def test_hiding_every_topic_of_a_theme_takes_its_card_off_the_phones(live_server):
    facilitator = Screen(live_server.url)
    screens = [facilitator]
    try:
        workshop = await grouped_by(facilitator)
        code, csrf = workshop["code"], workshop["csrf"]
        await facilitator.do(act, f"/w/{code}/themes/accept", csrf)
        await facilitator.do(act, f"/w/{code}/prioritise", csrf, prioritise="themes")
        await facilitator.do(move_phase, workshop, 1)
        (phone,) = await join_phones(live_server, workshop, screens, 1)
        page = await phone.do(lambda http: http.get(f"/w/{code}").text)
        number = re.search(r'value="theme-(\d+)"', page)[1]
        label = re.search(rf'id="theme-{number}-text">([^<]+)<', page)[1]
        with sqlite3.connect(live_server.db_path) as db:  # the server's own file
            members = [row[0] for row in db.execute(
                "SELECT id FROM topics WHERE theme = ? AND hidden = 0", [number])]
        assert members
        for topic_id in members:
            assert (await facilitator.do(act, f"/w/{code}/topics/{topic_id}/hide", csrf)
                    ).status_code == 204
        await until(lambda: any(f'value="theme-{number}"' not in p["html"] and "theme-votes"
                                in p["html"] for p in phone.received("phase_changed")))
        assert label not in phone.received("phase_changed")[-1]["html"]
    finally:
        for screen in screens:
            await screen.close()
