"""Återbesök: a JSON export becomes a follow-up workshop; import → export → import holds."""

import copy
import json

import pytest

from tests.flows import csrf_of, sv
from tests.activities.voting.test_voting import SETTINGS, place
from workshop.activities.backlog import queries as backlog_queries
from workshop.activities.topics import queries as topic_queries
from workshop.activities.voting import queries as voting_queries
from workshop.exporting.document import workshop_document
from workshop.exporting.json_format import schema_problems, to_json
from workshop.followup import ImportRefused, import_document, read_document
from workshop.workshops import create_workshop

IDENTITY = ("code", "follow_up_of", "created_at")  # what a new workshop cannot keep


def rich_workshop(store, names_enabled=0):
    """A workshop with every kind of thing an export must carry."""
    workshop, _ = create_workshop(store, {**SETTINGS, "names_enabled": names_enabled,
                                          "description": "Hur får barn hjälp i tid?"})
    alva = store.insert_participant(workshop["id"], "k-alva", "Alva")
    bo = store.insert_participant(workshop["id"], "k-bo", None)
    texts = ["Elevhälsan och BUP samarbetar", "=SUMMA(A1)", "Fler fritidsledare",
             "Samma som elevhälsa", "Olämpligt inlägg"]
    topics = [topic_queries.insert_topic(store, workshop["id"], (alva, bo)[i % 2]["id"], text, limit=10)
              for i, text in enumerate(texts)]
    for topic in (topics[0], topics[0], topics[2]):
        place(store, workshop, topic, alva)
    place(store, workshop, topics[3], bo)
    topic_queries.merge_topics(store, topics[3]["id"], topics[0]["id"])
    topic_queries.hide_topic(store, topics[4]["id"])
    backlog_queries.insert_backlog_item(store, workshop["id"], {
        "title": "Gemensam ingång", "description": "Rad ett\nRad två | med pipa",
        "theme": "En väg in", "votes": 3, "impact": 5, "effort": 2, "quick_win": 1,
        "owner": "Socialtjänst", "next_step": "Boka möte", "due_date": "2027-02-15",
        "status": "in_progress", "update_note": ""}, [topics[0]["id"]])
    backlog_queries.insert_backlog_item(store, workshop["id"], {"title": "Fritid", "votes": 1},
                              [topics[2]["id"]])
    store.move_phase(workshop["id"], 0, 3)
    return store.workshop_by_id(workshop["id"])


def comparable(document: dict) -> dict:
    document = copy.deepcopy(document)
    del document["exported_at"]
    for key in IDENTITY:
        del document["workshop"][key]
    return document


def test_export_matches_its_schema_and_keeps_people_anonymous(store):
    document = workshop_document(store, rich_workshop(store, names_enabled=1))
    assert schema_problems(document) == []
    assert [p["display_name"] for p in document["participants"]] == [None, None]
    assert "k-alva" not in to_json(document)
    named = workshop_document(store, store.workshop_by_id(1), include_names=True)
    assert [p["display_name"] for p in named["participants"]] == ["Alva", None]


def test_names_never_leave_a_workshop_that_did_not_use_them(store):
    workshop = rich_workshop(store, names_enabled=0)
    document = workshop_document(store, workshop, include_names=True)
    assert [p["display_name"] for p in document["participants"]] == [None, None]


def test_export_holds_topics_votes_merges_and_backlog(store):
    document = workshop_document(store, rich_workshop(store))
    # The hidden topic (5) is not there: only an archive export holds it.
    assert [(t["id"], t["author"], t["hidden"], t["merged_into"], t["dots"])
            for t in document["topics"]] == [
        (1, "p1", False, None, 3), (2, "p2", False, None, 0), (3, "p1", False, None, 1),
        (4, "p2", False, 1, 0)]
    assert document["workshop"]["archive"] is False
    archive = workshop_document(store, store.workshop_by_id(1), archive=True)
    assert archive["workshop"]["archive"] is True
    assert [(t["id"], t["hidden"]) for t in archive["topics"]][-1] == (5, True)
    assert document["votes"] == [{"participant": "p1", "topic": 1, "dots": 2},
                                 {"participant": "p1", "topic": 3, "dots": 1},
                                 {"participant": "p2", "topic": 1, "dots": 1}]
    assert document["backlog"][0]["sources"] == [1]
    assert document["workshop"]["phase"] == "results"
    assert document["exported_at"][-6:] in ("+01:00", "+02:00")


def test_import_export_import_gives_the_same_workshop(store):
    original = workshop_document(store, rich_workshop(store))
    first, _ = import_document(store, read_document(to_json(original).encode()))
    exported_again = workshop_document(store, first)
    second, _ = import_document(store, read_document(to_json(exported_again).encode()))
    assert comparable(exported_again) == comparable(original)
    assert comparable(workshop_document(store, second)) == comparable(original)
    assert first["follow_up_of"] == original["workshop"]["code"]
    assert first["code"] != original["workshop"]["code"]


def test_import_keeps_the_dot_rules_working(store):
    imported, _ = import_document(store, workshop_document(store, rich_workshop(store)))
    back_to_voting = store.move_phase(imported["id"], 3, 2)
    assert back_to_voting
    tally = {row["text"]: row["dots"] for row in voting_queries.tally(store, imported["id"])}
    assert tally["Elevhälsan och BUP samarbetar"] == 3


@pytest.mark.parametrize("damage, problem", [
    (lambda d: d["backlog"][0].update(status="doing"), "backlog → 0 → status"),
    (lambda d: d["votes"].append({"participant": "p1", "topic": 99, "dots": 1}),
     "p1 → 99 points nowhere"),
    (lambda d: d.pop("topics"), "'topics' is a required property"),
    (lambda d: d["topics"][0].update(merged_into=42), "topics → 1: merged into unknown topic"),
    (lambda d: d["workshop"].update(method="brainstorm"), "unknown method"),
])
def test_a_damaged_file_is_refused_naming_the_problem(store, damage, problem):
    document = workshop_document(store, rich_workshop(store))
    damage(document)
    with pytest.raises(ImportRefused, match=problem.replace("→", ".")):
        read_document(json.dumps(document).encode())


def test_uploading_an_export_starts_the_follow_up_meeting(client, tmp_path):
    from workshop.db import Store

    store = Store(tmp_path / "other.db")
    exported = to_json(workshop_document(store, rich_workshop(store))).encode()
    csrf = csrf_of(client.get("/").text)
    answer = client.post("/import", data={"csrf_token": csrf},
                         files={"file": ("samla.json", exported, "application/json")})
    assert answer.status_code == 200
    assert "/facilitator" in str(answer.url)
    code = str(answer.url).split("/w/")[1].split("/")[0]
    backlog = client.get(f"/w/{code}/backlog").text
    assert "Gemensam ingång" in backlog and "Socialtjänst" in backlog


def test_a_refused_upload_creates_nothing(client):
    csrf = csrf_of(client.get("/").text)
    before = client.app.other_asgi_app.state.store.db["workshops"].count
    answer = client.post("/import", data={"csrf_token": csrf},
                         files={"file": ("x.json", b'{"schema_version": 1}', "application/json")})
    assert answer.status_code == 422
    assert sv("The file is not a Samla export Samla can read: %(problems)s").split(":")[0] \
        in answer.text
    assert client.app.other_asgi_app.state.store.db["workshops"].count == before
    not_json = client.post("/import", data={"csrf_token": csrf},
                           files={"file": ("x.json", b"\x89PNG", "application/json")})
    assert not_json.status_code == 422
