"""Youth-safe mode and the facilitator's safety settings: no names at all, larger text and
plain language on phones, switched on by a method file, at creation or later."""

import pytest

from tests.flows import act, another_browser, create_workshop, join, sv
from workshop.methods import MethodError, load_method
from workshop.workshops import workshop_settings

METHOD = """key = "ung"
name = "Ungdomsdialog"
youth_safe = {value}

[[phases]]
key = "topics"
activity = "topics"
title = "Topics"
"""


def store_of(client):
    return client.app.other_asgi_app.state.store


def test_a_method_file_can_ask_for_youth_safe_mode(tmp_path, monkeypatch):
    path = tmp_path / "ung.toml"
    path.write_text(METHOD.format(value="true"))
    method = load_method(path)
    assert method.youth_safe is True
    monkeypatch.setattr("workshop.workshops.all_methods", lambda: {"ung": method})
    fields = workshop_settings({"method": "ung", "title": "Ung", "names_enabled": "on"})
    assert (fields["youth_safe"], fields["names_enabled"]) == (1, 0)


def test_a_wrong_youth_safe_value_names_its_line(tmp_path):
    path = tmp_path / "ung.toml"
    path.write_text(METHOD.format(value='"ja"'))
    with pytest.raises(MethodError, match=r"ung.toml: line 3: youth_safe must be true or false"):
        load_method(path)


def test_shipped_methods_without_the_key_are_not_youth_safe():
    from workshop.methods import all_methods

    assert not all_methods()["quick"].youth_safe


def test_youth_safe_mode_asks_for_no_name_and_takes_none(client):
    workshop = create_workshop(client, youth_safe="on", names_enabled="on")
    phone = another_browser(client)
    page = phone.get(f"/w/{workshop['code']}").text
    assert 'name="display_name"' not in page
    assert sv("You do not write your name. Nobody sees who wrote what.") in page
    assert 'class="phone youth-safe"' in page
    join(phone, workshop["code"], display_name="Lisa Berg")
    assert [p["display_name"] for p in store_of(client).participants(
        store_of(client).workshop_by_code(workshop["code"])["id"])] == [None]
    joined = phone.get(f"/w/{workshop['code']}").text
    assert 'class="participant phone youth-safe"' in joined
    assert sv("Nobody sees who wrote what. Do not write names, phone numbers or where "
              "someone lives.") in joined


def test_an_ordinary_workshop_keeps_its_names_and_ordinary_text(client):
    workshop = create_workshop(client, names_enabled="on")
    phone = another_browser(client)
    assert 'name="display_name"' in phone.get(f"/w/{workshop['code']}").text
    join(phone, workshop["code"], display_name="Lisa")
    assert 'class="participant phone"' in phone.get(f"/w/{workshop['code']}").text


def test_switching_youth_safe_mode_on_removes_every_name(client):
    workshop = create_workshop(client, names_enabled="on")
    phone = another_browser(client)
    join(phone, workshop["code"], display_name="Lisa")
    answer = act(client, f"/w/{workshop['code']}/settings", workshop["csrf"],
                 youth_safe="on", retention_days="30")
    assert answer.status_code == 204
    store = store_of(client)
    saved = store.workshop_by_code(workshop["code"])
    assert (saved["youth_safe"], saved["names_enabled"], saved["retention_days"]) == (1, 0, 30)
    assert [p["display_name"] for p in store.participants(saved["id"])] == [None]
    assert 'class="participant phone youth-safe"' in phone.get(f"/w/{workshop['code']}").text


def test_the_settings_page_shows_the_settings_and_when_the_workshop_goes(client):
    workshop = create_workshop(client, premoderation="on")
    page = client.get(f"/w/{workshop['code']}/settings").text
    assert 'name="premoderation" aria-describedby="premoderation-help" checked' in page
    assert 'name="retention_days"' in page and 'value="90"' in page
    assert f'href="/w/{workshop["code"]}/delete"' in page
    assert f'href="/w/{workshop["code"]}/settings"' in client.get(
        f"/w/{workshop['code']}/facilitator").text


@pytest.mark.parametrize("days", ["0", "731", "nittio"])
def test_retention_out_of_bounds_is_refused_and_nothing_changes(client, days):
    workshop = create_workshop(client)
    answer = act(client, f"/w/{workshop['code']}/settings", workshop["csrf"],
                 youth_safe="on", retention_days=days)
    assert answer.status_code == 422
    assert answer.text == sv("%(field)s must be a whole number from %(low)s to %(high)s.") % {
        "field": sv("Days to keep the workshop after its last activity"), "low": 1, "high": 730}
    saved = store_of(client).workshop_by_code(workshop["code"])
    assert (saved["youth_safe"], saved["retention_days"]) == (0, 90)


def test_only_the_facilitator_changes_the_settings(client):
    workshop = create_workshop(client)
    phone = another_browser(client)
    csrf = join(phone, workshop["code"])
    assert phone.get(f"/w/{workshop['code']}/settings").status_code == 403
    assert act(phone, f"/w/{workshop['code']}/settings", csrf, premoderation="on",
               retention_days="5").status_code == 403
    assert store_of(client).workshop_by_code(workshop["code"])["premoderation"] == 0


def test_a_youth_safe_actor_map_refuses_personal_data_kindly_and_keeps_nothing(client):
    from tests.activities.actors.test_actors import name, opened

    workshop, [(phone, csrf)] = opened(client)
    act(client, f"/w/{workshop['code']}/settings", workshop["csrf"], youth_safe="on",
        retention_days="90")
    refused = name(phone, csrf, workshop["code"], "Kuratorn", note="ring 070-174 06 05")
    assert refused.status_code == 422
    assert refused.text == sv("It looks like you wrote %(found)s. Write it without that, so "
                              "that nobody shares things that should stay private.") % {
        "found": sv("a phone number")}
    assert store_of(client).value("SELECT count(*) FROM actor_mentions") == 0
    assert name(phone, csrf, workshop["code"], "Kuratorn", note="på skolan").status_code == 200
