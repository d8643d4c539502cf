"""On a phone, in a real browser: the counter counts what the server counts, and a
multi-line paste is offered as one topic per line instead of being joined."""

from playwright.sync_api import expect

from tests.e2e.test_live_workshop import DESKTOP, PHONES, create_workshop, join, next_phase


def test_a_phone_counts_emoji_as_characters_and_posts_each_pasted_line(open_page,
                                                                       check_accessibility):
    facilitator = open_page(DESKTOP)
    workshop = create_workshop(facilitator, "Skolgården")
    phone = open_page(PHONES[4], phone=True)
    join(phone, workshop["join_url"])
    next_phase(facilitator, "Topics")
    field, counter = phone.get_by_label("Your topic"), phone.locator("#topic-count")
    split = phone.get_by_role("button", name="Post each line as its own topic")

    field.fill("🌳" * 100 + "e\u0301")
    expect(counter).to_have_text("101 of 200 characters")
    field.fill("🌳" * 201)
    expect(counter).to_have_text("201 of 200 characters")
    expect(counter).to_have_class("counter over")
    expect(split).to_be_hidden()

    field.fill("• Fler träd\n\n• Bänkar i skuggan\n")
    expect(split).to_be_visible()
    check_accessibility(phone, "phone with a multi-line topic")
    phone.get_by_role("button", name="Post topic").click()
    expect(phone.locator("#flash")).to_have_text(
        "One topic is one idea, and yours has 2 lines. Post each line as its own topic, or "
        "write the idea on one line.")
    split.click()
    expect(phone.locator("#my-topics li")).to_have_text(
        ["Bänkar i skuggan", "Fler träd"])
    expect(field).to_have_value("")
    expect(split).to_be_hidden()
