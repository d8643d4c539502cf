"""The JSON export: the canonical document as UTF-8 JSON, and its versioned schema."""

import json
from functools import cache
from pathlib import Path

import jsonschema

SCHEMA_PATH = Path(__file__).with_name("workshop-export.schema.json")


def to_json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@cache
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def schema_problems(document) -> list[str]:
    """Where a document breaks the schema, e.g. "backlog → 2 → status: 'doing' is not one of …"."""
    return [" → ".join(str(p) for p in error.absolute_path) + ": " + error.message
            if error.absolute_path else error.message
            for error in sorted(validator().iter_errors(document), key=lambda e: e.path)]
