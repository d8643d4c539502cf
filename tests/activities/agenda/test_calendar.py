"""The agenda as an iCalendar file: it parses back with the icalendar library, each
session at its Swedish local time, in winter and in summer time."""

from datetime import datetime, timedelta, timezone

from icalendar import Calendar

from tests.activities.agenda.built import built_workshop
from tests.activities.open_space import convene, go_to, ids_of, open_space, phone
from tests.flows import act, another_browser
from workshop.activities.agenda import queries
from workshop.activities.agenda.calendar import agenda_calendar


def events(ics: bytes) -> dict[str, dict]:
    calendar = Calendar.from_ical(ics)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    return {str(e["SUMMARY"]): {"start": e.decoded("DTSTART"), "end": e.decoded("DTEND"),
                                "location": str(e.get("LOCATION", "")),
                                "tzid": e["DTSTART"].params["TZID"]}
            for e in calendar.walk("VEVENT")}


def test_the_downloaded_agenda_parses_back_with_local_times(client):
    workshop = open_space(client)
    other, csrf = phone(client, workshop)
    session = convene(other, workshop, csrf, "Läxhjälp")
    go_to(client, workshop, "agenda")
    code, setup = workshop["code"], client.get(f"/w/{workshop['code']}/facilitator").text
    act(other, f"/w/{code}/agenda/claim", csrf, session=str(session),
        room=str(ids_of(setup, "room")["Utomhus"]), slot=str(ids_of(setup, "slot")["13:00"]))
    download = other.get(f"/w/{code}/agenda.ics")
    assert download.headers["content-type"].startswith("text/calendar")
    found = events(download.content)
    assert set(found) == {"Läxhjälp", "Lunch"}
    homework = found["Läxhjälp"]
    assert (homework["start"].hour, homework["start"].minute) == (13, 0)
    assert (homework["end"].hour, homework["end"].minute) == (13, 45)
    assert homework["tzid"] == "Europe/Stockholm" and homework["location"] == "Utomhus"
    assert str(homework["start"].tzinfo) == "Europe/Stockholm"


def test_summer_and_winter_days_keep_the_wall_clock_time(store):
    for created, offset in (("2026-06-15T07:00:00+00:00", 2), ("2026-01-15T07:00:00+00:00", 1)):
        built = built_workshop(store, sessions=1)
        store.db.execute("UPDATE workshops SET created_at = ? WHERE id = ?",
                         [created, built.workshop["id"]])
        workshop = store.workshop_by_id(built.workshop["id"])
        queries.claim(store, workshop["id"], built.sessions[0]["id"], built.rooms[0],
                      built.slots[0])
        start = events(agenda_calendar(store, workshop))["Session 0"]["start"]
        assert start.astimezone(timezone.utc) == datetime.fromisoformat(created[:10] + "T10:00") \
            .replace(tzinfo=timezone.utc) - timedelta(hours=offset)


def test_only_the_workshops_people_download_its_agenda(client):
    workshop = open_space(client)
    stranger = another_browser(client)
    assert stranger.get(f"/w/{workshop['code']}/agenda.ics").status_code == 403
