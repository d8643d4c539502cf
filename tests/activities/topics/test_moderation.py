"""Youth-safe mode's personal-data guard and pre-moderation: a held post waits for the
facilitator, nobody else can read it anywhere, and approving shows it.

Phone numbers are in PTS's fiction range (070-174 06 05 … 99), identity numbers are
Skatteverket's test numbers."""

import json
import re

import pytest

from tests.flows import act, another_browser, create_workshop, join, move_phase, sv, topic_ids
from workshop.activities.topics import queries
from workshop.exporting.document import workshop_document
from workshop.exporting.json_format import to_json
from workshop.followup import import_document, read_document

PHONE_POST = "Ring mig på 070-174 06 05 om skateparken"
ID_POST = "Mitt personnummer är 19010424-9800, kan ni ringa?"
CLEAN_POST = "Fler bänkar vid skateparken"
KIND_NOTE = ("Thank you! Your post looks like it contains %(found)s. A grown-up will look at "
             "it first, so that nobody shares things that should stay private. It is shown "
             "when it has been checked.")


def room(client, **fields):
    """A workshop in its posting phase, and a phone that joined it."""
    workshop = create_workshop(client, **fields)
    move_phase(client, workshop, 0)
    phone = another_browser(client)
    workshop["phone_csrf"] = join(phone, workshop["code"])
    return workshop, phone


def post(phone, workshop, text, **form):
    return act(phone, f"/w/{workshop['code']}/topics", workshop["phone_csrf"], text=text, **form)


def store_of(client):
    return client.app.other_asgi_app.state.store


def held_ids(store, workshop) -> list[int]:
    found = store.workshop_by_code(workshop["code"])
    return [held["id"] for held in queries.held_posts(store, found["id"])]


def every_view_but_the_facilitators(client, workshop, phone) -> str:
    """What anyone but the facilitator can read: the projector, another phone, the
    author's hints, every export (the facilitator's downloads, as the room would get them)."""
    code = workshop["code"]
    other = another_browser(client)
    join(other, code)
    views = [client.get(workshop["projector_url"]).text, other.get(f"/w/{code}").text,
             other.get(f"/w/{code}/similar", params={"text": "skateparken ring mig"}).text,
             phone.get(f"/w/{code}/similar", params={"text": "Ring mig om skateparken"}).text]
    for fmt in ("json", "md", "csv", "report"):
        views.append(client.get(f"/w/{code}/export", params={"format": fmt}).text)
    return "\n".join(views)


def test_a_post_with_a_phone_number_waits_and_its_writer_is_told_why_kindly(client):
    workshop, phone = room(client, youth_safe="on")
    answer = post(phone, workshop, PHONE_POST)
    assert answer.status_code == 200
    note = sv(KIND_NOTE) % {"found": sv("a phone number")}
    assert note in answer.text
    assert "ett telefonnummer" in note and "En vuxen" in note
    assert PHONE_POST in answer.text  # on the writer's own list, marked as waiting
    assert sv("a grown-up looks at it first") in answer.text
    assert topic_ids(client.get(workshop["projector_url"]).text) == []


def test_the_note_names_every_kind_found(client):
    workshop, phone = room(client, youth_safe="on")
    answer = post(phone, workshop, "Jag heter 19010424-9800 och bor på Storgatan 12")
    assert sv(KIND_NOTE) % {"found": sv("%(first)s and %(last)s") % {
        "first": sv("a personal identity number"), "last": sv("an address")}} in answer.text


def test_a_held_post_leaks_nowhere_but_to_the_facilitator(client):
    workshop, phone = room(client, youth_safe="on")
    post(phone, workshop, PHONE_POST)
    post(phone, workshop, CLEAN_POST)
    seen = every_view_but_the_facilitators(client, workshop, phone)
    assert "070-174 06 05" not in seen and "Ring mig" not in seen
    assert CLEAN_POST in seen
    document = workshop_document(store_of(client),
                                 store_of(client).workshop_by_code(workshop["code"]))
    assert [t["text"] for t in document["topics"]] == [CLEAN_POST]
    projector = client.get(workshop["projector_url"]).text
    assert 'data-count="topics">1<' in projector  # the held post is not counted
    facilitator = client.get(f"/w/{workshop['code']}/facilitator").text
    assert "<mark>070-174 06 05</mark>" in facilitator
    assert sv("Looks like it contains %(found)s") % {"found": sv("a phone number")} in facilitator


def test_approving_shows_the_post_and_tells_its_writer(client):
    workshop, phone = room(client, youth_safe="on")
    post(phone, workshop, ID_POST)
    (held,) = held_ids(store_of(client), workshop)
    assert act(phone, f"/w/{workshop['code']}/held/{held}/approve",
               workshop["phone_csrf"]).status_code == 403
    assert act(client, f"/w/{workshop['code']}/held/{held}/approve",
               workshop["csrf"]).status_code == 204
    assert ID_POST in client.get(workshop["projector_url"]).text
    assert held_ids(store_of(client), workshop) == []
    own = phone.get(f"/w/{workshop['code']}/me").text
    assert ID_POST in own and sv("a grown-up looks at it first") not in own
    again = act(client, f"/w/{workshop['code']}/held/{held}/approve", workshop["csrf"])
    assert again.status_code == 404
    assert topic_ids(client.get(workshop["projector_url"]).text).__len__() == 1


def test_the_facilitator_can_edit_a_held_post_before_showing_it(client):
    workshop, phone = room(client, youth_safe="on")
    post(phone, workshop, PHONE_POST)
    (held,) = held_ids(store_of(client), workshop)
    edited = act(client, f"/w/{workshop['code']}/held/{held}/edit", workshop["csrf"],
                 text="Ring mig om skateparken")
    assert edited.status_code == 204
    projector = client.get(workshop["projector_url"]).text
    assert "Ring mig om skateparken" in projector and "070-174" not in projector


def test_deleting_a_held_post_removes_it_for_good(client):
    workshop, phone = room(client, youth_safe="on")
    post(phone, workshop, PHONE_POST)
    (held,) = held_ids(store_of(client), workshop)
    assert act(client, f"/w/{workshop['code']}/held/{held}/delete",
               workshop["csrf"]).status_code == 204
    assert PHONE_POST not in phone.get(f"/w/{workshop['code']}/me").text
    assert PHONE_POST not in client.get(f"/w/{workshop['code']}/facilitator").text
    assert store_of(client).value("SELECT count(*) FROM held_posts") == 0


def test_a_held_post_counts_as_posted_for_twins_and_limits(client):
    workshop, phone = room(client, youth_safe="on")
    post(phone, workshop, PHONE_POST)
    twin = post(phone, workshop, PHONE_POST)
    assert twin.status_code == 409
    assert twin.text == sv("You have already posted this topic.")


def test_of_several_lines_the_personal_one_waits_and_the_rest_is_shown(client):
    workshop, phone = room(client, youth_safe="on")
    answer = post(phone, workshop, f"{CLEAN_POST}\n{PHONE_POST}", split_lines="1")
    assert answer.status_code == 200
    projector = client.get(workshop["projector_url"]).text
    assert CLEAN_POST in projector and "070-174" not in projector
    assert len(held_ids(store_of(client), workshop)) == 1


def test_without_youth_safe_mode_the_guard_holds_nothing(client):
    workshop, phone = room(client)
    post(phone, workshop, PHONE_POST)
    assert PHONE_POST in client.get(workshop["projector_url"]).text


def test_pre_moderation_holds_every_post_from_a_phone(client):
    workshop, phone = room(client, premoderation="on")
    answer = post(phone, workshop, CLEAN_POST)
    assert sv("Thank you! Every post is read before it is shown. Yours will be shown when it "
              "has been read.") in answer.text
    assert CLEAN_POST not in every_view_but_the_facilitators(client, workshop, phone)
    (held,) = held_ids(store_of(client), workshop)
    act(client, f"/w/{workshop['code']}/held/{held}/approve", workshop["csrf"])
    assert CLEAN_POST in client.get(workshop["projector_url"]).text


def test_a_phone_without_scripts_gets_the_note_on_a_page(client):
    workshop, phone = room(client, youth_safe="on")
    answer = phone.post(f"/w/{workshop['code']}/topics",
                        data={"csrf_token": workshop["phone_csrf"], "text": PHONE_POST})
    assert answer.status_code == 200
    assert sv(KIND_NOTE) % {"found": sv("a phone number")} in answer.text


def test_paper_notes_with_personal_data_wait_in_youth_safe_mode(client):
    workshop, _ = room(client, youth_safe="on", premoderation="on")
    answer = act(client, f"/w/{workshop['code']}/topics/from-paper", workshop["csrf"],
                 notes=f"{CLEAN_POST}\nMejla mig på lisa.berg@example.se")
    assert answer.status_code == 204
    projector = client.get(workshop["projector_url"]).text
    assert CLEAN_POST in projector and "lisa.berg" not in projector  # the facilitator's own
    assert len(held_ids(store_of(client), workshop)) == 1       # notes skip pre-moderation


def test_queue_actions_need_the_facilitator_and_the_csrf_token(client):
    workshop, phone = room(client, youth_safe="on")
    post(phone, workshop, PHONE_POST)
    (held,) = held_ids(store_of(client), workshop)
    for action in ("approve", "edit", "delete"):
        assert act(phone, f"/w/{workshop['code']}/held/{held}/{action}",
                   workshop["phone_csrf"], text="x").status_code == 403
        assert client.post(f"/w/{workshop['code']}/held/{held}/{action}",
                           data={"text": "x"}).status_code == 403
    assert held_ids(store_of(client), workshop) == [held]


def test_a_youth_safe_follow_up_hides_imported_posts_that_look_personal(store):
    from tests.activities.voting.test_voting import SETTINGS, place
    from workshop.workshops import create_workshop as create

    workshop, _ = create(store, {**SETTINGS, "youth_safe": 1})
    author = store.insert_participant(workshop["id"], "a", None)
    personal = queries.insert_topic(store, workshop["id"], author["id"], PHONE_POST, limit=9)
    clean = queries.insert_topic(store, workshop["id"], author["id"], CLEAN_POST, limit=9)
    place(store, workshop, personal, author)  # approved in the first meeting, then voted on
    document = json.loads(to_json(workshop_document(store, store.workshop_by_id(workshop["id"]))))
    assert document["workshop"]["youth_safe"] is True
    follow_up, _ = import_document(store, read_document(json.dumps(document).encode()))
    assert follow_up["youth_safe"] == 1
    assert [t["text"] for t in queries.topics(store, follow_up["id"])] == [CLEAN_POST]
    assert store.value("SELECT count(*) FROM dots WHERE workshop_id = ?", [follow_up["id"]]) == 0
    assert clean["text"] == CLEAN_POST


@pytest.mark.parametrize("youth_safe", [True, False])
def test_hints_never_offer_a_held_post(client, youth_safe):
    workshop, phone = room(client, **({"youth_safe": "on"} if youth_safe else
                                      {"premoderation": "on"}))
    post(phone, workshop, "Skateparken behöver lampor, ring 070-174 06 07")
    other = another_browser(client)
    join(other, workshop["code"])
    hints = other.get(f"/w/{workshop['code']}/similar",
                      params={"text": "Skateparken behöver lampor"}).text
    assert "070-174" not in hints and "lampor" not in hints
    (held,) = held_ids(store_of(client), workshop)
    act(client, f"/w/{workshop['code']}/held/{held}/approve", workshop["csrf"])
    hints = other.get(
        f"/w/{workshop['code']}/similar", params={"text": "Skateparken behöver lampor"}).text
    assert "lampor" in hints  # once approved, the same words find it


async def test_no_socket_payload_carries_a_held_post_until_it_is_approved(live_server):
    from tests.test_realtime import Screen, until

    facilitator, projector, writer, other = (Screen(live_server.url) for _ in range(4))
    workshop = await facilitator.do(create_workshop, youth_safe="on")
    await facilitator.do(move_phase, workshop, 0)
    await facilitator.open(f"/w/{workshop['code']}/facilitator")
    await projector.open(workshop["projector_url"].replace(live_server.url, ""))
    for phone in (writer, other):
        phone.csrf = await phone.do(join, workshop["code"])
        await phone.open(f"/w/{workshop['code']}")
    try:
        await writer.do(act, f"/w/{workshop['code']}/topics", writer.csrf, text=PHONE_POST)
        await writer.do(act, f"/w/{workshop['code']}/topics", writer.csrf, text=CLEAN_POST)
        await until(lambda: facilitator.received("held_posts_changed")
                    and "070-174 06 05" in facilitator.received("held_posts_changed")[-1]["html"])
        await until(lambda: all(len(s.topics_seen()) == 1 for s in (projector, other, writer)))
        for screen in (projector, writer, other):
            assert "070-174" not in json.dumps(screen.events)
        held = [int(i) for i in re.findall(
            r'id="held-(\d+)"', facilitator.received("held_posts_changed")[-1]["html"])]
        await facilitator.do(act, f"/w/{workshop['code']}/held/{held[0]}/approve",
                             workshop["csrf"])
        await until(lambda: all(len(s.topics_seen()) == 2 for s in (projector, other)))
        assert "070-174 06 05" in json.dumps(projector.received("topics_changed"))
        await until(lambda: writer.received("mine_changed"))
        assert not any(s.received("held_posts_changed") for s in (projector, writer, other))
    finally:
        for screen in (facilitator, projector, writer, other):
            await screen.close()


@pytest.mark.parametrize(("fields", "folded"), [({"youth_safe": "on"}, False),
                                                ({"premoderation": "on"}, False), ({}, True)])
def test_the_queue_stays_in_view_in_later_phases_of_a_moderated_workshop(client, fields, folded):
    workshop, phone = room(client, **fields)
    move_phase(client, workshop, 1)  # voting: the topics' panel is not this phase's
    page = client.get(f"/w/{workshop['code']}/facilitator").text
    assert 'id="held-posts"' in page
    assert (f'<details class="fold"><summary>{sv("Topics")}</summary>' in page) is folded
