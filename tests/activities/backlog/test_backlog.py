"""The improvement backlog: from results to items, editing, ordering, publishing."""

import re

from tests.flows import act, another_browser, create_workshop, join, move_phase, sv
from workshop.activities.backlog import queries as backlog_queries
from workshop.activities.backlog.actions import items_from_results
from workshop.activities.themes import queries as theme_queries
from workshop.activities.topics import queries as topic_queries
from workshop.activities.voting import queries as voting_queries
from workshop.methods import plan_for
from workshop.workshops import create_workshop as new_workshop


def workshop_with_results(client, votes=((0, 3), (1, 2), (2, 0))):
    """A workshop at its results: topics "Ämne 0", "Ämne 1", … with the given dots."""
    workshop = create_workshop(client)
    code = workshop["code"]
    move_phase(client, workshop, 0)
    csrf = join(client, code)
    for number, _ in votes:
        act(client, f"/w/{code}/topics", csrf, text=f"Ämne {number}")
    move_phase(client, workshop, 1)
    page = client.get(f"/w/{code}").text
    ids = {text: int(i) for i, text in re.findall(
        r'<span class="topic-text" id="topic-(\d+)-text">([^<]+)<', page)}
    for number, dots in votes:
        for _ in range(dots):
            act(client, f"/w/{code}/dots", csrf, add_dot=str(ids[f"Ämne {number}"]))
    move_phase(client, workshop, 2)
    workshop["topic_ids"] = ids
    workshop["participant_csrf"] = csrf
    return workshop


def backlog_titles(client, code) -> list[str]:
    return re.findall(r'class="card backlog-item">\s*<h2>\d+\. ([^<]+?)\s*(?:<|</h2>)',
                      client.get(f"/w/{code}/backlog").text)


def item_ids(client, code) -> list[int]:
    page = client.get(f"/w/{code}/backlog").text
    return [int(i) for i in re.findall(r'<li id="item-(\d+)"', page)]


def test_create_backlog_turns_voted_topics_into_items_in_rank_order_once(client):
    workshop = workshop_with_results(client)
    code = workshop["code"]
    for _ in range(2):  # a double click adds nothing twice
        assert act(client, f"/w/{code}/backlog/from-results", workshop["csrf"]).status_code == 204
    assert backlog_titles(client, code) == ["Ämne 0", "Ämne 1"]  # Ämne 2 had no dots


def test_editing_an_item_saves_every_field(client):
    workshop = workshop_with_results(client)
    code = workshop["code"]
    act(client, f"/w/{code}/backlog/from-results", workshop["csrf"])
    first = item_ids(client, code)[0]
    answer = act(client, f"/w/{code}/backlog/{first}/edit", workshop["csrf"],
                 title="Gemensam ingång", description="Ett nummer för allt", theme="En väg in",
                 impact="5", effort="2", quick_win="on", owner="Socialtjänst",
                 next_step="Boka möte med skolan", due_date="2027-02-15", status="in_progress",
                 update_note="")
    assert answer.status_code == 204
    page = client.get(f"/w/{code}/backlog").text
    assert 'value="Gemensam ingång"' in page and 'value="Socialtjänst"' in page
    assert 'value="2027-02-15"' in page
    assert re.search(r'<option value="in_progress" selected>', page)
    assert re.search(rf'id="impact-{first}".*?<option value="5" selected>', page, re.S)


def test_bad_item_fields_are_refused_and_nothing_changes(client):
    workshop = workshop_with_results(client)
    code = workshop["code"]
    act(client, f"/w/{code}/backlog/from-results", workshop["csrf"])
    first = item_ids(client, code)[0]
    for field, value in (("impact", "9"), ("due_date", "31/12"), ("status", "doing"),
                         ("title", "")):
        form = {"title": "Ny titel", "status": "new", field: value}
        assert act(client, f"/w/{code}/backlog/{first}/edit", workshop["csrf"],
                   **form).status_code == 422
    assert backlog_titles(client, code)[0] == "Ämne 0"


def test_moving_items_changes_the_priority_order(client):
    workshop = workshop_with_results(client)
    code = workshop["code"]
    act(client, f"/w/{code}/backlog/from-results", workshop["csrf"])
    second = item_ids(client, code)[1]
    act(client, f"/w/{code}/backlog/{second}/move", workshop["csrf"], direction="up")
    assert backlog_titles(client, code) == ["Ämne 1", "Ämne 0"]
    act(client, f"/w/{code}/backlog/{second}/move", workshop["csrf"], direction="up")
    assert backlog_titles(client, code) == ["Ämne 1", "Ämne 0"]


def test_participants_see_the_backlog_only_when_published(client):
    workshop = workshop_with_results(client)
    code = workshop["code"]
    act(client, f"/w/{code}/backlog/from-results", workshop["csrf"])
    assert sv("What happens next") not in client.get(f"/w/{code}").text
    act(client, f"/w/{code}/backlog/publish", workshop["csrf"], published="on")
    page = client.get(f"/w/{code}").text
    assert sv("What happens next") in page and "<strong>Ämne 0</strong>" in page


def test_only_the_facilitator_may_touch_the_backlog(client):
    workshop = workshop_with_results(client)
    code = workshop["code"]
    phone = another_browser(client)
    csrf = join(phone, code)
    assert phone.get(f"/w/{code}/backlog").status_code == 403
    assert act(phone, f"/w/{code}/backlog/from-results", csrf).status_code == 403
    assert phone.get(f"/w/{code}/export?format=json").status_code == 403
    assert phone.get(f"/w/{code}/report").status_code == 403
def test_items_from_voted_topics_carry_their_accepted_theme(store):
    workshop, _ = new_workshop(store, {
        "title": "Skolväg", "description": "", "language": "sv", "method": "quick",
        "plan": plan_for("quick"), "names_enabled": 0})
    person = store.insert_participant(workshop["id"], "key", None)["id"]
    topics = [topic_queries.insert_topic(store, workshop["id"], person, text, limit=10)["id"]
              for text in ("Belysning", "Farthinder", "Fler vuxna")]
    for topic, dots in zip(topics, (3, 2, 0)):
        for _ in range(dots):
            assert voting_queries.insert_dot(store, workshop["id"], person, "topic", topic, 5, 3)
    theme_queries.save_grouping(store, workshop["id"], {1: "Ljus", 2: "Trafik"},
                                {topics[0]: 1, topics[1]: 2, topics[2]: 2})
    theme_queries.set_themes_accepted(store, workshop["id"], True)
    items_from_results(store, store.workshop_by_id(workshop["id"]))
    assert [(item["title"], item["theme"])
            for item in backlog_queries.backlog(store, workshop["id"])] == [
        ("Belysning", "Ljus"), ("Farthinder", "Trafik")]
