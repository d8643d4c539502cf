"""One workshop's own plan, changed by its facilitator before a phase starts: phases
added (any activity with a stage for phones, with its settings), removed, reordered;
over HTTP on a real SQLite file."""

import html
import re
from pathlib import Path

import pytest

from tests.flows import HTMX, act, another_browser, create_workshop, csrf_of, join, move_phase, sv
from tests.test_realtime import room, until  # noqa: F401 (room is a fixture)
from workshop import activities, i18n, phases
from workshop.activities import Activity, Setting
from workshop.plan import addable_activities

SHIPPED = Path(activities.__file__).parent
SHIPPED_PLAN = ["Välkommen", "Ämnen", "Röstning", "Resultat"]
STARTED = ("Only phases that have not started can change. The current phase, the ones before "
           "it and the ones you have already opened stay as they are.")
CHANGED = ("The plan changed meanwhile: someone else changed it, or the workshop moved to "
           "another phase. The page now shows the plan as it is. Try again.")


def facilitator_page(client, workshop) -> str:
    return client.get(f"/w/{workshop['code']}/facilitator").text


def steps(page: str) -> list[str]:
    """The phase steps a page shows, in order."""
    listed = re.search(r'<ol class="steps">(.*?)</ol>', page, re.S).group(1)
    return [html.unescape(text).strip() for text in re.findall(r"<li[^>]*>([^<]*)</li>", listed)]


def changeable(page: str) -> list[str]:
    """The phases the plan editor offers to change (their Remove buttons' names)."""
    prefix = sv("Remove: %(phase)s").split("%")[0]
    return [html.unescape(name) for name in
            re.findall(rf'aria-label="{prefix}([^"]+)"', page)]


def seen_plan(page: str) -> str:
    return re.search(r'name="seen_plan" value="(\w+)"', page).group(1)


def change(client, workshop, path: str, seen: str | None = None, **form):
    """A press in the plan editor, sending the plan the facilitator's page shows now
    (or `seen`, a plan it showed before)."""
    seen = seen or seen_plan(facilitator_page(client, workshop))
    return act(client, f"/w/{workshop['code']}/plan/{path}", workshop["csrf"],
               seen_plan=seen, **form)


def add(client, workshop, activity: str, position: int, seen: str | None = None, **fields):
    """The add form's Add, with the plan its page (here: a voting phase's) shows now."""
    seen = seen or seen_plan(client.get(f"/w/{workshop['code']}/plan/new?activity=voting").text)
    return change(client, workshop, "add", seen, activity=activity, position=str(position),
                  **fields)


def dots_left(page: str) -> int:
    return int(re.search(r'data-dots-left="(\d+)"', page).group(1))


def topics_posted(client, workshop, phone, texts) -> dict[str, int]:
    """The phone posts the topics while the facilitator runs the topics phase."""
    move_phase(client, workshop, 0)
    csrf = join(phone, workshop["code"])
    for text in texts:
        assert act(phone, f"/w/{workshop['code']}/topics", csrf, text=text).status_code == 200
    page = phone.get(f"/w/{workshop['code']}").text
    return {text: int(i) for i, text in re.findall(
        r'<span class="topic-text" id="topic-(\d+)-text">([^<]+)<', page)}


def vote(phone, workshop, topic_id: int):
    csrf = csrf_of(phone.get(f"/w/{workshop['code']}").text)
    return act(phone, f"/w/{workshop['code']}/dots", csrf, add_dot=str(topic_id))


def test_facilitator_adds_a_second_voting_round_through_the_two_step_form(client):
    workshop = create_workshop(client)
    page = facilitator_page(client, workshop)
    assert sv("Change the plan") in page
    offered = re.search(r'<select id="plan-activity" name="activity">(.*?)</select>', page,
                        re.S).group(1)
    assert re.findall(r'<option value="(\w+)">', offered) == [
        activity.key for activity in addable_activities()]
    form = client.get(f"/w/{workshop['code']}/plan/new?activity=voting")
    assert form.status_code == 200
    assert sv("Add a phase: %(activity)s") % {"activity": "Röstning"} in form.text
    after = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', form.text)
    assert [(int(i), html.unescape(t)) for i, t in after] == [
        (n + 1, sv("After: %(phase)s") % {"phase": title}) for n, title in enumerate(SHIPPED_PLAN)]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.text))
    added = client.post(f"/w/{workshop['code']}/plan/add", data={
        **fields, "position": "4", "title": "Röstning 2", "prompt": "Nu väljer vi igen.",
        "setting-dots": "3", "setting-max_per_item": "2"}, follow_redirects=True)
    assert added.status_code == 200
    assert steps(added.text) == [*SHIPPED_PLAN, "Röstning 2"]
    assert changeable(added.text) == ["Ämnen", "Röstning", "Resultat", "Röstning 2"]


def test_the_added_round_votes_with_its_own_settings(client):
    workshop = create_workshop(client)
    phone = another_browser(client)
    ids = topics_posted(client, workshop, phone, ["Ämne A", "Ämne B", "Ämne C"])
    assert add(client, workshop, "voting", 4, title="Röstning 2", **{
        "setting-dots": "3", "setting-max_per_item": "2"}).status_code == 204
    for seen in (1, 2, 3):
        assert move_phase(client, workshop, seen).status_code == 204
    page = phone.get(f"/w/{workshop['code']}").text
    assert '<h1 id="phase-title" tabindex="-1">Röstning 2</h1>' in page
    assert dots_left(page) == 3
    assert [vote(phone, workshop, ids["Ämne A"]).status_code for _ in range(3)] == [200, 200, 409]
    assert vote(phone, workshop, ids["Ämne A"]).text == sv(
        "No more dots here: the limit is %(max)s.") % {"max": 2}
    assert vote(phone, workshop, ids["Ämne B"]).status_code == 200
    fourth = vote(phone, workshop, ids["Ämne C"])
    assert (fourth.status_code, fourth.text) == (
        409, sv("You have used all your dots. Take one back to move it."))


def test_a_second_voting_round_gives_every_phone_fresh_dots(client):
    workshop = create_workshop(client)
    phone = another_browser(client)
    ids = topics_posted(client, workshop, phone, ["Ämne A", "Ämne B"])
    move_phase(client, workshop, 1)
    assert [vote(phone, workshop, ids[t]).status_code for t in ("Ämne A",) * 3 + ("Ämne B",) * 2
            ] == [200] * 5
    add(client, workshop, "voting", 4, **{"setting-dots": "3", "setting-max_per_item": "3"})
    move_phase(client, workshop, 2)
    move_phase(client, workshop, 3)
    assert dots_left(phone.get(f"/w/{workshop['code']}").text) == 3
    assert [vote(phone, workshop, ids["Ämne B"]).status_code for _ in range(4)] == [
        200, 200, 200, 409]


def test_remove_a_phase_that_has_not_started(client):
    workshop = create_workshop(client)
    assert change(client, workshop, "2/remove").status_code == 204
    page = facilitator_page(client, workshop)
    assert steps(page) == ["Välkommen", "Ämnen", "Resultat"]
    assert changeable(page) == ["Ämnen", "Resultat"]


def test_phases_move_up_and_down(client):
    workshop = create_workshop(client)
    assert change(client, workshop, "3/move", direction="up").status_code == 204
    assert steps(facilitator_page(client, workshop)) == ["Välkommen", "Ämnen", "Resultat",
                                                         "Röstning"]
    assert change(client, workshop, "1/move", direction="down").status_code == 204
    assert steps(facilitator_page(client, workshop)) == ["Välkommen", "Resultat", "Ämnen",
                                                         "Röstning"]
    last = change(client, workshop, "3/move", direction="down")
    assert (last.status_code, last.text) == (409, sv("That phase is already last in the plan."))


def test_the_current_phase_and_the_ones_before_it_stay(client):
    workshop = create_workshop(client)
    move_phase(client, workshop, 0)
    move_phase(client, workshop, 1)  # now voting, index 2
    refused = [change(client, workshop, "2/remove"), change(client, workshop, "1/remove"),
               change(client, workshop, "3/move", direction="up"),
               change(client, workshop, "2/move", direction="down"),
               add(client, workshop, "voting", 2)]
    assert [(r.status_code, r.text) for r in refused] == [(409, sv(STARTED))] * 5
    page = facilitator_page(client, workshop)
    assert steps(page) == SHIPPED_PLAN and changeable(page) == ["Resultat"]


def test_a_phase_opened_before_stays_after_going_back(client):
    """Its posts and dots are kept under its key: it is not moved or removed."""
    workshop = create_workshop(client)
    move_phase(client, workshop, 0)
    move_phase(client, workshop, 1, step="back")  # topics was open, now welcome again
    page = facilitator_page(client, workshop)
    assert sv("Has started, so it stays.") in page
    assert changeable(page) == ["Röstning", "Resultat"]
    assert 'id="plan-up-voting" aria-label="Flytta upp: Röstning"\n' \
           '                  data-then-focus="plan-down-voting" disabled>' in page
    refused = [change(client, workshop, "1/remove"),
               change(client, workshop, "1/move", direction="down"),
               change(client, workshop, "2/move", direction="up")]
    assert [(r.status_code, r.text) for r in refused] == [(409, sv(STARTED))] * 3
    before = add(client, workshop, "voting", 1)
    assert (before.status_code, before.text) == (409, sv(STARTED))
    form = client.get(f"/w/{workshop['code']}/plan/new?activity=voting").text
    assert re.findall(r'<option value="(\d+)"', form) == ["2", "3", "4"]
    assert add(client, workshop, "voting", 2).status_code == 204  # after it is fine
    assert steps(facilitator_page(client, workshop)) == [
        "Välkommen", "Ämnen", "Röstning", "Röstning", "Resultat"]


def test_changing_the_plan_requires_the_facilitator_secret(client):
    workshop = create_workshop(client)
    seen = seen_plan(facilitator_page(client, workshop))
    phone = another_browser(client)
    csrf = join(phone, workshop["code"])
    tries = [act(phone, f"/w/{workshop['code']}/plan/{path}", csrf, seen_plan=seen, **form)
             for path, form in (("2/remove", {}), ("2/move", {"direction": "up"}),
                                ("add", {"activity": "voting", "position": "4"}))]
    tries.append(phone.get(f"/w/{workshop['code']}/plan/new?activity=voting", headers=HTMX))
    only = sv("Only the facilitator can do this. Open the facilitator link again.")
    assert [(t.status_code, t.text) for t in tries] == [(403, only)] * 4
    assert steps(facilitator_page(client, workshop)) == SHIPPED_PLAN


def test_changing_the_plan_needs_the_pages_csrf_token(client):
    workshop = create_workshop(client)
    seen = seen_plan(facilitator_page(client, workshop))
    refused = client.post(f"/w/{workshop['code']}/plan/2/remove", data={"seen_plan": seen},
                          headers=HTMX)
    assert refused.status_code == 403
    assert steps(facilitator_page(client, workshop)) == SHIPPED_PLAN


def test_a_change_based_on_an_older_plan_is_refused_and_nothing_is_lost(client):
    """Two facilitators (or a double click) press buttons on the same page."""
    workshop = create_workshop(client)
    seen = seen_plan(facilitator_page(client, workshop))
    assert change(client, workshop, "2/remove", seen).status_code == 204
    again = change(client, workshop, "2/remove", seen)  # the double click
    other = change(client, workshop, "1/move", seen, direction="down")
    late_add = add(client, workshop, "rating", 3, seen)
    assert [(r.status_code, r.text) for r in (again, other, late_add)] == [(409, sv(CHANGED))] * 3
    assert steps(facilitator_page(client, workshop)) == ["Välkommen", "Ämnen", "Resultat"]


def test_a_change_is_refused_when_the_phase_moved_meanwhile(client):
    workshop = create_workshop(client)
    seen = seen_plan(facilitator_page(client, workshop))
    move_phase(client, workshop, 0)
    refused = change(client, workshop, "3/remove", seen)
    assert (refused.status_code, refused.text) == (409, sv(CHANGED))
    assert steps(facilitator_page(client, workshop)) == SHIPPED_PLAN


def test_next_read_before_the_last_phase_was_removed_stays_in_the_plan(client):
    """A "next" whose request read the plan before a removal saved cannot move past the end."""
    workshop = create_workshop(client)
    for seen in (0, 1, 2):
        move_phase(client, workshop, seen)
    add(client, workshop, "voting", 4)
    store = client.app.other_asgi_app.state.store
    read_before_removal = store.workshop_by_code(workshop["code"])
    assert change(client, workshop, "4/remove").status_code == 204
    with pytest.raises(phases.PhaseMoveRefused):
        phases.advance(store, read_before_removal, +1, 3)
    page = facilitator_page(client, workshop)
    assert steps(page) == SHIPPED_PLAN
    assert re.search(r'aria-current="step" class="current">([^<]+)<', page).group(1) == "Resultat"


@pytest.mark.parametrize("fields, field, low, high", [
    ({"setting-dots": "101"}, "Dots per participant", 1, 100),
    ({"setting-dots": "2", "setting-max_per_item": "3"}, "Max dots on one topic", 1, 2),
    ({"setting-dots": "tre"}, "Dots per participant", 1, 100),
])
def test_invalid_settings_are_refused_with_the_fields_message(client, fields, field, low, high):
    workshop = create_workshop(client)
    refused = add(client, workshop, "voting", 4, **fields)
    assert refused.status_code == 422
    assert refused.text == sv("%(field)s must be a whole number from %(low)s to %(high)s.") % {
        "field": sv(field), "low": low, "high": high}
    assert steps(facilitator_page(client, workshop)) == SHIPPED_PLAN


@pytest.mark.parametrize("activity", ["themes", "backlog", "dance", ""])
def test_only_activities_with_a_stage_for_phones_can_be_added(client, activity):
    workshop = create_workshop(client)
    refused = add(client, workshop, activity, 4)
    assert (refused.status_code, refused.text) == (422, sv("Choose one of the listed activities."))
    page = client.get(f"/w/{workshop['code']}/plan/new?activity={activity}", headers=HTMX)
    assert (page.status_code, page.text) == (422, sv("Choose one of the listed activities."))


def test_added_phases_get_keys_of_their_own(client):
    workshop = create_workshop(client)
    for _ in range(2):
        assert add(client, workshop, "voting", 4).status_code == 204
    page = facilitator_page(client, workshop)
    assert re.findall(r'id="plan-remove-([\w-]+)"', page) == [
        "topics", "voting", "results", "voting-3", "voting-2"]
    assert steps(page) == [*SHIPPED_PLAN, "Röstning", "Röstning"]


def test_a_plan_holds_at_most_thirty_phases(client):
    workshop = create_workshop(client)
    for _ in range(26):
        assert add(client, workshop, "results", 4).status_code == 204
    refused = add(client, workshop, "results", 4)
    assert (refused.status_code, refused.text) == (409, sv(
        "A plan has at most %(max)s phases. Remove one before you add another.") % {"max": 30})
    assert len(steps(facilitator_page(client, workshop))) == 30


@pytest.mark.parametrize("activity", [a.key for a in addable_activities()])
def test_every_addable_activity_runs_as_an_added_phase(client, activity):
    """Added without a prompt: the projector's headline is then the phase's title."""
    workshop = create_workshop(client)
    phone = another_browser(client)
    join(phone, workshop["code"])
    assert add(client, workshop, activity, 1, title="Extra").status_code == 204
    assert move_phase(client, workshop, 0).status_code == 204
    for page in (phone.get(f"/w/{workshop['code']}"), client.get(workshop["projector_url"]),
                 client.get(f"/w/{workshop['code']}/facilitator")):
        assert page.status_code == 200
        assert "Extra" in page.text and "Project-Id-Version" not in page.text


def test_a_facilitators_own_title_shows_as_typed_on_every_screen(client):
    """Their text is no message id: "%" is just a sign, and markup shows as text."""
    workshop = create_workshop(client)
    phone = another_browser(client)
    join(phone, workshop["code"])
    title = "<b>Röstning</b> 100 %"
    assert add(client, workshop, "voting", 1, title=title).status_code == 204
    assert "&lt;b&gt;Röstning&lt;/b&gt; 100 %" in facilitator_page(client, workshop)
    move_phase(client, workshop, 0)
    for page in (phone.get(f"/w/{workshop['code']}"), client.get(workshop["projector_url"]),
                 client.get(f"/w/{workshop['code']}/facilitator")):
        assert page.status_code == 200
        assert "&lt;b&gt;Röstning&lt;/b&gt; 100 %" in page.text and "<b>Röstning" not in page.text


def test_shipped_activities_names_and_setting_labels_are_in_swedish():
    shipped = [a for a in addable_activities() if a.folder and a.folder.parent == SHIPPED]
    assert [a.key for a in shipped] == ["welcome", "topics", "voting", "rating", "results",
                                        "allocation", "values", "actors", "marketplace",
                                        "agenda", "breakouts"]
    with i18n.language("sv"):
        untranslated = [text for activity in shipped
                        for text in (activity.name, *(s.label for s in activity.settings))
                        if i18n.gettext(text) == text]
    assert untranslated == []


def test_shipped_settings_name_their_choices_in_swedish():
    with i18n.language("sv"):
        unnamed = [f"{activity.key}.{setting.key}: {label}"
                   for activity in addable_activities() for setting in activity.settings
                   for _, label in setting.labelled_choices()
                   if i18n.gettext(label) == label and label != "—"]
    assert unnamed == []


@pytest.fixture
def survey():
    """An organisation's own activity, with no name, and with a choice and a text among
    its settings."""
    activity = activities.register(Activity(
        "survey",
        settings=(Setting("scale", "stars", "Scale", choices=("stars", "thumbs"),
                          choice_labels=("Stars", "Thumbs up or down")),
                  Setting("question", "How was it?", "Question")),
        template_sources={
            "participant.html": "<p id='survey'>{{ phase.settings.scale }}:"
                                " {{ phase.settings.question }}</p>"}))
    yield activity
    del activities.REGISTRY["survey"]


def test_an_organisations_activity_is_added_with_its_choice_and_text(client, survey):
    workshop = create_workshop(client)
    form = client.get(f"/w/{workshop['code']}/plan/new?activity=survey").text
    assert '<option value="thumbs">Thumbs up or down</option>' in form
    assert 'name="setting-question" maxlength="120" value="How was it?"' in form
    refused = add(client, workshop, "survey", 1, **{"setting-scale": "hearts"})
    assert (refused.status_code, refused.text) == (
        422, sv("%(field)s must be one of the listed choices.") % {"field": "Scale"})
    assert add(client, workshop, "survey", 1, **{
        "setting-scale": "thumbs", "setting-question": "Vad tyckte du?"}).status_code == 204
    assert steps(facilitator_page(client, workshop))[1] == "survey"  # named by its key
    move_phase(client, workshop, 0)
    phone = another_browser(client)
    join(phone, workshop["code"])
    assert "<p id='survey'>thumbs: Vad tyckte du?</p>" in phone.get(f"/w/{workshop['code']}").text


async def test_every_screen_gets_the_new_plan_live(live_server, room):  # noqa: F811
    workshop, facilitator, projector, screens = room
    answer = await facilitator.do(add, workshop, "voting", 4, title="Röstning 2")
    assert answer.status_code == 204
    await until(lambda: facilitator.received("phase_changed")
                and projector.received("phase_changed"))
    stage = facilitator.received("phase_changed")[-1]["html"]
    assert steps(stage) == [*SHIPPED_PLAN, "Röstning 2"]
    assert changeable(stage) == ["Ämnen", "Röstning", "Resultat", "Röstning 2"]
    assert seen_plan(stage) == seen_plan(await facilitator.do(facilitator_page, workshop))
