"""Voting on themes, and the impact/effort rating phase with its quick wins, over HTTP."""

import re

from starlette.testclient import TestClient

from tests.activities.topics.test_notes import NOTES
from tests.flows import act, another_browser, create_workshop, join, move_phase, sv
from workshop.activities.backlog import queries as backlog_queries
from workshop.activities.backlog.actions import items_from_results
from workshop.activities.rating import queries as rating_queries
from workshop.activities.themes import queries as theme_queries

PHASES = ["welcome", "topics", "voting", "rating", "results"]


def open_space(client, themes: bool = True) -> dict:
    """A low-hanging-fruit workshop with the notes posted, grouped and accepted."""
    workshop = create_workshop(client, method="low_hanging_fruit")
    code = workshop["code"]
    move_phase(client, workshop, 0)
    act(client, f"/w/{code}/topics/from-paper", workshop["csrf"], notes="\n".join(NOTES))
    act(client, f"/w/{code}/themes/group", workshop["csrf"])
    assert act(client, f"/w/{code}/themes/accept", workshop["csrf"]).status_code == 204
    if themes:
        chosen = act(client, f"/w/{code}/prioritise", workshop["csrf"], prioritise="themes")
        assert chosen.status_code == 204
    return workshop


def go_to(client, workshop, view: str) -> None:
    page = client.get(f"/w/{workshop['code']}/facilitator").text
    seen = PHASES.index(re.search(r'data-phase="(\w+)"', page)[1])
    for index in range(seen, PHASES.index(view)):
        assert move_phase(client, workshop, index).status_code in (200, 204)


def phone(client) -> TestClient:
    return another_browser(client)


def phone_in(client, view: str, themes: bool = True) -> tuple[dict, TestClient, str]:
    """A workshop moved on to `view` with one phone in it: the workshop, the phone and its
    CSRF token."""
    workshop = open_space(client, themes)
    voter = phone(client)
    csrf = join(voter, workshop["code"])
    go_to(client, workshop, view)
    return workshop, voter, csrf


def first_theme(voter, code: str) -> str:
    return re.search(r'value="theme-(\d+)"', voter.get(f"/w/{code}").text)[1]


def card(html: str) -> dict:
    """The card a phone shows: its position, item id and title."""
    return {"count": re.search(r'class="card-count">([^<]+)<', html)[1],
            "item": int(re.search(r'name="item" value="(\d+)"', html)[1]),
            "title": re.search(r'<h2 id="card-title"[^>]*>([^<]+)<', html)[1]}


def test_voting_on_themes_counts_dots_per_theme_within_the_limits(client):
    workshop, voter, csrf = phone_in(client, "voting")
    code = workshop["code"]
    page = voter.get(f"/w/{code}").text
    themes = re.findall(r'name="add_dot" value="theme-(\d+)"', page)
    assert len(themes) == 2 and 'data-vote-on="themes"' in page
    first, second = themes
    for _ in range(3):
        assert act(voter, f"/w/{code}/dots", csrf, add_dot=f"theme-{first}").status_code == 200
    fourth = act(voter, f"/w/{code}/dots", csrf, add_dot=f"theme-{first}")
    assert fourth.status_code == 409
    assert fourth.text == sv("No more dots here: the limit is %(max)s.") % {"max": 3}
    answer = act(voter, f"/w/{code}/dots", csrf, add_dot=f"theme-{second}")
    assert re.search(r'data-dots-left="1"', answer.text)
    assert f'id="vote-theme-{first}"' in answer.text
    # A topic id is not a theme: this workshop votes on themes only.
    topic = re.search(r'<li id="topic-(\d+)"', voter.get(f"/w/{code}").text)[1]
    assert act(voter, f"/w/{code}/dots", csrf, add_dot=topic).status_code == 422
    assert act(voter, f"/w/{code}/dots", csrf, add_dot="theme-0").status_code == 422
    gone = act(voter, f"/w/{code}/dots", csrf, add_dot="theme-99")
    assert gone.status_code == 409 and gone.text == sv("That is no longer open for voting.")
    tally = client.get(f"/w/{code}/facilitator").text
    assert re.search(r'id="result-' + first + r'".*?3 prickar', tally, re.S)


def test_the_choice_of_themes_needs_accepted_themes_and_no_votes_yet(client):
    workshop = create_workshop(client)
    code = workshop["code"]
    refused = act(client, f"/w/{code}/prioritise", workshop["csrf"], prioritise="themes")
    assert refused.status_code == 409 and refused.text == sv("Accept the themes first.")
    workshop, voter, csrf = phone_in(client, "voting")
    code = workshop["code"]
    theme = first_theme(voter, code)
    act(voter, f"/w/{code}/dots", csrf, add_dot=f"theme-{theme}")
    for path, form in (("prioritise", {"prioritise": "topics"}), ("themes/reopen", {})):
        assert act(client, f"/w/{code}/{path}", workshop["csrf"], **form).status_code == 409


def test_a_phone_rates_one_card_at_a_time_skips_and_changes_its_mind(client):
    workshop, voter, csrf = phone_in(client, "rating")
    code = workshop["code"]
    page = voter.get(f"/w/{code}").text
    first = card(page)
    assert first["count"] == sv("Card %(num)s of %(count)s") % {"num": 1, "count": 2}
    # A theme's card folds in its topics, newest first, as the vote listed them.
    store = client.app.other_asgi_app.state.store
    theme = next(t for t in theme_queries.themes(store, store.workshop_by_code(code)["id"])
                 if t["number"] == first["item"])
    folded = re.search(r'<details class="card-topics">.*?</details>', page, re.S)[0]
    assert re.findall(r"<li>([^<]+)</li>", folded) == [t["text"] for t in theme["topics"]]
    assert len(theme["topics"]) >= 2
    second = card(act(voter, f"/w/{code}/ratings", csrf, card="0", item=str(first["item"]),
                      impact="5", effort="1", step="save").text)
    assert second["item"] != first["item"]
    summary = act(voter, f"/w/{code}/ratings", csrf, card="1", step="skip").text
    assert sv("skipped") in summary and "card-count" not in summary
    again = card(act(voter, f"/w/{code}/ratings", csrf, go="0").text)
    assert again["item"] == first["item"]
    act(voter, f"/w/{code}/ratings", csrf, card="0", item=str(first["item"]), impact="4",
        effort="2", step="save")
    ratings = rating_queries.ratings(store, store.workshop_by_code(code)["id"])
    assert [(r["item"], r["impact"], r["effort"]) for r in ratings] == [(first["item"], 4, 2)]


def test_ratings_are_whole_numbers_from_one_to_five(client):
    workshop, voter, csrf = phone_in(client, "rating")
    code = workshop["code"]
    item = str(card(voter.get(f"/w/{code}").text)["item"])
    for impact, effort in (("0", "3"), ("6", "3"), ("3", "2.5"), ("", "3"), ("3", "x")):
        refused = act(voter, f"/w/{code}/ratings", csrf, card="0", item=item, impact=impact,
                      effort=effort, step="save")
        assert refused.status_code == 422, (impact, effort)
    missing = act(voter, f"/w/{code}/ratings", csrf, card="0", item="999", impact="3",
                  effort="3", step="save")
    assert missing.status_code == 409
    store = client.app.other_asgi_app.state.store
    assert rating_queries.ratings(store, store.workshop_by_code(code)["id"]) == []


def test_rating_is_only_possible_in_the_rating_phase(client):
    workshop, voter, csrf = phone_in(client, "voting")
    code = workshop["code"]
    refused = act(voter, f"/w/{code}/ratings", csrf, card="0", item="1", impact="3",
                  effort="3", step="save")
    assert refused.status_code == 409


def test_quick_wins_follow_the_rule_unless_the_facilitator_overrides(client):
    workshop = open_space(client)
    code = workshop["code"]
    go_to(client, workshop, "rating")
    phones = [phone(client) for _ in range(3)]
    tokens = [join(p, code) for p in phones]
    first = card(phones[0].get(f"/w/{code}").text)
    for voter, csrf, (impact, effort) in zip(phones, tokens, ((5, 1), (4, 2), (3, 3))):
        page = voter.get(f"/w/{code}").text
        item = card(page)["item"]
        act(voter, f"/w/{code}/ratings", csrf, card="0", item=str(item), impact=str(impact),
            effort=str(effort), step="save")
        second = card(voter.get(f"/w/{code}").text)["item"]
        act(voter, f"/w/{code}/ratings", csrf, card="1", item=str(second), impact="2",
            effort="4", step="save")
    page = client.get(f"/w/{code}/facilitator").text
    rows = re.findall(r'<tr( class="quick-win")?>\s*<td>(\d*)</td><td>([^<]+)</td>\s*'
                      r'<td>([^<]+)</td><td>([^<]+)</td><td>(\d+)</td>', page)
    # Mean impact 4.0, effort 2.0: a quick win; the other 2.0 / 4.0 is not.
    assert rows[0] == (' class="quick-win"', "1", first["title"], "4.0", "2.0", "3")
    assert rows[1][0] == "" and rows[1][3:] == ("2.0", "4.0", "3")
    assert page.count('<g class="point') == 2 and page.count('class="point quick-win"') == 1
    override = act(client, f"/w/{code}/quick-wins/{first['item']}", workshop["csrf"],
                   quick_win="no")
    assert override.status_code == 204
    page = client.get(f"/w/{code}/facilitator").text
    assert 'class="quick-win"' not in page
    assert act(client, f"/w/{code}/quick-wins/{first['item']}", workshop["csrf"],
               quick_win="maybe").status_code == 422
    assert act(phones[0], f"/w/{code}/quick-wins/{first['item']}", tokens[0],
               quick_win="yes").status_code == 403
    act(client, f"/w/{code}/quick-wins/{first['item']}", workshop["csrf"], quick_win="yes")
    store = client.app.other_asgi_app.state.store
    items_from_results(store, store.workshop_by_code(code))
    backlog = {item["title"]: item for item in backlog_queries.backlog(store, store.workshop_by_code(code)["id"])}
    assert backlog[first["title"]]["quick_win"] == 1
    assert (backlog[first["title"]]["impact"], backlog[first["title"]]["effort"]) == (4, 2)


def test_rating_top_topics_when_the_workshop_prioritises_topics(client):
    workshop, voter, _ = phone_in(client, "rating", themes=False)
    code = workshop["code"]
    first = card(voter.get(f"/w/{code}").text)
    assert first["count"] == sv("Card %(num)s of %(count)s") % {"num": 1, "count": len(NOTES)}
    assert first["title"] == NOTES[0]


def test_the_cards_follow_the_facilitators_edits_while_the_room_rates(client):
    # The deck is kept between cards until an item changes (rated_items): an edit or a
    # hidden topic must reach the next card a phone opens, never an old copy.
    workshop, voter, csrf = phone_in(client, "rating", themes=False)
    code = workshop["code"]
    first = card(voter.get(f"/w/{code}").text)
    act(client, f"/w/{code}/topics/{first['item']}/edit", workshop["csrf"],
        text="Omskriven av facilitatorn")
    assert card(voter.get(f"/w/{code}").text)["title"] == "Omskriven av facilitatorn"
    act(client, f"/w/{code}/topics/{first['item']}/hide", workshop["csrf"])
    now = card(voter.get(f"/w/{code}").text)
    assert now["item"] != first["item"]
    assert now["count"] == sv("Card %(num)s of %(count)s") % {"num": 1, "count": len(NOTES) - 1}
    refused = act(voter, f"/w/{code}/ratings", csrf, card=0, item=first["item"], impact=4,
                  effort=2)
    assert refused.status_code == 409


def test_theme_votes_ratings_and_marks_travel_in_the_export(client):
    from workshop.exporting.document import workshop_document
    from workshop.exporting.json_format import schema_problems
    from workshop.followup import import_document

    workshop, voter, csrf = phone_in(client, "voting")
    code = workshop["code"]
    theme = first_theme(voter, code)
    act(voter, f"/w/{code}/dots", csrf, add_dot=f"theme-{theme}")
    go_to(client, workshop, "rating")
    item = card(voter.get(f"/w/{code}").text)["item"]
    act(voter, f"/w/{code}/ratings", csrf, card="0", item=str(item), impact="5", effort="2",
        step="save")
    act(client, f"/w/{code}/quick-wins/{item}", workshop["csrf"], quick_win="no")
    store = client.app.other_asgi_app.state.store
    original = workshop_document(store, store.workshop_by_code(code))
    assert schema_problems(original) == []
    assert original["theme_votes"] == [{"participant": "p1", "theme": int(theme), "dots": 1}]
    assert original["ratings"] == [{"participant": "p1", "kind": "theme", "item": item,
                                    "impact": 5, "effort": 2}]
    assert [t["quick_win"] for t in original["themes"] if t["id"] == item] == [False]
    imported, _ = import_document(store, original)
    again = workshop_document(store, imported)
    for key in ("theme_votes", "ratings", "themes", "votes"):
        assert again[key] == original[key], key
    assert again["workshop"]["prioritise"] == "themes" and again["workshop"]["themes_accepted"]


def test_hiding_the_last_topic_of_a_theme_hands_its_dots_back(client):
    workshop, voter, csrf = phone_in(client, "voting")
    code = workshop["code"]
    theme = first_theme(voter, code)
    act(voter, f"/w/{code}/dots", csrf, add_dot=f"theme-{theme}")
    store = client.app.other_asgi_app.state.store
    members = next(t["topics"] for t in theme_queries.themes(store, store.workshop_by_code(code)["id"])
                   if t["number"] == int(theme))
    for topic in members:
        act(client, f"/w/{code}/topics/{topic['id']}/hide", workshop["csrf"])
    page = voter.get(f"/w/{code}").text
    assert f'value="theme-{theme}"' not in page
    assert re.search(r'data-dots-left="5"', page)


def test_a_rating_phases_counts_are_read_from_indexes_alone(store):
    # Each push of a rating phase counts who rated and averages every item; in a room of
    # 2,000 these read all 20,000 ratings' rows, 6 ms each (benchmarks/README.md).
    asked = []
    store.db.conn.set_trace_callback(asked.append)
    rating_queries.rater_count(store, 1)
    rating_queries.rating_means(store, 1, "topic")
    store.db.conn.set_trace_callback(None)
    plans = [" ".join(row[3] for row in store.db.execute(f"EXPLAIN QUERY PLAN {sql}"))
             for sql in asked if "FROM ratings" in sql]
    assert len(plans) == 2 and all("USING COVERING INDEX" in plan for plan in plans), plans
