"""The tables of a workshop export, each table's columns named once for every format.

A column is a translated header and how to get its cell from one entry of the
document: text, a whole number, a mean (float), a date, a Swedish wall-clock
datetime, or None.
XLSX and CSV write the same tables, so the two formats cannot drift apart.
Build tables inside `in_workshop_language(document)`: headers, yes/no and
statuses are in the workshop's language, not the facilitator's.
"""

import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from babel.support import LazyProxy

from workshop import activities, i18n
from workshop.activities.backlog.statuses import STATUSES
from workshop.activities.by_group import group_name, reason_text
from workshop.activities.rating.quick_wins import quick_win
from workshop.exporting.cells import stockholm_datetime
from workshop.i18n import _, lazy_gettext as _l
from workshop.methods import all_methods

TOP_TOPICS = 5


@dataclass(frozen=True)
class Column:
    header: LazyProxy  # translated when a table is built, in the workshop's language
    cell: Callable[[dict], object]


@dataclass(frozen=True)
class Table:
    name: str  # for file names: stays English whatever the workshop's language
    title: str
    headers: list[str]
    rows: list[list]


def in_workshop_language(document: dict):
    return i18n.language(document["workshop"]["language"])


def table(name: str, title: str, columns: list[Column], entries) -> Table:
    return Table(name, str(title), [str(c.header) for c in columns],
                 [[c.cell(entry) for c in columns] for entry in entries])


def export_tables(document: dict) -> list[Table]:
    """Backlog, themes, topics, ratings and votes, in the order a planner reads them;
    then the results per participant group and the groups they leave out, when the
    workshop has groups; then the tables of other activities (Activity.export_tables)."""
    tables = [backlog_table(document), themes_table(document), topics_table(document),
              ratings_table(document), votes_table(document)]
    if document.get("groups", {}).get("list"):
        tables += [group_results_table(document), hidden_groups_table(document)]
    return tables + activity_tables(document)


def activity_tables(document: dict) -> list[Table]:
    return [table for activity in activities.in_order()
            for table in activity.export_tables(document)]


def group_results_table(document: dict) -> Table:
    """Every result per group as rows (which result, the item, a column per group, and
    everyone): a hidden cell holds why it is hidden, never a number."""
    groups = group_columns(document)
    rows = [{"title": result["title"], "min_size": result["min_size"], **row,
             "cells": dict(zip([g["id"] for g in result["groups"]],
                               zip(row["values"], row["hidden"])))}
            for result in document["group_results"] for row in result["rows"]]

    def cell(row, group):
        value, why = row["cells"].get(group, (None, None))
        return hidden_text(why, row["min_size"]) if why else value

    return table("group_results", _("Results per group"), [
        Column(_l("Result"), lambda row: translated(row["title"])),
        Column(_l("Item"), lambda row: row["text"]),
        *[Column(group_name(label), lambda row, group=group: cell(row, group))
          for group, label in groups],
        Column(_l("Everyone"), lambda row: row["total"]),
    ], rows)


def hidden_groups_table(document: dict) -> Table:
    """The groups the results per group leave out, and why; in an archive export, a
    single row that says nothing was left out."""
    groups = document["groups"]
    if groups["archive"]:
        entries = [{"label": _("Archive export"), "why": archive_note(), "tables": ""}]
    else:
        entries = [{"label": group_name(hidden["label"]),
                    "why": hidden_text(hidden["hidden"], hidden["min_size"]),
                    "tables": ", ".join(translated(title) for title in hidden["tables"])}
                   for hidden in groups["hidden"]]
    return table("hidden_groups", _("Hidden groups"), [
        Column(_l("Group"), lambda entry: entry["label"]),
        Column(_l("Why"), lambda entry: entry["why"]),
        Column(_l("In"), lambda entry: entry["tables"]),
    ], entries)


def translated(message_id: str) -> str:
    """A title the document carries as an English message id, in the export's language."""
    return _(message_id)


def group_columns(document: dict) -> list[tuple[int | None, str | None]]:
    """The groups in order, then those who chose none."""
    return [(group["id"], group["label"]) for group in document["groups"]["list"]] + [
        (None, None)]


def hidden_text(reason: str, k: int) -> str:
    return _("Hidden:") + " " + reason_text(reason, k)


def archive_note() -> str:
    return _("This is an archive export: it holds the results of every group, small "
             "groups included. Do not publish it.")


def backlog_table(document: dict) -> Table:
    return table("backlog", _("Backlog"), [
        Column(_l("Priority"), lambda item: item["position"]),
        Column(_l("Title"), lambda item: item["title"]),
        Column(_l("Description"), lambda item: item["description"]),
        Column(_l("Theme"), lambda item: item["theme"]),
        Column(_l("Dots"), lambda item: item["votes"]),
        Column(_l("Impact"), lambda item: item["impact"]),
        Column(_l("Effort"), lambda item: item["effort"]),
        Column(_l("Quick win"), lambda item: yes_no(item["quick_win"])),
        Column(_l("Owner"), lambda item: item["owner"]),
        Column(_l("Next step"), lambda item: item["next_step"]),
        Column(_l("Due date"), lambda item: due_date(item["due_date"])),
        Column(_l("Status"), lambda item: str(STATUSES[item["status"]])),
        Column(_l("What happened since"), lambda item: item["update_note"]),
        Column(_l("From topics"), lambda item: numbers(item["sources"])),
    ], document["backlog"])


def themes_table(document: dict) -> Table:
    dots = theme_dots(document)
    voted = document["workshop"]["prioritise"] == "themes"
    return table("themes", _("Themes"), [
        Column(_l("Theme no."), lambda theme: theme["id"]),
        Column(_l("Theme"), lambda theme: theme["label"]),
        Column(_l("Topics"), lambda theme: numbers(sorted(theme["topics"]))),
        *([Column(_l("Dots"), lambda theme: dots[theme["id"]])] if voted else []),
        *rating_columns(document, "theme", document["themes"]),
    ], document["themes"])


def topics_table(document: dict) -> Table:
    return table("topics", _("Topics"), [
        Column(_l("Topic no."), lambda topic: topic["id"]),
        Column(_l("Topic"), lambda topic: topic["text"]),
        Column(_l("Dots"), lambda topic: topic["dots"]),
        *rating_columns(document, "topic", document["topics"]),
        *participant_columns(document, "author", _l("Author")),
        Column(_l("Hidden"), lambda topic: yes_no(topic["hidden"])),
        Column(_l("Merged into topic"), lambda topic: topic["merged_into"]),
        Column(_l("Posted"), lambda topic: stockholm_datetime(topic["created_at"])),
    ], document["topics"])


def ratings_table(document: dict) -> Table:
    return table("ratings", _("Ratings"), [
        *participant_columns(document, "participant", _l("Participant")),
        *item_columns(document, _l("Rated")),
        Column(_l("Impact"), lambda rating: rating["impact"]),
        Column(_l("Effort"), lambda rating: rating["effort"]),
    ], document["ratings"])


def votes_table(document: dict) -> Table:
    """Each participant's dots on a topic or, when the room voted on themes, a theme."""
    votes = [{**vote, "kind": "topic", "item": vote["topic"]} for vote in document["votes"]]
    votes += [{**vote, "kind": "theme", "item": vote["theme"]}
              for vote in document["theme_votes"]]
    return table("votes", _("Votes"), [
        *participant_columns(document, "participant", _l("Participant")),
        *item_columns(document, _l("Voted on")),
        Column(_l("Dots"), lambda vote: vote["dots"]),
    ], votes)


def item_columns(document: dict, header) -> list[Column]:
    """What a vote or rating is on: topic or theme, its number, its text."""
    texts = {**{("topic", t["id"]): t["text"] for t in document["topics"]},
             **{("theme", t["id"]): t["label"] for t in document["themes"]}}
    kinds = {"topic": _l("Topic"), "theme": _l("Theme")}
    return [Column(header, lambda entry: str(kinds[entry["kind"]])),
            Column(_l("No."), lambda entry: entry["item"]),
            Column(_l("Text"), lambda entry: texts[(entry["kind"], entry["item"])])]


def rating_columns(document: dict, kind: str, entries: list[dict]) -> list[Column]:
    """Mean impact and effort, how many rated, and the quick-win mark: the facilitator's,
    else the rule. Only when some of `entries` (topics or themes) were rated or marked;
    then empty for the rest."""
    means = rating_means(document, kind)
    if not means and all(entry["quick_win"] is None for entry in entries):
        return []
    unrated = {"impact": None, "effort": None, "raters": 0}

    def rated(entry, key):
        return means.get(entry["id"], unrated)[key]

    def mark(entry):
        if entry["quick_win"] is None and entry["id"] not in means:
            return None
        return yes_no(quick_win(entry["quick_win"], rated(entry, "impact"),
                                rated(entry, "effort")))

    return [Column(_l("Impact"), lambda entry: rated(entry, "impact")),
            Column(_l("Effort"), lambda entry: rated(entry, "effort")),
            Column(_l("Ratings"), lambda entry: rated(entry, "raters")),
            Column(_l("Quick win"), mark)]


def rating_means(document: dict, kind: str) -> dict[int, dict]:
    """Per rated topic or theme (`kind`): its mean impact and effort, to one decimal as
    Samla shows them, and how many rated it (raters)."""
    rated: dict[int, list[dict]] = {}
    for rating in document["ratings"]:
        if rating["kind"] == kind:
            rated.setdefault(rating["item"], []).append(rating)
    return {item: {"impact": round(statistics.mean(r["impact"] for r in ratings), 1),
                   "effort": round(statistics.mean(r["effort"] for r in ratings), 1),
                   "raters": len(ratings)}
            for item, ratings in rated.items()}


def rated_results(document: dict) -> list[dict]:
    """The topics or themes the room rated, as the live results list them
    (priorities.rating_results): text, mean impact and effort, raters and quick_win (the
    facilitator's mark, else the rule); quick wins first, then most impact for least effort."""
    if document["workshop"]["prioritise"] == "themes":
        kind, entries = "theme", [{**theme, "text": theme["label"]} for theme in
                                  document["themes"] if theme["id"] and theme["topics"]]
    else:
        kind, entries = "topic", ranked_topics(document)
    means = rating_means(document, kind)
    rated = []
    for entry in entries:
        if mean := means.get(entry["id"]):
            rated.append({"text": entry["text"], **mean,
                          "quick_win": quick_win(entry["quick_win"], mean["impact"],
                                                 mean["effort"])})
    return sorted(rated, key=lambda row: (not row["quick_win"], row["effort"] - row["impact"]))


def participant_columns(document: dict, key: str, header) -> list[Column]:
    """The anonymous id (p3), and the name beside it when the document carries names."""
    columns = [Column(header, lambda entry: entry[key])]
    names = {p["id"]: p["display_name"] for p in document["participants"]}
    if any(names.values()):
        columns.append(Column(_l("Name"), lambda entry: names.get(entry[key])))
    return columns


def yes_no(flag: bool) -> str:
    return _("Yes") if flag else _("No")


def due_date(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def numbers(ids: list[int]) -> int | str | None:
    """Topic numbers as one cell: a single one as a number (a spreadsheet sorts it, and
    does not flag it as a number stored as text), several as text "1, 2", none empty."""
    if len(ids) == 1:
        return ids[0]
    return ", ".join(str(n) for n in ids) or None


def summary(document: dict) -> list[tuple[str, object]]:
    """The headline facts below the title and question: date, method, how much happened."""
    workshop = document["workshop"]
    return [
        (_("Date"), stockholm_datetime(workshop["created_at"]).date()),
        (_("Method"), method_name(workshop["method"])),
        (_("Participants"), len(document["participants"])),
        (_("Topics"), len(ranked_topics(document))),
        (_("Dots"), dot_count(document)),
        (_("Backlog items"), len(document["backlog"])),
        (_("Quick wins"), len(quick_wins(document))),
        *group_summary(document),
    ]


def group_summary(document: dict) -> list[tuple[str, object]]:
    """With groups: which results per group are hidden and why, or that this is the
    archive export, which hides nothing."""
    groups = document.get("groups", {})
    if not groups.get("list"):
        return []
    if groups["archive"]:
        return [(_("Archive export"), archive_note())]
    return [(_("Hidden groups"), "; ".join(
        f"{group_name(hidden['label'])} ({reason_text(hidden['hidden'], hidden['min_size'])})"
        for hidden in groups["hidden"]) or _("None"))]


def method_name(key: str) -> str:
    """The method's translated name; its key when this Samla does not know the method."""
    methods = all_methods()
    return _(methods[key].name) if key in methods else key


def ranked_topics(document: dict) -> list[dict]:
    """Topics on the board (not hidden, not merged away), most dots first, ties oldest first."""
    on_board = [t for t in document["topics"] if not t["hidden"] and t["merged_into"] is None]
    return sorted(on_board, key=lambda topic: (-topic["dots"], topic["id"]))


def ranked_results(document: dict) -> list[dict]:
    """What the room voted on, most dots first: themes (Övrigt aside) when it voted on
    themes, else the topics on the board; each as its text and dots."""
    if document["workshop"]["prioritise"] != "themes":
        return [{"text": t["text"], "dots": t["dots"]} for t in ranked_topics(document)]
    dots = theme_dots(document)
    themes = sorted((t for t in document["themes"] if t["id"] and t["topics"]),
                    key=lambda theme: (-dots[theme["id"]], theme["id"]))
    return [{"text": theme["label"], "dots": dots[theme["id"]]} for theme in themes]


def theme_dots(document: dict) -> Counter:
    dots = Counter()
    for vote in document["theme_votes"]:
        dots[vote["theme"]] += vote["dots"]
    return dots


def dot_count(document: dict) -> int:
    """Every dot placed, on topics and on themes."""
    return sum(vote["dots"] for vote in [*document["votes"], *document["theme_votes"]])


def quick_wins(document: dict) -> list[dict]:
    return [item for item in document["backlog"] if item["quick_win"]]
