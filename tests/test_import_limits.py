"""Every limit of a live tap holds on import: a hostile file is refused whole, naming the
place of the problem in the user's language, and nothing is written."""

import json
import logging

import pytest

from tests.flows import csrf_of, sv
from tests.test_followup import rich_workshop
from workshop import settings
from workshop.activities.voting import queries as voting_queries
from workshop.db import Store
from workshop.exporting.document import workshop_document
from workshop.exporting.json_format import SCHEMA_PATH, validator
from workshop.followup import ImportRefused, import_document, read_document
from workshop.import_limits import entry_count_problems

OVER_LIMITS = "The file goes beyond what Samla allows, so nothing was imported: %(problems)s"
TOO_MANY_DOTS = "%(place)s: %(count)s dots; the workshop allows at most %(max)s"


@pytest.fixture
def exported(tmp_path) -> dict:
    """An honest export of a workshop with topics, dots, a merge, a hidden topic and a
    backlog (from another server's database)."""
    store = Store(tmp_path / "other.db")
    yield workshop_document(store, rich_workshop(store), archive=True)
    store.close()


def upload(client, document) -> object:
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    csrf = csrf_of(client.get("/").text)
    return client.post("/import", data={"csrf_token": csrf},
                       files={"file": ("samla.json", raw, "application/json")})


def stored(client) -> dict[str, int]:
    db = client.app.other_asgi_app.state.store.db
    return {table: db[table].count for table in ("workshops", "participants", "topics", "dots")}


def over_limits(*problems: str) -> str:
    return sv(OVER_LIMITS) % {"problems": "; ".join(problems)}


def test_the_hostile_import_is_refused_whole_and_stores_nothing(client, exported):
    exported["votes"] = [{"participant": "p1", "topic": 1, "dots": 20}] * 150_000
    before = stored(client)
    answer = upload(client, exported)
    assert answer.status_code == 422
    assert over_limits(sv("%(place)s: %(count)s entries; Samla takes at most %(max)s") % {
        "place": "votes", "count": 150_000, "max": settings.IMPORT_MAX_ENTRIES["votes"]}) \
        in answer.text
    assert stored(client) == before


def test_two_hundred_entries_over_the_dot_limits_are_refused(client, exported):
    exported["votes"] = [{"participant": "p1", "topic": 1, "dots": 20}] * 200
    before = stored(client)
    answer = upload(client, exported)
    assert answer.status_code == 422
    assert over_limits(sv(TOO_MANY_DOTS) % {"place": "votes → p1 → 1", "count": 4000, "max": 3},
                       sv(TOO_MANY_DOTS) % {"place": "votes → p1", "count": 4000, "max": 5}) \
        in answer.text
    assert stored(client) == before


def test_dots_up_to_the_limits_are_imported(store, exported):
    exported["votes"] = [{"participant": "p1", "topic": 1, "dots": 3},
                         {"participant": "p1", "topic": 3, "dots": 2}]
    imported, _ = import_document(store, read_document(json.dumps(exported).encode()))
    assert {row["text"]: row["dots"] for row in voting_queries.tally(store, imported["id"])}[
        "Elevhälsan och BUP samarbetar"] == 3
    assert voting_queries.counts(store, imported["id"])["dots"] == 5


@pytest.mark.parametrize("nested", [b"[" * 100_000 + b"]" * 100_000,
                                    b'{"a": ' * 5_000 + b"1" + b"}" * 5_000])
def test_deep_nesting_is_refused_with_one_log_line(client, nested, caplog):
    with caplog.at_level(logging.WARNING, logger="workshop.followup"):
        answer = upload(client, nested)
    assert answer.status_code == 422
    assert sv("The file nests deeper than a Samla export (more than %(max)s levels).") % {
        "max": settings.IMPORT_MAX_DEPTH} in answer.text
    assert len([r for r in caplog.records if r.name == "workshop.followup"]) == 1


@pytest.mark.parametrize("damage, place", [
    (lambda d: d["topics"][1].update(id=2**70), "topics → 1 → id"),
    (lambda d: d["backlog"][0].update(votes=2**70), "backlog → 0 → votes"),
    (lambda d: d["themes"].append({"id": 2**70, "label": "Stort", "topics": [2]}),
     "themes → 0 → id"),
])
def test_an_id_beyond_sqlite_is_refused(client, exported, damage, place):
    damage(exported)
    before = stored(client)
    answer = upload(client, exported)
    assert answer.status_code == 422
    assert f"{place}: {2**70} is greater than the maximum of {2**53 - 1}" in answer.text
    assert stored(client) == before


def older(document: dict) -> dict:
    """The document as an export from before workshops kept their own plan."""
    document["phases"] = [{"key": p["key"], "title": p["title"]} for p in document["phases"]]
    return document


def topic(number: int, author: str | None) -> dict:
    return {"id": number, "text": f"Förslag {number}", "author": author, "hidden": False,
            "merged_into": None, "dots": 0, "created_at": "2026-11-23T10:15:00+01:00"}


@pytest.mark.parametrize("damage, problem", [
    (lambda d: d["topics"].extend(topic(n, "p1") for n in range(6, 29)),
     sv("%(place)s: %(count)s topics; one person can post at most %(max)s") % {
         "place": "topics → p1", "count": 26, "max": 25}),
    (lambda d: d["topics"].extend(topic(n, None) for n in range(6, 2007)),
     sv("%(place)s: %(count)s notes without an author; a workshop takes at most %(max)s")
     % {"place": "topics", "count": 2001, "max": 2000}),
    (lambda d: (d["workshop"].update(dots_per_participant=20, max_dots_per_topic=20),
                d["votes"].append({"participant": "p2", "topic": 3, "dots": 4})),
     sv(TOO_MANY_DOTS) % {"place": "votes → p2 → 3", "count": 4, "max": 3}),  # the plan's
    (lambda d: d["votes"].append({"participant": "p2", "topic": 5, "dots": 1}),
     sv("%(place)s: dots on something that is not open for voting") % {
         "place": "votes → p2 → 5"}),
    (lambda d: d["participants"].append({"id": "p1", "display_name": None}),
     sv("%(place)s: more than once") % {"place": "participants → p1"}),
    (lambda d: d["backlog"][0]["sources"].append(1),
     sv("%(place)s: more than once") % {"place": "backlog → 1 → sources → 1"}),
    (lambda d: d["ratings"].extend([{"participant": "p1", "kind": "topic", "item": 1,
                                     "impact": 4, "effort": 2}] * 2),
     sv("%(place)s: more than once") % {"place": "ratings → p1 → topic 1"}),
    (lambda d: d["participants"][0].update(display_name="Alva"),
     sv("%(place)s: a name, but the workshop does not use names") % {
         "place": "participants → p1"}),
])
def test_what_a_live_tap_refuses_is_refused_on_import(exported, damage, problem):
    damage(exported)
    with pytest.raises(ImportRefused) as refused:
        read_document(json.dumps(exported).encode())
    assert str(refused.value) == over_limits(problem)


def topics_phase(document: dict) -> dict:
    return next(p for p in document["phases"] if p.get("activity") == "topics")


def test_an_import_keeps_the_topics_per_participant_its_plan_allows(exported):
    # A public consultation: one convenor posted 54 statements (issue 11); p1 has 3 more.
    # The plan's posting phase allows 60, so the import takes them; 56 it would not.
    exported["topics"].extend(topic(n, "p1") for n in range(6, 60))
    topics_phase(exported)["settings"]["per_participant"] = 60
    assert read_document(json.dumps(exported).encode())["topics"][-1]["id"] == 59
    topics_phase(exported)["settings"]["per_participant"] = 56
    with pytest.raises(ImportRefused) as refused:
        read_document(json.dumps(exported).encode())
    assert str(refused.value) == over_limits(
        sv("%(place)s: %(count)s topics; one person can post at most %(max)s") % {
            "place": "topics → p1", "count": 57, "max": 56})


@pytest.mark.parametrize("damage, problem", [
    (lambda d: d["topics"][0].update(created_at="2026-13-01T10:15:00+01:00"),
     "topics → 0 → created_at: '2026-13-01T10:15:00+01:00' is not a 'date-time'"),
    (lambda d: d["topics"][0].update(created_at="9999-12-31T23:59:59-01:00"),
     "topics → 0 → created_at: '9999-12-31T23:59:59-01:00' is not a 'date-time'"),
    (lambda d: d["topics"][0].update(merged_into=4), "topics → 1: merged into a merged topic"),
    (lambda d: voting_phase(d)["settings"].update(max_per_item=6),
     "phases → voting: max_per_item must be a whole number from 1 to 5, not 6"),
    (lambda d: older(d)["workshop"].update(max_dots_per_topic=6),
     "workshop: max_per_item must be a whole number from 1 to 5, not 6"),
    (lambda d: (older(d)["phases"].append({"key": "extra", "title": "Extra"}),
                d["workshop"].update(phase="extra")), "workshop → phase: unknown phase 'extra'"),
    (lambda d: d["workshop"].update(method="m" * 5000), "workshop → method: 'mmmm"),
])
def test_a_file_samla_cannot_read_is_refused_before_anything_is_written(exported, damage,
                                                                        problem):
    damage(exported)
    with pytest.raises(ImportRefused) as refused:
        read_document(json.dumps(exported).encode())
    assert problem in str(refused.value)
    assert len(str(refused.value)) < 1000


def voting_phase(document: dict) -> dict:
    return next(p for p in document["phases"] if p.get("activity") == "voting")


def test_a_number_too_long_to_read_is_refused():
    with pytest.raises(ImportRefused) as refused:
        read_document(b'{"schema_version": ' + b"9" * 5000 + b"}")
    assert str(refused.value).startswith(sv("The file is not JSON: %(problem)s").split(":")[0])


def schema_at(schema: dict, *path: str) -> dict:
    for key in path:
        schema = schema["properties"][key] if key != "items" else schema["items"]
    return schema


def test_the_schema_holds_the_text_and_dot_limits_of_a_live_tap():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    text_limits = {
        ("workshop", "title"): settings.TITLE_MAX_CHARS,
        ("workshop", "description"): settings.DESCRIPTION_MAX_CHARS,
        ("participants", "items", "display_name"): settings.NAME_MAX_CHARS,
        ("topics", "items", "text"): settings.TOPIC_MAX_CHARS,
        ("themes", "items", "label"): settings.THEME_LABEL_MAX_CHARS,
        ("backlog", "items", "title"): settings.BACKLOG_TITLE_MAX_CHARS,
        ("backlog", "items", "description"): settings.BACKLOG_TEXT_MAX_CHARS,
        ("backlog", "items", "theme"): settings.BACKLOG_FIELD_MAX_CHARS,
        ("backlog", "items", "owner"): settings.BACKLOG_FIELD_MAX_CHARS,
        ("backlog", "items", "next_step"): settings.NEXT_STEP_MAX_CHARS,
        ("backlog", "items", "update_note"): settings.BACKLOG_TEXT_MAX_CHARS,
    }
    assert {path: schema_at(schema, *path)["maxLength"] for path in text_limits} == text_limits
    dot_fields = [("workshop", "dots_per_participant"), ("workshop", "max_dots_per_topic"),
                  ("votes", "items", "dots"), ("theme_votes", "items", "dots")]
    assert {schema_at(schema, *path)["maximum"] for path in dot_fields} == {settings.MAX_DOTS}


def lists_of(place: str, part: dict) -> set[str]:
    """The list at `place` and the lists inside its entries, by place."""
    items = part.get("items", {}).get("properties", {})
    return {place} | {f"{place} → {key}" for key, inner in items.items()
                      if inner.get("type") == "array"}


def test_every_list_of_an_export_has_a_cap():
    # The whole schema: the file's sections, every activity's (Activity.export_schema),
    # and the lists inside a section that is an object (open_space → sessions → notes).
    schema = validator().schema
    lists = set()
    for name, part in schema["properties"].items():
        if part.get("type") == "array":
            lists |= lists_of(name, part)
        for key, inner in part.get("properties", {}).items() if part.get("type") == "object" \
                else ():
            if inner.get("type") == "array" and name != "workshop":
                lists |= lists_of(f"{name} → {key}", inner)
    capped = {place for place in lists if place in settings.IMPORT_MAX_ENTRIES
              or schema_caps(schema, place)}
    assert lists - capped == set()
    assert set(settings.IMPORT_MAX_ENTRIES) <= lists


def schema_caps(schema: dict, place: str) -> bool:
    """Whether the schema itself caps the list at `place` (maxItems), so an activity's
    section needs no entry in IMPORT_MAX_ENTRIES; counted before the schema check only
    where IMPORT_MAX_ENTRIES names it."""
    node = schema["properties"]
    parts = place.split(" → ")
    part = node[parts[0]]
    for key in parts[1:]:
        part = (part.get("items", part)).get("properties", {})[key]
    return "maxItems" in part


def test_the_notes_of_an_open_space_are_counted_before_the_schema_check():
    document = {"open_space": {"sessions": [{"notes": [{}] * 20_001}]}}
    assert entry_count_problems(document) == [
        sv("%(place)s: %(count)s entries; Samla takes at most %(max)s") % {
            "place": "open_space → sessions → notes", "count": 20_001, "max": 20_000}]
