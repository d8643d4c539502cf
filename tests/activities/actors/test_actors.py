"""Aktörskarta over HTTP: phones name actors, Samla merges the same actor written
differently (names.actor_key), counts are right, the facilitator merges and splits,
and the map travels in the export."""

import json
import re

import pytest

from tests.flows import act, another_browser, create_workshop, join, move_phase, sv
from workshop.activities.actors.map import actors_of, by_organisation
from workshop.activities.actors.names import actor_key, variant_of
from workshop.exporting.document import workshop_document
from workshop.exporting.files import export_file
from workshop.followup import import_document, read_document

# (title as written, organisation): a built list of variants, as a room writes them.
NAMED = [("skolkuratorn", "kommun"), ("Skolkurator", "kommun"), ("kurator i skolan", "kommun"),
         ("Kuratorn på skolan", "kommun"), ("Kurator på vårdcentralen", "region"),
         ("BUP", "region"), ("barn- och ungdomspsykiatrin", "region"), ("Barnpsykiatrin", "region"),
         ("Socialsekreterare", "kommun"), ("socialsekreteraren", "kommun"),
         ("Skolsköterskan", "kommun"), ("sköterska i skolan", "kommun"),
         ("Läkare för barn", "region"), ("Barnläkaren", "region"),
         ("Fritidsledare", "kommun"), ("Polisen", "annan")]


@pytest.mark.parametrize("same", [
    ["skolkuratorn", "Skolkurator", "kurator i skolan", "Kuratorn på skolan", "SKOLKURATOR",
     "skol­kurator"],  # the last with a soft hyphen, as pasted from Word
    ["BUP", "bup", "barn- och ungdomspsykiatrin", "Barnpsykiatrin", "Barn och ungdomspsykiatri"],
    ["Skolsköterskan", "skolsköterska", "sköterska i skolan", "Skolskoterska"],
    ["Läkare för barn", "Barnläkaren", "barnläkare"],
    ["Socialtjänsten", "soc", "socialen", "IFO"],
])
def test_one_actor_written_in_different_ways_has_one_key(same):
    assert len({actor_key(title, "kommun") for title in same}) == 1, \
        {title: actor_key(title, "kommun") for title in same}


@pytest.mark.parametrize("different", [
    ("Skolkurator", "Kurator på vårdcentralen"), ("Läkare", "Barnläkare"),
    ("Barn", "Barnet"[:4] + "morska"), ("Lärare", "Rektor")])
def test_different_actors_keep_different_keys(different):
    assert actor_key(different[0], "kommun") != actor_key(different[1], "kommun")
    assert actor_key("Kurator", "kommun") != actor_key("Kurator", "region")


def mention(title, organisation, who=1, note=""):
    return {"participant_id": who, "title": title, "organisation": organisation, "note": note,
            "variant": variant_of(title, organisation), "actor_key": actor_key(title, organisation)}


def test_the_built_list_merges_into_actors_with_the_right_counts():
    actors = actors_of([mention(t, o, who=n % 5) for n, (t, o) in enumerate(NAMED)], {})
    counted = {(a["title"], a["organisation"]): a["mentions"] for a in actors}
    assert counted == {("skolkuratorn", "kommun"): 4, ("BUP", "region"): 3,
                       ("Socialsekreterare", "kommun"): 2, ("Skolsköterskan", "kommun"): 2,
                       ("Läkare för barn", "region"): 2, ("Kurator på vårdcentralen", "region"): 1,
                       ("Fritidsledare", "kommun"): 1, ("Polisen", "annan"): 1}
    assert [a["title"] for a in actors][:2] == ["skolkuratorn", "BUP"]
    kurator = actors[0]
    assert [v["title"] for v in kurator["variants"]] == [
        "skolkuratorn", "Skolkurator", "kurator i skolan", "Kuratorn på skolan"]
    sized = by_organisation(actors)
    assert [a["size"] for a in sized["kommun"]] == [4, 2, 2, 1]
    assert [a["title"] for a in sized["annan"]] == ["Polisen"]


def opened(client, phones: int = 1):
    workshop = create_workshop(client, method="actors")
    joined = []
    for _ in range(phones):
        phone = another_browser(client)
        joined.append((phone, join(phone, workshop["code"])))
    move_phase(client, workshop, 0)
    return workshop, joined


def name(phone, csrf, code, title, organisation="kommun", note=""):
    return act(phone, f"/w/{code}/actors", csrf, title=title, organisation=organisation,
               note=note)


def facilitator_rows(client, code: str) -> list[tuple[str, str, str]]:
    page = client.get(f"/w/{code}/facilitator").text
    return [(re.sub(r"<.*", "", title, flags=re.S).strip(), count, organisation)
            for organisation, body in re.findall(
                r'<table class="actors-table" id="actors-table-(\w+)">(.*?)</table>', page, re.S)
            for title, count in re.findall(r'<tr id="actor-[^"]+">\s*<td>(.*?)</td>\s*<td>(\d+)</td>',
                                           body, re.S)]


def test_phones_name_actors_and_the_facilitator_merges_and_splits(client):
    workshop, [(first, csrf), (second, csrf2)] = opened(client, phones=2)
    code = workshop["code"]
    added = name(first, csrf, code, "Skolkuratorn", note="Finns tisdagar")
    assert added.status_code == 200 and sv("Added: %(title)s") % {"title": "Skolkuratorn"} in added.text
    name(second, csrf2, code, "kurator i skolan")
    name(second, csrf2, code, "Elevhälsan")
    name(first, csrf, code, "BUP", "region")
    for refused in ({"title": "", "organisation": "kommun"}, {"title": "X", "organisation": "stat"}):
        assert act(first, f"/w/{code}/actors", csrf, **refused).status_code == 422
    assert facilitator_rows(client, code) == [("Skolkuratorn", "2", "kommun"),
                                              ("Elevhälsan", "1", "kommun"),
                                              ("BUP", "1", "region")]
    projector = client.get(workshop["projector_url"]).text
    assert re.search(r'<li class="actor size-4">Skolkuratorn <span class="actor-count"[^>]*>2<', projector)
    store = client.app.other_asgi_app.state.store
    saved = store.workshop_by_code(code)
    # The facilitator merges Elevhälsan into the counsellor, then splits "kurator i skolan" off.
    keys = re.findall(r'name="actor" value="([^"]+)"', client.get(f"/w/{code}/facilitator").text)
    assert act(client, f"/w/{code}/actors/merge", workshop["csrf"], actor=keys[1],
               into=keys[0]).status_code == 204
    assert facilitator_rows(client, code)[0] == ("Skolkuratorn", "3", "kommun")
    assert act(client, f"/w/{code}/actors/split", workshop["csrf"],
               variant=variant_of("kurator i skolan", "kommun")).status_code == 204
    assert facilitator_rows(client, code) == [("Skolkuratorn", "2", "kommun"),
                                              ("kurator i skolan", "1", "kommun"),
                                              ("BUP", "1", "region")]
    assert act(first, f"/w/{code}/actors/merge", csrf, actor=keys[1],
               into=keys[0]).status_code == 403
    assert act(client, f"/w/{code}/actors/merge", workshop["csrf"], actor="kommun|nobody",
               into=keys[0]).status_code == 409
    # A phone takes back its own mention, never someone else's.
    mine = re.findall(r'id="my-actor-(\d+)"', first.get(f"/w/{code}").text)
    assert act(second, f"/w/{code}/actors/{mine[0]}/remove", csrf2).status_code == 404
    assert act(first, f"/w/{code}/actors/{mine[0]}/remove", csrf).status_code == 200

    document = workshop_document(store, saved)
    assert [(m["participant"], m["title"]) for m in document["actor_mentions"]] == [
        ("p2", "kurator i skolan"), ("p2", "Elevhälsan"), ("p1", "BUP")]
    again, _ = import_document(store, read_document(json.dumps(document).encode()))
    copy = workshop_document(store, again)
    assert copy["actor_mentions"] == document["actor_mentions"]
    assert copy["actor_moves"] == document["actor_moves"]
    markdown = export_file(copy, "md").content.decode()
    assert "| Vem möter familjen? | Kommun | kurator i skolan | 1 | kurator i skolan (1) |  |" in markdown
