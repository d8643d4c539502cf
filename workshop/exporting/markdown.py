"""The workshop as Markdown, to paste into a wiki page or an e-mail.

Participants' text is shown as written: Markdown syntax in it is escaped, so a
topic can neither break the backlog table nor turn into a link or a heading.
"""

import re

from workshop.exporting.cells import text_cell
from workshop.exporting.tables import (
    TOP_TOPICS,
    Table,
    activity_tables,
    backlog_table,
    group_results_table,
    in_workshop_language,
    quick_wins,
    ranked_results,
    ranked_topics,
    summary,
)
from workshop.i18n import _, ngettext

MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]<>|#])")
BULLET_START = re.compile(r"^([-+])(?=\s)")
NUMBER_START = re.compile(r"^(\d+)\.(?=\s)")


def markdown(document: dict) -> str:
    """Title, question, summary, results, quick wins, backlog table and every visible topic."""
    workshop = document["workshop"]
    with in_workshop_language(document):
        blocks = [f"# {markdown_text(workshop['title'])}",
                  markdown_text(workshop["description"]),
                  "## " + _("Summary"),
                  "\n".join(f"- **{label}:** {markdown_cell(value)}"
                            for label, value in summary(document)),
                  *results_section(document),
                  *group_results_section(document),
                  *quick_wins_section(document),
                  *backlog_section(document),
                  *all_topics_section(document),
                  *(block for table in activity_tables(document) if table.rows
                    for block in table_section(table))]
    return "\n\n".join(block for block in blocks if block) + "\n"


def results_section(document: dict) -> list[str]:
    top = ranked_results(document)[:TOP_TOPICS]
    if not top:
        return []
    return ["## " + _("Results"),
            "\n".join(f"{rank}. {markdown_text(item['text'])} ({dots_text(item['dots'])})"
                      for rank, item in enumerate(top, 1))]


def group_results_section(document: dict) -> list[str]:
    """Each result per group as a table; hidden cells say why (the summary lists the
    hidden groups)."""
    if not document.get("groups", {}).get("list") or not document["group_results"]:
        return []
    grouped = group_results_table(document)
    blocks = ["## " + _("Results per group")]
    lines = [table_row([markdown_cell(header) for header in grouped.headers]),
             table_row(["---"] * len(grouped.headers)),
             *(table_row([markdown_cell(value) for value in row]) for row in grouped.rows)]
    return blocks + ["\n".join(lines)]


def quick_wins_section(document: dict) -> list[str]:
    items = quick_wins(document)
    if not items:
        return []
    return ["## " + _("Quick wins"),
            "\n".join(f"- {markdown_text(item['title'])}" for item in items)]


def backlog_section(document: dict) -> list[str]:
    backlog = backlog_table(document)
    return table_section(backlog) if backlog.rows else []


def table_section(table: Table) -> list[str]:
    """A table under its title as a heading."""
    lines = [table_row(table.headers), table_row(["---"] * len(table.headers)),
             *(table_row([markdown_cell(value) for value in row]) for row in table.rows)]
    return ["## " + markdown_text(table.title), "\n".join(lines)]


def all_topics_section(document: dict) -> list[str]:
    """Every topic on the board, most dots first; merged topics under the one they joined."""
    topics = ranked_topics(document)
    if not topics:
        return []
    merged: dict[int, list[dict]] = {}
    for topic in document["topics"]:
        if topic["merged_into"] is not None and not topic["hidden"]:
            merged.setdefault(topic["merged_into"], []).append(topic)
    lines = []
    for topic in topics:
        lines.append(f"- {markdown_text(topic['text'])} ({dots_text(topic['dots'])})")
        lines.extend(f"  - {markdown_text(source['text'])}"
                     for source in merged.get(topic["id"], []))
    return ["## " + _("All topics"), "\n".join(lines)]


def table_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def dots_text(dots: int) -> str:
    return ngettext("%(num)s dot", "%(num)s dots", dots)


def markdown_cell(value) -> str:
    return text_cell(value, markdown_text)


def markdown_text(text: str) -> str:
    """Text shown as written: Markdown syntax escaped, line breaks as <br> (safe in tables)."""
    text = MARKDOWN_SYNTAX.sub(r"\\\1", text)
    text = NUMBER_START.sub(r"\1\\.", BULLET_START.sub(r"\\\1", text))
    return "<br>".join(text.splitlines())
