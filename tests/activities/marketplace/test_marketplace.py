"""The marketplace: convening sessions and marking interest, over HTTP on a real
SQLite file, with every limit held on the server."""

import re

from tests.activities.open_space import convene, open_space, phone
from tests.flows import act, create_workshop, move_phase, sv
from workshop.methods import plan_for


def test_a_convened_session_shows_its_title_line_and_convenor_escaped(client):
    workshop = open_space(client)
    other, csrf = phone(client, workshop)
    convene(other, workshop, csrf, "Trygg <skolväg>", line="Cykel & gång",
            convenor_name="Anna", co_convenors="Karim")
    page = client.get(workshop["projector_url"]).text
    assert 'id="session-1-title">Trygg &lt;skolväg&gt;</h3>' in page
    assert "Cykel &amp; gång" in page and "Sammankallande: Anna, Karim" in page
    assert '<div class="pager-box" data-pager="pages">' in page


def test_an_anonymous_marketplace_keeps_convenors_unnamed(client):
    workshop = create_workshop(client, method="open_space")
    store = client.app.other_asgi_app.state.store  # a method of the organisation's own
    store.db.execute("UPDATE workshops SET plan = ? WHERE code = ?",
                     [plan_for("open_space", {"marketplace": {"convenor_names": False}}),
                      workshop["code"]])
    move_phase(client, workshop, 0)
    other, csrf = phone(client, workshop)
    assert 'name="convenor_name"' not in other.get(f"/w/{workshop['code']}").text
    convene(other, workshop, csrf, "Läxhjälp", convenor_name="Anna")
    assert "Anna" not in client.get(workshop["projector_url"]).text


def test_interest_is_a_toggle_that_a_double_tap_cannot_undo(client):
    workshop = open_space(client)
    other, csrf = phone(client, workshop)
    session = convene(other, workshop, csrf, "Läxhjälp")
    code = workshop["code"]
    for _ in range(2):
        answer = act(other, f"/w/{code}/interest", csrf, session=str(session), interested="1")
        assert 'aria-pressed="true"' in answer.text
    assert "1 är intresserad" in client.get(workshop["projector_url"]).text
    answer = act(other, f"/w/{code}/interest", csrf, session=str(session), interested="0")
    assert 'aria-pressed="false"' in answer.text and 'id="interest-%s-button"' % session \
        in answer.text
    assert "0 är intresserade" in client.get(workshop["projector_url"]).text


def test_the_sixth_session_of_one_person_is_refused(client):
    workshop = open_space(client)
    other, csrf = phone(client, workshop)
    for number in range(5):
        convene(other, workshop, csrf, f"Session {number}")
    answer = act(other, f"/w/{workshop['code']}/sessions", csrf, title="En till")
    assert answer.status_code == 409
    assert answer.text == sv("You have convened as many sessions as one person can (%(max)s).") \
        .replace("%(max)s", "5")


def test_a_long_title_is_refused_with_its_field_named(client):
    workshop = open_space(client)
    other, csrf = phone(client, workshop)
    answer = act(other, f"/w/{workshop['code']}/sessions", csrf, title="x" * 121)
    assert answer.status_code == 422 and "Sessionens rubrik" in answer.text
    assert "121" in answer.text


def test_taps_over_the_rate_are_refused_with_the_wait(client):
    workshop = open_space(client)
    other, csrf = phone(client, workshop)
    session = convene(other, workshop, csrf, "Läxhjälp")
    answers = [act(other, f"/w/{workshop['code']}/interest", csrf, session=str(session),
                   interested=str(n % 2)).status_code for n in range(70)]
    assert answers[:59] == [200] * 59 and answers[-1] == 429


def test_hiding_a_session_is_the_facilitators_alone(client):
    workshop = open_space(client)
    other, csrf = phone(client, workshop)
    session = convene(other, workshop, csrf, "Reklam för min firma")
    code = workshop["code"]
    refused = act(other, f"/w/{code}/sessions/{session}/hide", csrf, hidden="1")
    assert refused.status_code == 403
    assert act(client, f"/w/{code}/sessions/{session}/hide", workshop["csrf"],
               hidden="1").status_code == 204
    assert "Reklam för min firma" not in client.get(workshop["projector_url"]).text
    marked = act(other, f"/w/{code}/interest", csrf, session=str(session), interested="1")
    assert marked.status_code == 404
    assert re.search(r"Reklam för min firma", client.get(f"/w/{code}/facilitator").text)
