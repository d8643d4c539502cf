"""An activity written outside Samla ("Räck upp handen": phones tap, the projector counts)
runs in a method of the organisation's own folder, through a real server, with no change
to any engine file: it is defined only here, and the server imports it by name."""

import textwrap

import pytest
from starlette.routing import Route

from tests.conftest import LiveServer
from tests.flows import act, create_workshop, move_phase
from tests.test_realtime import Screen, join_phones, until
from workshop.activities import Activity, Count, register
from workshop.events import Event
from workshop.guards import find_workshop, require_form, require_participant, require_phase
from workshop.realtime import live_part
from workshop.responses import done
from workshop.templating import render_fragment

HANDS_CHANGED = Event("hands_changed", "A hand went up or down; replaces the count.")


class RaiseHand(Activity):
    def stage(self, live, workshop, phase, role):
        return {"hands": len(hands(live.store, workshop))}

    def counts(self, store, workshop):
        number = len(hands(store, workshop))
        return [Count("hands", number, "hands up", f"{number} hands up")]


def hands(store, workshop) -> set[int]:
    """Whose hands are up: kept in memory, as a small activity of one's own may."""
    return RAISED.setdefault((id(store), workshop["id"]), set())


RAISED: dict[tuple, set] = {}


async def raise_hand(request):
    workshop = find_workshop(request)
    participant = require_participant(request, workshop)
    await require_form(request)
    require_phase(workshop, "raise_hand")
    hands(request.app.state.store, workshop).symmetric_difference_update({participant["id"]})
    request.app.state.realtime.publish(workshop["id"], "hands")
    request.app.state.realtime.publish(workshop["id"], "participation")
    return done(request, f"/w/{workshop['code']}")


@live_part("hands")
def render_hands(realtime, workshop, role, ids):
    html = render_fragment(hand.template(f"{role}.html"), "hands",
                           hands=len(hands(realtime.store, workshop)))
    return HANDS_CHANGED, {"target": "hands", "html": html}


COUNT = '{% block hands %}<p id="hands"><strong>{{ hands }}</strong> hands up</p>{% endblock %}'
hand = register(RaiseHand(
    "raise_hand", participant_actions=frozenset({"raise_hand"}),
    routes=[Route("/w/{code}/hands", raise_hand, methods=["POST"])], events=(HANDS_CHANGED,),
    template_sources={
        "participant.html": '<form method="post" action="/w/{{ workshop.code }}/hands">'
                            '<button>Raise your hand</button></form>' + COUNT,
        "projector.html": COUNT, "facilitator.html": COUNT}))

METHOD = textwrap.dedent("""\
    key = "hands"
    name = "Hands up"
    [[phases]]
    key = "welcome"
    activity = "welcome"
    title = "Welcome"
    [[phases]]
    key = "hands"
    activity = "raise_hand"
    title = "Hands"
    prompt = "Raise your hand if you agree."
""")


@pytest.fixture
def server_with_own_activity(tmp_path):
    methods = tmp_path / "methods"
    methods.mkdir()
    (methods / "hands.toml").write_text(METHOD)
    (methods / "broken.toml").write_text(METHOD.replace('"raise_hand"', '"juggling"')
                                         .replace('key = "hands"\n', 'key = "broken"\n', 1))
    server = LiveServer(tmp_path / "samla.db", env={
        "SAMLA_METHODS_DIR": str(methods), "SAMLA_ACTIVITIES": __name__}).start()
    yield server
    server.stop()
    assert "Traceback" not in server.log(), server.log()


async def test_an_activity_defined_in_a_test_runs_live_on_every_screen(server_with_own_activity):
    url = server_with_own_activity.url
    facilitator = Screen(url)
    projector = Screen(url)
    screens = [facilitator, projector]
    try:
        workshop = await facilitator.do(create_workshop, method="hands")
        await facilitator.open(f"/w/{workshop['code']}/facilitator")
        await projector.open(workshop["projector_url"].replace(url, ""))
        phones = await join_phones(server_with_own_activity, workshop, screens, 3)
        await facilitator.do(move_phase, workshop, 0)
        await until(lambda: all("Raise your hand" in (p.received("phase_changed") or [{}])[-1]
                                .get("html", "") for p in phones))
        for phone in phones[:2]:
            assert (await phone.do(act, f"/w/{workshop['code']}/hands", phone.csrf)
                    ).status_code == 204
        for screen in (projector, facilitator, phones[2]):
            await until(lambda: screen.received("hands_changed") and "<strong>2</strong>"
                        in screen.received("hands_changed")[-1]["html"])
        await until(lambda: any('data-count="hands">2<' in p["html"]
                                for p in projector.received("participation_changed")))
        page = await projector.do(lambda http: http.get(
            workshop["projector_url"].replace(url, "")).text)
        assert '<p id="hands"><strong>2</strong> hands up</p>' in page
    finally:
        for screen in screens:
            await screen.close()


def test_the_organisations_methods_appear_and_a_broken_file_is_reported(
        server_with_own_activity):
    start = Screen(server_with_own_activity.url).http.get("/").text
    assert '<option value="hands">Hands up' in start and 'value="broken"' not in start
    assert ("broken.toml: line 7: phase 'hands' has unknown activity 'juggling'"
            in server_with_own_activity.log())
    assert 'value="quick"' in start and 'value="low_hanging_fruit"' in start
