"""What facilitators and phones do, as HTTP requests: shared by the HTTP, socket and
restart tests. Works with any httpx client (TestClient included)."""

import html
import re

from starlette.testclient import TestClient

from workshop import i18n

HTMX = {"HX-Request": "true"}


def another_browser(client: TestClient, **options) -> TestClient:
    """Another browser (cookies of its own) on the app `client` runs. Its requests run on
    that app's event loop, as every request does on a real server: a TestClient of its own
    would run each on a new loop, and what a request leaves bound to its loop (the rate
    limiter's expiry task holding a lock, a push's timer) would be left on one that is
    gone. CI hung once on such a lock. Only while `client` runs (entered), and never
    entered itself (that would start the app a second time, on a loop of its own)."""
    assert client.portal is not None, "another_browser needs a running client"
    other = TestClient(client.app, **options)
    other.portal = client.portal
    return other


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def socket_token_of(html: str) -> str:
    return re.search(r'data-socket-token="([^"]+)"', html).group(1)


def create_workshop(client, **fields) -> dict:
    """Create a workshop as a facilitator; returns its code and links."""
    start = client.get("/")
    form = {"csrf_token": csrf_of(start.text), "title": "En dörr in", "language": "sv",
            "dots_per_participant": "5", "max_dots_per_topic": "3", **fields}
    page = client.post("/workshops", data=form, follow_redirects=True)
    assert page.status_code == 200, page.text
    return {
        "code": re.search(r'<dd class="code">(\w+)</dd>', page.text).group(1),
        "csrf": csrf_of(page.text),
        "facilitator_url": re.search(r'class="secret-link" readonly value="([^"]+)"',
                                     page.text).group(1),
        "projector_url": re.search(r'href="([^"]+/projector\?key=[^"]+)"', page.text).group(1),
        "page": page,
    }


def join(client, code: str, **fields) -> str:
    """Join as a participant; returns the CSRF token for later actions."""
    page = client.get(f"/w/{code}")
    joined = client.post(f"/w/{code}/join", data={"csrf_token": csrf_of(page.text), **fields},
                         follow_redirects=True)
    assert joined.status_code == 200, joined.text
    return csrf_of(joined.text)


def act(client, path: str, csrf: str, **form):
    """A button press on a page with htmx: a POST carrying the CSRF header."""
    return client.post(path, data=form, headers={**HTMX, "X-CSRF-Token": csrf})


def move_phase(client, workshop: dict, seen: int, step: str = "next"):
    return act(client, f"/w/{workshop['code']}/phase", workshop["csrf"], step=step,
               seen=str(seen))


def topic_ids(html: str) -> list[int]:
    """The topics a page lists, in its order."""
    return [int(i) for i in re.findall(r'<li id="topic-(\d+)"', html)]


def sv(message: str) -> str:
    """The Swedish text of a message, as a Swedish page shows it (HTML-escaped)."""
    translated = i18n.translations("sv").ugettext(message)
    assert translated != message, f"no Swedish translation for {message!r}"
    return html.escape(translated, quote=False)
