"""An export's "open_space" section written into the imported workshop: rooms, slots,
sessions where they were on the wall, interest marks, who came and every note."""

from collections import Counter

from workshop.activities.agenda import queries as agenda
from workshop.activities.breakouts import queries as breakouts
from workshop.activities.marketplace import queries as market
from workshop.exporting.json_format import utc
from workshop.settings import (
    NOTES_PER_PARTICIPANT_AND_SESSION,
    ROOMS_PER_WORKSHOP,
    SESSIONS_PER_PARTICIPANT,
    SLOTS_PER_WORKSHOP,
)


def import_problems(document: dict) -> list[str]:
    """People and places the section names that the document does not hold, and what a
    live tap would refuse: more sessions by one convenor, or notes by one person in one
    session, than the settings allow."""
    if "open_space" not in document:
        return []
    section = document["open_space"]
    people = {p["id"] for p in document["participants"]} | {None}
    rooms = {r["name"] for r in section["rooms"]}
    starts = {s["starts"] for s in section["slots"]}
    problems = []
    for number, session in enumerate(section["sessions"], 1):
        named = [session["convenor"], *session["interested"], *session["attended"],
                 *(n["author"] for n in session["notes"])]
        if set(named) - people:
            problems.append(f"open_space → sessions → {number}: an unknown participant")
        if session["room"] is not None and (session["room"] not in rooms
                                            or session["starts"] not in starts):
            problems.append(f"open_space → sessions → {number}: an unknown room or time")
        notes_by = Counter(n["author"] for n in session["notes"] if n["author"])
        if notes_by and max(notes_by.values()) > NOTES_PER_PARTICIPANT_AND_SESSION:
            problems.append(f"open_space → sessions → {number}: more than "
                            f"{NOTES_PER_PARTICIPANT_AND_SESSION} notes by one participant")
    convening = Counter(s["convenor"] for s in section["sessions"] if s["convenor"])
    if convening and max(convening.values()) > SESSIONS_PER_PARTICIPANT:
        problems.append(f"open_space → sessions: more than {SESSIONS_PER_PARTICIPANT} "
                        "sessions by one convenor")
    return problems


def import_proceedings(store, workshop: dict, section: dict, refs) -> None:
    for room in section["rooms"]:
        agenda.add_room(store, workshop["id"], room["name"], room["capacity"], ROOMS_PER_WORKSHOP)
    for slot in section["slots"]:
        agenda.add_slot(store, workshop["id"], slot["starts"], slot["ends"], slot["plenary"],
                        SLOTS_PER_WORKSHOP)
    rooms = {r["name"]: r["id"] for r in agenda.rooms(store, workshop["id"])}
    slots = {s["starts"]: s["id"] for s in agenda.slots(store, workshop["id"])}
    for entry in section["sessions"]:
        session = import_session(store, workshop, entry, refs)
        if entry["room"] is not None:
            agenda.claim(store, workshop["id"], session["id"], rooms[entry["room"]],
                         slots[entry["starts"]], pinned=entry["pinned"])


def import_session(store, workshop: dict, entry: dict, refs) -> dict:
    session = market.convene(store, workshop["id"], refs.participants.get(entry["convenor"]),
                             {k: entry[k] for k in ("title", "line", "convenor_name",
                                                    "co_convenors")}, 2**31, 2**31)
    if entry["report"] is not None:
        market.set_report(store, session["id"], refs.topics[entry["report"]])
    for person in entry["interested"]:
        market.set_interest(store, workshop["id"], session["id"], refs.participants[person],
                            True)
    for person in entry["attended"]:
        breakouts.insert_imported_visit(store, session["id"], refs.participants[person])
    for note in entry["notes"]:
        breakouts.insert_imported_note(store, workshop["id"], session["id"],
                                       refs.participants.get(note["author"]), note["kind"],
                                       note["text"], utc(note["created_at"]))
    market.set_hidden(store, session["id"], entry["hidden"])  # after its marks: they need it open
    return session
