"""A phone that has done all it can in a phase is told so, and how to change it
(Activity.finished): no dots left, the most posts one person may make, every card seen."""

import re

from tests.activities.rating.test_rating import card, phone, phone_in
from tests.flows import act, create_workshop, join, move_phase, sv
from workshop.settings import DEFAULT_TOPICS_PER_PARTICIPANT as TOPICS_PER_PARTICIPANT

ALL_DOTS = sv("Done! All your dots are placed.")
MOVE_A_DOT = sv("To move a dot, press − next to it, then + where you want it.")


def test_the_last_dot_says_all_are_placed_and_how_to_move_one(client):
    workshop = create_workshop(client)  # five dots, at most three on one topic
    code = workshop["code"]
    voter = phone(client)
    csrf = join(voter, code)
    move_phase(client, workshop, 0)
    for text in ("Belysning längs ån", "Fler bänkar vid lekplatsen"):
        act(voter, f"/w/{code}/topics", csrf, text=text)
    move_phase(client, workshop, 1)
    first, second = re.findall(r'<li id="topic-(\d+)"', voter.get(f"/w/{code}").text)

    for topic in (first, first, first, second):
        assert ALL_DOTS not in act(voter, f"/w/{code}/dots", csrf, add_dot=topic).text
    last = act(voter, f"/w/{code}/dots", csrf, add_dot=second)
    # Said inside the live region that stays on the page, so it is announced.
    assert re.search(r'id="dots-left"[^>]*hx-swap-oob="innerHTML"><p data-dots-left="0">'
                     r'<strong>' + re.escape(ALL_DOTS), last.text)
    assert MOVE_A_DOT in last.text
    assert ALL_DOTS in voter.get(f"/w/{code}").text  # and on the page, opened again

    back = act(voter, f"/w/{code}/dots", csrf, take_back_dot=second)
    assert ALL_DOTS not in back.text and 'data-dots-left="1"' in back.text


def test_the_last_post_one_person_may_make_says_so(client):
    workshop = create_workshop(client)
    code = workshop["code"]
    author = phone(client)
    csrf = join(author, code)
    move_phase(client, workshop, 0)
    done = sv("Done! You have posted as many as one person can.")
    for number in range(1, TOPICS_PER_PARTICIPANT):
        answer = act(author, f"/w/{code}/topics", csrf, text=f"Förslag nummer {number}")
        assert answer.status_code == 200 and done not in answer.text
    last = act(author, f"/w/{code}/topics", csrf, text="Det sista förslaget")
    assert done in last.text
    assert done in author.get(f"/w/{code}").text


def test_past_the_last_card_the_phone_is_told_it_is_done_and_how_to_change_a_rating(client):
    workshop, voter, csrf = phone_in(client, "rating")
    code = workshop["code"]
    shown = card(voter.get(f"/w/{code}").text)
    total = int(shown["count"].split()[-1])
    for index in range(total):
        answer = act(voter, f"/w/{code}/ratings", csrf, card=str(index), step="skip")
    assert re.search(r'<h2 id="card-title"[^>]*>'
                     + re.escape(sv("Done! You have been through every card.")), answer.text)
    assert sv("To change one, press “Change” next to it.") in answer.text
    assert f'name="go" value="{total - 1}"' in answer.text
