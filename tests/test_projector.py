"""The projector as the room sees it, through a real server and real sockets: the
workshop only (no site header), what is happening (the phase's title and live
progress), and after Gruppera the theme board in place of the wall (issue 10, item 5)."""

import re

from tests import test_realtime
from tests.flows import act, create_workshop, move_phase
from tests.test_realtime import Screen, join_phones, until

room = test_realtime.room  # the fixture: a workshop with its facilitator and projector open

PROMPT_ON_PHONES = "Tryck på − för att ta tillbaka"  # the vote's instruction, for phones


def stages(screen: Screen) -> list[str]:
    """The stages pushed to a screen, oldest first, whatever the event that pushed them."""
    return [payload["html"] for _, payload in screen.events
            if isinstance(payload, dict) and payload.get("target") == "stage"]


def last_stage(screen: Screen) -> str:
    pushed = stages(screen)
    return pushed[-1] if pushed else ""


def progress_of(screen: Screen) -> list[str]:
    """The progress lines pushed to a screen, as text."""
    return [re.sub(r"<[^>]+>", "", payload["html"]).strip() for _, payload in screen.events
            if isinstance(payload, dict) and payload.get("target") == "progress"]


async def test_after_grouping_the_projector_shows_the_board_and_no_wall(live_server, room):
    """The steps of the bug: the projector open, a phone posts 4 topics, Gruppera. Before
    the fix the board came as a part of its own and the wall stayed under it until a
    reload; now the board replaces the projector's whole stage."""
    workshop, facilitator, projector, screens = room
    (phone,) = await join_phones(live_server, workshop, screens, 1)
    await facilitator.do(move_phase, workshop, 0)
    topics = ["Mer personal på fritidsgården", "Fritidsgårdarna behöver fler anställda",
              "Elevhälsan ska samarbeta med BUP", "Läxhjälp efter skolan"]
    await phone.do(act, f"/w/{workshop['code']}/topics", phone.csrf, text="\n".join(topics),
                   split_lines="1")
    await until(lambda: len(projector.topics_seen()) == 4)
    assert 'id="topic-list"' in last_stage(projector)  # the wall, before grouping

    await facilitator.do(act, f"/w/{workshop['code']}/themes/group", workshop["csrf"])
    await until(lambda: "theme-column" in last_stage(projector))
    board = last_stage(projector)
    assert 'id="topic-list"' not in board and 'class="wall"' not in board
    counted = re.findall(r'<span class="count">(\d+) ämnen?</span>', board)
    assert sum(map(int, counted)) == 4
    reloaded = await projector.do(lambda http: http.get(
        workshop["projector_url"].replace(live_server.url, "")).text)
    assert 'id="topic-list"' not in reloaded and "theme-column" in reloaded


async def test_the_projector_shows_the_workshop_only_and_what_is_happening(live_server, room):
    workshop, facilitator, projector, screens = room
    page = await projector.do(lambda http: http.get(
        workshop["projector_url"].replace(live_server.url, "")).text)
    assert 'class="top"' not in page and 'name="language"' not in page
    assert re.search(r'<h1 id="phase-title"[^>]*>En dörr in</h1>', page)  # the workshop's title
    phones = await join_phones(live_server, workshop, screens, 3)
    await facilitator.do(move_phase, workshop, 0)
    for number, phone in enumerate(phones[:2]):
        await phone.do(act, f"/w/{workshop['code']}/topics", phone.csrf, text=f"Förslag {number}")
    await until(lambda: progress_of(projector)[-1:] == ["2 av 3 har skrivit"])

    await facilitator.do(move_phase, workshop, 1)
    await until(lambda: 'data-phase="voting"' in last_stage(projector))
    voting = last_stage(projector)
    assert re.search(r'<h1 id="phase-title"[^>]*>Röstning</h1>', voting)
    assert PROMPT_ON_PHONES not in voting and "0 av 3 har röstat" in voting
    topic = min(projector.topics_seen())
    await phones[2].do(act, f"/w/{workshop['code']}/dots", phones[2].csrf, add_dot=str(topic))
    await until(lambda: progress_of(projector)[-1:] == ["1 av 3 har röstat"])
    assert not any(payload.get("target") == "progress" for _, payload in phones[0].events
                   if isinstance(payload, dict))


async def test_the_projector_counts_the_raters_live(live_server):
    facilitator, projector = Screen(live_server.url), Screen(live_server.url)
    screens = [facilitator, projector]
    try:
        workshop = await facilitator.do(create_workshop, method="low_hanging_fruit")
        code = workshop["code"]
        await projector.open(workshop["projector_url"].replace(live_server.url, ""))
        phones = await join_phones(live_server, workshop, screens, 2)
        await facilitator.do(move_phase, workshop, 0)
        await phones[0].do(act, f"/w/{code}/topics", phones[0].csrf, text="Förslag")
        await facilitator.do(move_phase, workshop, 1)
        await facilitator.do(move_phase, workshop, 2)
        await until(lambda: 'data-phase="rating"' in last_stage(projector))
        assert "0 av 2 har bedömt" in last_stage(projector)
        page = await phones[1].do(lambda http: http.get(f"/w/{code}").text)
        item = re.search(r'name="item" value="(\d+)"', page)[1]
        await phones[1].do(act, f"/w/{code}/ratings", phones[1].csrf, card="0", item=item,
                           impact="4", effort="2", step="save")
        await until(lambda: progress_of(projector)[-1:] == ["1 av 2 har bedömt"])
    finally:
        for screen in screens:
            await screen.close()
