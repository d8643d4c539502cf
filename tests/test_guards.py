"""Refusals a user can meet: missing CSRF token, oversized input, wrong phase, escaping."""

import html
import re

import pytest
from starlette.testclient import TestClient

from tests.flows import (
    act,
    another_browser,
    create_workshop,
    csrf_of,
    join,
    move_phase,
    sv,
    topic_ids,
)
from tests.test_text import INVISIBLE
from workshop import settings
from workshop.app import create_app
from workshop.guards import Refused, list_field, text_field


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
    other_token = csrf_of(another_browser(client).get("/").text)
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


def topic_texts(page: str) -> list[str]:
    """The topics a page shows, newest first, as a reader sees them."""
    return [html.unescape(text) for text in
            re.findall(r'<span class="topic-text" id="topic-\d+-text">([^<]*)<', page)]


def topic_room(client):
    workshop = create_workshop(client)
    move_phase(client, workshop, 0)
    return workshop, join(client, workshop["code"])


@pytest.mark.parametrize("invisible", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_a_topic_without_a_visible_character_is_refused_and_nothing_is_saved(client, invisible):
    workshop, csrf = topic_room(client)
    refused = act(client, f"/w/{workshop['code']}/topics", csrf, text=invisible)
    assert refused.status_code == 422
    assert refused.text == sv("%(field)s needs at least one visible letter, number or sign."
                              ) % {"field": sv("Topic")}
    assert topic_texts(client.get(f"/w/{workshop['code']}").text) == []


@pytest.mark.parametrize("twin", ["Fler la\u0308rare", "Fler lärare\u200b", "\ufeffFler  lärare"],
                         ids=["NFD", "trailing zero-width space", "BOM and double space"])
def test_a_twin_of_ones_own_topic_is_refused(client, twin):
    workshop, csrf = topic_room(client)
    assert act(client, f"/w/{workshop['code']}/topics", csrf, text="Fler lärare").status_code == 200
    refused = act(client, f"/w/{workshop['code']}/topics", csrf, text=twin)
    assert refused.status_code == 409
    assert refused.text == sv("You have already posted this topic.")
    assert topic_texts(client.get(f"/w/{workshop['code']}").text) == ["Fler lärare"]


def test_a_topic_is_kept_in_nfc_without_zero_width_characters(client):
    workshop, csrf = topic_room(client)
    act(client, f"/w/{workshop['code']}/topics", csrf,
        text="\u200bSkolga\u030arden\u00ad  ska ha träd\ufeff")
    assert topic_texts(client.get(f"/w/{workshop['code']}").text) == ["Skolgården ska ha träd"]


def test_a_topics_length_is_counted_in_characters_as_the_counter_counts_them(client):
    workshop, csrf = topic_room(client)
    code = workshop["code"]
    assert act(client, f"/w/{code}/topics", csrf, text="🙂" * 200).status_code == 200
    assert act(client, f"/w/{code}/topics", csrf, text="e\u0301" * 200).status_code == 200
    refused = act(client, f"/w/{code}/topics", csrf, text="🌳" * 201)
    assert refused.status_code == 422
    assert refused.text == sv("%(field)s can be at most %(max)s characters (yours has "
                              "%(count)s).") % {"field": sv("Topic"), "max": 200, "count": 201}
    assert topic_texts(client.get(f"/w/{code}").text) == ["é" * 200, "🙂" * 200]


def test_the_facilitator_cannot_turn_a_topic_into_several_lines(client):
    workshop, csrf = topic_room(client)
    code = workshop["code"]
    act(client, f"/w/{code}/topics", csrf, text="Fler lärare")
    topic_id = topic_ids(client.get(f"/w/{code}/facilitator").text)[0]
    refused = act(client, f"/w/{code}/topics/{topic_id}/edit", workshop["csrf"],
                  text="Fler lärare\r\nMer frukt")
    assert refused.status_code == 422
    assert refused.text == sv("%(field)s must be on one line, and yours has %(count)s lines."
                              ) % {"field": sv("Topic"), "count": 2}
    assert topic_texts(client.get(f"/w/{code}").text) == ["Fler lärare"]


@pytest.mark.parametrize("value, refusal", [
    ("", "%(field)s cannot be empty."),
    ("\u200b\u0301", "%(field)s needs at least one visible letter, number or sign."),
])
def test_an_optional_field_with_nothing_visible_is_empty_and_a_required_one_refused(
        value, refusal):
    assert text_field({"owner": value}, "owner", 120, "Ägare", required=False) == ""
    with pytest.raises(Refused) as refused:
        text_field({"title": value}, "title", 120, "Titel")
    assert str(refused.value.message) == sv(refusal) % {"field": "Titel"}


def test_a_multi_line_field_keeps_its_lines_and_a_list_field_splits_them():
    form = {"notes": "•\tFler lärare\r\n\r\n2.\tMer frukt \r\n"}
    assert text_field(form, "notes", 200, "Anteckningar", multiline=True) == (
        "•\tFler lärare\n\n2.\tMer frukt")
    assert list_field(form, "notes", 200, "Ämne") == ["Fler lärare", "Mer frukt"]
    with pytest.raises(Refused) as refused:
        list_field({"notes": "Kort\nFör lång rad"}, "notes", 5, "Ämne")
    assert str(refused.value.message) == sv(
        "%(field)s: line %(number)s is longer than %(max)s characters (it has %(count)s). "
        "Shorten it and try again; nothing was added.") % {
            "field": "Ämne", "number": 2, "max": 5, "count": 12}


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
