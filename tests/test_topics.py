"""Topic rules: limits, duplicates, hiding and merging, on a real SQLite file."""

from tests.test_votes import place, workshop_with_topics
from workshop.activities.topics import queries as topic_queries
from workshop.activities.voting import queries as voting_queries


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
