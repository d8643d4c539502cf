"""The start page on a small phone (issue 10, items 14-15): the code field's label is an
ordinary label, the methods are described in full, and a code typed with a dash works."""

import httpx
from playwright.sync_api import expect

from tests.flows import create_workshop
from workshop.methods import all_methods

SMALL_PHONE = {"width": 320, "height": 640}


def test_the_start_page_reads_well_on_a_small_phone_and_takes_a_dashed_code(
        live_server, open_page, check_accessibility, screenshot):
    with httpx.Client(base_url=live_server.url, follow_redirects=True) as facilitator:
        code = create_workshop(facilitator)["code"]
    phone = open_page(SMALL_PHONE, phone=True)
    phone.get_by_role("button", name="Svenska").click()
    code_label = phone.get_by_text("Koden på skärmen", exact=True)
    title_label = phone.get_by_text("Titel", exact=True)
    for style in ("fontSize", "letterSpacing", "textTransform"):
        assert (code_label.evaluate(f"label => getComputedStyle(label).{style}")
                == title_label.evaluate(f"label => getComputedStyle(label).{style}")), style
    # Each method's description is there in full, none cut or sticking out.
    descriptions = phone.locator(".method-help dd")
    expect(descriptions).to_have_count(len(all_methods()))
    for description in descriptions.all():
        assert description.evaluate("dd => dd.scrollWidth <= dd.clientWidth")
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")
    check_accessibility(phone, "start page on a small phone")
    screenshot(phone, "start-page-small-phone", full_page=True)

    phone.get_by_label("Koden på skärmen").fill(f"{code[:3]}-{code[3:]}".lower())
    phone.get_by_role("button", name="Gå med", exact=True).click()
    expect(phone).to_have_url(f"{live_server.url}/w/{code}")
    expect(phone.get_by_role("button", name="Gå med i workshopen")).to_be_visible()
