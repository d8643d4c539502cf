"""The themes table and each topic's theme: Samla's grouping, the facilitator's moves,
merges and names, acceptance, and what participants prioritise (topics or themes)."""

from collections import defaultdict

from workshop.clustering import OTHER


def themes(store, workshop_id: int) -> list[dict]:
    """A workshop's themes by number (0 is Övrigt), each with its visible topics."""
    from workshop.activities.topics.queries import topics

    rows = list(store.db.query("SELECT number, label, named, quick_win FROM themes"
                               " WHERE workshop_id = ? ORDER BY number", [workshop_id]))
    if not rows:  # the topics phase, often: no read of every topic
        return []
    by_theme = defaultdict(list)  # one pass: per theme, it cost a pass per theme
    for topic in topics(store, workshop_id):
        by_theme[topic["theme"]].append(topic)
    return [{**theme, "topics": by_theme[theme["number"]]} for theme in rows]


def theme_labels(store, workshop_id: int) -> list[dict]:
    """A workshop's themes by number, without their topics: [{number, label}]."""
    return list(store.db.query("SELECT number, label FROM themes WHERE workshop_id = ?"
                               " ORDER BY number", [workshop_id]))


def theme_sizes(store, workshop_id: int) -> dict[int | None, int]:
    """How many visible posts of the "topics" list each theme holds (None: placed
    nowhere), as themes() and the review count them."""
    return {row["theme"]: row["n"] for row in store.db.query(
        "SELECT theme, count(*) AS n FROM topics WHERE workshop_id = ? AND list = 'topics'"
        " AND merged_into IS NULL AND hidden = 0 GROUP BY theme", [workshop_id])}


def has_themes(store, workshop_id: int) -> bool:
    """Whether the workshop has a theme other than Övrigt (OTHER)."""
    return bool(store.value("SELECT EXISTS (SELECT 1 FROM themes WHERE workshop_id = ?"
                            " AND number != ?)", [workshop_id, OTHER]))


def save_grouping(store, workshop_id: int, labels: dict[int, str],
                  grouping: dict[int, int], unplace_after: int | None = None) -> None:
    """Replace Samla's themes; `grouping` maps topic id to theme number. Topics after id
    `unplace_after` (posted while the grouping ran) are left unplaced unless the
    facilitator placed them, and so are the topics the grouping did not see (hidden,
    merged away): the number they had may name another theme now, or none.

    Themes the facilitator named or made keep their number and name.
    """
    with store.db.atomic():
        named = {row["number"] for row in store.db.query(
            "SELECT number FROM themes WHERE workshop_id = ? AND named = 1", [workshop_id])}
        labels = {number: label for number, label in labels.items() if number not in named}
        store.db.execute("DELETE FROM themes WHERE workshop_id = ? AND named = 0",
                         [workshop_id])
        for number, label in labels.items():
            store.db.execute("INSERT INTO themes (workshop_id, number, label) VALUES (?, ?, ?)",
                             [workshop_id, number, label])
        for topic_id, number in grouping.items():
            store.db.execute("UPDATE topics SET theme = ? WHERE id = ?", [number, topic_id])
        if unplace_after is not None:
            store.db.execute("UPDATE topics SET theme = NULL WHERE workshop_id = ? AND id > ?"
                             " AND theme_fixed = 0", [workshop_id, unplace_after])
        store.db.execute(
            """UPDATE topics SET theme = NULL WHERE workshop_id = :w AND theme IS NOT NULL
                 AND ((hidden = 1 OR merged_into IS NOT NULL) AND theme_fixed = 0
                      OR theme NOT IN (SELECT number FROM themes WHERE workshop_id = :w))""",
            {"w": workshop_id})


def theme_topic_texts(store, workshop_id: int, number: int) -> list[str]:
    """The texts of a theme's visible topics, newest first (as `themes` lists them)."""
    return [row[0] for row in store.db.execute(
        "SELECT text FROM topics WHERE workshop_id = ? AND theme = ? AND hidden = 0"
        " AND merged_into IS NULL ORDER BY id DESC", [workshop_id, number])]


def add_theme(store, workshop_id: int, label: str) -> int:
    """A new, empty theme with the next free number."""
    number = store.value("SELECT coalesce(max(number), 0) + 1 FROM themes"
                         " WHERE workshop_id = ?", [workshop_id])
    store.db.execute("INSERT INTO themes (workshop_id, number, label, named)"
                     " VALUES (?, ?, ?, 1)", [workshop_id, number, label])
    return number


def rename_theme(store, workshop_id: int, number: int, label: str) -> bool:
    return store.db.execute(
        "UPDATE themes SET label = ?, named = 1 WHERE workshop_id = ? AND number = ?",
        [label, workshop_id, number]).rowcount == 1


def place_topic(store, topic_id: int, number: int) -> None:
    """Samla put a new topic in a theme; unlike the facilitator's moves it is not pinned."""
    store.db.execute("UPDATE topics SET theme = ? WHERE id = ? AND theme IS NULL",
                     [number, topic_id])


def move_to_theme(store, topic_id: int, number: int) -> None:
    """The facilitator put a topic in a theme: it stays there when Samla regroups."""
    store.db.execute("UPDATE topics SET theme = ?, theme_fixed = 1 WHERE id = ?",
                     [number, topic_id])


def merge_themes(store, workshop_id: int, source: int, target: int) -> None:
    """Every topic of `source` goes to `target`, placed as by the facilitator; `source`
    is gone."""
    with store.db.atomic():
        store.db.execute("UPDATE topics SET theme = ?, theme_fixed = 1"
                         " WHERE workshop_id = ? AND theme = ?", [target, workshop_id, source])
        store.db.execute("DELETE FROM themes WHERE workshop_id = ? AND number = ?",
                         [workshop_id, source])


def set_quick_win_mark(store, workshop_id: int, number: int, mark: int | None) -> None:
    """A theme's quick-win mark as an export carried it (rating owns what it means)."""
    store.db.execute("UPDATE themes SET quick_win = ? WHERE workshop_id = ? AND number = ?",
                     [mark, workshop_id, number])


def set_themes_accepted(store, workshop_id: int, accepted: bool) -> None:
    store.db.execute("UPDATE workshops SET themes_accepted = ? WHERE id = ?",
                     [int(accepted), workshop_id])


def themes_in_use(store, workshop_id: int) -> bool:
    """Whether anyone has put a dot on, or rated, a theme."""
    return bool(store.value(
        """SELECT EXISTS (SELECT 1 FROM dots WHERE workshop_id = :w AND theme IS NOT NULL)
               OR EXISTS (SELECT 1 FROM ratings WHERE workshop_id = :w AND kind = 'theme')""",
        {"w": workshop_id}))


def set_prioritise(store, workshop_id: int, what: str) -> None:
    store.db.execute("UPDATE workshops SET prioritise = ? WHERE id = ?", [what, workshop_id])


def has_priorities(store, workshop_id: int) -> bool:
    """Whether anyone has placed a dot or rated anything."""
    return bool(store.value(
        """SELECT EXISTS (SELECT 1 FROM dots WHERE workshop_id = :w)
               OR EXISTS (SELECT 1 FROM ratings WHERE workshop_id = :w)""",
        {"w": workshop_id}))
