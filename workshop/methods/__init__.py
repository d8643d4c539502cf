"""Workshop methods as data: each *.toml file declares an ordered list of phases.

A phase names the view that shows it and the participant actions it allows;
the engine in phases.py knows nothing about any particular method.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

METHODS_DIR = Path(__file__).parent
VIEWS = {"welcome", "topics", "voting", "rating", "results"}
ACTIONS = {"post_topic", "vote", "rate"}
TRANSLATED_KEYS = ("name", "summary", "title", "prompt")


@dataclass(frozen=True)
class Phase:
    key: str
    view: str
    title: str
    prompt: str
    allows: frozenset[str]


@dataclass(frozen=True)
class Method:
    key: str
    name: str
    summary: str
    phases: tuple[Phase, ...]


class MethodError(ValueError):
    pass


def load_method(path: Path) -> Method:
    """Read and validate one method file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    phases = tuple(_phase(path, raw) for raw in data.get("phases", []))
    if not phases:
        raise MethodError(f"{path.name}: a method needs at least one phase")
    if len({p.key for p in phases}) != len(phases):
        raise MethodError(f"{path.name}: phase keys must be unique")
    return Method(data["key"], data["name"], data.get("summary", ""), phases)


def _phase(path: Path, raw: dict) -> Phase:
    allows = frozenset(raw.get("allows", []))
    if raw.get("view") not in VIEWS:
        raise MethodError(f"{path.name}: phase {raw.get('key')!r} has unknown view "
                          f"{raw.get('view')!r}; known: {sorted(VIEWS)}")
    if unknown := allows - ACTIONS:
        raise MethodError(f"{path.name}: phase {raw['key']!r} allows unknown "
                          f"actions {sorted(unknown)}")
    return Phase(raw["key"], raw["view"], raw["title"], raw.get("prompt", ""), allows)


def load_methods(directory: Path = METHODS_DIR) -> dict[str, Method]:
    methods = {}
    for path in sorted(directory.glob("*.toml")):
        method = load_method(path)
        methods[method.key] = method
    return methods


METHODS = load_methods()
DEFAULT_METHOD = "quick"


def extract_toml(fileobj, keywords, comment_tags, options):
    """Babel extractor: the translatable values of a method file."""
    for lineno, line in enumerate(fileobj.read().decode("utf-8").splitlines(), 1):
        key, _, value = line.partition("=")
        if key.strip() in TRANSLATED_KEYS and value.strip().startswith('"'):
            yield lineno, None, tomllib.loads(f"v = {value.strip()}")["v"], []
