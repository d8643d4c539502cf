"""Rate limits per client address and per workshop: guessing join codes, creating
workshops, joining and importing are refused with 429 and Retry-After past their
limits, while a room of 200 phones behind one address joins within a minute."""

import httpx
import pytest
from starlette.testclient import TestClient

from tests.flows import HTMX, create_workshop, csrf_of, join, sv
from workshop import settings
from workshop.app import create_app

TOO_MANY = "Too many attempts. Wait %(seconds)s seconds and try again."


@pytest.fixture
def client_with(tmp_path, monkeypatch):
    """A client of an app with the default rate limits, save the ones given."""
    started = []

    def start(**rules) -> TestClient:
        for rule, limits in rules.items():
            monkeypatch.setitem(settings.RATE_LIMITS, rule, limits)
        started.append(TestClient(create_app(tmp_path / "samla.db", secret_key="test-key")))
        return started[-1].__enter__()
    yield start
    for client in started:
        client.__exit__(None, None, None)


def unknown_code(number: int) -> str:
    return f"{number:06d}"  # 0 and 1 are never in a join code


def participants(client) -> int:
    return client.app.other_asgi_app.state.store.db["participants"].count


def assert_too_many(answer, within: int = 60):
    assert answer.status_code == 429
    wait = int(answer.headers["retry-after"])
    assert 1 <= wait <= within
    assert sv(TOO_MANY) % {"seconds": wait} in answer.text


def test_guessing_codes_is_refused_then_known_codes_too_while_members_go_on(client):
    workshop = create_workshop(client)
    facilitator = httpx.Cookies(client.cookies)
    client.cookies.clear()
    misses = [client.get("/join", params={"code": unknown_code(n)}).status_code
              for n in range(60)]
    assert misses == [404] * 60
    assert_too_many(client.get("/join", params={"code": unknown_code(60)}))
    assert_too_many(client.get(f"/w/{workshop['code']}"))  # a real code would stand out
    assert_too_many(client.get(f"/w/{workshop['code']}", headers=HTMX))
    client.cookies = facilitator
    assert client.get(f"/w/{workshop['code']}/facilitator").status_code == 200


def test_a_room_of_200_phones_behind_one_address_joins_within_a_minute(client):
    workshop = create_workshop(client)
    for phone in range(200):
        client.cookies.clear()
        if phone % 10 == 0:  # one in ten mistypes the code first
            assert client.get("/join", params={"code": unknown_code(phone)}).status_code == 404
        join(client, workshop["code"])
    assert participants(client) == 200


@pytest.mark.parametrize("rules, other_workshop", [
    ({"joins": "3/minute"}, 429),           # the address has used its joins
    ({"workshop_joins": "3/minute"}, 200),  # only that workshop is full for now
])
def test_joining_past_a_limit_is_refused(client_with, rules, other_workshop):
    client = client_with(**rules)
    full, other = create_workshop(client), create_workshop(client)
    for _ in range(3):
        client.cookies.clear()
        join(client, full["code"])
    answers = {}
    for workshop in (full, other):
        client.cookies.clear()
        page = client.get(f"/w/{workshop['code']}")
        answers[workshop["code"]] = client.post(f"/w/{workshop['code']}/join",
                                                data={"csrf_token": csrf_of(page.text)})
    assert_too_many(answers[full["code"]])
    assert answers[other["code"]].status_code == other_workshop
    assert participants(client) == 3 + (other_workshop == 200)


def test_creating_workshops_past_the_limit_is_refused(client):
    for _ in range(10):
        create_workshop(client)
    assert_too_many(client.post("/workshops", data={"csrf_token": csrf_of(client.get("/").text),
                                                    "title": "En till"}))
    assert client.app.other_asgi_app.state.store.db["workshops"].count == 10


@pytest.mark.parametrize("rules, allowed", [({}, 5), ({"server_imports": "2/minute"}, 2)])
def test_importing_past_the_limit_is_refused(client_with, rules, allowed):
    client = client_with(**rules)
    csrf = csrf_of(client.get("/").text)
    answers = [client.post("/import", data={"csrf_token": csrf},
                           files={"file": ("x.json", b"{}", "application/json")})
               for _ in range(allowed + 1)]
    assert [answer.status_code for answer in answers[:-1]] == [422] * allowed
    assert_too_many(answers[-1])


def test_limits_count_per_address_behind_a_proxy(live_server):
    """uvicorn takes the address from X-Forwarded-For when the proxy is on 127.0.0.1."""
    with httpx.Client(base_url=live_server.url) as http:
        def guess(number: int, address: str) -> int:
            return http.get("/join", params={"code": unknown_code(number)},
                            headers={"X-Forwarded-For": address}).status_code
        assert [guess(n, "10.1.1.1") for n in range(61)] == [404] * 60 + [429]
        assert guess(61, "10.1.1.2") == 404
