"""One phone, 360 px wide, in a room of thirty: twenty-nine others post the 39 statements
of a real youth consultation (tests/data, Polis, CC BY 4.0), vote and rate over HTTP while
the phone goes through every phase in the browser. Each phase passes axe-core, and the
screenshots (test-artifacts/screenshots/phone-room-*.png) are the README's phone pictures."""

import csv
import re

import httpx
from playwright.sync_api import expect

from tests import flows
from tests.conftest import ROOT
from tests.e2e.test_live_workshop import DESKTOP, create_workshop, join, next_phase, topic_texts
from tests.e2e.test_phone_keyboard import SMALL, rate_with_keys

STATEMENTS = ROOT / "tests" / "data" / "polis-london.youth.policing" / "comments.csv"
OTHERS = 29
OWN_TOPIC = "Youth workers at every police station"


def statements() -> list[dict]:
    """The consultation's statements, most agreed with first."""
    with STATEMENTS.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    return sorted(rows, key=lambda row: -int(row["agrees"]))


def topic_ids_of(html: str) -> list[int]:
    """The topics of a phone's page, in its order."""
    found = re.search(r'<ul id="topic-list"(.*?)</ul>', html, re.S)
    return [int(i) for i in re.findall(r'<li id="topic-(\d+)"', found[1])]


def test_a_phone_in_a_room_of_thirty_through_every_phase(open_page, live_server,
                                                         check_accessibility, screenshot):
    facilitator = open_page(DESKTOP)
    workshop = create_workshop(facilitator, "Youth and the police", method="low_hanging_fruit")
    code = workshop["code"]
    room = [httpx.Client(base_url=live_server.url) for _ in range(OTHERS)]
    tokens = [flows.join(person, code) for person in room]
    phone = open_page(SMALL, phone=True)
    join(phone, workshop["join_url"])

    next_phase(facilitator, "Topics")
    posted = statements()
    for number, row in enumerate(reversed(posted)):  # the most agreed with comes last
        person = number % OTHERS
        answer = flows.act(room[person], f"/w/{code}/topics", tokens[person],
                           text=row["comment-body"])
        assert answer.status_code == 200, answer.text
    phone.get_by_label("Your topic").fill(OWN_TOPIC)
    phone.get_by_role("button", name="Post topic").click()
    expect(topic_texts(phone)).to_have_count(len(posted) + 1)
    check_accessibility(phone, "phone in a full room, topics")
    screenshot(phone, "phone-room-topics")

    next_phase(facilitator, "Voting")
    ranked = topic_ids_of(room[0].get(f"/w/{code}").text)[1:13]  # newest first: skip mine
    for person, (client, token) in enumerate(zip(room, tokens)):
        for dot in range(5):
            answer = flows.act(client, f"/w/{code}/dots", token,
                               add_dot=str(ranked[(person + dot * 2) % len(ranked)]))
            assert answer.status_code == 200, answer.text
    for text in (OWN_TOPIC, *(" ".join(row["comment-body"].split()) for row in posted[:2])):
        phone.get_by_role("button", name=f"Put a dot on: {text}", exact=True).click()
    expect(phone.locator("#dots-left")).to_have_text(re.compile(r"^You have 2 dots left"))
    check_accessibility(phone, "phone in a full room, voting")
    screenshot(phone, "phone-room-voting", readme_name="phone")

    next_phase(facilitator, "Impact and effort")
    for person, (client, token) in enumerate(zip(room, tokens)):
        for card in range(3):
            page = client.get(f"/w/{code}").text
            item = re.search(r'name="item" value="(\d+)"', page)[1]
            quick = card == 0 or person % 3 == 0
            answer = flows.act(client, f"/w/{code}/ratings", token, card=str(card), item=item,
                               impact="5" if quick else "3", effort="1" if quick else "4",
                               step="save")
            assert answer.status_code == 200, answer.text
    expect(phone.get_by_text(re.compile(r"^Card 1 of 10$"))).to_be_visible()
    rate_with_keys(phone, "4", "2")
    check_accessibility(phone, "phone in a full room, a rating card")
    screenshot(phone, "phone-room-rating", readme_name="phone-rating")

    next_phase(facilitator, "Results")
    # What got dots (twelve of the room's, and the phone's own topic), then a count of
    # the rest rather than twenty-seven rows of none.
    expect(phone.locator("ol.results li")).to_have_count(13)
    expect(phone.locator("#tally")).to_contain_text(f"{len(posted) + 1 - 13} more got no dots.")
    expect(phone.locator(".quick-wins li")).not_to_have_count(0)
    check_accessibility(phone, "phone in a full room, results")
    screenshot(phone, "phone-room-results", full_page=True)
    for client in room:
        client.close()
