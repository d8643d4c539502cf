"""Dot voting rules, on a real SQLite file."""

import re
import threading

from workshop.activities.topics import queries as topic_queries
from workshop.activities.voting import queries as voting_queries
from workshop.activities.voting.tally import standings
from workshop.db import Store
from workshop.methods import plan_for
from workshop.workshops import create_workshop

DOTS, PER_TOPIC = 5, 3
SETTINGS = {"title": "T", "description": "", "language": "sv", "method": "quick",
            "names_enabled": 0,
            "plan": plan_for("quick", {"voting": {"dots": DOTS, "max_per_item": PER_TOPIC}})}


def workshop_with_topics(store, n_topics=3):
    workshop, _ = create_workshop(store, SETTINGS)
    author = store.insert_participant(workshop["id"], f"author-{workshop['id']}", None)
    topics = [topic_queries.insert_topic(store, workshop["id"], author["id"], f"Ämne {i}", limit=50)
              for i in range(n_topics)]
    return workshop, topics


def place(store, workshop, topic, participant):
    return voting_queries.insert_dot(store, workshop["id"], participant["id"], "topic", topic["id"],
                            DOTS, PER_TOPIC)


def test_voting_refuses_fourth_dot_on_one_topic(store):
    workshop, (topic, *_) = workshop_with_topics(store)
    voter = store.insert_participant(workshop["id"], "v", None)
    assert [place(store, workshop, topic, voter) for _ in range(4)] == [True, True, True, False]
    assert voting_queries.my_dots(store, voter["id"]) == {topic["id"]: 3}


def test_voting_refuses_sixth_dot(store):
    workshop, (a, b, c) = workshop_with_topics(store)
    voter = store.insert_participant(workshop["id"], "v", None)
    results = [place(store, workshop, t, voter) for t in (a, a, a, b, b, c)]
    assert results == [True, True, True, True, True, False]
    assert sum(voting_queries.my_dots(store, voter["id"]).values()) == 5


def test_taking_back_a_dot_frees_it_for_another_topic(store):
    workshop, (a, b, c) = workshop_with_topics(store)
    voter = store.insert_participant(workshop["id"], "v", None)
    for t in (a, a, a, b, b):
        place(store, workshop, t, voter)
    assert not place(store, workshop, c, voter)
    assert voting_queries.delete_dot(store, voter["id"], "topic", a["id"])
    assert place(store, workshop, c, voter)
    assert voting_queries.my_dots(store, voter["id"]) == {a["id"]: 2, b["id"]: 2, c["id"]: 1}


def test_taking_back_a_dot_that_is_not_there_changes_nothing(store):
    workshop, (a, b, _) = workshop_with_topics(store)
    voter = store.insert_participant(workshop["id"], "v", None)
    place(store, workshop, a, voter)
    assert not voting_queries.delete_dot(store, voter["id"], "topic", b["id"])
    assert voting_queries.my_dots(store, voter["id"]) == {a["id"]: 1}


def test_no_dots_on_hidden_topics_or_topics_of_other_workshops(store):
    workshop, (a, b, _) = workshop_with_topics(store)
    other, (foreign, *_) = workshop_with_topics(store)
    voter = store.insert_participant(workshop["id"], "v", None)
    topic_queries.hide_topic(store, a["id"])
    assert not place(store, workshop, a, voter)
    assert not place(store, workshop, foreign, voter)
    assert voting_queries.my_dots(store, voter["id"]) == {}


def test_limits_hold_when_many_connections_tap_at_once(tmp_path):
    """Fifty taps from one participant through fifty connections never exceed the limits."""
    path = tmp_path / "samla.db"
    setup = Store(path)
    workshop, (a, b, _) = workshop_with_topics(setup)
    voter = setup.insert_participant(workshop["id"], "v", None)
    barrier = threading.Barrier(50)
    accepted = []

    def tap(topic):
        store = Store(path)  # a connection of its own, as another process would have
        barrier.wait()
        accepted.append(place(store, workshop, topic, voter))
        store.close()

    threads = [threading.Thread(target=tap, args=(a if i % 2 else b,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    dots = voting_queries.my_dots(setup, voter["id"])
    assert accepted.count(True) == 5
    assert sum(dots.values()) == 5 and max(dots.values()) == 3
    setup.close()


def test_standings_rank_ties_equally_and_scale_bars_to_the_top():
    tally = [{"id": 1, "text": "a", "dots": 6}, {"id": 2, "text": "b", "dots": 3},
             {"id": 3, "text": "c", "dots": 3}, {"id": 4, "text": "d", "dots": 0}]
    assert [(r["rank"], r["share"]) for r in standings(tally)] == [(1, 100), (2, 50), (2, 50),
                                                                  (4, 0)]
    assert standings([]) == []


def test_a_vote_is_answered_with_only_this_phones_changed_pieces(client):
    from tests.flows import act, create_workshop, join, move_phase

    workshop = create_workshop(client)
    code = workshop["code"]
    move_phase(client, workshop, 0)
    csrf = join(client, code)
    for number in range(30):
        act(client, f"/w/{code}/topics", csrf, text=f"Ämne {number}")
    move_phase(client, workshop, 1)
    first, second = re.findall(r'<li id="topic-(\d+)"', client.get(f"/w/{code}").text)[:2]
    act(client, f"/w/{code}/dots", csrf, add_dot=first)
    answer = act(client, f"/w/{code}/dots", csrf, add_dot=second)
    assert answer.status_code == 200
    assert re.findall(r'id="vote-(\d+)"', answer.text) == sorted([first, second], key=int)
    # the live region stays on the page: only its inside is replaced
    assert re.search(r'id="dots-left"[^>]*hx-swap-oob="innerHTML"><p data-dots-left="3"',
                     answer.text)
    assert len(answer.text) < 4000


def test_taking_back_over_http_returns_the_dot(client):
    from tests.flows import act, create_workshop, join, move_phase, sv

    workshop = create_workshop(client)
    code = workshop["code"]
    move_phase(client, workshop, 0)
    csrf = join(client, code)
    act(client, f"/w/{code}/topics", csrf, text="Ett ämne")
    move_phase(client, workshop, 1)
    (topic_id,) = re.findall(r'<li id="topic-(\d+)"', client.get(f"/w/{code}").text)
    act(client, f"/w/{code}/dots", csrf, add_dot=topic_id)
    answer = act(client, f"/w/{code}/dots", csrf, take_back_dot=topic_id)
    assert re.search(r'data-dots-left="5"', answer.text)
    again = act(client, f"/w/{code}/dots", csrf, take_back_dot=topic_id)
    assert again.status_code == 409 and again.text == sv("You have no dot there.")


def test_an_approval_round_gives_a_dot_for_each_of_24_projects(client):
    # Issue 11, item 12: "approve any of 24 projects" needs 24 dots, one per project.
    from tests.flows import act, create_workshop, join, move_phase

    workshop = create_workshop(client, dots_per_participant="24", max_dots_per_topic="1")
    code = workshop["code"]
    move_phase(client, workshop, 0)
    csrf = join(client, code)
    act(client, f"/w/{code}/topics", csrf, split_lines="1",
        text="\n".join(f"Projekt {number}" for number in range(1, 25)))
    move_phase(client, workshop, 1)
    projects = re.findall(r'<li id="topic-(\d+)"', client.get(f"/w/{code}").text)
    assert len(projects) == 24
    for project in projects:
        assert act(client, f"/w/{code}/dots", csrf, add_dot=project).status_code == 200
    store = client.app.other_asgi_app.state.store
    assert voting_queries.counts(store, store.workshop_by_code(code)["id"])["dots"] == 24
    assert 'data-dots-left="0"' in client.get(f"/w/{code}").text


def test_while_voting_the_standings_show_their_top_and_count_the_rest(client):
    # A room of 2,000 rendered all its rows for the facilitator after every burst of dots.
    from tests.flows import create_workshop, move_phase
    from workshop import i18n
    from workshop.settings import TALLY_ROWS_WHILE_VOTING as TOP

    workshop = create_workshop(client)
    code = workshop["code"]
    move_phase(client, workshop, 0)
    client.post(f"/w/{code}/topics/from-paper", data={
        "csrf_token": workshop["csrf"], "notes": "\n".join(f"Lapp {n}" for n in range(TOP + 5))})
    move_phase(client, workshop, 1)
    page = client.get(f"/w/{code}/facilitator").text
    tally = page[page.index('id="tally"'):]
    assert tally.count('<li class="result"') == TOP
    assert i18n.translations("sv").ungettext("and %(num)s more", "and %(num)s more", 5) % {
        "num": 5} in tally
    move_phase(client, workshop, 2)  # the results: every row
    page = client.get(f"/w/{code}/facilitator").text
    assert page[page.index('id="tally"'):].count('<li class="result"') == TOP + 5
