"""The agenda as an iCalendar file (RFC 5545), built with the `icalendar` library:
one event per session on the wall and per plenary slot, in Swedish local time.

Times carry TZID=Europe/Stockholm and the file has the matching VTIMEZONE (icalendar's
add_missing_timezones), which phone calendars need to place a local time; each event
has a UID that stays the same when the file is downloaded again, so a calendar
updates the event instead of adding a second one.
"""

from datetime import datetime, timezone

from icalendar import Calendar, Event

from workshop.activities.agenda.wall import at, grid, workshop_day

PRODUCT = "-//Samla//Open Space agenda//SV"


def agenda_calendar(store, workshop: dict) -> bytes:
    """The .ics file of the workshop's agenda."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", workshop["title"])
    day = workshop_day(workshop)
    for row in grid(store, workshop)["rows"]:
        slot = row["slot"]
        if slot["plenary"]:
            calendar.add_component(event(workshop, f"slot-{slot['id']}", slot["plenary"],
                                         "", at(day, slot["starts"]), at(day, slot["ends"])))
        for cell in row["cells"]:
            if session := cell["session"]:
                calendar.add_component(event(
                    workshop, f"session-{session['id']}", session["title"],
                    cell["room"]["name"], at(day, slot["starts"]), at(day, slot["ends"]),
                    session["line"]))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event(workshop: dict, key: str, summary: str, location: str, starts: datetime,
          ends: datetime, description: str = "") -> Event:
    entry = Event()
    entry.add("uid", f"{key}.{workshop['code']}@samla")
    entry.add("dtstamp", datetime.now(timezone.utc))
    entry.add("summary", summary)
    entry.add("dtstart", starts)
    entry.add("dtend", ends)
    if location:
        entry.add("location", location)
    if description:
        entry.add("description", description)
    return entry
