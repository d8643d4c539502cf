"""Workshop methods as files: each *.toml declares an ordered list of phases, and a phase
is an activity with its settings, a title and a prompt.

Titles and prompts are English message ids (Swedish in the catalog). The shipped
methods live beside this file; an organisation's own lie in settings.METHODS_DIR and
appear in the create form with no code change. A broken file is reported with its
file, line and reason, and every other method still loads.
"""

import json
import logging
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType

from workshop import activities, settings
from workshop.activities import SettingError

log = logging.getLogger(__name__)
SHIPPED_DIR = Path(__file__).parent
TRANSLATED_KEYS = ("name", "summary", "title", "prompt", "label")
DEFAULT_METHOD = "quick"


@dataclass(frozen=True)
class Phase:
    key: str
    activity: str
    title: str
    prompt: str
    settings: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    @property
    def allows(self) -> frozenset[str]:
        """What participants may do while this phase is the current one."""
        return activities.get(self.activity).participant_actions

    def as_plan_entry(self) -> dict:
        return {"key": self.key, "activity": self.activity, "title": self.title,
                "prompt": self.prompt, "settings": dict(self.settings)}


@dataclass(frozen=True)
class Method:
    """A method file: its phases, and `youth_safe = true` when its workshops start in
    youth-safe mode (no names, the personal-data guard, plain language)."""
    key: str
    name: str
    summary: str
    phases: tuple[Phase, ...]
    groups: tuple[str, ...] = ()  # default participant groups, English message ids
    youth_safe: bool = False


class MethodError(ValueError):
    """A method file Samla cannot use; the message names the file, the line and why."""


def phase_of(entry: dict) -> Phase:
    """A phase from a plan entry (a dict as stored with a workshop), settings checked
    and completed with the activity's defaults; SettingError or KeyError if wrong."""
    activity = activities.get(entry["activity"])
    given = entry.get("settings", {})
    known = {setting.key: setting for setting in activity.settings}
    if unknown := sorted(set(given) - set(known)):
        raise SettingError(f"unknown setting {unknown[0]!r} for activity {activity.key!r}")
    values = {}
    for key, setting in known.items():
        values[key] = setting.parse(given[key], values) if key in given else setting.default
    return Phase(entry["key"], activity.key, entry["title"], entry.get("prompt", ""),
                 MappingProxyType(values))


def load_method(path: Path) -> Method:
    """Read and check one method file; MethodError naming file, line and reason."""
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MethodError(f"{path}: {error}")
    for name in ("key", "name"):
        if not isinstance(data.get(name), str):
            raise MethodError(f"{path}: line 1: the method needs a {name} (text)")
    raw_phases = data.get("phases", [])
    if not raw_phases:
        raise MethodError(f"{path}: line 1: a method needs at least one [[phases]]")
    phases = tuple(_phase(path, text, number, raw) for number, raw in enumerate(raw_phases))
    if len({p.key for p in phases}) != len(phases):
        raise MethodError(f"{path}: line 1: phase keys must be unique")
    if not isinstance(youth_safe := data.get("youth_safe", False), bool):
        raise MethodError(f"{path}: line {_key_line(text, 'youth_safe')}: youth_safe must be "
                          f"true or false, not {youth_safe!r}")
    return Method(data["key"], data["name"], data.get("summary", ""), phases,
                  _groups(path, data.get("groups", [])), youth_safe)


def _groups(path: Path, raw: list) -> tuple[str, ...]:
    """The labels of a method's default groups ([[groups]] label = "…")."""
    if not isinstance(raw, list) or not all(
            isinstance(group, dict) and isinstance(group.get("label"), str) for group in raw):
        raise MethodError(f"{path}: line 1: each [[groups]] needs a label (text)")
    return tuple(group["label"] for group in raw)


def _key_line(text: str, key: str) -> int:
    """The line of a top-level `key = …` (1-based), for error messages."""
    return next((n for n, line in enumerate(text.splitlines(), 1)
                 if re.match(rf"\s*{key}\s*=", line)), 1)


def _phase(path: Path, text: str, number: int, raw: dict) -> Phase:
    line = _phase_line(text, number)
    if not isinstance(raw.get("key"), str) or not isinstance(raw.get("title"), str):
        raise MethodError(f"{path}: line {line}: a phase needs a key and a title")
    activities.discover()
    if raw.get("activity") not in activities.REGISTRY:
        raise MethodError(f"{path}: line {line}: phase {raw['key']!r} has unknown activity "
                          f"{raw.get('activity')!r}; known: {sorted(activities.REGISTRY)}")
    try:
        return phase_of(raw)
    except SettingError as error:
        raise MethodError(f"{path}: line {line}: phase {raw['key']!r}: {error}")


def _phase_line(text: str, number: int) -> int:
    """The line of the number-th [[phases]] header (1-based), for error messages."""
    headers = [n for n, line in enumerate(text.splitlines(), 1)
               if re.match(r"\s*\[\[\s*phases\s*\]\]", line)]
    return headers[number] if number < len(headers) else 1


def load_methods(*directories: Path) -> tuple[dict[str, Method], list[str]]:
    """Every method in the folders, later folders adding to (never replacing) earlier
    ones; with the problems of the files that could not be used."""
    methods, problems = {}, []
    for directory in directories:
        for path in sorted(Path(directory).glob("*.toml")):
            try:
                method = load_method(path)
            except MethodError as error:
                problems.append(str(error))
                continue
            if method.key in methods:
                problems.append(f"{path}: line 1: method key {method.key!r} is taken")
                continue
            methods[method.key] = method
    return methods, problems


@cache
def catalogue() -> tuple[dict[str, Method], tuple[str, ...]]:
    """The methods this server offers, and the problems found loading them (once)."""
    activities.discover()
    directories = [SHIPPED_DIR, *([settings.METHODS_DIR] if settings.METHODS_DIR else [])]
    methods, problems = load_methods(*directories)
    for problem in problems:
        log.warning("method file not loaded: %s", problem)
    return methods, tuple(problems)


def all_methods() -> dict[str, Method]:
    return catalogue()[0]


def plan_json(phases) -> str:
    """A workshop's own plan as stored with it: the phases, settings included."""
    return json.dumps([phase.as_plan_entry() for phase in phases], ensure_ascii=False)


@cache
def plan_from_json(plan: str) -> tuple[Phase, ...]:
    """The phases of a stored plan (cached: the same plan text is parsed once)."""
    return tuple(phase_of(entry) for entry in json.loads(plan))


def extract_toml(fileobj, keywords, comment_tags, options):
    """Babel extractor: the translatable values of a method file."""
    for lineno, line in enumerate(fileobj.read().decode("utf-8").splitlines(), 1):
        key, _, value = line.partition("=")
        if key.strip() in TRANSLATED_KEYS and value.strip().startswith('"'):
            yield lineno, None, tomllib.loads(f"v = {value.strip()}")["v"], []


def plan_for(method_key: str, settings: dict[str, dict] | None = None) -> str:
    """The plan of a shipped (or the organisation's) method as stored with a workshop,
    with settings given per activity key, e.g. {"voting": {"dots": 8}}."""
    settings = settings or {}
    return plan_json(phase_of({**phase.as_plan_entry(), "settings": {
        **phase.settings, **settings.get(phase.activity, {})}})
        for phase in all_methods()[method_key].phases)
