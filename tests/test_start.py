"""The start page and the first real session (issue 10, items 14-16): a join code is found
however it is typed, the method choice is written out in full, and when the join link
would point to this computer itself the facilitator and the start-up message say how to
let phones in."""

import re
from urllib.parse import urlsplit

import httpx
import pytest
from starlette.requests import Request

from tests.conftest import LiveServer
from tests.flows import create_workshop, csrf_of, sv
from workshop import i18n
from workshop.methods import all_methods
from workshop.templating import env
from workshop.workshops import lan_address, localhost_join

FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in "ABCDEFGHJKMNPQRSTUVWXYZ23456789"}


def ways_to_type(code: str) -> list[str]:
    return [code.lower(), f"{code[:3]} {code[3:]}".lower(), f"{code[:3]}-{code[3:]}",
            f" {code[:3]}.{code[3:]} ", f"{code[:3]} – {code[3:]}",
            "".join(FULL_WIDTH[c] for c in code)]


def test_a_join_code_is_found_however_it_is_typed(client):
    code = create_workshop(client)["code"]
    for typed in ways_to_type(code):
        answer = client.get("/join", params={"code": typed}, follow_redirects=False)
        assert (answer.status_code, answer.headers.get("location")) == (
            303, f"http://testserver/w/{code}"), typed


def test_a_code_that_leads_nowhere_says_so_in_the_pages_language(client):
    create_workshop(client)
    answer = client.get("/join", params={"code": "zzz-zzz"})
    assert answer.status_code == 404
    assert sv("There is no workshop with that code. Check the code and try again.") in answer.text


def test_the_join_field_takes_whatever_people_type(client):
    field = re.search(r'<input id="code"[^>]*>', client.get("/").text)[0]
    assert "pattern=" not in field and int(re.search(r'maxlength="(\d+)"', field)[1]) >= 9


def test_the_method_list_names_each_method_and_describes_it_in_full(client):
    page = client.get("/").text
    options = re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', page)
    described = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", page))
    with i18n.language("sv"):
        names = {key: i18n.gettext(method.name) for key, method in all_methods().items()}
        summaries = {names[key]: i18n.gettext(method.summary)
                         + (" " + i18n.gettext("(Youth-safe mode)") if method.youth_safe else "")
                     for key, method in all_methods().items()}
    assert dict(options) == names
    assert described == summaries and "Snabb prioritering" in described


def request_to(url: str) -> Request:
    """The request a browser sends to open `url` (as the facilitator view receives it)."""
    parts = urlsplit(url)
    return Request({"type": "http", "method": "GET", "scheme": parts.scheme,
                    "server": (parts.hostname, parts.port), "path": parts.path,
                    "query_string": b"", "headers": [(b"host", parts.netloc.encode())]})


def lan_hint(facilitator_url: str, join_url: str) -> str:
    """The facilitator view's hint (_lan_hint.html) as the view builds it, in Swedish."""
    with i18n.language("sv"):
        hint = env.from_string('{% include "_lan_hint.html" %}').render(
            localhost_join=localhost_join(request_to(facilitator_url), join_url))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", hint)).strip()


def test_the_facilitator_is_told_how_to_let_phones_in_when_the_link_points_here():
    for here in ("http://localhost:8000", "http://127.0.0.1:8000", "http://[::1]:8000"):
        hint = lan_hint(f"{here}/w/K7MP3Q/facilitator", f"{here}/w/K7MP3Q")
        assert hint.startswith("Telefonerna kan inte öppna länken ännu"), here
        assert "--host 0.0.0.0" in hint and "--public-url" in hint
        if lan_address():
            assert f"Då går länken och QR-koden till http://{lan_address()}:8000/." in hint
    for elsewhere in ("http://192.168.1.23:8000", "https://samla.kommun.se"):
        assert lan_hint(f"{elsewhere}/w/K7MP3Q/facilitator", f"{elsewhere}/w/K7MP3Q") == ""


def test_the_start_up_message_says_how_to_let_phones_in_and_how_to_stop(tmp_path):
    server = LiveServer(tmp_path / "samla.db").start()
    try:
        log = server.log()
    finally:
        server.stop()
    assert "Phones cannot reach Samla yet: it listens on this computer only (127.0.0.1)" in log
    assert "start it again with --host 0.0.0.0" in log and "--public-url" in log
    assert "Stop it with Ctrl+C." in log


def test_listening_on_the_network_the_join_link_is_this_computers_address(tmp_path):
    """Opened as localhost, Samla on 0.0.0.0 gives phones its address in the network,
    and that address answers."""
    lan = lan_address()
    if lan is None:
        pytest.skip("this machine has no address in a network")
    server = LiveServer(tmp_path / "samla.db", env={"SAMLA_HOST": "0.0.0.0"}).start()
    try:
        with httpx.Client(base_url=f"http://localhost:{server.port}", follow_redirects=True,
                          timeout=10) as facilitator:
            workshop = create_workshop(facilitator)
            page = workshop["page"].text
            join_url = f"http://{lan}:{server.port}/w/{workshop['code']}"
            assert f'href="{join_url}"' in page
            assert csrf_of(httpx.get(join_url, timeout=10).text)  # a phone can open it
        assert f"Phones on the same network join at http://{lan}:{server.port}/" in server.log()
    finally:
        server.stop()
