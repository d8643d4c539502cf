"""Activities: every kind of phase is one self-contained unit, found here by its key.

An activity lives in `workshop/activities/<key>/` with its routes, its SQL (queries.py),
its live parts and its templates (templates/participant.html, projector.html,
facilitator.html, and me.html for a phone's own pieces). It declares what it allows,
its settings, what it reads from earlier phases and what it adds to the export; the
engine (phases, realtime, views, the page shells, the method loader, the export
document) asks it and never names one. See docs/activities.md.

Activities register themselves (`@register`) when their package is imported;
`discover()` imports every package in this folder and the modules named in
settings.ACTIVITY_MODULES (an organisation's own activities).
"""

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Callable

from workshop.events import Event

REGISTRY: dict[str, "Activity"] = {}
# name of something readable -> the function that reads it: (store, workshop) -> value
READABLE: dict[str, Callable] = {}


class SettingError(ValueError):
    """A phase setting out of range or of the wrong kind; the message says which."""


@dataclass(frozen=True)
class Setting:
    """One setting of an activity: its default, and the values it accepts.

    A whole number from `low` to `high` (or to the value of the setting named by
    `high_from`), a yes/no (bool default), or one of `choices`. `label` is the English
    message id shown in forms; `form_field`, when set, is the create form's field that
    sets it for every phase of the activity; `choice_labels` name the choices in forms.
    """
    key: str
    default: Any
    label: str = ""
    low: int | None = None
    high: int | None = None
    choices: tuple[str, ...] = ()
    high_from: str = ""
    form_field: str = ""
    choice_labels: tuple[str, ...] = ()  # English message ids, one per choice

    def labelled_choices(self) -> list[tuple[str, str]]:
        """(value, label) for each choice, for a form's options: its label (a message id)
        when the setting gives labels, else the value itself ("—" for an empty one)."""
        return list(zip(self.choices, self.choice_labels or
                        tuple(choice or "—" for choice in self.choices)))

    def parse(self, raw: Any, values: dict) -> Any:
        """The checked value of `raw` (from a method file or a plan), given the settings
        parsed before it; SettingError if wrong."""
        if isinstance(self.default, bool):
            if not isinstance(raw, bool):
                raise SettingError(f"{self.key} must be true or false, not {raw!r}")
            return raw
        if self.choices:
            if raw not in self.choices:
                raise SettingError(f"{self.key} must be one of {list(self.choices)}, not {raw!r}")
            return raw
        if isinstance(self.default, int):
            high = self.upper(values)
            if not isinstance(raw, int) or isinstance(raw, bool) or not self.low <= raw <= high:
                raise SettingError(f"{self.key} must be a whole number from {self.low} to "
                                   f"{high}, not {raw!r}")
            return raw
        if not isinstance(raw, str):
            raise SettingError(f"{self.key} must be text, not {raw!r}")
        return raw

    def upper(self, values: dict) -> int:
        return values[self.high_from] if self.high_from else self.high

    def from_form(self, form, values: dict, field: str = "") -> Any:
        """The value a form gives in `field` (the create form's `form_field` unless
        named), given the settings read before it: a checkbox for yes/no, one of the
        choices, a whole number in range, or text; its default when left out. Refused
        with the field's label when wrong."""
        from workshop.guards import FieldMessage, Refused, int_field, text_field
        from workshop.i18n import lazy_gettext as _l
        from workshop.settings import TITLE_MAX_CHARS

        field, label = field or self.form_field, _l(self.label)
        if isinstance(self.default, bool):
            return form.get(field) == "on"
        if self.choices:
            chosen = str(form.get(field, self.default))
            if chosen not in self.choices:
                raise Refused(FieldMessage(_l("%(field)s must be one of the listed choices."),
                                           label), 422)
            return chosen
        if isinstance(self.default, int):
            high = self.upper(values)
            return int_field(form, field, self.low, high, label,
                             default=min(values.get(self.key, self.default), high))
        return text_field(form, field, TITLE_MAX_CHARS, label, required=False) or self.default


@dataclass
class Activity:
    """What a kind of phase is. One instance per activity, registered by key.

    - participant_actions / facilitator_actions: what a phone and the facilitator may do
      while a phase of this activity is the current one (guards.require_phase checks).
    - settings: the phase settings, each with its default and validation.
    - reads: the names of what it reads from earlier phases (see `provide`).
    - card_addon_for: names of item lists (e.g. "topics") whose cards carry this
      activity's piece (templates/card.html), e.g. the vote control on every topic.
    - order: where it sits among activities in exports, imports and side panels.
    """
    key: str
    folder: Path | None = None
    participant_actions: frozenset = frozenset()
    facilitator_actions: frozenset = frozenset()
    settings: tuple[Setting, ...] = ()
    reads: tuple[str, ...] = ()
    card_addon_for: tuple[str, ...] = ()
    routes: list = field(default_factory=list)
    events: tuple[Event, ...] = ()
    order: int = 100
    template_sources: dict[str, str] = field(default_factory=dict)
    name: str = ""  # English message id, shown where a facilitator picks activities
    new_state: Callable | None = None  # makes its per-app state (app.state.activity_state)
    # JSON Schema of the top-level sections its `export` adds ({section: schema}): the
    # export's schema is the engine's with these added (json_format.validator).
    export_schema: dict = field(default_factory=dict)
    _has: dict = field(default_factory=dict, repr=False)  # has_template's answers

    # Hooks: each activity overrides what it needs. `live` is the Realtime (store, counts).

    def stage(self, live, workshop: dict, phase, role: str) -> dict:
        """Context for this activity's stage block, rendered once for a whole room."""
        return {}

    def personal(self, store, workshop: dict, phase, participant: dict) -> dict:
        """Context only this phone sees (its dots, its card), for its page and me.html."""
        return {}

    def facilitator_links(self, workshop: dict) -> list[tuple[str, str]]:
        """Its pages for the facilitator's links: (label, path after /w/CODE/)."""
        return []

    def lists_shown(self, workshop: dict, phase, role: str) -> tuple[str, ...]:
        """The item lists (e.g. "topics") shown beside the stage while this is the phase."""
        return ()

    def someone_acted(self, live, workshop: dict, phase) -> bool:
        """Whether any phone has acted in this phase (then phones fetch their own pieces)."""
        return False

    def blank_personal(self, workshop: dict, phase) -> dict:
        """A phone's own state before it has done anything (its part of `me`)."""
        return {}

    def me_context(self, store, workshop: dict, phase, participant: dict, **hints) -> dict:
        """Extra context for me.html, the answer to this phone's own action."""
        return {}

    def counts(self, store, workshop: dict) -> list["Count"]:
        """Its lines in the participation counts (projector and facilitator)."""
        return []

    def panel(self, live, workshop: dict, phase, role: str) -> dict | None:
        """Context for a panel shown beside the stage in any phase (templates/
        panel-<role>.html), or None when it has nothing to show."""
        return None

    def panel_open(self, workshop: dict, phase) -> bool:
        """Whether the facilitator's page shows this panel open in `phase`; folded
        otherwise (one click opens it), so the page shows what the phase is about."""
        return phase.activity == self.key

    def card_context(self, store, workshop: dict) -> dict:
        """What this activity's card addon needs, for cards rendered for a whole room."""
        return {}

    def progress(self, live, workshop: dict, phase) -> dict | None:
        """Live progress of the phase for the projector's title line, e.g. {"done": 7,
        "of": 10, "text": "7 av 10 har röstat"}; None when there is none to tell. Pushed
        again whenever the counts are published ("participation")."""
        return None

    def finished(self, personal: dict) -> bool:
        """Whether this phone has done all it can in the phase (e.g. no dots left)."""
        return False

    def posted(self, state, store, workshop: dict, topics: list[dict]) -> None:
        """New posts arrived (from a phone, paper notes, an import is not one): `state` is
        this activity's per-app state (new_state), None without one."""

    def forget(self, state, workshop_id: int) -> None:
        """The workshop was deleted: drop what this activity's per-app state (new_state;
        None without one) keeps about it."""

    def imported(self, store, workshop: dict) -> None:
        """Every activity has written its sections of an imported export (a follow-up
        meeting): the last word, e.g. holding posts back in a youth-safe workshop."""

    def leave(self, store, workshop: dict, phase) -> None:
        """The exit hook: runs when the workshop leaves a phase of this activity."""

    def mark(self, store, workshop: dict, phase) -> Any:
        """Where its items stand as the phase is left (kept with the workshop), so that
        opening the phase again can say what is new; None when nothing to say."""
        return None

    def new_since(self, store, workshop: dict, phase, mark: Any) -> int:
        """How many items are new since the phase was left at `mark`."""
        return 0

    def export(self, store, workshop: dict, refs: "ExportRefs") -> dict:
        """What it adds to the export document: top-level sections, plus an optional
        "workshop" dict merged into the document's workshop entry and "group_results",
        its results per participant group (by_group.group_table, protected unless
        refs.archive), added to the document's list."""
        return {}

    def export_tables(self, document: dict) -> list:
        """Its tables in the spreadsheet, CSV and Markdown exports (exporting.tables.Table),
        made from its sections of the export document."""
        return []

    def import_problems(self, document: dict) -> list[str]:
        """References in its sections of an export that point nowhere (the schema cannot
        see them), each naming its place in the file."""
        return []

    def import_document(self, store, workshop: dict, document: dict,
                        refs: "ImportRefs") -> None:
        """Write its sections of an imported export into the new workshop."""

    def template(self, name: str) -> str:
        """The loader name of one of its templates, e.g. "activities/voting/participant.html"."""
        return f"activities/{self.key}/{name}"

    def has_template(self, name: str) -> bool:
        """Whether it has this template (asked on every render, so answered once)."""
        if name not in self._has:
            self._has[name] = name in self.template_sources or (
                self.folder is not None and (self.folder / "templates" / name).is_file())
        return self._has[name]

    def template_source(self, name: str) -> tuple[str, str | None]:
        """(source, file path or None): the template's text, for the Jinja loader."""
        if name in self.template_sources:
            return self.template_sources[name], None
        path = self.folder / "templates" / name
        return path.read_text(encoding="utf-8"), str(path)


class ExportsFromModule:
    """For an activity whose part of the export and import lives in a module of its own,
    named by `exports` on its class: export, export_tables, import_problems and
    import_document hand over to that module's export, tables, import_problems and
    import_document. Put it before Activity: class Values(ExportsFromModule, Activity)."""

    exports = None

    def export(self, store, workshop, refs):
        return self.exports.export(store, workshop, refs)

    def export_tables(self, document):
        return self.exports.tables(document)

    def import_problems(self, document):
        return self.exports.import_problems(document)

    def import_document(self, store, workshop, document, refs):
        self.exports.import_document(store, workshop, document, refs)


@dataclass(frozen=True)
class Count:
    """One participation count: `key` names it in the page (data-count), `label` follows
    the number on the projector, `sentence` is the facilitator's line (None: not shown
    there); on_projector is False until the count means something to the room."""
    key: str
    number: int
    label: str
    sentence: str | None = None
    on_projector: bool = True


@dataclass
class ExportRefs:
    """Numbers that make an export independent of database ids: participants as p1, p2 …
    in joining order, topics 1, 2 … in posting order. Only what the export holds has a
    number: without `archive`, topics the facilitator hid are left out, and so is every
    entry about them (a +1, a rating, a backlog source)."""
    participants: dict[int, str]
    topics: dict[int, int]
    # The facilitator's archive export: hidden topics and small groups' results too.
    archive: bool = False


@dataclass
class ImportRefs:
    """The reverse while importing: export ids (p1 …, topic numbers) to the new
    workshop's database ids, filled as the sections are written (topics first)."""
    participants: dict[str, int] = field(default_factory=dict)
    topics: dict[int, int] = field(default_factory=dict)


def register(activity: Activity) -> Activity:
    """Make an activity known by its key (a second one with the same key replaces it)."""
    REGISTRY[activity.key] = activity
    return activity


def provide(name: str):
    """Offer something later phases read, e.g. @provide("ranking") on a function
    (store, workshop) -> value. Activities read it with read(name, store, workshop)."""
    def offer(reader):
        READABLE[name] = reader
        return reader
    return offer


def read(name: str, store, workshop: dict):
    """What an earlier activity provides under `name` (see provide)."""
    return READABLE[name](store, workshop)


def get(key: str) -> Activity:
    discover()
    return REGISTRY[key]


def in_order() -> list[Activity]:
    discover()
    return sorted(REGISTRY.values(), key=lambda activity: (activity.order, activity.key))


def card_addons(list_name: str) -> list[Activity]:
    """The activities that put a piece on every card of an item list."""
    return [a for a in in_order() if list_name in a.card_addon_for and a.has_template("card.html")]


@cache
def discover() -> None:
    """Import every activity package here, then an organisation's own modules (once)."""
    from workshop.settings import ACTIVITY_MODULES

    for module in pkgutil.iter_modules(__path__):
        if module.ispkg:
            importlib.import_module(f"{__name__}.{module.name}")
    for name in ACTIVITY_MODULES:
        importlib.import_module(name)


def folder_of(module_file: str) -> Path:
    """The folder of an activity package, from its __init__.py's __file__."""
    return Path(module_file).parent

