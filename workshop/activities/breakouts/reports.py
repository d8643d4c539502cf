"""Session reports as items the room can prioritise: each session, with its
recommendations, becomes a post of the list "sessions" (the topics table), so dot
voting (`on = "sessions"`), impact/effort and the backlog work on them as on any list.

Written as the breakouts phase is left (its exit hook), and again each time it is left:
a report keeps its post (and the dots on it), its text brought up to date.
"""

from workshop.activities.breakouts import queries
from workshop.activities.marketplace import queries as market
from workshop.activities.topics import queries as topics
from workshop.db import now_iso
from workshop.settings import TOPIC_MAX_CHARS

REPORT_LIST = "sessions"


def report_text(session: dict, notes: dict[str, list[dict]]) -> str:
    """The title, then its recommendations (else next steps), cut to a post's length."""
    said = [n["text"] for n in notes["recommendation"] or notes["next_step"]]
    text = session["title"] + (": " + "; ".join(said) if said else "")
    return text if len(text) <= TOPIC_MAX_CHARS else text[:TOPIC_MAX_CHARS - 1] + "…"


def write_reports(store, workshop: dict) -> list[int]:
    """Bring every session's report post up to date (hidden sessions' posts hidden);
    returns the ids of the posts written."""
    written = []
    for session in market.sessions(store, workshop["id"], include_hidden=True):
        topic_id = session["report_topic_id"]
        if session["hidden"]:
            if topic_id:
                topics.hide_topic(store, topic_id)
            continue
        text = report_text(session, queries.notes(store, session["id"]))
        if topic_id:
            topics.set_topic_text(store, topic_id, text)
            topics.show_topic(store, topic_id)
        else:
            topic_id = topics.insert_imported_topic(store, workshop["id"],
                                                    session["participant_id"], text, False,
                                                    now_iso(), REPORT_LIST)
            market.set_report(store, session["id"], topic_id)
        written.append(topic_id)
    return written


def report_ids(store, workshop: dict) -> list[int]:
    """The posts that stand for the sessions' reports."""
    return [s["report_topic_id"] for s in market.sessions(store, workshop["id"])
            if s["report_topic_id"]]
