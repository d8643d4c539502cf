"""What a live tap would refuse, checked on a whole export before it is imported.

Every limit holds on every path in (live tap, import, socket): the dots the imported
workshop's voting phase gives each participant and allows on one item, open items
only, topics per participant and paper notes per workshop, one entry per participant
and item, names only where the workshop uses them, and lists no longer than
IMPORT_MAX_ENTRIES. Text lengths, ratings 1–5 and the range of ids are the schema's
(json_format), kept equal to the settings by tests/test_import_limits.py; the phases'
settings are checked as a plan's (followup.plan_problems).

Each problem names its place in the file ("votes → p3: 25 dots; …"), in the user's
language. The checks are pure and cheap: they run before anything is written.
"""

from collections import Counter

from workshop.i18n import _
from workshop.settings import (
    DEFAULT_TOPICS_PER_PARTICIPANT,
    IMPORT_MAX_ENTRIES,
    PAPER_NOTES_MAX,
)


def entry_count_problems(document) -> list[str]:
    """Lists longer than IMPORT_MAX_ENTRIES, counted before the schema check (whose time
    grows with them) on a document whose shape is not checked yet: the document's lists
    and the lists inside their entries, and the same one level down in a section that is
    an object (open_space → sessions → notes), each summed over its entries."""
    counts = Counter()
    for name, part in document.items() if isinstance(document, dict) else ():
        if isinstance(part, list):
            count_entries(counts, name, part)
        elif isinstance(part, dict):
            for key, entries in part.items():
                if isinstance(entries, list):
                    count_entries(counts, f"{name} → {key}", entries)
    return [_("%(place)s: %(count)s entries; Samla takes at most %(max)s",
              place=place, count=count, max=IMPORT_MAX_ENTRIES[place])
            for place, count in counts.items() if count > IMPORT_MAX_ENTRIES.get(place, count)]


def count_entries(counts: Counter, place: str, entries: list) -> None:
    counts[place] += len(entries)
    for entry in entries:
        for key, inner in entry.items() if isinstance(entry, dict) else ():
            if isinstance(inner, list):
                counts[f"{place} → {key}"] += len(inner)


def limit_problems(document: dict, rounds: dict[str, tuple[int, int]],
                   topic_limits: dict[str, int]) -> list[str]:
    """What a live tap would have refused, in a document that passed the schema; `rounds`:
    the imported workshop's dot limits per voting phase, {key: (per participant, on one
    item)}; `topic_limits`: topics one participant may post, per list."""
    return [*dot_problems(document, rounds), *topic_problems(document, topic_limits),
            *name_problems(document), *duplicate_problems(document)]


def first_round(document: dict) -> str:
    """The key of the first voting phase: where a vote without a `phase` belongs (an
    export of one round, or from before rounds)."""
    return next((phase["key"] for phase in document["phases"]
                 if phase.get("activity") == "voting"), "voting")


def dots_by_participant_and_item(document: dict) -> Counter:
    """Dots per (participant, phase, kind, item), duplicate entries added up."""
    dots, only_round = Counter(), first_round(document)
    for kind, entries in (("topic", document["votes"]),
                          ("theme", document.get("theme_votes", []))):
        for vote in entries:
            dots[vote["participant"], vote.get("phase", only_round), kind, vote[kind]] += \
                vote["dots"]
    return dots


def dot_problems(document: dict, limits: dict[str, tuple[int, int]]) -> list[str]:
    """Dots beyond the limits of their voting round, in a round that does not exist, or on
    a hidden or merged topic (insert_dot refuses the same; the schema refuses dots on
    Övrigt)."""
    closed = {t["id"] for t in document["topics"] if t["hidden"] or t["merged_into"]}
    problems, too_many_dots = [], _("%(place)s: %(count)s dots; the workshop allows at most "
                                    "%(max)s")
    per_participant = Counter()
    for (who, phase, kind, item), count in dots_by_participant_and_item(document).items():
        place = f"{'votes' if kind == 'topic' else 'theme_votes'} → {who} → {item}"
        if phase not in limits or (kind == "topic" and item in closed):
            problems.append(_("%(place)s: dots on something that is not open for voting",
                              place=place))
            continue
        if count > limits[phase][1]:
            problems.append(too_many_dots % {"place": place, "count": count,
                                             "max": limits[phase][1]})
        per_participant[f"votes → {who}", phase] += count
    for (place, phase), count in per_participant.items():
        if count > limits[phase][0]:
            problems.append(too_many_dots % {"place": place, "count": count,
                                             "max": limits[phase][0]})
    return problems


def topic_problems(document: dict, limits: dict[str, int]) -> list[str]:
    """Topics beyond what one participant can post in a list (`limits`, per list; the
    default for a list the plan does not post to), or paper notes beyond a workshop's."""
    authored = Counter((topic["author"], topic.get("list", "topics"))
                       for topic in document["topics"])
    paper_notes = sum(count for (author, _list), count in authored.items() if author is None)
    problems = [_("%(place)s: %(count)s topics; one person can post at most %(max)s",
                  place=f"topics → {author}", count=count,
                  max=limits.get(list_name, DEFAULT_TOPICS_PER_PARTICIPANT))
                for (author, list_name), count in authored.items()
                if author is not None
                and count > limits.get(list_name, DEFAULT_TOPICS_PER_PARTICIPANT)]
    return problems + too_many(
        _("%(place)s: %(count)s notes without an author; a workshop takes at most %(max)s"),
        {"topics": paper_notes}, PAPER_NOTES_MAX)


def name_problems(document: dict) -> list[str]:
    """Names where the workshop did not ask for them (joining ignores them there)."""
    if document["workshop"]["names_enabled"]:
        return []
    return [_("%(place)s: a name, but the workshop does not use names",
              place=f"participants → {p['id']}")
            for p in document["participants"] if p["display_name"] is not None]


def duplicate_problems(document: dict) -> list[str]:
    """What can be there once only: ids, a topic's place in a theme or backlog item, and
    one rating or support per participant and item (the database keys)."""
    places = [*(f"participants → {p['id']}" for p in document["participants"]),
              *(f"topics → {t['id']}" for t in document["topics"]),
              *(f"themes → {t['id']}" for t in document["themes"]),
              *(f"themes → topics → {topic}" for t in document["themes"]
                for topic in t["topics"]),
              *(f"backlog → {item['position']} → sources → {topic}"
                for item in document["backlog"] for topic in item["sources"]),
              *(f"ratings → {r['participant']} → {r['kind']} {r['item']}"
                for r in document["ratings"]),
              *(f"supports → {s['participant']} → {s['topic']}" for s in document["supports"])]
    return [_("%(place)s: more than once", place=place)
            for place, count in Counter(places).items() if count > 1]


def too_many(message: str, counts: dict[str, int], most: int) -> list[str]:
    """`message` % place, count, max for each place whose count is over `most`."""
    return [message % {"place": place, "count": count, "max": most}
            for place, count in counts.items() if count > most]
