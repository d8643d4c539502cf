"""The printable report: what a facilitator hands to politicians, made from the document.

It prints to a clean PDF from a browser; as a file (download, CLI) it carries its own CSS.
"""

import math

from markupsafe import Markup

from workshop import i18n
from workshop.exporting.tables import (
    dot_count,
    group_summary,
    quick_wins,
    ranked_results,
    ranked_topics,
    rated_results,
)
from workshop.settings import PACKAGE_DIR
from workshop.templating import MATRIX_MARGIN, MATRIX_SIZE, env

REPORT_CSS = PACKAGE_DIR / "static" / "report.css"
MARKER_RADIUS = 11  # ui.matrix_svg's circles, in SVG units
MARKER_SPACING = 2 * MARKER_RADIUS + 2  # centres this far apart leave every number clear


def report_html(document: dict, standalone: bool = False) -> str:
    """The report page; standalone inlines its CSS so the file works anywhere."""
    with i18n.language(document["workshop"]["language"]):
        return env.get_template("report.html").render(
            **report_context(document), inline_css=report_css() if standalone else None)


def report_css() -> Markup:
    """Samla's own style sheet, marked safe: escaped, its quotes ("Segoe UI") would break
    the rules that hold them, and the report would print in a serif fallback."""
    return Markup(REPORT_CSS.read_text(encoding="utf-8"))


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
        "matrix": matrix_points([{**row, "number": number}
                                 for number, row in enumerate(rated_results(document), 1)]),
        "quick_wins": quick_wins(document),
        "theme_groups": theme_groups(document, shown, topics),
        "participant_count": len(document["participants"]),
        "dot_count": dot_count(document),
        "group_results": document["group_results"] if document["groups"]["list"] else [],
        "group_summary": group_summary(document),
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
    """Where each rated item (the mean ratings of a theme or topic) sits on the
    impact/effort matrix, in SVG units (ui.matrix_svg draws it): a list of {x, y, item}.

    Effort runs left (low) to right, impact bottom (low) to top, so quick wins sit
    top left. An item whose marker would cover another's (the same or nearly the same
    means) moves to the nearest free spot around its own, so every number stays
    readable; the table beside the matrix gives the exact values.
    """
    cell = (MATRIX_SIZE - 2 * MATRIX_MARGIN) / 4
    points = []
    for item in items:
        if item["impact"] is not None and item["effort"] is not None:
            x = MATRIX_MARGIN + (item["effort"] - 1) * cell
            y = MATRIX_SIZE - MATRIX_MARGIN - (item["impact"] - 1) * cell
            x, y = free_spot(x, y, [(point["x"], point["y"]) for point in points])
            points.append({"x": x, "y": y, "item": item})
    return points


def free_spot(x: float, y: float, taken: list[tuple[int, int]]) -> tuple[int, int]:
    """The first of `spots_around(x, y)` at least MARKER_SPACING from every taken centre;
    (x, y) itself when the whole frame is full."""
    return next((spot for spot in spots_around(x, y)
                 if all(math.dist(spot, other) >= MARKER_SPACING for other in taken)),
                (round(x), round(y)))


def spots_around(x: float, y: float):
    """(x, y), then rings around it one marker apart (6 spots on the first ring, 12 on
    the second …, a hexagonal packing), nearest first; only spots within the frame."""
    yield round(x), round(y)
    rings = math.ceil((MATRIX_SIZE - 2 * MATRIX_MARGIN) / MARKER_SPACING)
    for ring in range(1, rings + 1):
        for step in range(6 * ring):
            angle = 2 * math.pi * step / (6 * ring)
            spot = (round(x + ring * MARKER_SPACING * math.cos(angle)),
                    round(y - ring * MARKER_SPACING * math.sin(angle)))
            if all(MATRIX_MARGIN <= value <= MATRIX_SIZE - MATRIX_MARGIN for value in spot):
                yield spot
