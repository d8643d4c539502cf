"""The book of proceedings: every session with its convenor, room, time, who came and
its notes, as one section of the export document ("open_space"); the proceedings
page, the spreadsheet sheet, the CSV file and the Markdown table are all made from it,
so they cannot disagree.

Sessions the facilitator hid are left out, as hidden topics are, unless the export is
an archive. Participants appear as their export ids (p1, p2 …). Convenors' names are in it when the
workshop showed them (they were on the projector for everyone); a workshop that keeps
convenors anonymous never stored them.
"""

from workshop.activities.agenda import queries as agenda
from workshop.activities.agenda.wall import grid, whereabouts, workshop_day
from workshop.activities.breakouts import queries as breakouts
from workshop.activities.marketplace import queries as market
from workshop.exporting.document import local_iso


def proceedings_section(store, workshop: dict, refs) -> dict | None:
    """The "open_space" section of the export, or None for a workshop without rooms,
    slots or sessions."""
    rooms = agenda.rooms(store, workshop["id"])
    slots = agenda.slots(store, workshop["id"])
    sessions = list(reversed(market.sessions(store, workshop["id"],
                                             include_hidden=refs.archive)))
    if not (rooms or slots or sessions):
        return None
    where = whereabouts(grid(store, workshop))
    pinned = agenda.placements(store, workshop["id"])
    people = who_took_part(store, workshop)
    entries = [session_entry(s, where.get(s["id"]), pinned.get(s["id"]), people, refs)
               for s in sessions]
    return {"day": workshop_day(workshop).isoformat(),
            "rooms": [{"name": r["name"], "capacity": r["capacity"]} for r in rooms],
            "slots": [{k: s[k] for k in ("starts", "ends", "plenary")} for s in slots],
            "sessions": sorted(entries, key=agenda_order)}


def who_took_part(store, workshop: dict) -> dict:
    """Per session id: who marked it ("interested"), who came ("attended") and its notes
    ("notes"), each in the order it happened."""
    people = {}
    for mark in market.interests(store, workshop["id"]):
        people.setdefault(mark["session_id"], {}).setdefault("interested", []).append(
            mark["participant_id"])
    for session_id, participant_id in breakouts.visits(store, workshop["id"]):
        people.setdefault(session_id, {}).setdefault("attended", []).append(participant_id)
    for note in breakouts.workshop_notes(store, workshop["id"]):
        people.setdefault(note["session_id"], {}).setdefault("notes", []).append(note)
    return people


def session_entry(session: dict, where: dict | None, placed: dict | None, people: dict,
                  refs) -> dict:
    took_part = people.get(session["id"], {})
    return {
        "title": session["title"], "line": session["line"],
        "convenor": refs.participants.get(session["participant_id"]),
        "convenor_name": session["convenor_name"], "co_convenors": session["co_convenors"],
        "hidden": bool(session["hidden"]),
        "room": where["room"]["name"] if where else None,
        "starts": where["slot"]["starts"] if where else None,
        "ends": where["slot"]["ends"] if where else None,
        "pinned": bool(placed and placed["pinned"]),
        "interested": [refs.participants[p] for p in took_part.get("interested", [])],
        "attended": [refs.participants[p] for p in took_part.get("attended", [])],
        "report": refs.topics.get(session["report_topic_id"]),
        "notes": [{"kind": n["kind"], "text": n["text"],
                   "author": refs.participants.get(n["participant_id"]),
                   "created_at": local_iso(n["created_at"])} for n in took_part.get("notes", [])],
    }


def agenda_order(entry: dict) -> tuple:
    """Sessions on the wall by time, then the rest in the order they were convened."""
    return (entry["starts"] is None, entry["starts"] or "")
