"""The JSON export: the canonical document as UTF-8 JSON, and its versioned schema."""

import json
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

from workshop import activities

SCHEMA_PATH = Path(__file__).with_name("workshop-export.schema.json")


def to_json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def utc(timestamp: str) -> str:
    """An export's time (ISO 8601 with an offset) in UTC, as Samla stores times.

    ValueError for a day or offset that does not exist, OverflowError past year 9999.
    """
    return datetime.fromisoformat(timestamp).astimezone(timezone.utc).isoformat(
        timespec="seconds")


@cache
def validator():
    """The schema's validator (jsonschema's Draft202012Validator), made when an import
    first needs it: jsonschema is 8 MB that a server without imports never loads."""
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    for activity in activities.in_order():
        schema["properties"].update(activity.export_schema)
    formats = jsonschema.FormatChecker(jsonschema.Draft202012Validator.FORMAT_CHECKER.checkers)
    # jsonschema checks "date-time" only with an optional package; the pattern alone
    # would let "2026-13-45T25:00:00+99:00" through to the import.
    formats.checks("date-time", raises=(ValueError, OverflowError))(utc)
    return jsonschema.Draft202012Validator(schema, format_checker=formats)


def schema_problems(document) -> list[str]:
    """Where a document breaks the schema, e.g. "backlog → 2 → status: 'doing' is not one of …"."""
    return [" → ".join(str(p) for p in error.absolute_path) + ": " + error.message
            if error.absolute_path else error.message
            for error in sorted(validator().iter_errors(document), key=lambda e: e.path)]
