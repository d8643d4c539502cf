"""Joining without an account, keeping one's identity, choosing a language."""

import re

from starlette.testclient import TestClient

from tests.flows import act, another_browser, create_workshop, csrf_of, join, move_phase


def another_device(client, cookies=None) -> TestClient:
    """A second browser on the same server, with its own cookies."""
    return another_browser(client, cookies=cookies)


def test_joining_asks_for_nothing_personal(client):
    workshop = create_workshop(client)
    phone = another_device(client)
    join_page = phone.get(f"/w/{workshop['code']}")
    assert "<input" in join_page.text
    assert re.findall(r'<input[^>]*name="(\w+)"', join_page.text) == [
        "csrf_token", "next", "csrf_token", "language"]  # language switch, then the join form
    join(phone, workshop["code"])
    assert "data-socket-token" in phone.get(f"/w/{workshop['code']}").text


def test_a_participant_gets_back_their_topics_and_dots_later(client):
    workshop = create_workshop(client)
    code = workshop["code"]
    move_phase(client, workshop, 0)
    phone = another_device(client)
    csrf = join(phone, code)
    assert act(phone, f"/w/{code}/topics", csrf, text="Samordnad plan").status_code == 200
    move_phase(client, workshop, 1)
    topic_id = re.search(r'id="topic-(\d+)"', phone.get(f"/w/{code}").text).group(1)
    assert act(phone, f"/w/{code}/dots", csrf, add_dot=topic_id).status_code == 200

    back_an_hour_later = another_device(client, cookies=dict(phone.cookies))
    page = back_an_hour_later.get(f"/w/{code}").text
    assert re.search(r'id="dots-left"[^>]*>\s*\D*4\D', page)
    assert re.search(rf'id="vote-{topic_id}".*?●○○', page, re.S)
    move_phase(client, workshop, 2, step="back")
    page = back_an_hour_later.get(f"/w/{code}").text
    assert re.search(r'id="my-topics".*?<li>Samordnad plan', page, re.S)


def test_display_names_only_when_the_workshop_allows_them(client):
    named = create_workshop(client, names_enabled="on")
    anonymous = create_workshop(client)
    phone = another_device(client)
    for workshop in (named, anonymous):
        move_phase(client, workshop, 0)
        page = phone.get(f"/w/{workshop['code']}")
        assert ('name="display_name"' in page.text) == (workshop is named)
        phone.post(f"/w/{workshop['code']}/join",
                   data={"csrf_token": csrf_of(page.text), "display_name": "Alva"})
        act(phone, f"/w/{workshop['code']}/topics", csrf_of(page.text), text="Läxhjälp")
    assert "Alva" in client.get(f"/w/{named['code']}/facilitator").text
    assert "Läxhjälp" in client.get(f"/w/{anonymous['code']}/facilitator").text
    assert "Alva" not in client.get(f"/w/{anonymous['code']}/facilitator").text


def test_participant_can_switch_to_english(client):
    workshop = create_workshop(client)
    phone = another_device(client)
    csrf = join(phone, workshop["code"])
    assert '<html lang="sv">' in phone.get(f"/w/{workshop['code']}").text
    switched = phone.post("/language", data={"csrf_token": csrf, "language": "en",
                                             "next": f"/w/{workshop['code']}"},
                          follow_redirects=True)
    assert '<html lang="en">' in switched.text
    assert '<h1 id="phase-title" tabindex="-1">Welcome</h1>' in switched.text


def test_language_switch_never_redirects_off_site(client):
    csrf = csrf_of(client.get("/").text)
    answer = client.post("/language", data={"csrf_token": csrf, "language": "en",
                                            "next": "//evil.example/"}, follow_redirects=False)
    assert answer.headers["location"] == "/"
