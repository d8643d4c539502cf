"""The actor map: mentions grouped into actors (names.actor_key, or where the facilitator
moved a variant), counted, by organisation."""

from collections import Counter

from workshop.activities.actors.names import ORGANISATIONS

SIZES = 4  # bubble sizes on the projector, 1 … 4, by mentions relative to the most


def actors_of(mentions: list[dict], moved: dict[str, str]) -> list[dict]:
    """Actors from mentions [{participant_id, title, organisation, note, variant,
    actor_key}] and the facilitator's moves {variant: actor key}: [{key, organisation,
    title, mentions, people, variants: [{variant, title, mentions}], notes}], most
    mentioned first. An actor is called by the title written most often (the first
    written among equals); its organisation is its key's."""
    grouped: dict[str, list[dict]] = {}
    for mention in mentions:
        grouped.setdefault(moved.get(mention["variant"], mention["actor_key"]), []).append(mention)
    actors = [actor(key, group) for key, group in grouped.items()]
    return sorted(actors, key=lambda a: (-a["mentions"], a["title"].casefold()))


def actor(key: str, group: list[dict]) -> dict:
    titles = Counter(mention["title"] for mention in group)
    variants = Counter(mention["variant"] for mention in group)
    first_title = {}
    for mention in group:
        first_title.setdefault(mention["variant"], mention["title"])
    return {"key": key, "organisation": key.split("|", 1)[0],
            "title": max(titles, key=lambda title: titles[title]),  # first among equals
            "mentions": len(group),
            "people": len({m["participant_id"] for m in group if m["participant_id"]}),
            "variants": [{"variant": variant, "title": first_title[variant], "mentions": count}
                         for variant, count in variants.most_common()],
            "notes": [m["note"] for m in group if m["note"]]}


def by_organisation(actors: list[dict]) -> dict[str, list[dict]]:
    """The actors in the order of ORGANISATIONS, each with its bubble `size` (1 … SIZES:
    its share of the most mentioned actor's mentions, rounded up)."""
    most = max((a["mentions"] for a in actors), default=1)
    return {organisation: [{**a, "size": -(-SIZES * a["mentions"] // most)}
                           for a in actors if a["organisation"] == organisation]
            for organisation in ORGANISATIONS}
