"""Fördela 100 poäng over HTTP: the facilitator's options, a phone's steppers and save
(exactly 100, refused otherwise, on every path in), the room's mean shares with their
spread, before and after across two workshops, and the Pabulib file."""

import json
import re

import pytest

from tests.flows import act, another_browser, create_workshop, join, move_phase, sv
from workshop.activities.allocation import queries
from workshop.exporting.document import workshop_document
from workshop.exporting.files import export_file
from workshop.followup import ImportRefused, import_document, read_document

OPTIONS = ["Tid med barn", "Dokumentation", "Resor"]


def measuring(client, phones: int = 1) -> tuple[dict, list]:
    """A Tidsmätning workshop in its first allocation phase with OPTIONS listed, and
    phones that joined: [(client, csrf)]."""
    workshop = create_workshop(client, method="time_use")
    joined = []
    for _ in range(phones):
        phone = another_browser(client)
        joined.append((phone, join(phone, workshop["code"])))
    assert move_phase(client, workshop, 0).status_code == 204
    listed = act(client, f"/w/{workshop['code']}/allocation/options", workshop["csrf"],
                 options="\n".join(OPTIONS))
    assert listed.status_code == 204, listed.text
    return workshop, joined


def give(phone, csrf, code: str, *points, path="allocation"):
    return act(phone, f"/w/{code}/{path}", csrf,
               **{f"points-{n}": str(p) for n, p in enumerate(points, 1)})


def field_values(html: str) -> list[int]:
    return [int(v) for v in re.findall(r'name="points-\d+" value="(-?\d+)"', html)]


def left(html: str) -> str:
    return re.search(r'<p id="allocation-left"[^>]*>(.*?)</p>', html, re.S)[1].strip()


def store_of(client):
    return client.app.other_asgi_app.state.store


def saved(client, code: str) -> list[tuple]:
    store = store_of(client)
    return [(r["phase"], r["option"], r["points"])
            for r in queries.allocations(store, store.workshop_by_code(code)["id"])]


def test_the_phone_lists_the_facilitators_options_with_steppers_and_what_is_left(client):
    workshop, [(phone, _)] = measuring(client)
    page = phone.get(f"/w/{workshop['code']}").text
    assert re.findall(r'class="allocation-option">([^<]+)<', page) == OPTIONS
    assert field_values(page) == [0, 0, 0]
    assert left(page) == sv("Left: %(left)s of 100") % {"left": 100}
    assert re.search(r'<button type="submit" id="allocation-save"[^>]*disabled', page)
    assert len(re.findall(r'name="nudge" value="1:[-+][15]"', page)) == 4


def test_a_stepper_changes_its_own_row_only_within_what_is_left(client):
    workshop, [(phone, csrf)] = measuring(client)
    code = workshop["code"]

    def step(points, nudge=None):
        answer = act(phone, f"/w/{code}/allocation/draft", csrf,
                     **{f"points-{n}": str(p) for n, p in enumerate(points, 1)},
                     **({"nudge": nudge} if nudge else {}))
        assert answer.status_code == 200, answer.text
        return answer.text

    answer = step([60, 37, 0], "3:+5")  # 3 left: +5 gives 3, the other rows stay
    assert field_values(answer) == [60, 37, 3]
    assert left(answer) == sv("Left: 0 of 100. Ready to save!")
    assert 'id="allocation-save" class="primary" hx-swap-oob="true">' in answer
    assert field_values(step([60, 40, 0], "1:+1")) == [60, 40, 0]  # nothing left
    assert field_values(step([3, 40, 0], "1:-5")) == [0, 40, 0]  # never below 0
    typed = step([3, 40, 0])  # typing: only what is left and the button come back
    assert field_values(typed) == [] and left(typed) == sv("Left: %(left)s of 100") % {
        "left": 57}
    too_many = act(phone, f"/w/{code}/allocation/draft", csrf, **{
        "points-1": "90", "points-2": "20", "points-3": "x"}).text
    assert sv("Write a whole number from 0 to 100 in: %(options)s.") % {
        "options": "Resor"} in left(too_many)
    assert sv("%(over)s points too many: take some away.") % {"over": 10} in left(too_many)
    assert saved(client, code) == []  # a draft is never saved


@pytest.mark.parametrize("points", [(50, 40, 0), (50, 40, 20), (100, 10, -10),
                                    (50, 49.5, 0.5), (50, "x", 50), (101, 0, 0)])
def test_sums_other_than_100_and_wrong_numbers_are_refused_and_nothing_is_saved(client, points):
    workshop, [(phone, csrf)] = measuring(client)
    refused = give(phone, csrf, workshop["code"], *points)
    assert refused.status_code == 422
    if all(isinstance(p, int) and 0 <= p <= 100 for p in points):
        assert refused.text == sv("You have given %(given)s of 100 points. Together they must "
                                  "make exactly 100; nothing was saved.") % {"given": sum(points)}
    assert saved(client, workshop["code"]) == []


def test_a_phone_saves_exactly_100_and_can_change_it(client):
    workshop, [(phone, csrf)] = measuring(client)
    code = workshop["code"]
    first = give(phone, csrf, code, 20, 50, 30)
    assert first.status_code == 200
    assert sv("Saved! You can change your points until the facilitator moves on.") in first.text
    assert field_values(first.text) == [20, 50, 30]
    assert give(phone, csrf, code, 10, 90).status_code == 200  # a field left out is 0
    assert saved(client, code) == [("measure", 1, 10), ("measure", 2, 90), ("measure", 3, 0)]
    assert field_values(phone.get(f"/w/{code}").text) == [10, 90, 0]


def test_saving_needs_the_allocation_phase_the_options_and_a_participant(client):
    workshop = create_workshop(client, method="time_use")
    phone = another_browser(client)
    csrf = join(phone, workshop["code"])
    assert give(phone, csrf, workshop["code"], 100).status_code == 409  # welcome
    move_phase(client, workshop, 0)
    waiting = give(phone, csrf, workshop["code"], 100)
    assert waiting.status_code == 409
    assert waiting.text == sv("The facilitator has not listed the options yet.")
    stranger = another_browser(client)
    stranger.get(f"/w/{workshop['code']}")
    assert give(stranger, csrf, workshop["code"], 100).status_code == 403


def test_options_are_the_facilitators_and_stay_once_a_phone_has_saved(client):
    workshop, [(phone, csrf)] = measuring(client)
    code = workshop["code"]
    for options, status in (("Bara en", 422), ("A\nB\na", 422),
                            ("\n".join(f"Val {n}" for n in range(13)), 422)):
        assert act(client, f"/w/{code}/allocation/options", workshop["csrf"],
                   options=options).status_code == status
    assert act(phone, f"/w/{code}/allocation/options", csrf, options="A\nB").status_code == 403
    give(phone, csrf, code, 100, 0, 0)
    fixed = act(client, f"/w/{code}/allocation/options", workshop["csrf"], options="A\nB")
    assert fixed.status_code == 409
    assert fixed.text == sv("Phones have already shared their points, so the options stay as "
                            "they are.")
    store = store_of(client)
    assert [o["text"] for o in queries.options(store, store.workshop_by_code(code)["id"],
                                               "measure")] == OPTIONS


def results_rows(html: str) -> list[list[str]]:
    table = re.search(r'<table class="allocation-table">.*?</table>', html, re.S)[0]
    return [re.findall(r"<td>([^<]*)</td>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]


def test_results_show_the_mean_share_and_the_middle_half_of_the_answers(client):
    workshop, phones = measuring(client, phones=4)
    for (phone, csrf), points in zip(phones, ((10, 60, 30), (20, 60, 20), (30, 40, 30),
                                               (40, 40, 20))):
        assert give(phone, csrf, workshop["code"], *points).status_code == 200
    page = client.get(f"/w/{workshop['code']}/facilitator").text
    # Tid med barn: 10, 20, 30, 40 → mean 25, quartiles (inclusive) 17.5 and 32.5.
    assert results_rows(page) == [["Tid med barn", "25", "17,5–32,5", "4"],
                                  ["Dokumentation", "50", "40–60", "4"],
                                  ["Resor", "25", "20–30", "4"]]
    projector = client.get(workshop["projector_url"]).text
    assert 'id="allocation-bars"' in projector and "25 %" in projector


def test_before_and_after_across_a_workshop_and_its_follow_up(client):
    first, phones = measuring(client, phones=2)
    for (phone, csrf), points in zip(phones, ((20, 50, 30), (40, 50, 10))):
        give(phone, csrf, first["code"], *points)
    store = store_of(client)
    exported = json.loads(export_file(workshop_document(
        store, store.workshop_by_code(first["code"])), "json").content)
    # Återbesök: the export becomes a new workshop, whose facilitator moves on to the
    # phase that measures again.
    imported = client.post("/import", files={"file": ("export.json", json.dumps(exported))},
                           data={"csrf_token": first["csrf"]}, follow_redirects=True)
    assert imported.status_code == 200, imported.text
    code = re.search(r'<dd class="code">(\w+)</dd>', imported.text)[1]
    follow_up = {"code": code, "csrf": re.search(r'name="csrf_token" value="([^"]+)"',
                                                 imported.text)[1]}
    assert code != first["code"]
    phone = another_browser(client)
    csrf = join(phone, code)
    move_phase(client, follow_up, 1)
    move_phase(client, follow_up, 2)
    page = phone.get(f"/w/{code}").text
    assert re.findall(r'class="allocation-option">([^<]+)<', page) == OPTIONS
    assert give(phone, csrf, code, 50, 40, 10).status_code == 200
    page = client.get(f"/w/{code}/facilitator").text
    # Before: 30, 50, 20; after: 50, 40, 10.
    assert results_rows(page) == [["Tid med barn", "30", "50", "50–50", "+20", "1"],
                                  ["Dokumentation", "50", "40", "40–40", "−10", "1"],
                                  ["Resor", "20", "10", "10–10", "−10", "1"]]
    # The repeated round uses the first round's options: they cannot change here.
    assert act(client, f"/w/{code}/allocation/options", follow_up["csrf"],
               options="A\nB").status_code == 409
    document = workshop_document(store, store.workshop_by_code(code))
    markdown = export_file(document, "md").content.decode()
    # The results table in the workshop's language: phase, option, mean, quartiles,
    # answers, before and change.
    assert "| Mät igen | Tid med barn | 50.0 | 50.0 | 50.0 | 1 | 30.0 | 20.0 |" in markdown
    assert "| Vad går tiden till? | Tid med barn | 30.0 | 25.0 | 35.0 | 2 |  |  |" in markdown


def test_the_export_carries_the_allocations_and_an_import_refuses_a_wrong_sum(client):
    workshop, [(phone, csrf)] = measuring(client)
    give(phone, csrf, workshop["code"], 20, 50, 30)
    store = store_of(client)
    document = workshop_document(store, store.workshop_by_code(workshop["code"]))
    assert document["allocation_options"] == [
        {"phase": "measure", "number": n, "text": t} for n, t in enumerate(OPTIONS, 1)]
    assert document["allocations"] == [{"participant": "p1", "phase": "measure",
                                        "points": [20, 50, 30]}]
    again, _ = import_document(store, read_document(json.dumps(document).encode()))
    assert workshop_document(store, again)["allocations"] == document["allocations"]
    for points, problem in (([20, 50, 20], "the points make 90, not 100"),
                            ([20, 80], "2 numbers for 3 options")):
        document["allocations"][0]["points"] = points
        with pytest.raises(ImportRefused, match=problem):
            read_document(json.dumps(document).encode())
    document["allocations"][0]["points"] = [120, -10, -10]
    with pytest.raises(ImportRefused, match="allocations → 0 → points → 0"):
        read_document(json.dumps(document).encode())


def read_pabulib(text: str) -> dict:
    """A small reader of the .pb format: {section: rows as dicts by the header line}."""
    sections, lines = {}, iter(text.splitlines())
    current = None
    for line in lines:
        if line in ("META", "PROJECTS", "VOTES"):
            current, header = line, next(lines).split(";")
            sections[current] = []
            continue
        sections[current].append(dict(zip(header, line.split(";"))))
    sections["META"] = {row["key"]: row["value"] for row in sections["META"]}
    return sections


def test_the_pabulib_file_reads_back_as_cumulative_votes_of_100(client):
    workshop, phones = measuring(client, phones=2)
    for (phone, csrf), points in zip(phones, ((20, 80, 0), (34, 33, 33))):
        give(phone, csrf, workshop["code"], *points)
    assert phones[0][0].get(f"/w/{workshop['code']}/allocation/measure.pb").status_code == 403
    answer = client.get(f"/w/{workshop['code']}/allocation/measure.pb")
    assert 'filename="samla-' in answer.headers["content-disposition"]
    pb = read_pabulib(answer.text)
    assert pb["META"]["vote_type"] == "cumulative"
    assert (pb["META"]["num_projects"], pb["META"]["num_votes"]) == ("3", "2")
    assert pb["META"]["max_sum_points"] == "100"
    assert [(p["project_id"], p["name"]) for p in pb["PROJECTS"]] == [
        ("1", "Tid med barn"), ("2", "Dokumentation"), ("3", "Resor")]
    ballots = {v["voter_id"]: dict(zip(v["vote"].split(","), map(int, v["points"].split(","))))
               for v in pb["VOTES"]}
    assert ballots == {"p1": {"1": 20, "2": 80}, "p2": {"1": 34, "2": 33, "3": 33}}
    assert all(sum(ballot.values()) == 100 for ballot in ballots.values())
    assert client.get(f"/w/{workshop['code']}/allocation/nope.pb").status_code == 404


def test_tidsmatning_offers_its_starting_options_in_the_workshops_language(client):
    workshop = create_workshop(client, method="time_use")
    move_phase(client, workshop, 0)
    client.post("/language", data={"csrf_token": workshop["csrf"], "language": "en",
                                   "next": "/"})
    page = client.get(f"/w/{workshop['code']}/facilitator").text
    listed = re.search(r'<textarea id="allocation-options"[^>]*>(.*?)</textarea>', page, re.S)[1]
    assert listed.splitlines() == [sv(text) for text in (
        "Time with children and families", "Documentation and administration",
        "Meetings with colleagues and partners", "Travel", "Other work")]
    assert "Options, one on each line" in page  # the page itself is in English
