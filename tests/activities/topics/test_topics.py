"""Topic rules: limits, duplicates, hiding and merging, on a real SQLite file."""

from tests.flows import act, create_workshop, join, move_phase, sv, topic_ids
from tests.test_guards import topic_texts
from tests.activities.topics.test_notes import DATA, PABULIB, refusal
from tests.activities.voting.test_voting import place, workshop_with_topics
from workshop.activities.topics import queries as topic_queries
from workshop.activities.voting import queries as voting_queries
from workshop.migrations import key_topic_texts
from workshop.settings import DEFAULT_TOPICS_PER_PARTICIPANT as TOPICS_PER_PARTICIPANT


def test_same_text_twice_from_one_participant_is_one_topic(store):
    workshop, _ = workshop_with_topics(store, 0)
    author = store.insert_participant(workshop["id"], "p", None)
    assert topic_queries.insert_topic(store, workshop["id"], author["id"], "Fler fritidsgårdar", limit=5)
    assert topic_queries.insert_topic(store, workshop["id"], author["id"], "Fler fritidsgårdar", limit=5) is None
    assert [t["text"] for t in topic_queries.topics(store, workshop["id"])] == ["Fler fritidsgårdar"]


def test_topics_per_participant_are_limited(store):
    workshop, _ = workshop_with_topics(store, 0)
    author = store.insert_participant(workshop["id"], "p", None)
    posted = [topic_queries.insert_topic(store, workshop["id"], author["id"], f"Idé {i}", limit=3)
              for i in range(4)]
    assert [t is not None for t in posted] == [True, True, True, False]


def test_merge_keeps_every_dot_of_both_topics(store):
    workshop, (a, b, c) = workshop_with_topics(store)
    both = store.insert_participant(workshop["id"], "both", None)
    only_b = store.insert_participant(workshop["id"], "only-b", None)
    for topic in (a, a, b, b):
        place(store, workshop, topic, both)
    place(store, workshop, b, only_b)

    moved = topic_queries.merge_topics(store, b["id"], a["id"])

    assert sorted(moved) == sorted([both["id"], only_b["id"], b["participant_id"]])
    assert voting_queries.my_dots(store, both["id"]) == {a["id"]: 4}
    assert voting_queries.my_dots(store, only_b["id"]) == {a["id"]: 1}
    assert [(row["id"], row["dots"]) for row in voting_queries.tally(store, workshop["id"])] == \
        [(a["id"], 5), (c["id"], 0)]
    assert topic_queries.merged_texts(store, [a["id"]]) == {a["id"]: [b["text"]]}


def test_merging_a_merged_topic_carries_its_earlier_merges_along(store):
    workshop, (a, b, c) = workshop_with_topics(store)
    topic_queries.merge_topics(store, c["id"], b["id"])
    topic_queries.merge_topics(store, b["id"], a["id"])
    assert topic_queries.merged_texts(store, [a["id"]]) == {a["id"]: [b["text"], c["text"]]}
    assert [t["id"] for t in topic_queries.topics(store, workshop["id"])] == [a["id"]]


def test_hiding_a_topic_hands_its_dots_back(store):
    workshop, (a, b, _) = workshop_with_topics(store)
    voter = store.insert_participant(workshop["id"], "v", None)
    for topic in (a, a, b):
        place(store, workshop, topic, voter)
    assert sorted(topic_queries.hide_topic(store, a["id"])) == sorted([voter["id"], a["participant_id"]])
    assert voting_queries.my_dots(store, voter["id"]) == {b["id"]: 1}
    assert a["id"] not in [t["id"] for t in topic_queries.topics(store, workshop["id"])]
    assert a["id"] in [t["id"] for t in topic_queries.topics(store, workshop["id"], include_hidden=True)]
    assert topic_queries.show_topic(store, a["id"]) == [a["participant_id"]]
    assert a["id"] in [t["id"] for t in topic_queries.topics(store, workshop["id"])]


def test_deleting_a_workshop_deletes_all_of_it(store):
    workshop, (a, *_) = workshop_with_topics(store)
    voter = store.insert_participant(workshop["id"], "v", None)
    place(store, workshop, a, voter)
    store.db.execute("DELETE FROM workshops WHERE id = ?", [workshop["id"]])
    assert [store.db[t].count for t in ("participants", "topics", "dots")] == [0, 0, 0]


def test_notes_from_paper_become_topics_all_or_none(client):
    from tests.flows import act, create_workshop, sv, topic_ids

    workshop = create_workshop(client)
    code = workshop["code"]
    answer = act(client, f"/w/{code}/topics/from-paper", workshop["csrf"],
                 notes="Fler vuxna på gården\n\nLäxhjälp\nLäxhjälp\n")
    assert answer.status_code == 204
    page = client.get(f"/w/{code}/facilitator").text
    assert len(topic_ids(page)) == 2 and "Fler vuxna på gården" in page
    too_long = act(client, f"/w/{code}/topics/from-paper", workshop["csrf"],
                   notes="Kort\n" + "x" * 201)
    assert too_long.status_code == 422
    assert too_long.text == sv("Note %(number)s is longer than %(max)s characters. Shorten it "
                               "and try again; nothing was added.") % {"number": 2, "max": 200}
    assert len(topic_ids(client.get(f"/w/{code}/facilitator").text)) == 2


def test_notes_from_a_spreadsheet_file(client):
    from tests.flows import create_workshop, topic_ids

    workshop = create_workshop(client)
    code = workshop["code"]
    table = "färg;text\ngul;Mötesplats för föräldrar\nrosa;Ett telefonnummer\n"
    answer = client.post(f"/w/{code}/topics/from-paper",
                         data={"csrf_token": workshop["csrf"]},
                         files={"file": ("lappar.csv", table.encode("utf-8-sig"), "text/csv")})
    assert answer.status_code == 200  # a plain form: back to the facilitator view
    page = client.get(f"/w/{code}/facilitator").text
    assert len(topic_ids(page)) == 2 and "Mötesplats för föräldrar" in page
    broken = client.post(f"/w/{code}/topics/from-paper", data={"csrf_token": workshop["csrf"]},
                         files={"file": ("lappar.csv", b"id;f\xc3\xa4rg\n1;gul\n", "text/csv")})
    assert broken.status_code == 422


# Issue 11: text that stays clean, on every path in.

def test_case_and_space_twins_of_ones_own_topic_are_one_topic(store):
    workshop, _ = workshop_with_topics(store, 0)
    author = store.insert_participant(workshop["id"], "p", None)
    assert topic_queries.insert_topic(store, workshop["id"], author["id"], "Fler lärare", limit=5)
    for twin in ("fler LÄRARE", "Fler la\u0308rare", "Fler lärare\u200b", "FLER LÄRARE\u200d"):
        assert topic_queries.insert_topic(store, workshop["id"], author["id"], twin,
                                          limit=5) is None
        assert topic_queries.has_topic_text(store, workshop["id"], author["id"], twin)
    other = store.insert_participant(workshop["id"], "q", None)
    assert topic_queries.insert_topic(store, workshop["id"], other["id"], "fler LÄRARE", limit=5)


def test_the_text_key_migration_keys_the_topics_already_there(store):
    workshop, _ = workshop_with_topics(store, 0)
    author = store.insert_participant(workshop["id"], "p", None)
    topic_queries.insert_topic(store, workshop["id"], author["id"], "Fler Lärare", limit=5)
    store.db.execute("DROP INDEX topics_author_key")
    store.db.execute("ALTER TABLE topics DROP COLUMN text_key")
    key_topic_texts(store.db)
    keys = [row["text_key"] for row in topic_queries.all_topics(store, workshop["id"])]
    assert keys == ["fler lärare"]
    assert topic_queries.insert_topic(store, workshop["id"], author["id"], "fler lärare",
                                      limit=5) is None


def phone_room(client):
    workshop = create_workshop(client)
    move_phase(client, workshop, 0)
    return workshop["code"], join(client, workshop["code"])


def my_topics(client, code) -> list[str]:
    return topic_texts(client.get(f"/w/{code}").text)


def test_a_case_twin_of_ones_own_topic_is_refused_over_http(client):
    code, csrf = phone_room(client)
    act(client, f"/w/{code}/topics", csrf, text="Fler lärare")
    refused = act(client, f"/w/{code}/topics", csrf, text="fler LÄRARE ")
    assert (refused.status_code, refused.text) == (409, sv("You have already posted this topic."))
    assert my_topics(client, code) == ["Fler lärare"]


def test_a_multi_line_topic_is_refused_with_the_offer_to_split_it(client):
    code, csrf = phone_room(client)
    refused = act(client, f"/w/{code}/topics", csrf, text="Fler lärare\r\n\r\nMer frukt\r\n")
    assert refused.status_code == 422
    assert refused.text == sv("One topic is one idea, and yours has %(count)s lines. Post each "
                              "line as its own topic, or write the idea on one line.") % {
                                  "count": 2}
    assert my_topics(client, code) == []
    page = client.get(f"/w/{code}").text
    assert ('<button type="submit" name="split_lines" value="1" data-several-lines hidden>'
            + sv("Post each line as its own topic") + "</button>") in page


def test_each_line_posted_as_its_own_topic(client):
    code, csrf = phone_room(client)
    answer = act(client, f"/w/{code}/topics", csrf, split_lines="1",
                 text="• Fler lärare\r\n\r\n• Mer  frukt\r\n• \u200b\r\n")
    assert answer.status_code == 200 and sv("Your topics were added.") in answer.text
    assert my_topics(client, code) == ["Mer frukt", "Fler lärare"]


def test_split_lines_are_all_or_none(client):
    code, csrf = phone_room(client)
    act(client, f"/w/{code}/topics", csrf, text="Fler lärare")
    twin = act(client, f"/w/{code}/topics", csrf, split_lines="1",
               text="Mer frukt\nfler lärare\nLäxhjälp")
    assert twin.status_code == 409
    assert twin.text == sv("Line %(number)s is a topic you have already posted. Nothing was "
                           "added.") % {"number": 2}
    lines = "\n".join(f"Idé {number}" for number in range(TOPICS_PER_PARTICIPANT))
    too_many = act(client, f"/w/{code}/topics", csrf, split_lines="1", text=lines)
    assert too_many.status_code == 409
    assert too_many.text == sv("Your text has %(count)s lines, more than the topics you have "
                               "left (%(left)s). Nothing was added.") % {
                                   "count": TOPICS_PER_PARTICIPANT,
                                   "left": TOPICS_PER_PARTICIPANT - 1}
    assert my_topics(client, code) == ["Fler lärare"]


def upload(client, workshop, name: str, content: bytes):
    return client.post(f"/w/{workshop['code']}/topics/from-paper",
                       data={"csrf_token": workshop["csrf"]}, files={"file": (name, content)},
                       headers={"HX-Request": "true"})


def test_a_polis_comments_export_becomes_topics(client):
    workshop = create_workshop(client)
    path = DATA / "polis-london.youth.policing" / "comments.csv"
    assert upload(client, workshop, path.name, path.read_bytes()).status_code == 204
    page = client.get(f"/w/{workshop['code']}/facilitator").text
    assert len(topic_ids(page)) == 39 and "Allow them to be at the forefront of the decision" \
        " making" in page


def test_a_pabulib_file_is_refused_naming_what_was_expected(client):
    workshop = create_workshop(client)
    refused = upload(client, workshop, "gröna_parken.pb", PABULIB.encode())
    assert refused.status_code == 422
    assert refused.text == refusal(
        "The file is a participatory-budgeting file (Pabulib: META, PROJECTS, VOTES), not notes.")
    assert topic_ids(client.get(f"/w/{workshop['code']}/facilitator").text) == []


def test_the_facilitator_sets_how_many_topics_one_participant_may_post(client):
    # A public consultation: one convenor posted 54 statements (issue 11, item 12).
    workshop = create_workshop(client, topics_per_participant="60")
    move_phase(client, workshop, 0)
    code, csrf = workshop["code"], join(client, workshop["code"])
    lines = "\n".join(f"Påstående {number}" for number in range(1, 55))
    assert act(client, f"/w/{code}/topics", csrf, split_lines="1",
               text=lines).status_code == 200
    assert len(my_topics(client, code)) == 54
    lines = "\n".join(f"Mer {number}" for number in range(1, 8))
    too_many = act(client, f"/w/{code}/topics", csrf, split_lines="1", text=lines)
    assert too_many.text == sv("Your text has %(count)s lines, more than the topics you have "
                               "left (%(left)s). Nothing was added.") % {"count": 7, "left": 6}


def test_topics_per_participant_has_a_sane_maximum(client):
    start = client.get("/")
    assert 'name="topics_per_participant"' in start.text and 'max="200"' in start.text
    from tests.flows import csrf_of

    refused = client.post("/workshops", data={
        "csrf_token": csrf_of(start.text), "title": "T", "language": "sv",
        "dots_per_participant": "5", "max_dots_per_topic": "3",
        "topics_per_participant": "201"})
    assert refused.status_code == 422
    assert sv("Topics per participant") in refused.text
