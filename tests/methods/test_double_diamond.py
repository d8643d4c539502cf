"""Dubbel diamant end to end through a real server and real sockets: discover, define
(themes, "Hur kan vi …?", a vote), develop (ideas answering the chosen questions),
deliver (impact and effort, results); then back from Leverera to Definiera and forward
again, losing nothing, with "new since last time" counted right."""

import json
import re

from tests.flows import act, create_workshop, move_phase
from tests.test_realtime import Screen, join_phones, until

PHASES = ["welcome", "discover", "define-themes", "define-questions", "define-vote",
          "develop", "deliver-rate", "deliver-results"]
NEEDS = ["Föräldrar vet inte vart de ska vända sig", "Elevhälsan har långa köer",
         "Ungdomar vill ha en vuxen att prata med", "Socialtjänsten och skolan pratar sällan",
         "Fritidsgården stänger för tidigt", "BUP är svårt att nå"]
QUESTIONS = ["Hur kan vi göra en väg in för familjer?",
             "Hur kan vi korta köerna till elevhälsan?",
             "Hur kan vi få skola och socialtjänst att prata oftare?"]


def ids_in(html: str, list_id: str) -> list[int]:
    """The post ids of one list on a page, in its order."""
    found = re.search(rf'<ul id="{list_id}"(.*?)</ul>', html, re.S)
    return [int(i) for i in re.findall(r'<li id="topic-(\d+)"', found[1])] if found else []


def last_stage(screen: Screen) -> str:
    pushed = screen.received("phase_changed")
    return pushed[-1]["html"] if pushed else ""


async def go(facilitator, workshop, screens, to: str):
    """Step the workshop to a phase, one step at a time, and wait until every screen
    shows it."""
    page = await facilitator.do(lambda http: http.get(f"/w/{workshop['code']}/facilitator").text)
    here = PHASES.index(re.search(r'data-phase="([\w-]+)"', page)[1])
    target = PHASES.index(to)
    while here != target:
        step = "next" if target > here else "back"
        assert (await facilitator.do(move_phase, workshop, here, step)).status_code == 204
        here += 1 if step == "next" else -1
    await until(lambda: all(f'data-phase="{to}"' in last_stage(s) for s in screens))


async def test_double_diamond_end_to_end_and_back_again(live_server):
    facilitator, projector = Screen(live_server.url), Screen(live_server.url)
    screens = [facilitator, projector]
    try:
        workshop = await facilitator.do(create_workshop, method="double_diamond")
        code = workshop["code"]
        await facilitator.open(f"/w/{code}/facilitator")
        await projector.open(workshop["projector_url"].replace(live_server.url, ""))
        phones = await join_phones(live_server, workshop, screens, 3)

        async def post(phone, text, **fields):
            answer = await phone.do(act, f"/w/{code}/topics", phone.csrf, text=text, **fields)
            assert answer.status_code == 200, answer.text

        await go(facilitator, workshop, screens, "discover")
        assert "Upptäck" in last_stage(phones[0])
        for number, need in enumerate(NEEDS):
            await post(phones[number % 3], need)
        await go(facilitator, workshop, screens, "define-themes")
        assert (await facilitator.do(act, f"/w/{code}/themes/group", workshop["csrf"])
                ).status_code == 200  # it says what it did
        await go(facilitator, workshop, screens, "define-questions")
        assert "Din fråga: ”Hur kan vi …?”" in last_stage(phones[0])
        for phone, question in zip(phones, QUESTIONS):
            await post(phone, question)

        await go(facilitator, workshop, screens, "define-vote")
        page = await phones[0].do(lambda http: http.get(f"/w/{code}").text)
        statements = ids_in(page, "statement-list")
        assert len(statements) == 3  # the questions shown, the needs put away:
        assert " hidden" not in re.search(r'<section [^>]*data-list="statements"[^>]*>', page)[0]
        assert " hidden" in re.search(r'<section [^>]*data-list="topics"[^>]*>', page)[0]
        chosen = statements[-1]  # the oldest question
        for phone in phones:
            for _ in range(2):
                voted = await phone.do(act, f"/w/{code}/dots", phone.csrf, add_dot=str(chosen))
                assert voted.status_code == 200, voted.text

        await go(facilitator, workshop, screens, "develop")
        develop = last_stage(phones[1])
        assert f'<option value="{chosen}">{QUESTIONS[0]}</option>' in develop.split("</select>")[0]
        await post(phones[0], "En telefonlinje för alla frågor", answers=str(chosen))
        await post(phones[1], "Gemensam mottagning varje tisdag", answers=str(chosen))
        refused = await phones[2].do(act, f"/w/{code}/topics", phones[2].csrf,
                                     text="Utan fråga", answers=str(10**9))
        assert refused.status_code == 422

        await go(facilitator, workshop, screens, "deliver-rate")
        for phone in phones:
            card = await phone.do(lambda http: http.get(f"/w/{code}").text)
            item = re.search(r'name="item" value="(\d+)"', card)[1]
            saved = await phone.do(act, f"/w/{code}/ratings", phone.csrf, card="0", item=item,
                                   impact="5", effort="1", step="save")
            assert saved.status_code == 200

        before = await export(facilitator, code)
        # Back from Leverera to Definiera: nothing new while the room was away.
        await go(facilitator, workshop, screens, "define-questions")
        assert "sedan sist" not in last_stage(phones[0])
        await post(phones[2], "Hur kan vi nå fler pappor?")
        # Forward again: the vote says what came since it was last open, and keeps its dots.
        await go(facilitator, workshop, screens, "define-vote")
        for screen in (phones[0], projector, facilitator):
            assert "1 ny sedan sist" in last_stage(screen)
        page = await phones[0].do(lambda http: http.get(f"/w/{code}").text)
        assert 'data-dots-left="3"' in page  # 2 of 5 dots still placed
        await go(facilitator, workshop, screens, "develop")
        assert "sedan sist" not in last_stage(phones[0])
        await go(facilitator, workshop, screens, "deliver-results")

        after = await export(facilitator, code)
        lists = [t.get("list", "topics") for t in after["topics"]]
        assert (lists.count("topics"), lists.count("statements"), lists.count("ideas")) == (
            6, 4, 2)
        assert after["votes"] == before["votes"] and after["ratings"] == before["ratings"]
        assert sum(v["dots"] for v in after["votes"]) == 6
        ideas = [t for t in after["topics"] if t.get("list") == "ideas"]
        question = next(t["id"] for t in after["topics"] if t["text"] == QUESTIONS[0])
        assert {idea["answers"] for idea in ideas} == {question}
        results = last_stage(projector)
        assert QUESTIONS[0] in results and "6 prickar" in results
    finally:
        for screen in screens:
            await screen.close()


async def export(facilitator, code: str) -> dict:
    answer = await facilitator.do(lambda http: http.get(f"/w/{code}/export?format=json"))
    assert answer.status_code == 200
    return json.loads(answer.content)
