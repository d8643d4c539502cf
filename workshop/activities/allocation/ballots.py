"""A phone's 100 points: what its form holds while it works (a draft), the steppers'
steps, and the rule every saved allocation keeps, on every path in (a phone's save,
an import): every option a whole number from 0 to 100, together exactly 100."""

from workshop.guards import FieldMessage, Refused, int_field
from workshop.i18n import lazy_gettext as _l

TOTAL = 100
STEPS = (5, 1)  # the steppers' sizes, each as − and +
OPTIONS_MAX = 12  # fits a phone's screen and the projector's chart
OPTION_MAX_CHARS = 80


def field_name(number: int) -> str:
    return f"points-{number}"


def draft_points(form, options: list[dict]) -> tuple[dict[int, int], list[int]]:
    """What the form holds: points per option (an empty field is 0; one that is not a
    whole number from 0 to 100 counts as 0), and the options whose field is not."""
    points, wrong = {}, []
    for option in options:
        raw = str(form.get(field_name(option["number"]), "")).strip() or "0"
        value = int(raw) if raw.isascii() and raw.isdigit() else -1
        if not 0 <= value <= TOTAL:
            wrong.append(option["number"])
        points[option["number"]] = value if 0 <= value <= TOTAL else 0
    return points, wrong


def nudged(points: dict[int, int], nudge: str) -> dict[int, int]:
    """The points after a stepper ("3:+5": option 3, five more): within 0 and what is
    left, never touching another option. An unknown option or step changes nothing."""
    option, _, step = nudge.partition(":")
    try:
        option, step = int(option), int(step)
    except ValueError:
        return points
    if option not in points or abs(step) not in STEPS:
        return points
    left = TOTAL - sum(points.values())
    value = points[option] + (min(step, max(left, 0)) if step > 0 else step)
    return {**points, option: max(0, value)}


def saved_points(form, options: list[dict]) -> dict[int, int]:
    """The allocation a phone saves: every option's field a whole number from 0 to 100,
    together exactly 100; Refused (422) naming what is wrong otherwise."""
    points = {option["number"]: int_field(form, field_name(option["number"]), 0, TOTAL,
                                          option["text"], default=0)
              for option in options}
    if (given := sum(points.values())) != TOTAL:
        raise Refused(FieldMessage(_l("You have given %(given)s of 100 points. Together they "
                                      "must make exactly 100; nothing was saved."), "",
                                   given=given), 422)
    return points


def sum_problem(points: list[int], options: int) -> str | None:
    """Why an allocation from an export breaks the rule (in English, for the import's
    message), or None: one whole number 0-100 per option, together 100."""
    if len(points) != options:
        return f"{len(points)} numbers for {options} options"
    if sum(points) != TOTAL:
        return f"the points make {sum(points)}, not 100"
    return None
