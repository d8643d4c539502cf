"""The topics table: posting (one conditional INSERT per topic, so the per-person limit
holds under concurrent taps), +1 supports, and the facilitator's edits, hides and merges.

Every post belongs to a list: "topics", or Double Diamond's "statements" ("Hur kan vi
…?") and "ideas" (an idea answers a statement: parent_id). Limits and twins count
within a list.

Hiding or merging a topic moves or hands back the dots on it in the same transaction:
dots refer to topics, and a vote must never point at something nobody can see.
"""

from workshop.db import now_iso
from workshop.text import twin_key

TOPIC_SELECT = """SELECT t.*, p.display_name AS author_name,
      (SELECT count(*) FROM supports s WHERE s.topic_id = t.id) AS supporters
    FROM topics t LEFT JOIN participants p ON p.id = t.participant_id"""


# An author's posts in a list, shown and waiting for the facilitator (held_posts) alike:
# the twin check and the per-person limit count both, so holding a post never lets a
# phone post more, or post the same text twice.
OWN_POSTS = """SELECT text_key FROM topics WHERE workshop_id = :w AND list = :list
                 AND participant_id IS :p
               UNION ALL SELECT text_key FROM held_posts WHERE workshop_id = :w
                 AND list = :list AND participant_id IS :p"""
UNLESS_TWIN_OR_FULL = f"""WHERE NOT EXISTS (SELECT 1 FROM ({OWN_POSTS}) WHERE text_key = :key)
             AND (SELECT count(*) FROM ({OWN_POSTS})) < :limit"""


def insert_topic(store, workshop_id: int, participant_id: int | None, text: str,
                 limit: int, list_name: str = "topics", parent_id: int | None = None
                 ) -> dict | None:
    """Add a post to a list unless its author already posted a twin of it there (the same
    text by `text.twin_key`) or `limit` posts, those waiting for the facilitator counted.

    Returns None when refused; `has_topic_text` tells whether it was a twin.
    """
    cursor = store.db.execute(
        f"""INSERT INTO topics (workshop_id, participant_id, text, text_key, list, parent_id,
                               created_at)
           SELECT :w, :p, :text, :key, :list, :parent, :now {UNLESS_TWIN_OR_FULL}""",
        {"w": workshop_id, "p": participant_id, "text": text, "key": twin_key(text),
         "list": list_name, "parent": parent_id, "now": now_iso(), "limit": limit},
    )
    return topic(store, cursor.lastrowid) if cursor.rowcount else None


def has_topic_text(store, workshop_id: int, participant_id: int | None, text: str,
                   list_name: str = "topics") -> bool:
    """Whether the author already posted a twin of this text in the list (or has one
    waiting for the facilitator)."""
    return bool(store.value(
        f"SELECT count(*) FROM ({OWN_POSTS}) WHERE text_key = :key",
        {"w": workshop_id, "p": participant_id, "key": twin_key(text), "list": list_name}))


def insert_held(store, workshop_id: int, participant_id: int | None, text: str,
                reasons: tuple[str, ...], limit: int, list_name: str = "topics",
                parent_id: int | None = None) -> dict | None:
    """Put a post in the moderation queue, on the same terms as insert_topic (no twin, at
    most `limit` per author and list); `reasons` are moderation.held_because's. None
    when refused."""
    cursor = store.db.execute(
        f"""INSERT INTO held_posts (workshop_id, participant_id, text, text_key, list,
                                    parent_id, reasons, created_at)
           SELECT :w, :p, :text, :key, :list, :parent, :reasons, :now {UNLESS_TWIN_OR_FULL}""",
        {"w": workshop_id, "p": participant_id, "text": text, "key": twin_key(text),
         "list": list_name, "parent": parent_id, "reasons": ",".join(reasons),
         "now": now_iso(), "limit": limit},
    )
    return held_post(store, cursor.lastrowid) if cursor.rowcount else None


def held_post(store, held_id: int) -> dict | None:
    return store.one("SELECT * FROM held_posts WHERE id = ?", [held_id])


def held_posts(store, workshop_id: int) -> list[dict]:
    """The workshop's moderation queue, oldest first."""
    return list(store.db.query("SELECT * FROM held_posts WHERE workshop_id = ? ORDER BY id",
                               [workshop_id]))


def held_of(store, participant_id: int, list_name: str = "topics") -> list[dict]:
    """One participant's posts in a list that wait for the facilitator, newest first."""
    return list(store.db.query("SELECT * FROM held_posts WHERE participant_id = ? AND list = ?"
                               " ORDER BY id DESC", [participant_id, list_name]))


def take_held(store, held_id: int) -> bool:
    """Remove a post from the queue; False when someone else approved or deleted it first
    (one conditional statement: two clicks never publish it twice)."""
    return store.db.execute("DELETE FROM held_posts WHERE id = ?", [held_id]).rowcount == 1


def publish_held(store, held: dict, text: str) -> dict | None:
    """Show a held post (with the facilitator's text) as a post of its list, taking it
    out of the queue in the same transaction; None when it was no longer there."""
    with store.db.atomic():
        if not take_held(store, held["id"]):
            return None
        cursor = store.db.execute(
            "INSERT INTO topics (workshop_id, participant_id, text, text_key, list, parent_id,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [held["workshop_id"], held["participant_id"], text, twin_key(text), held["list"],
             held["parent_id"], now_iso()])
    return topic(store, cursor.lastrowid)


def topic(store, topic_id: int) -> dict | None:
    return store.one(TOPIC_SELECT + " WHERE t.id = ?", [topic_id])


def topics(store, workshop_id: int, include_hidden: bool = False,
           list_name: str = "topics") -> list[dict]:
    """A workshop's posts in one list, newest first, merged-away ones left out."""
    where = " WHERE t.workshop_id = ? AND t.list = ? AND t.merged_into IS NULL"
    if not include_hidden:
        where += " AND t.hidden = 0"
    return list(store.db.query(TOPIC_SELECT + where + " ORDER BY t.id DESC",
                               [workshop_id, list_name]))


def topics_of(store, participant_id: int, list_name: str = "topics") -> list[dict]:
    """The posts one participant made in a list, newest first."""
    return list(store.db.query(TOPIC_SELECT + " WHERE t.participant_id = ? AND t.list = ?"
                               " ORDER BY t.id DESC", [participant_id, list_name]))


def topics_after(store, workshop_id: int, topic_id: int,
                 list_name: str = "topics") -> list[dict]:
    """Visible posts of a list made after the given one, oldest first."""
    return list(store.db.query(
        TOPIC_SELECT + " WHERE t.workshop_id = ? AND t.list = ? AND t.id > ? AND t.hidden = 0"
        " AND t.merged_into IS NULL ORDER BY t.id", [workshop_id, list_name, topic_id]))


def newest_id(store, workshop_id: int) -> int:
    """The id of the workshop's newest post (0 before any): a mark to count new ones from."""
    return store.value("SELECT coalesce(max(id), 0) FROM topics WHERE workshop_id = ?",
                       [workshop_id])


def count_after(store, workshop_id: int, list_name: str, mark: int) -> int:
    """How many visible posts a list gained after the mark (newest_id when it was left)."""
    return store.value("SELECT count(*) FROM topics WHERE workshop_id = ? AND list = ?"
                       " AND id > ? AND hidden = 0 AND merged_into IS NULL",
                       [workshop_id, list_name, mark])


def all_topics(store, workshop_id: int) -> list[dict]:
    """Every topic, hidden and merged ones too, oldest first."""
    return list(store.db.query("SELECT * FROM topics WHERE workshop_id = ? ORDER BY id",
                               [workshop_id]))


def counts(store, workshop_id: int, list_name: str = "topics") -> dict:
    """How many participants posted in a list, and how many of its posts are visible."""
    return store.one(
        """SELECT count(DISTINCT participant_id) AS posted,
                  count(*) FILTER (WHERE hidden = 0 AND merged_into IS NULL) AS topics
           FROM topics WHERE workshop_id = ? AND list = ?""", [workshop_id, list_name])


def insert_support(store, topic_id: int, participant_id: int) -> bool:
    """A participant's +1 for an existing topic; False if they had already given it."""
    return store.db.execute(
        "INSERT OR IGNORE INTO supports (topic_id, participant_id, created_at)"
        " VALUES (?, ?, ?)", [topic_id, participant_id, now_iso()]).rowcount == 1


def supports(store, workshop_id: int) -> list[dict]:
    return list(store.db.query(
        "SELECT s.topic_id, s.participant_id FROM supports s JOIN topics t"
        " ON t.id = s.topic_id WHERE t.workshop_id = ? ORDER BY s.participant_id, s.topic_id",
        [workshop_id]))


def merged_texts(store, topic_ids: list[int]) -> dict[int, list[str]]:
    """For each topic, the texts of the topics merged into it."""
    merged: dict[int, list[str]] = {}
    rows = store.db.query(
        "SELECT merged_into, text FROM topics WHERE merged_into IN ({}) ORDER BY id"
        .format(",".join("?" for _ in topic_ids)), topic_ids)
    for row in rows:
        merged.setdefault(row["merged_into"], []).append(row["text"])
    return merged


def parent_texts(store, topic_ids: list[int]) -> dict[int, str]:
    """For each post that answers another (an idea its statement), that post's text."""
    return dict(store.db.execute(
        "SELECT t.id, p.text FROM topics t JOIN topics p ON p.id = t.parent_id"
        " WHERE t.id IN ({})".format(",".join("?" for _ in topic_ids)), topic_ids).fetchall())


def ranked(store, workshop_id: int, list_name: str) -> list[dict]:
    """A list's visible posts, most dots first (then oldest): e.g. the statements ideas
    may answer, the chosen ones on top."""
    return list(store.db.query(
        """SELECT t.id, t.text, count(d.id) AS dots FROM topics t
           LEFT JOIN dots d ON d.topic_id = t.id
           WHERE t.workshop_id = ? AND t.list = ? AND t.hidden = 0 AND t.merged_into IS NULL
           GROUP BY t.id ORDER BY dots DESC, t.id""", [workshop_id, list_name]))


def set_topic_text(store, topic_id: int, text: str) -> None:
    store.db.execute("UPDATE topics SET text = ?, text_key = ? WHERE id = ?",
                     [text, twin_key(text), topic_id])


def hide_topic(store, topic_id: int) -> list[int]:
    """Hide a topic and hand its dots back, and those of its theme if that is now
    empty; returns the participants whose view changed."""
    with store.db.atomic():
        concerned = participants_concerned(store, topic_id)
        store.db.execute("DELETE FROM dots WHERE topic_id = ?", [topic_id])
        store.db.execute("UPDATE topics SET hidden = 1 WHERE id = ?", [topic_id])
        # A theme left with no visible topic is gone from the vote: its dots go back.
        row = store.one("SELECT workshop_id, theme FROM topics WHERE id = ?", [topic_id])
        emptied = """FROM dots WHERE workshop_id = :workshop_id AND theme = :theme
            AND NOT EXISTS (SELECT 1 FROM topics WHERE workshop_id = :workshop_id
              AND theme = :theme AND hidden = 0 AND merged_into IS NULL)"""
        concerned += [r[0] for r in store.db.execute(
            "SELECT DISTINCT participant_id " + emptied, row)]
        store.db.execute("DELETE " + emptied, row)
    return sorted(set(concerned))


def show_topic(store, topic_id: int) -> list[int]:
    """Show a hidden topic again; returns the participants whose view changed."""
    store.db.execute("UPDATE topics SET hidden = 0 WHERE id = ?", [topic_id])
    return participants_concerned(store, topic_id)


def merge_topics(store, source_id: int, target_id: int) -> list[int]:
    """Merge source into target: its dots move to target, every one of them kept.

    Returns the participants whose view changed (voters and the author).
    """
    with store.db.atomic():
        concerned = participants_concerned(store, source_id)
        store.db.execute("UPDATE dots SET topic_id = ? WHERE topic_id = ?",
                         [target_id, source_id])
        # A supporter of both topics supports the merged one once.
        store.db.execute("UPDATE OR IGNORE supports SET topic_id = ? WHERE topic_id = ?",
                         [target_id, source_id])
        store.db.execute("DELETE FROM supports WHERE topic_id = ?", [source_id])
        store.db.execute("UPDATE topics SET merged_into = ? WHERE merged_into = ?",
                         [target_id, source_id])
        store.db.execute("UPDATE topics SET merged_into = ? WHERE id = ?",
                         [target_id, source_id])
    return concerned


def participants_concerned(store, topic_id: int) -> list[int]:
    """Who voted on the topic, and its author: the phones whose own view changes."""
    return [row[0] for row in store.db.execute(
        """SELECT participant_id FROM dots WHERE topic_id = :t
           UNION SELECT participant_id FROM topics WHERE id = :t
             AND participant_id IS NOT NULL""", {"t": topic_id})]


def insert_imported_topic(store, workshop_id: int, participant_id: int | None, text: str,
                          hidden: bool, created_at: str, list_name: str = "topics") -> int:
    return store.db.execute(
        "INSERT INTO topics (workshop_id, participant_id, text, text_key, hidden, created_at,"
        " list) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [workshop_id, participant_id, text, twin_key(text), int(hidden), created_at, list_name]
    ).lastrowid


def set_quick_win_mark(store, topic_id: int, mark: int | None) -> None:
    """A topic's quick-win mark as an export carried it (rating owns what it means)."""
    store.db.execute("UPDATE topics SET quick_win = ? WHERE id = ?", [mark, topic_id])


def set_parent(store, topic_id: int, parent_id: int) -> None:
    store.db.execute("UPDATE topics SET parent_id = ? WHERE id = ?", [parent_id, topic_id])


def set_merged_into(store, topic_id: int, target_id: int) -> None:
    store.db.execute("UPDATE topics SET merged_into = ? WHERE id = ?", [target_id, topic_id])
