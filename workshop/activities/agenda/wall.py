"""The agenda wall's shape: the workshop's day and its slots as Swedish local times,
the grid of rooms × slots with the session in each cell, and what is on now and next.

Slots are kept as "HH:MM" local times (Europe/Stockholm) on the workshop's day, the
day it was created in Stockholm: an Open Space is a one-day event run on the day.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from workshop.activities.agenda import queries
from workshop.activities.marketplace import queries as market

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local_now() -> datetime:
    return datetime.now(STOCKHOLM)


def workshop_day(workshop: dict) -> date:
    """The day of the workshop: the date it was created, in Stockholm."""
    return datetime.fromisoformat(workshop["created_at"]).astimezone(STOCKHOLM).date()


def at(day: date, hh_mm: str) -> datetime:
    """A local time of the day as an aware datetime in Stockholm (summer time included)."""
    return datetime.combine(day, time.fromisoformat(hh_mm), STOCKHOLM)


def started_slots(workshop: dict, slots: list[dict], now: datetime) -> set[int]:
    """The slots that have begun by `now` (their sessions are under way or over)."""
    day = workshop_day(workshop)
    return {s["id"] for s in slots if at(day, s["starts"]) <= now}


def now_and_next(workshop: dict, slots: list[dict], now: datetime) -> tuple:
    """(the slot going on now or None, the next slot to start or None)."""
    day = workshop_day(workshop)
    current = next((s for s in slots if at(day, s["starts"]) <= now < at(day, s["ends"])),
                   None)
    coming = next((s for s in slots if at(day, s["starts"]) > now), None)
    return current, coming


def next_turn(workshop: dict, slots: list[dict], now: datetime) -> datetime | None:
    """When "Nu / Sedan" next changes: the first start or end of a slot after `now`."""
    day = workshop_day(workshop)
    times = [at(day, s[edge]) for s in slots for edge in ("starts", "ends")]
    return min((t for t in times if t > now), default=None)


def grid(store, workshop: dict) -> dict:
    """The wall: rooms, and per slot a row of cells (room, session or None); the
    sessions not on the wall yet (the facilitator's hidden ones left out everywhere)."""
    rooms = queries.rooms(store, workshop["id"])
    slots = queries.slots(store, workshop["id"])
    sessions = {s["id"]: s for s in market.sessions(store, workshop["id"])}
    placed = {(p["room_id"], p["slot_id"]): {**sessions[sid], "pinned": p["pinned"]}
              for sid, p in queries.placements(store, workshop["id"]).items()
              if sid in sessions}
    rows = [{"slot": slot, "cells": [{"room": room, "session": placed.get((room["id"], slot["id"]))}
                                     for room in rooms]} for slot in slots]
    on_wall = {cell["session"]["id"] for row in rows for cell in row["cells"] if cell["session"]}
    return {"rooms": rooms, "rows": rows,
            "unplaced": [s for s in sessions.values() if s["id"] not in on_wall]}


def whereabouts(wall: dict) -> dict[int, dict]:
    """Session id -> {room, slot} for every session on the wall."""
    return {cell["session"]["id"]: {"room": cell["room"], "slot": row["slot"]}
            for row in wall["rows"] for cell in row["cells"] if cell["session"]}


def now_next_context(wall: dict, workshop: dict, now: datetime) -> dict:
    """"Nu / Sedan": the sessions of the slot going on now and of the next, with rooms."""
    current, coming = now_and_next(workshop, [row["slot"] for row in wall["rows"]], now)

    def row_of(slot):
        return next(row for row in wall["rows"] if row["slot"]["id"] == slot["id"]) if slot \
            else None

    return {"now_row": row_of(current), "next_row": row_of(coming)}
