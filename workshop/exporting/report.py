"""The printable report: what a facilitator hands to politicians, made from the document.

It prints to a clean PDF from a browser; as a file (CLI) it carries its own CSS.
"""

from workshop import i18n
from workshop.exporting.tables import dot_count, quick_wins, ranked_results, ranked_topics
from workshop.settings import PACKAGE_DIR
from workshop.templating import MATRIX_MARGIN, MATRIX_SIZE, env

REPORT_CSS = PACKAGE_DIR / "static" / "report.css"


def report_html(document: dict, standalone: bool = False) -> str:
    """The report page; standalone inlines its CSS so the file works anywhere."""
    with i18n.language(document["workshop"]["language"]):
        return env.get_template("report.html").render(
            **report_context(document),
            inline_css=REPORT_CSS.read_text(encoding="utf-8") if standalone else None)


def report_context(document: dict) -> dict:
    topics = {t["id"]: t for t in document["topics"]}
    shown = sorted(ranked_topics(document), key=lambda t: t["id"])
    results = ranked_results(document)
    top = max((item["dots"] for item in results), default=0)
    return {
        "document": document,
        "workshop": document["workshop"],
        "topic_count": len(shown),
        "results": [{**item, "share": round(100 * item["dots"] / top) if top else 0}
                    for item in results],
        "merged": {t["id"]: [m["text"] for m in document["topics"] if m["merged_into"] == t["id"]]
                   for t in shown},
        "matrix": matrix_points([{**item, "number": item["position"]}
                                 for item in document["backlog"]]),
        "quick_wins": quick_wins(document),
        "theme_groups": theme_groups(document, shown, topics),
        "participant_count": len(document["participants"]),
        "dot_count": dot_count(document),
    }


def theme_groups(document: dict, shown: list[dict], topics: dict) -> list[dict]:
    """Every shown topic under its theme; one group of all topics while there are no themes."""
    if not document["themes"]:
        return [{"label": None, "topics": shown}]
    grouped = {t for theme in document["themes"] for t in theme["topics"]}
    ungrouped = [t for t in shown if t["id"] not in grouped]
    return [{"label": theme["label"], "topics": [topics[t] for t in theme["topics"]]}
            for theme in document["themes"]] + (
        [{"label": i18n.gettext("Not in a theme yet"), "topics": ungrouped}] if ungrouped else [])


def matrix_points(items: list[dict]) -> list[dict]:
    """Where each rated item (backlog item, or the mean ratings of a theme or topic) sits
    on the impact/effort matrix, in SVG units (ui.matrix draws it).

    Effort runs left (low) to right, impact bottom (low) to top, so quick wins sit
    top left. Items on the same spot are fanned out around it to stay readable.
    """
    cell = (MATRIX_SIZE - 2 * MATRIX_MARGIN) / 4
    spots: dict[tuple[int, int], list[dict]] = {}
    for item in items:
        if item["impact"] is not None and item["effort"] is not None:
            spots.setdefault((item["effort"], item["impact"]), []).append(item)
    points = []
    for (effort, impact), together in spots.items():
        x = MATRIX_MARGIN + (effort - 1) * cell
        y = MATRIX_SIZE - MATRIX_MARGIN - (impact - 1) * cell
        for n, item in enumerate(together):
            dx, dy = FAN[n % len(FAN)]
            points.append({"x": round(x + dx), "y": round(y + dy), "item": item})
    return points


FAN = ((0, 0), (14, 0), (-14, 0), (0, 14), (0, -14), (10, 10), (-10, -10), (10, -10), (-10, 10))
