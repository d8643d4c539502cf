"""Refusals a user can meet: missing CSRF token, oversized input, wrong phase, escaping."""

import re

from starlette.testclient import TestClient

from tests.flows import act, create_workshop, csrf_of, join, move_phase, sv, topic_ids
from workshop import settings
from workshop.app import create_app


def test_form_post_without_csrf_token_is_refused(client):
    workshop = create_workshop(client)
    refused = client.post(f"/w/{workshop['code']}/phase", data={"step": "next", "seen": "0"},
                          headers={"HX-Request": "true"})
    assert refused.status_code == 403
    assert refused.text == sv("The page was out of date. Reload it and try again.")
    page = client.get(f"/w/{workshop['code']}/facilitator")
    assert 'aria-current="step" class="current">' + sv("Welcome") in page.text


def test_csrf_token_of_another_browser_is_refused(client):
    workshop = create_workshop(client)
    other_token = csrf_of(client.__class__(client.app).get("/").text)
    refused = act(client, f"/w/{workshop['code']}/phase", other_token, step="next", seen="0")
    assert refused.status_code == 403


def test_oversized_topic_is_refused_with_its_length_and_nothing_is_saved(client):
    workshop = create_workshop(client)
    move_phase(client, workshop, 0)
    csrf = join(client, workshop["code"])
    refused = act(client, f"/w/{workshop['code']}/topics", csrf, text="å" * 201)
    assert refused.status_code == 422
    assert refused.text == sv("%(field)s can be at most %(max)s characters (yours has "
                              "%(count)s).") % {"field": sv("Topic"), "max": 200, "count": 201}
    assert topic_ids(client.get(f"/w/{workshop['code']}").text) == []


def test_empty_topic_is_refused(client):
    workshop = create_workshop(client)
    move_phase(client, workshop, 0)
    csrf = join(client, workshop["code"])
    assert act(client, f"/w/{workshop['code']}/topics", csrf, text="   \n ").status_code == 422


def test_a_huge_request_body_is_refused_before_it_is_read(client):
    workshop = create_workshop(client)
    refused = client.post(f"/w/{workshop['code']}/topics", content=b"x" * 200_000,
                          headers={"content-type": "application/x-www-form-urlencoded"})
    assert refused.status_code == 413
    assert refused.text == sv("The request is too large.")


def test_posting_a_topic_while_voting_is_refused(client):
    workshop = create_workshop(client)
    move_phase(client, workshop, 0)
    move_phase(client, workshop, 1)
    csrf = join(client, workshop["code"])
    refused = act(client, f"/w/{workshop['code']}/topics", csrf, text="För sent")
    assert refused.status_code == 409
    assert refused.text == sv("That is not possible in this phase of the workshop.")


def test_voting_after_results_is_refused(client):
    workshop = create_workshop(client)
    move_phase(client, workshop, 0)
    csrf = join(client, workshop["code"])
    act(client, f"/w/{workshop['code']}/topics", csrf, text="Ett ämne")
    topic_id = re.search(r'id="topic-(\d+)"', client.get(f"/w/{workshop['code']}").text)[1]
    move_phase(client, workshop, 1)
    move_phase(client, workshop, 2)
    refused = act(client, f"/w/{workshop['code']}/dots", csrf, add_dot=topic_id)
    assert refused.status_code == 409


def test_user_text_is_escaped_everywhere(client):
    workshop = create_workshop(client, title="<b>Titel</b>")
    move_phase(client, workshop, 0)
    csrf = join(client, workshop["code"])
    act(client, f"/w/{workshop['code']}/topics", csrf, text='<script>alert("x")</script>')
    for url in (f"/w/{workshop['code']}", f"/w/{workshop['code']}/facilitator",
                workshop["projector_url"]):
        page = client.get(url).text
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
        assert "<b>Titel</b>" not in page


def test_refusals_without_javascript_are_a_page_in_the_users_language(client):
    workshop = create_workshop(client)
    page = client.post(f"/w/{workshop['code']}/phase", data={"step": "next", "seen": "0"})
    assert page.status_code == 403
    assert '<p class="refusal">' + sv("The page was out of date. Reload it and try again.") \
        in page.text
    assert f'href="/w/{workshop["code"]}"' in page.text


def test_pages_carry_security_headers(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"


def test_the_session_cookie_stays_small_after_a_thousand_workshops(tmp_path, monkeypatch):
    monkeypatch.setitem(settings.RATE_LIMITS, "workshops", "1000/minute")
    with TestClient(create_app(tmp_path / "samla.db", secret_key="test-key")) as client:
        first = create_workshop(client)
        form = {"csrf_token": first["csrf"], "title": "En dörr in"}
        for _ in range(998):
            assert client.post("/workshops", data=form, follow_redirects=False).status_code == 303
        newest = create_workshop(client)
        assert len(client.cookies["samla"]) < 4096
        assert client.get(f"/w/{newest['code']}/facilitator").status_code == 200
        assert client.get(f"/w/{first['code']}/facilitator").status_code == 403
        again = client.get(first["facilitator_url"])  # the link the facilitator saved
        assert again.status_code == 200 and first["code"] in again.text
