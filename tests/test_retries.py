"""A phone that sends the same action twice (a retry after its answer was lost) is
counted once: samla.js gives each action an id (X-Samla-Action), stored with its write."""

import re

from tests.activities.rating.test_rating import card, phone_in
from tests.flows import HTMX, act, another_browser, create_workshop, join, move_phase, sv
from workshop.activities.rating import queries as rating_queries


def tap(client, code: str, csrf: str, action_id: str | None, path: str = "dots", **form):
    headers = {**HTMX, "X-CSRF-Token": csrf}
    if action_id is not None:
        headers["X-Samla-Action"] = action_id
    return client.post(f"/w/{code}/{path}", data=form, headers=headers)


def voting_room(client):
    """A quick workshop in its voting phase with one topic; the facilitator posted it."""
    workshop = create_workshop(client)
    code = workshop["code"]
    move_phase(client, workshop, 0)
    act(client, f"/w/{code}/topics/from-paper", workshop["csrf"], notes="Fler bänkar i parken")
    move_phase(client, workshop, 1)
    topic = re.search(r'id="topic-(\d+)"', client.get(f"/w/{code}/facilitator").text)[1]
    return workshop, topic


def dots_of(client, code: str) -> int:
    return int(re.search(r'data-dots-left="(\d+)"', client.get(f"/w/{code}").text)[1])


def test_a_tap_sent_twice_with_one_action_id_places_one_dot(client):
    workshop, topic = voting_room(client)
    code = workshop["code"]
    phone = another_browser(client)
    csrf = join(phone, code)
    first = tap(phone, code, csrf, "retry-me-1", add_dot=topic)
    again = tap(phone, code, csrf, "retry-me-1", add_dot=topic)
    assert first.status_code == again.status_code == 200
    assert 'data-dots-left="4"' in again.text  # the answer shows the dots as they are
    assert dots_of(phone, code) == 4
    assert tap(phone, code, csrf, "another-tap", add_dot=topic).status_code == 200
    assert dots_of(phone, code) == 3


def test_a_take_back_sent_twice_takes_back_one_dot(client):
    workshop, topic = voting_room(client)
    code = workshop["code"]
    phone = another_browser(client)
    csrf = join(phone, code)
    for number in range(3):
        tap(phone, code, csrf, f"place-{number:04}", add_dot=topic)
    for _ in range(2):
        assert tap(phone, code, csrf, "take-back-1", take_back_dot=topic).status_code == 200
    assert dots_of(phone, code) == 3


def test_a_refused_tap_sent_again_is_judged_again(client):
    workshop, topic = voting_room(client)
    code = workshop["code"]
    phone = another_browser(client)
    csrf = join(phone, code)
    assert tap(phone, code, csrf, "too-early", take_back_dot=topic).status_code == 409
    tap(phone, code, csrf, "place-0001", add_dot=topic)
    # Nothing was stored for the refused one: sent again, it is done now.
    assert tap(phone, code, csrf, "too-early", take_back_dot=topic).status_code == 200
    assert dots_of(phone, code) == 5


def test_action_ids_are_kept_per_phone(client):
    workshop, topic = voting_room(client)
    code = workshop["code"]
    phones = [another_browser(client) for _ in range(2)]
    for phone in phones:
        assert tap(phone, code, join(phone, code), "same-id-01", add_dot=topic).status_code == 200
    assert [dots_of(phone, code) for phone in phones] == [4, 4]


def test_a_malformed_action_id_is_refused_and_changes_nothing(client):
    workshop, topic = voting_room(client)
    code = workshop["code"]
    phone = another_browser(client)
    csrf = join(phone, code)
    for bad in ("short", "x" * 65, "no spaces here", "semi;colon;1"):
        answer = tap(phone, code, csrf, bad, add_dot=topic)
        assert answer.status_code == 400 and "Ladda om sidan" in answer.text
    assert dots_of(phone, code) == 5


def test_a_rating_sent_again_after_a_newer_one_does_not_undo_it(client):
    workshop, voter, csrf = phone_in(client, "rating")
    code = workshop["code"]
    item = card(voter.get(f"/w/{code}").text)["item"]

    def save(action_id: str, impact: str):
        return voter.post(f"/w/{code}/ratings", data={
            "card": "0", "item": str(item), "impact": impact, "effort": "2", "step": "save"},
            headers={**HTMX, "X-CSRF-Token": csrf, "X-Samla-Action": action_id})

    assert save("rating-0001", "5").status_code == 200
    assert save("rating-0002", "3").status_code == 200
    late = save("rating-0001", "5")  # the first one's retry arrives last
    assert late.status_code == 200 and card(late.text)["count"].startswith("Kort 2 av")
    store = client.app.other_asgi_app.state.store
    ratings = rating_queries.ratings(store, store.workshop_by_code(code)["id"])
    assert [(r["item"], r["impact"]) for r in ratings] == [(item, 3)]


def test_a_post_sent_again_is_stored_once_and_answered_as_the_first_time(client):
    workshop = create_workshop(client)
    code = workshop["code"]
    move_phase(client, workshop, 0)
    phone = another_browser(client)
    csrf = join(phone, code)
    for _ in range(2):  # the second is the first sent again: its answer was lost
        answer = tap(phone, code, csrf, "post-once-1", path="topics", text="Fler bänkar")
        assert answer.status_code == 200
        assert sv("Your topic was added.") in answer.text
    store = client.app.other_asgi_app.state.store
    assert store.value("SELECT count(*) FROM topics WHERE text = 'Fler bänkar'") == 1
    # The same text as a new post is a twin, and refused as one.
    again = tap(phone, code, csrf, "post-twin-2", path="topics", text="fler  bänkar")
    assert again.status_code == 409 and again.text == sv("You have already posted this topic.")


def test_a_held_post_sent_again_is_told_it_waits_as_the_first_time(client):
    workshop = create_workshop(client, premoderation="on")
    code = workshop["code"]
    move_phase(client, workshop, 0)
    phone = another_browser(client)
    csrf = join(phone, code)
    note = sv("Thank you! Every post is read before it is shown. Yours will be shown when it "
              "has been read.")
    for _ in range(2):
        answer = tap(phone, code, csrf, "post-held-1", path="topics", text="Fler bänkar")
        assert answer.status_code == 200 and note in answer.text
    store = client.app.other_asgi_app.state.store
    assert store.value("SELECT count(*) FROM held_posts") == 1
    assert store.value("SELECT count(*) FROM topics") == 0
