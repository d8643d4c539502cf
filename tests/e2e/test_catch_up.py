"""In a real browser: a page told to catch up (its server processes lost pushes while
Redis was gone, events.CATCH_UP) fetches itself if the workshop changed since it was
rendered, keeps what the person was typing, and stays as it is when nothing changed.

One server process sends no catch_up of its own: the test puts the message into the
phone's socket, as the server would."""

import re

from playwright.sync_api import WebSocketRoute, expect

from tests.e2e.test_retries import joined_phone, workshop_with_topics_open
from tests.flows import act

CATCH_UP = '42["catch_up",{"within_ms":0}]'  # engine.io message, socket.io event


def test_a_page_told_to_catch_up_fetches_itself_and_keeps_what_was_typed(browser, live_server):
    facilitator, workshop = workshop_with_topics_open(live_server)
    code = workshop["code"]
    sockets: list[WebSocketRoute] = []

    def through(socket: WebSocketRoute) -> None:
        socket.connect_to_server()
        sockets.append(socket)

    with joined_phone(browser, live_server, code) as phone:
        errors = []
        phone.on("pageerror", lambda error: errors.append(error))
        phone.route_web_socket(re.compile(r"/socket\.io/"), through)
        phone.reload()  # its socket now passes through the test
        expect(phone.locator("body")).to_have_attribute("data-live", "in-step")
        field = phone.get_by_label("Your topic")
        field.fill("Half a thought")
        act(facilitator, f"/w/{code}/topics/from-paper", workshop["csrf"], notes="Bikes")
        expect(phone.locator("#topic-list")).to_contain_text("Bikes")  # pushed

        # The page was rendered before that change: told to catch up, it fetches itself.
        phone.evaluate("document.getElementById('main').dataset.before = 'yes'")
        sockets[-1].send(CATCH_UP)
        expect(phone.locator("#main[data-before]")).to_have_count(0)
        expect(field).to_have_value("Half a thought")
        expect(phone.locator("#topic-count")).to_have_text("14 of 200 characters")
        expect(phone.locator("#topic-list")).to_contain_text("Bikes")

        # Nothing changed since: told again, it asks and stays as it is.
        phone.evaluate("document.getElementById('main').dataset.before = 'yes';"
                       "delete document.body.dataset.live")
        sockets[-1].send(CATCH_UP)
        expect(phone.locator("body")).to_have_attribute("data-live", "in-step")
        expect(phone.locator("#main[data-before]")).to_have_count(1)
        assert not errors
    facilitator.close()
