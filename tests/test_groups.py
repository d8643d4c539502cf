"""Participant groups: the facilitator's groups, the choice on joining, a join link and
QR code per group, and the methods that bring their own groups."""

import re

from tests.flows import another_browser, create_workshop, csrf_of, join, sv
from workshop.methods import all_methods


def add_group(client, workshop, label):
    return client.post(f"/w/{workshop['code']}/groups",
                       data={"csrf_token": workshop["csrf"], "label": label})


def members(client, workshop) -> dict:
    """Each group's member count as the facilitator's group card shows it."""
    page = client.get(f"/w/{workshop['code']}/facilitator").text
    card = re.search(r'<section class="card groups".*?</section>', page, re.S).group(0)
    return dict(re.findall(r"<strong>([^<]+)</strong> · (\d+) ", card))


def test_a_phone_joining_by_a_groups_link_finds_its_group_chosen_and_joins_it(client):
    workshop = create_workshop(client)
    for label in ("Ung 13–17", "Vårdnadshavare"):
        assert add_group(client, workshop, label).status_code == 200
    phone = another_browser(client)
    page = phone.get(f"/w/{workshop['code']}?group=2").text
    assert re.search(r'<input type="radio" id="group-2" name="group" value="2" checked>', page)
    assert sv("Rather not say") in page and sv("Which group do you belong to?") in page
    join(phone, workshop["code"], group="2")
    assert members(client, workshop) == {"Ung 13–17": "0", "Vårdnadshavare": "1"}


def test_rather_not_say_joins_without_a_group_unless_a_choice_is_required(client):
    workshop = create_workshop(client)
    add_group(client, workshop, "Ung 13–17")
    join(another_browser(client), workshop["code"], group="none")
    assert re.search(sv("No group chosen") + r" · 1 ", client.get(
        f"/w/{workshop['code']}/facilitator").text)
    client.post(f"/w/{workshop['code']}/groups/protection", data={
        "csrf_token": workshop["csrf"], "group_min_size": "5", "group_text_min_size": "8",
        "group_required": "on"})
    phone = another_browser(client)
    page = phone.get(f"/w/{workshop['code']}").text
    assert sv("Rather not say") not in page and 'value="1" required' in page
    refused = phone.post(f"/w/{workshop['code']}/join", data={"csrf_token": csrf_of(page)})
    assert refused.status_code == 422 and sv("Choose the group you belong to.") in refused.text
    assert phone.get(f"/w/{workshop['code']}").text.count('name="group"') == 1  # not joined


def test_a_group_someone_joined_cannot_be_removed_an_empty_one_can(client):
    workshop = create_workshop(client)
    add_group(client, workshop, "Ung 13–17")
    add_group(client, workshop, "Personal skola")
    join(another_browser(client), workshop["code"], group="1")
    kept = client.post(f"/w/{workshop['code']}/groups/1/delete",
                       data={"csrf_token": workshop["csrf"]})
    assert kept.status_code == 409
    assert sv("Someone has already joined that group, so it stays.") in kept.text
    client.post(f"/w/{workshop['code']}/groups/2/delete", data={"csrf_token": workshop["csrf"]})
    assert members(client, workshop) == {"Ung 13–17": "1"}


def test_the_same_group_twice_is_refused(client):
    workshop = create_workshop(client)
    add_group(client, workshop, "Ung 13–17")
    assert add_group(client, workshop, "Ung 13–17").status_code == 409


def test_fewest_answers_below_three_is_refused_in_plain_swedish(client):
    workshop = create_workshop(client)
    add_group(client, workshop, "Ung 13–17")
    refused = client.post(f"/w/{workshop['code']}/groups/protection", data={
        "csrf_token": workshop["csrf"], "group_min_size": "2", "group_text_min_size": "8"})
    assert refused.status_code == 422
    assert "Minsta antal svar för att visa en grupp måste vara ett heltal från 3 till 50" \
        in refused.text
    assert 'name="group_min_size" type="number" inputmode="numeric" min="3" max="50" value="5"' \
        in client.get(f"/w/{workshop['code']}/facilitator").text


def test_the_qr_sheet_has_one_code_per_group_each_opening_its_group(client):
    workshop = create_workshop(client)
    for label in ("Ung 13–17", "Vårdnadshavare", "Personal skola"):
        add_group(client, workshop, label)
    sheet = client.get(f"/w/{workshop['code']}/groups/qr").text
    assert sheet.count("<svg") == 3
    assert re.findall(r'<p class="join-url">[^<]*\?group=(\d)</p>', sheet) == ["1", "2", "3"]
    assert another_browser(client).get(f"/w/{workshop['code']}/groups/qr").status_code == 403


def test_youth_and_parent_dialogues_come_with_their_groups_in_swedish(client):
    youth = create_workshop(client, method="youth_dialogue")
    assert members(client, youth) == {"Ung 13–17": "0", "Personal skola": "0",
                                      "Personal socialtjänst": "0"}
    parents = create_workshop(client, method="parent_dialogue")
    assert list(members(client, parents)) == ["Vårdnadshavare", "Personal skola",
                                              "Personal socialtjänst"]


def test_the_dialogue_methods_load_with_plain_prompts_and_youth_safe_left_for_later():
    methods = all_methods()
    assert [p.activity for p in methods["youth_dialogue"].phases] == [
        "welcome", "topics", "voting", "results"]
    assert [p.activity for p in methods["parent_dialogue"].phases] == [
        "welcome", "topics", "voting", "rating", "results"]


def test_a_follow_up_from_an_archive_export_keeps_the_groups_and_who_is_in_them(client):
    workshop = create_workshop(client)
    for label in ("Ung 13–17", "Personal skola"):
        add_group(client, workshop, label)
    client.post(f"/w/{workshop['code']}/groups/protection", data={
        "csrf_token": workshop["csrf"], "group_min_size": "6", "group_text_min_size": "9"})
    join(another_browser(client), workshop["code"], group="2")
    for archive, kept in (("on", "1"), ("", "0")):
        exported = client.get(f"/w/{workshop['code']}/export?format=json&archive={archive}")
        answer = client.post("/import", data={"csrf_token": workshop["csrf"]},
                             files={"file": ("samla.json", exported.content, "application/json")})
        assert answer.status_code == 200, answer.text
        follow_up = {"code": str(answer.url).split("/w/")[1].split("/")[0]}
        assert members(client, follow_up) == {"Ung 13–17": "0", "Personal skola": kept}
        assert 'name="group_min_size" type="number" inputmode="numeric" min="3" max="50" ' \
               'value="6"' in answer.text


def test_a_group_name_that_looks_like_markup_is_shown_as_written_everywhere(client):
    workshop = create_workshop(client)
    label = '<img src=x onerror=alert(1)>"'
    add_group(client, workshop, label)
    join(another_browser(client), workshop["code"], group="1")
    pages = [another_browser(client).get(f"/w/{workshop['code']}?group=1").text,
             client.get(f"/w/{workshop['code']}/facilitator").text,
             client.get(f"/w/{workshop['code']}/groups/qr").text,
             client.get(f"/w/{workshop['code']}/posts-by-group").text,
             client.get(f"/w/{workshop['code']}/report").text]
    for page in pages:
        assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[0]
