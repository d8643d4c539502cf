"""One allocation phase as a Pabulib file (.pb), the plain-text format participatory-
budgeting research reads (pabulib.org/format; Faliszewski et al., "Participatory
Budgeting: Data, Tools, and Analysis", IJCAI 2023).

A UTF-8 file of three sections, each a title line (META, PROJECTS, VOTES), a header line
and rows, fields separated by ";" (quoted as CSV when a text holds one). The votes are
cumulative: each voter's ballot lists the options it gave points (`vote`, option ids
separated by ",") and the points in the same order (`points`), summing to
max_sum_points = 100. Samla's options have no cost: each costs 1 and the budget is the
number of options, so every option fits and the points carry the preferences; `rule`
is "none", as Samla chooses no winners. Voters are the export's anonymous ids (p1 …).
"""

import csv
import io
from datetime import datetime, timezone

from workshop import i18n
from workshop.exporting.document import STOCKHOLM


def pabulib_text(workshop: dict, phase, options: list[dict], ballots: dict[str, dict[int, int]]
                 ) -> str:
    """The .pb file of one phase: `options` [{number, text}], `ballots` {voter id:
    {option number: points}} in voter order."""
    out = io.StringIO()
    rows = csv.writer(out, delimiter=";", lineterminator="\n")
    started = datetime.fromisoformat(workshop["created_at"]).astimezone(STOCKHOLM)
    rows.writerows([["META"], ["key", "value"], *meta(workshop, phase, options, ballots, started),
                    ["PROJECTS"], ["project_id", "cost", "name"],
                    *([option["number"], 1, option["text"]] for option in options),
                    ["VOTES"], ["voter_id", "vote", "points"],
                    *(ballot_row(voter, given) for voter, given in ballots.items())])
    return out.getvalue()


def meta(workshop: dict, phase, options: list, ballots: dict, started: datetime) -> list[list]:
    title = i18n.translations(workshop["language"]).ugettext(phase.title)
    return [["description", f"{workshop['title']}: {title}"],
            ["country", "unknown"], ["unit", workshop["title"]],
            ["instance", started.year], ["subunit", phase.key],
            ["num_projects", len(options)], ["num_votes", len(ballots)],
            ["budget", len(options)], ["vote_type", "cumulative"], ["rule", "none"],
            ["min_sum_points", 100], ["max_sum_points", 100],
            ["min_points", 0], ["max_points", 100],
            ["date_begin", started.strftime("%d.%m.%Y")], ["language", workshop["language"]],
            ["comment", f"Samla workshop {workshop['code']}, exported "
                        f"{datetime.now(timezone.utc).astimezone(STOCKHOLM):%d.%m.%Y}"]]


def ballot_row(voter: str, given: dict[int, int]) -> list:
    """A voter's options with points (those given 0 are left out), in option order."""
    chosen = [(option, points) for option, points in sorted(given.items()) if points]
    return [voter, ",".join(str(option) for option, _ in chosen),
            ",".join(str(points) for _, points in chosen)]
