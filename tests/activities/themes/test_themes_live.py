"""The theme review and board, live: once there are themes, a post changes its own card
and its theme's count in the facilitator's review, not the whole review (rendered whole
at every post, it took 200 ms at 1,000 topics), and the projector's board, not the whole
stage around it."""

import re
import sqlite3

from tests.activities.topics.test_notes import NOTES
from tests.flows import act, create_workshop, move_phase
from tests.test_realtime import Screen, join_phones, until

STAFF = "Fritidsgårdarna behöver fler anställda"
LIKE_STAFF = "Fler anställda på fritidsgårdarna på kvällen"
LIKE_NOTHING = "Solpaneler på taket"


def review_changes(facilitator: Screen) -> list[dict]:
    return facilitator.received("themes_changed")


def count_of(changes: list[dict], key: str) -> str | None:
    """The latest count the review got for a list ("3 ämnen"), if any."""
    counts = [html for change in changes for dom_id, html in change.get("upsert", ())
              if dom_id == f"theme-count-{key}"]
    return re.search(r">\((.*?)\)<", counts[-1])[1] if counts else None


async def grouped_by(facilitator: Screen) -> dict:
    """A Lågt hängande frukter workshop in its topics phase, the notes grouped."""
    workshop = await facilitator.do(create_workshop, method="low_hanging_fruit")
    code, csrf = workshop["code"], workshop["csrf"]
    await facilitator.do(move_phase, workshop, 0)
    await facilitator.do(act, f"/w/{code}/topics/from-paper", csrf, notes="\n".join(NOTES))
    await facilitator.do(act, f"/w/{code}/themes/group", csrf)
    return workshop


async def test_a_post_changes_only_its_card_and_count_in_the_facilitators_review(live_server):
    facilitator = Screen(live_server.url)
    screens = [facilitator]
    try:
        workshop = await grouped_by(facilitator)
        code, csrf = workshop["code"], workshop["csrf"]
        page = await facilitator.open(f"/w/{code}/facilitator")
        projector = Screen(live_server.url)
        screens.append(projector)
        await projector.open(workshop["projector_url"].replace(live_server.url, ""))
        with sqlite3.connect(live_server.db_path) as db:
            staff = db.execute("SELECT theme FROM topics WHERE text = ?", [STAFF]).fetchone()[0]
            staff_ids = [row[0] for row in db.execute("SELECT id FROM topics WHERE theme = ?",
                                                      [staff])]
        size = len(staff_ids)
        assert f'id="theme-count-{staff}">({size} ämnen)<' in page
        assert 'id="theme-list-unsorted"></ul>' in page  # there, empty, for posts to come

        (phone,) = await join_phones(live_server, workshop, screens, 1)
        for text in (LIKE_STAFF, LIKE_NOTHING):
            assert (await phone.do(act, f"/w/{code}/topics", phone.csrf, text=text)
                    ).status_code == 200
        await until(lambda: count_of(review_changes(facilitator), "unsorted") == "1 ämne")
        changes = review_changes(facilitator)
        assert not [c for c in changes if "html" in c]  # never the whole review
        cards = {dom_id: (change["target"], html) for change in changes
                 for dom_id, html in change.get("upsert", ()) if dom_id.startswith("theme-topic")}
        with sqlite3.connect(live_server.db_path) as db:
            ids = dict(db.execute("SELECT text, id FROM topics WHERE text IN (?, ?)",
                                  [LIKE_STAFF, LIKE_NOTHING]))
        target, html = cards[f"theme-topic-{ids[LIKE_STAFF]}"]
        assert target == f"theme-list-{staff}" and LIKE_STAFF in html
        assert 'name="theme"' in html  # its menu to move it elsewhere
        target, html = cards[f"theme-topic-{ids[LIKE_NOTHING]}"]
        assert target == "theme-list-unsorted" and LIKE_NOTHING in html
        assert count_of(changes, str(staff)) == f"{size + 1} ämnen"
        await until(lambda: any(LIKE_STAFF in c["html"] for c in review_changes(projector)))
        assert {c["target"] for c in review_changes(projector)} == {"themes"}

        # Hidden, a post leaves the review, and its theme counts one fewer.
        assert (await facilitator.do(act, f"/w/{code}/topics/{ids[LIKE_STAFF]}/hide", csrf)
                ).status_code == 204
        await until(lambda: any(f"theme-topic-{ids[LIKE_STAFF]}" in c.get("remove", ())
                                for c in review_changes(facilitator)))
        assert count_of(review_changes(facilitator), str(staff)) == f"{size} ämnen"

        # A change of the grouping itself renders the review whole.
        await facilitator.do(act, f"/w/{code}/themes/new", csrf, label="Nytt tema")
        await until(lambda: any("Nytt tema" in c.get("html", "")
                                for c in review_changes(facilitator)))
        await until(lambda: review_changes(projector)[-1]["target"] == "stage")

        # A theme of two that loses one can no longer be split: its "Split in two" goes.
        with sqlite3.connect(live_server.db_path) as db:
            new = db.execute("SELECT number FROM themes WHERE label = 'Nytt tema'").fetchone()[0]
        for topic_id in (ids[LIKE_NOTHING], staff_ids[0]):
            await facilitator.do(act, f"/w/{code}/topics/{topic_id}/theme", csrf, theme=new)
        split = "Dela i två: Nytt tema"
        await until(lambda: split in review_changes(facilitator)[-1].get("html", ""))
        before = len(review_changes(facilitator))
        await facilitator.do(act, f"/w/{code}/topics/{ids[LIKE_NOTHING]}/hide", csrf)
        await until(lambda: len(review_changes(facilitator)) > before)
        last = review_changes(facilitator)[-1]
        assert last["remove"] == [f"theme-topic-{ids[LIKE_NOTHING]}"]
        assert dict(last["upsert"])[f"theme-split-{new}"] == f'<span id="theme-split-{new}"></span>'

    finally:
        for screen in screens:
            await screen.close()


async def test_before_there_are_themes_a_post_changes_the_facilitators_count_alone(live_server):
    facilitator = Screen(live_server.url)
    screens = [facilitator]
    try:
        workshop = await facilitator.do(create_workshop, method="low_hanging_fruit")
        code = workshop["code"]
        await facilitator.open(f"/w/{code}/facilitator")
        projector = Screen(live_server.url)
        screens.append(projector)
        await projector.open(workshop["projector_url"].replace(live_server.url, ""))
        await facilitator.do(move_phase, workshop, 0)
        phones = await join_phones(live_server, workshop, screens, 2)
        for number, phone in enumerate(phones):
            assert (await phone.do(act, f"/w/{code}/topics", phone.csrf, text=f"Förslag {number}")
                    ).status_code == 200
        await until(lambda: any("Grupperar 2 ämnen" in c.get("html", "")
                                for c in review_changes(facilitator)))
        await until(lambda: all(len(p.topics_seen()) == 2 for p in phones))
        # A later push (the next phase) marks the end of what the posts sent: a socket
        # delivers in order.
        screens_shown = (projector, *phones)
        stages = [len(screen.received("phase_changed")) for screen in screens_shown]
        await facilitator.do(move_phase, workshop, 1)
        await until(lambda: all(len(screen.received("phase_changed")) > seen
                                for screen, seen in zip(screens_shown, stages)))
        # Phones keep a hidden place for the themes, and the projector has no board: a
        # post changes neither (one message fewer to every phone at every push).
        for screen, seen in zip(screens_shown, stages):
            names = [name for name, _ in screen.events]
            after_posts = [i for i, name in enumerate(names) if name == "phase_changed"][seen]
            assert "themes_changed" not in names[:after_posts]
    finally:
        for screen in screens:
            await screen.close()
