"""Creating a workshop, its three links, and steering its phases, over HTTP."""

import re
import socket

import httpx
import pytest

from tests.conftest import LiveServer
from tests.flows import act, create_workshop, csrf_of, join, move_phase, sv
from workshop.guards import JOIN_CODE_ALPHABET
from workshop.workshops import lan_address, qr_svg


def test_creating_a_workshop_gives_code_and_three_links(client):
    workshop = create_workshop(client, title="Barn och unga", description="Vad behövs?")
    assert len(workshop["code"]) == 6 and set(workshop["code"]) <= set(JOIN_CODE_ALPHABET)
    secret = workshop["facilitator_url"].rsplit("/f/", 1)[1]
    assert len(secret) >= 22  # 22 URL-safe characters carry 132 bits
    assert f"/w/{workshop['code']}" in workshop["page"].text
    assert client.get(workshop["projector_url"]).status_code == 200


def test_join_codes_have_no_look_alike_characters():
    assert not set("0O1IL") & set(JOIN_CODE_ALPHABET)


def test_facilitator_link_opens_the_view_on_another_device(client, tmp_path):
    workshop = create_workshop(client)
    client.cookies.clear()
    assert client.get(f"/w/{workshop['code']}/facilitator").status_code == 403
    reopened = client.get(workshop["facilitator_url"])
    assert reopened.status_code == 200
    assert f'<dd class="code">{workshop["code"]}</dd>' in reopened.text


def test_wrong_facilitator_secret_opens_nothing(client):
    workshop = create_workshop(client)
    client.cookies.clear()
    assert client.get("/f/not-the-secret").status_code == 404
    assert client.get(f"/w/{workshop['code']}/facilitator").status_code == 403


def test_phase_change_requires_facilitator_secret(client):
    workshop = create_workshop(client)
    client.cookies.clear()
    participant_csrf = join(client, workshop["code"])
    refused = act(client, f"/w/{workshop['code']}/phase", participant_csrf, step="next", seen="0")
    assert refused.status_code == 403
    assert refused.text == sv("Only the facilitator can do this. Open the facilitator link again.")


def test_projector_needs_its_key(client):
    workshop = create_workshop(client)
    assert client.get(f"/w/{workshop['code']}/projector").status_code == 404
    assert client.get(f"/w/{workshop['code']}/projector?key=wrong").status_code == 404


def test_next_and_back_move_the_phase_for_everyone(client):
    workshop = create_workshop(client, language="en")
    assert move_phase(client, workshop, 0).status_code == 204
    assert move_phase(client, workshop, 1).status_code == 204
    assert move_phase(client, workshop, 2, step="back").status_code == 204
    page = client.get(f"/w/{workshop['code']}/facilitator")
    assert re.search(r'aria-current="step" class="current">(\w+)<', page.text).group(1) == "Topics"


def test_double_clicked_next_moves_one_phase(client):
    workshop = create_workshop(client)
    assert move_phase(client, workshop, 0).status_code == 204
    second = move_phase(client, workshop, 0)
    assert second.status_code == 409
    assert second.text == sv(
        "The phase had already changed. The page now shows the current phase.")


def test_create_form_refuses_bad_settings_and_keeps_nothing(client):
    start = client.get("/")
    bad = client.post("/workshops", data={"csrf_token": csrf_of(start.text), "title": "",
                                          "dots_per_participant": "5"})
    assert bad.status_code == 422
    assert sv("%(field)s cannot be empty.") % {"field": sv("Title")} in bad.text
    too_many = client.post("/workshops", data={"csrf_token": csrf_of(start.text), "title": "T",
                                               "dots_per_participant": "5",
                                               "max_dots_per_topic": "9"})
    assert too_many.status_code == 422
    assert sv("%(field)s must be a whole number from %(low)s to %(high)s.") % {
        "field": sv("Max dots on one topic"), "low": 1, "high": 5} in too_many.text


def test_unknown_join_code_says_so(client):
    refused = client.get("/join?code=ABCDEF")
    assert refused.status_code == 404
    assert sv("There is no workshop with that code. Check the code and try again.") in refused.text


def test_timer_counts_down_on_every_screen(client):
    workshop = create_workshop(client)
    started = act(client, f"/w/{workshop['code']}/timer", workshop["csrf"], action="start",
                  minutes="5")
    assert started.status_code == 204
    page = client.get(f"/w/{workshop['code']}/facilitator")
    assert re.search(r'role="timer"[^>]*>\s*(\d:\d\d)', page.text).group(1) in ("5:00", "4:59")
    act(client, f"/w/{workshop['code']}/timer", workshop["csrf"], action="stop")
    assert 'role="timer"' not in client.get(f"/w/{workshop['code']}/facilitator").text


def test_public_url_decides_the_join_link_and_qr_code(client, monkeypatch):
    monkeypatch.setattr("workshop.workshops.PUBLIC_URL", "https://samla.kommun.se")
    workshop = create_workshop(client)
    projector = client.get(workshop["projector_url"]).text
    assert ('<p class="join-url">https://samla.kommun.se<wbr>'
            f'<span class="nowrap">/w/{workshop["code"]}</span></p>') in projector
    assert "<svg" in projector and 'class="qr"' in projector


def join_link_shown(server, workshop: dict, host: str) -> tuple[str, str]:
    """The join link and QR code (its drawing) a projector shows when its browser sends
    this Host header."""
    path = workshop["projector_url"].split("/w/", 1)[1]
    page = httpx.get(f"{server.url}/w/{path}", headers={"Host": host}, timeout=10).text
    link = re.search(r'<p class="join-url">([^<]+)<wbr><span class="nowrap">([^<]+)</span>',
                     page)
    return link[1] + link[2], re.search(r'<path[^>]* d="([^"]+)"', page)[1]


def qr_drawing(url: str) -> str:
    return re.search(r' d="([^"]+)"', qr_svg(url, "QR"))[1]


def test_the_join_link_follows_the_host_header_only_when_it_names_this_computer(tmp_path):
    server = LiveServer(tmp_path / "samla.db").start()  # on 127.0.0.1: default settings
    try:
        with httpx.Client(base_url=server.url, follow_redirects=True, timeout=10) as client:
            workshop = create_workshop(client)
        code, port, name = workshop["code"], server.port, socket.gethostname()
        for host, shown in ((f"127.0.0.1:{port}", f"http://127.0.0.1:{port}"),
                            (f"localhost:{port}", f"http://localhost:{port}"),
                            (f"{name}.local:{port}", f"http://{name}.local:{port}"),
                            (f"{name}:{port}", f"http://{name}:{port}"),
                            # not this computer: the address Samla listens on instead
                            ("evil.example", f"http://localhost:{port}"),
                            (f"evil.example:{port}", f"http://localhost:{port}"),
                            (f"10.11.12.13:{port}", f"http://localhost:{port}")):
            expected = f"{shown}/w/{code}"
            assert join_link_shown(server, workshop, host) == (expected, qr_drawing(expected))
    finally:
        server.stop()


def test_on_the_network_a_foreign_host_header_gives_this_computers_address(tmp_path):
    lan = lan_address()
    if lan is None:
        pytest.skip("this machine has no address in a network")
    server = LiveServer(tmp_path / "samla.db", env={"SAMLA_HOST": "0.0.0.0"}).start()
    try:
        with httpx.Client(base_url=server.url, follow_redirects=True, timeout=10) as client:
            workshop = create_workshop(client)
            expected = f"http://{lan}:{server.port}/w/{workshop['code']}"
            for host in (f"{lan}:{server.port}", "evil.example",
                         f"192.168.77.77:{server.port}", f"localhost:{server.port}"):
                assert join_link_shown(server, workshop, host) == (expected,
                                                                   qr_drawing(expected))
            facilitator = client.get(f"/w/{workshop['code']}/facilitator",
                                     headers={"Host": "evil.example"})
            assert f'<a href="{expected}">' in facilitator.text
    finally:
        server.stop()


def test_the_facilitator_page_folds_the_panels_of_other_phases(client):
    # Issue 10, item 12: the page shows what the current phase is about; the rest is
    # one click away.
    workshop = create_workshop(client, method="low_hanging_fruit")
    code = workshop["code"]
    move_phase(client, workshop, 0)
    act(client, f"/w/{code}/topics/from-paper", workshop["csrf"], notes="Fler bänkar\nMer ljus")
    posting = client.get(f"/w/{code}/facilitator").text
    assert '<details class="fold">' not in posting and 'id="topic-list"' in posting
    move_phase(client, workshop, 1)
    voting = client.get(f"/w/{code}/facilitator").text
    folded = re.findall(r'<details class="fold"><summary>([^<]+)</summary>', voting)
    assert folded == ["Ämnen", "Teman"]
    assert voting.index('<details class="fold"><summary>Ämnen') < voting.index('id="topic-list"')
