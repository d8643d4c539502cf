"""Results side by side per participant group, for any activity, with small groups hidden.

An activity with results per item (dots per topic, mean impact per theme, later an
allocation or a value on a scale) builds its table with `group_table`: it says how many
answered in each group and how to read one group's values; this module asks
suppression.protect which groups may be shown, and reads the values of those only. What
is hidden never enters a table, so no page, fragment, socket payload or export made from
one can carry it (the facilitator's archive export alone asks for `protected=False`).

A table is a plain dict, the same for templates and the export document:

    {"title": "Dots per group", "phase": "voting", "measure": "dots", "min_size": 5,
     "groups": [{"id": 1, "label": "Ung 13–17", "answered": 7, "hidden": None},
                {"id": 2, "label": "Vårdnadshavare", "answered": None,
                 "hidden": "fewer_than_k"},
                {"id": None, "label": None, "answered": 6, "hidden": None}],
     "rows": [{"item": 12, "text": "Fler fritidsgårdar", "total": 9,
               "values": [5, None, 0], "hidden": [None, "fewer_than_k", None]}]}

`id` None is those who chose no group ("Vill inte säga"), there when someone did; they
are a group of the partition, so that the groups add up to the total and cannot be
subtracted out.
"""

from collections.abc import Callable

from workshop import suppression
from workshop.i18n import gettext

Group = int | None
# SQL: the participants of one group (:group None: those who chose none). `IS` compares
# NULL too.
IN_GROUP = ("SELECT id FROM participants WHERE workshop_id = :w"
            " AND group_number IS :group")


def sees_groups(workshop: dict, role: str) -> bool:
    """Results per group are for the facilitator, and for the projector while the
    facilitator's switch shows them there; never on phones."""
    return role == "facilitator" or (role == "projector" and bool(workshop["groups_on_projector"]))


def partition(store, workshop: dict) -> dict[Group, str | None]:
    """The workshop's groups by number, then None when someone joined without one (no
    group chosen); {} without groups."""
    from workshop.groups import groups_of, members  # groups.py's routes import templates

    labels = {group["number"]: group["label"] for group in groups_of(store, workshop["id"])}
    if labels and members(store, workshop["id"]).get(None):
        labels[None] = None
    return labels


def group_table(store, workshop: dict, *, title: str, phase: str, measure: str,
                items: list[dict], answered: Callable[[], dict[Group, int]],
                values_of: Callable[[Group], dict[int, object]],
                answered_per_item: Callable[[Group], dict[int, int]] | None = None,
                k: int | None = None, protected: bool = True,
                missing: object = 0) -> dict | None:
    """One measure of one phase per group; None when the workshop has no groups.

    `items`: the room's rows in order, [{"id", "text", "total"}]. `answered()`: how many
    answered the phase in each group (a group missing: 0), asked only when the workshop
    has groups (a tally is pushed often; without groups a table costs one look-up).
    `values_of(group)`: that group's value per item id, read only for groups shown.
    `answered_per_item(group)`:
    when an answer may skip items (a rating card), how many answered each item, and each
    row is then protected on its own counts as well. `k`: the workshop's group_min_size
    unless given (a higher one for text). `protected` False (the archive export only):
    nothing hidden. `missing`: a shown group's value for an item it gave none (0 dots;
    None for a mean nobody in it gave).
    """
    groups = partition(store, workshop)
    if not groups:
        return None
    k = k or workshop["group_min_size"]
    answered = answered()
    counts = {group: answered.get(group, 0) for group in groups}
    hidden = suppression.protect(counts, k) if protected else {}
    shown = [group for group in groups if group not in hidden]
    values = {group: values_of(group) for group in shown}
    per_item = ({group: answered_per_item(group) for group in groups}
                if answered_per_item and protected else {})
    return {"title": title, "phase": phase, "measure": measure, "min_size": k,
            "groups": [column(group, groups[group], counts[group], hidden.get(group))
                       for group in groups],
            "rows": [row(item, groups, values, hidden, per_item, k, missing) for item in items]}


def column(group: Group, label: str | None, answered: int,
           hidden: suppression.Hidden | None) -> dict:
    return {"id": group, "label": label, "answered": None if hidden else answered,
            "hidden": hidden.reason if hidden else None}


def row(item: dict, groups: dict, values: dict, hidden: dict, per_item: dict, k: int,
        missing: object) -> dict:
    """One item's values per group: None where its group, or (with per-item counts) its
    cell of this row, is hidden."""
    cells = dict(hidden)
    if per_item:
        counts = {group: per_item[group].get(item["id"], 0) for group in groups}
        cells = {**suppression.protect(counts, k), **cells}
    return {"item": item["id"], "text": item["text"], "total": item["total"],
            "values": [None if group in cells else values[group].get(item["id"], missing)
                       for group in groups],
            "hidden": [cells[group].reason if group in cells else None for group in groups]}


def with_export_items(table: dict, numbers: dict[int, int] | None) -> dict:
    """A table with its items as the export numbers them (topics 1, 2 …; `numbers` by
    database id), or as they are (themes) when `numbers` is None."""
    if numbers is None:
        return table
    return {**table, "rows": [{**row, "item": numbers.get(row["item"], row["item"])}
                              for row in table["rows"]]}


def hidden_groups(tables: list[dict]) -> list[dict]:
    """Every group hidden in any of the tables, once, with why: [{"label", "hidden",
    "min_size", "tables": [titles]}], for an export's note on what it leaves out."""
    found: dict = {}
    for table in tables:
        for group in table["groups"]:
            if group["hidden"]:
                entry = found.setdefault(group["id"], {"id": group["id"], "label": group["label"],
                                                       "hidden": group["hidden"],
                                                       "min_size": table["min_size"],
                                                       "tables": []})
                entry["tables"].append(table["title"])
    return list(found.values())


def reason_text(reason: str, k: int) -> str:
    """Why a group or cell is hidden, as the page or export says it."""
    if reason == suppression.FEWER_THAN_K:
        return gettext("fewer than %(k)s answers", k=k)
    return gettext("so that a smaller group cannot be worked out from the total")


def group_name(label: str | None) -> str:
    """A group's label; those who chose none have none of their own."""
    return label if label is not None else gettext("No group chosen")


def text_groups(store, workshop: dict, answered: dict[Group, int],
                texts_of: Callable[[set], list[str]], chosen: set | None = None) -> list[dict]:
    """Free text attributed to groups, with the workshop's higher k for text
    (group_text_min_size): [{"id", "label", "answered", "hidden", "texts"}], texts read
    only for groups shown. `answered`: how many wrote in each group; `texts_of(groups)`:
    the texts of the participants of those groups. `chosen`: a filter that combines
    groups into one entry (id "chosen"), refused (CombinationRefused) when it, or the
    rest of the room, holds fewer than k writers (suppression.refused_combination)."""
    groups = partition(store, workshop)
    k = workshop["group_text_min_size"]
    counts = {group: answered.get(group, 0) for group in groups}
    if chosen is not None:
        chosen = {group for group in chosen if group in groups}
        if not chosen or suppression.refused_combination(counts, chosen, k):
            raise CombinationRefused(k)
        return [{"id": "chosen", "label": ", ".join(group_name(groups[g]) for g in chosen),
                 "answered": sum(counts[g] for g in chosen), "hidden": None,
                 "texts": texts_of(chosen)}]
    hidden = suppression.protect(counts, k)
    return [{**column(group, groups[group], counts[group], hidden.get(group)), "min_size": k,
             "texts": [] if group in hidden else texts_of({group})} for group in groups]


class CombinationRefused(ValueError):
    """A filter combining groups that would show, or by subtraction give away, fewer
    than k people's answers."""

    def __init__(self, k: int):
        super().__init__(f"fewer than {k} answers inside or outside the combination")
        self.k = k
