"""'A similar topic exists' while typing, and supporting a topic instead of a twin."""

import re

from tests.flows import act, another_browser, create_workshop, join, move_phase, sv, topic_ids
from tests.test_followup import rich_workshop
from workshop.activities.topics import queries as topic_queries
from workshop.exporting.document import workshop_document
from workshop.followup import import_document

EXISTING = ["Elevhälsan och BUP behöver samarbeta bättre", "Fler vuxna på fritidsgården",
            "Ett telefonnummer för alla frågor om barn"]


def room(client):
    workshop = create_workshop(client)
    move_phase(client, workshop, 0)
    author = another_browser(client)
    csrf = join(author, workshop["code"])
    for text in EXISTING:
        act(author, f"/w/{workshop['code']}/topics", csrf, text=text)
    typist = another_browser(client)
    return workshop, typist, join(typist, workshop["code"])


def hints_for(typist, code, text) -> list[str]:
    answer = typist.get(f"/w/{code}/similar", params={"text": text},
                        headers={"HX-Request": "true"})
    assert answer.status_code == 200
    return re.findall(r"<li><span>([^<]+)</span>", answer.text)


def test_typing_a_near_copy_shows_the_existing_topic_and_nothing_unrelated(client):
    workshop, typist, _ = room(client)
    code = workshop["code"]
    assert hints_for(typist, code, "Bättre samarbete mellan elevhälsan och BUP") == [EXISTING[0]]
    assert hints_for(typist, code, "Cykelställ vid stationen") == []
    assert hints_for(typist, code, "Elev") == []  # too short to tell


def test_a_new_topic_is_hinted_at_once(client):
    workshop, typist, csrf = room(client)
    code = workshop["code"]
    hints_for(typist, code, "Läxhjälp efter skolan varje dag")
    act(typist, f"/w/{code}/topics", csrf, text="Läxhjälp efter skolan varje dag")
    other = another_browser(client)
    join(other, code)
    assert hints_for(other, code, "läxhjälp efter skolan varje dag!") == [
        "Läxhjälp efter skolan varje dag"]


def test_supporting_counts_once_and_shows_on_the_topic(client):
    workshop, typist, csrf = room(client)
    code = workshop["code"]
    first = topic_ids(client.get(f"/w/{code}/facilitator").text)[-1]  # the oldest
    answer = act(typist, f"/w/{code}/topics/{first}/support", csrf)
    assert answer.status_code == 200 and EXISTING[0] in answer.text
    again = act(typist, f"/w/{code}/topics/{first}/support", csrf)
    assert again.status_code == 409 and again.text == sv("You already support that topic.")
    assert sv("+%(num)s agrees") % {"num": 1} in client.get(f"/w/{code}/facilitator").text


def test_hints_and_support_only_while_topics_are_posted(client):
    workshop, typist, csrf = room(client)
    code = workshop["code"]
    first = topic_ids(client.get(f"/w/{code}/facilitator").text)[-1]
    move_phase(client, workshop, 1)
    assert typist.get(f"/w/{code}/similar", params={"text": EXISTING[0]}).status_code == 409
    assert act(typist, f"/w/{code}/topics/{first}/support", csrf).status_code == 409


def test_supports_survive_export_and_import(store):
    workshop = rich_workshop(store)
    topics = topic_queries.all_topics(store, workshop["id"])
    bo = store.participants(workshop["id"])[1]
    assert topic_queries.insert_support(store, topics[0]["id"], bo["id"])
    document = workshop_document(store, workshop)
    assert document["supports"] == [{"participant": "p2", "topic": 1}]
    imported, _ = import_document(store, document)
    assert workshop_document(store, imported)["supports"] == document["supports"]
