"""The only place with SQL: one sqlite_utils.Database and the queries Samla needs.

Every rule that must hold under concurrency (dots per person, dots per topic,
topics per person) is a single conditional INSERT, so SQLite's write lock makes
it atomic: fifty simultaneous taps can never overshoot a limit.
"""

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from workshop.migrations import migrations


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    def __init__(self, path: Path | str):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        # One connection, used only from the event loop's thread; the loop may start on
        # another thread than the one that opened it (test clients, embedding servers).
        self.db = sqlite_utils.Database(sqlite3.connect(path, check_same_thread=False))
        self.db.enable_wal()
        self.db.execute("PRAGMA foreign_keys = ON")
        # WAL with synchronous=NORMAL survives a killed process; only a power
        # cut can lose the last commits.
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA busy_timeout = 5000")
        migrations.apply(self.db)

    def close(self) -> None:
        self.db.close()

    def _one(self, sql: str, params=()) -> dict | None:
        rows = list(self.db.query(sql, params))
        return rows[0] if rows else None

    def _value(self, sql: str, params=()):
        return self.db.execute(sql, params).fetchone()[0]

    # Workshops

    def insert_workshop(self, fields: dict) -> dict | None:
        """Insert a workshop; None when its join code is already taken."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO workshops ({}) VALUES ({})".format(
                ", ".join(fields), ", ".join("?" for _ in fields)
            ),
            [*fields.values()],
        )
        return self.workshop_by_id(cursor.lastrowid) if cursor.rowcount else None

    def workshop_by_id(self, workshop_id: int) -> dict | None:
        return self._one("SELECT * FROM workshops WHERE id = ?", [workshop_id])

    def workshop_by_code(self, code: str) -> dict | None:
        return self._one("SELECT * FROM workshops WHERE code = ?", [code])

    def workshop_by_secret_hash(self, secret_hash: str) -> dict | None:
        return self._one(
            "SELECT * FROM workshops WHERE facilitator_secret_hash = ?", [secret_hash]
        )

    def move_phase(self, workshop_id: int, from_index: int, to_index: int) -> bool:
        """Move from one phase to another; False if the workshop was not at from_index.

        Comparing the current phase makes a double-clicked "next" advance once.
        """
        cursor = self.db.execute(
            "UPDATE workshops SET phase_index = ? WHERE id = ? AND phase_index = ?",
            [to_index, workshop_id, from_index],
        )
        return cursor.rowcount == 1

    def set_timer(self, workshop_id: int, ends_at: float | None, seconds: int | None):
        self.db.execute(
            "UPDATE workshops SET timer_ends_at = ?, timer_seconds = ? WHERE id = ?",
            [ends_at, seconds, workshop_id],
        )

    # Participants

    def insert_participant(self, workshop_id: int, key: str, display_name: str | None):
        cursor = self.db.execute(
            "INSERT INTO participants (workshop_id, key, display_name, created_at)"
            " VALUES (?, ?, ?, ?)",
            [workshop_id, key, display_name, now_iso()],
        )
        return self._one("SELECT * FROM participants WHERE id = ?", [cursor.lastrowid])

    def participant_by_key(self, workshop_id: int, key: str) -> dict | None:
        return self._one(
            "SELECT * FROM participants WHERE workshop_id = ? AND key = ?",
            [workshop_id, key],
        )

    def participation(self, workshop_id: int) -> dict:
        """How many have joined, posted a topic, and placed at least one dot."""
        return self._one(
            """SELECT
                 (SELECT count(*) FROM participants WHERE workshop_id = :w) AS joined,
                 (SELECT count(DISTINCT participant_id) FROM topics
                    WHERE workshop_id = :w) AS posted,
                 (SELECT count(*) FROM topics WHERE workshop_id = :w
                    AND hidden = 0 AND merged_into IS NULL) AS topics,
                 (SELECT count(DISTINCT participant_id) FROM dots
                    WHERE workshop_id = :w) AS voted,
                 (SELECT count(*) FROM dots WHERE workshop_id = :w) AS dots""",
            {"w": workshop_id},
        )

    # Topics

    def insert_topic(
        self, workshop_id: int, participant_id: int | None, text: str, limit: int
    ) -> dict | None:
        """Add a topic unless its author already posted the same text or `limit` topics.

        Returns None when refused; `topic_refusal` tells why.
        """
        cursor = self.db.execute(
            """INSERT INTO topics (workshop_id, participant_id, text, created_at)
               SELECT :w, :p, :text, :now
               WHERE NOT EXISTS (SELECT 1 FROM topics WHERE workshop_id = :w
                                   AND participant_id IS :p AND text = :text)
                 AND (SELECT count(*) FROM topics WHERE workshop_id = :w
                        AND participant_id IS :p) < :limit""",
            {"w": workshop_id, "p": participant_id, "text": text, "now": now_iso(),
             "limit": limit},
        )
        return self.topic(cursor.lastrowid) if cursor.rowcount else None

    def has_topic_text(self, workshop_id: int, participant_id: int | None, text: str):
        return bool(self._value(
            "SELECT count(*) FROM topics WHERE workshop_id = ? AND participant_id IS ?"
            " AND text = ?", [workshop_id, participant_id, text],
        ))

    def topic(self, topic_id: int) -> dict | None:
        return self._one(_TOPIC_SELECT + " WHERE t.id = ?", [topic_id])

    def topics(self, workshop_id: int, include_hidden: bool = False) -> list[dict]:
        """A workshop's topics, newest first, merged-away topics left out."""
        where = " WHERE t.workshop_id = ? AND t.merged_into IS NULL"
        if not include_hidden:
            where += " AND t.hidden = 0"
        return list(self.db.query(_TOPIC_SELECT + where + " ORDER BY t.id DESC",
                                  [workshop_id]))

    def topics_of(self, participant_id: int) -> list[dict]:
        """The topics one participant posted, newest first."""
        return list(self.db.query(_TOPIC_SELECT + " WHERE t.participant_id = ?"
                                  " ORDER BY t.id DESC", [participant_id]))

    def topics_after(self, workshop_id: int, topic_id: int) -> list[dict]:
        """Visible topics posted after the given one, oldest first."""
        return list(self.db.query(
            _TOPIC_SELECT + " WHERE t.workshop_id = ? AND t.id > ? AND t.hidden = 0"
            " AND t.merged_into IS NULL ORDER BY t.id", [workshop_id, topic_id]))

    def insert_support(self, topic_id: int, participant_id: int) -> bool:
        """A participant's +1 for an existing topic; False if they had already given it."""
        return self.db.execute(
            "INSERT OR IGNORE INTO supports (topic_id, participant_id, created_at)"
            " VALUES (?, ?, ?)", [topic_id, participant_id, now_iso()]).rowcount == 1

    def supports(self, workshop_id: int) -> list[dict]:
        return list(self.db.query(
            "SELECT s.topic_id, s.participant_id FROM supports s JOIN topics t"
            " ON t.id = s.topic_id WHERE t.workshop_id = ? ORDER BY s.participant_id, s.topic_id",
            [workshop_id]))

    def merged_texts(self, topic_ids: list[int]) -> dict[int, list[str]]:
        """For each topic, the texts of the topics merged into it."""
        merged: dict[int, list[str]] = {}
        rows = self.db.query(
            "SELECT merged_into, text FROM topics WHERE merged_into IN ({}) ORDER BY id"
            .format(",".join("?" for _ in topic_ids)), topic_ids,
        )
        for row in rows:
            merged.setdefault(row["merged_into"], []).append(row["text"])
        return merged

    def set_topic_text(self, topic_id: int, text: str) -> None:
        self.db.execute("UPDATE topics SET text = ? WHERE id = ?", [text, topic_id])

    def hide_topic(self, topic_id: int) -> list[int]:
        """Hide a topic and hand its dots back, and those of its theme if that is now
        empty; returns the participants whose view changed."""
        with self.db.atomic():
            concerned = self._participants_concerned(topic_id)
            self.db.execute("DELETE FROM dots WHERE topic_id = ?", [topic_id])
            self.db.execute("UPDATE topics SET hidden = 1 WHERE id = ?", [topic_id])
            # A theme left with no visible topic is gone from the vote: its dots go back.
            topic = self._one("SELECT workshop_id, theme FROM topics WHERE id = ?", [topic_id])
            emptied = """FROM dots WHERE workshop_id = :workshop_id AND theme = :theme
                AND NOT EXISTS (SELECT 1 FROM topics WHERE workshop_id = :workshop_id
                  AND theme = :theme AND hidden = 0 AND merged_into IS NULL)"""
            concerned += [row[0] for row in self.db.execute(
                "SELECT DISTINCT participant_id " + emptied, topic)]
            self.db.execute("DELETE " + emptied, topic)
        return sorted(set(concerned))

    def show_topic(self, topic_id: int) -> list[int]:
        """Show a hidden topic again; returns the participants whose view changed."""
        self.db.execute("UPDATE topics SET hidden = 0 WHERE id = ?", [topic_id])
        return self._participants_concerned(topic_id)

    def merge_topics(self, source_id: int, target_id: int) -> list[int]:
        """Merge source into target: its dots move to target, every one of them kept.

        Returns the participants whose view changed (voters and the author).
        """
        with self.db.atomic():
            concerned = self._participants_concerned(source_id)
            self.db.execute("UPDATE dots SET topic_id = ? WHERE topic_id = ?",
                            [target_id, source_id])
            # A supporter of both topics supports the merged one once.
            self.db.execute("UPDATE OR IGNORE supports SET topic_id = ? WHERE topic_id = ?",
                            [target_id, source_id])
            self.db.execute("DELETE FROM supports WHERE topic_id = ?", [source_id])
            self.db.execute("UPDATE topics SET merged_into = ? WHERE merged_into = ?",
                            [target_id, source_id])
            self.db.execute("UPDATE topics SET merged_into = ? WHERE id = ?",
                            [target_id, source_id])
        return concerned

    def _participants_concerned(self, topic_id: int) -> list[int]:
        """Who voted on the topic, and its author: the phones whose own view changes."""
        return [row[0] for row in self.db.execute(
            """SELECT participant_id FROM dots WHERE topic_id = :t
               UNION SELECT participant_id FROM topics WHERE id = :t
                 AND participant_id IS NOT NULL""", {"t": topic_id})]

    # Dots

    def insert_dot(self, workshop_id: int, participant_id: int, kind: str, item: int,
                   dots_per_participant: int, max_dots_per_item: int) -> bool:
        """Place one dot on a topic or a theme (`kind`) if it is open and both limits
        still allow it."""
        column, open_item = _DOT_TARGETS[kind]
        cursor = self.db.execute(
            f"""INSERT INTO dots (workshop_id, {column}, participant_id, created_at)
               SELECT :w, :item, :p, :now
               WHERE EXISTS ({open_item})
                 AND (SELECT count(*) FROM dots WHERE participant_id = :p) < :total
                 AND (SELECT count(*) FROM dots WHERE participant_id = :p
                        AND {column} = :item) < :per_item""",
            {"w": workshop_id, "item": item, "p": participant_id, "now": now_iso(),
             "total": dots_per_participant, "per_item": max_dots_per_item},
        )
        return cursor.rowcount == 1

    def delete_dot(self, participant_id: int, kind: str, item: int) -> bool:
        """Take back one of the participant's dots on a topic or theme, if there is one."""
        column = _DOT_TARGETS[kind][0]
        cursor = self.db.execute(
            f"""DELETE FROM dots WHERE id = (SELECT id FROM dots WHERE {column} = ?
                 AND participant_id = ? ORDER BY id DESC LIMIT 1)""",
            [item, participant_id],
        )
        return cursor.rowcount == 1

    def my_dots(self, participant_id: int, kind: str = "topic") -> dict[int, int]:
        """The participant's dots on topics (or themes), counted per topic (theme)."""
        column = _DOT_TARGETS[kind][0]
        return dict(self.db.execute(
            f"SELECT {column}, count(*) FROM dots WHERE participant_id = ?"
            f" AND {column} IS NOT NULL GROUP BY {column}", [participant_id]).fetchall())

    def tally(self, workshop_id: int, limit: int = -1) -> list[dict]:
        """Visible topics with their dot counts, most dots first (ties: oldest first);
        the first `limit` of them when given."""
        return list(self.db.query(
            """SELECT t.id, t.text, t.quick_win, count(d.id) AS dots
               FROM topics t LEFT JOIN dots d ON d.topic_id = t.id
               WHERE t.workshop_id = ? AND t.hidden = 0 AND t.merged_into IS NULL
               GROUP BY t.id ORDER BY dots DESC, t.id ASC LIMIT ?""",
            [workshop_id, limit],
        ))

    def theme_tally(self, workshop_id: int) -> list[dict]:
        """Themes that hold topics (Övrigt aside) with their dot counts, most dots first."""
        return list(self.db.query(
            """SELECT th.number AS id, th.label AS text, th.quick_win,
                 (SELECT count(*) FROM dots d WHERE d.workshop_id = th.workshop_id
                    AND d.theme = th.number) AS dots
               FROM themes th WHERE th.workshop_id = ? AND th.number != 0
                 AND EXISTS (SELECT 1 FROM topics t WHERE t.workshop_id = th.workshop_id
                   AND t.theme = th.number AND t.hidden = 0 AND t.merged_into IS NULL)
               ORDER BY dots DESC, th.number ASC""", [workshop_id]))

    # Ratings: impact and effort, 1-5, one pair per participant and topic or theme

    def rate(self, workshop_id: int, participant_id: int, kind: str, item: int,
             impact: int, effort: int) -> None:
        """Rate an item, or change the rating given before."""
        self.db.execute(
            """INSERT INTO ratings (workshop_id, participant_id, kind, item, impact, effort,
                                    updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (participant_id, kind, item) DO UPDATE SET
                 impact = excluded.impact, effort = excluded.effort,
                 updated_at = excluded.updated_at""",
            [workshop_id, participant_id, kind, item, impact, effort, now_iso()])

    def my_ratings(self, participant_id: int, kind: str) -> dict[int, dict]:
        return {row["item"]: row for row in self.db.query(
            "SELECT item, impact, effort FROM ratings WHERE participant_id = ? AND kind = ?",
            [participant_id, kind])}

    def rating_means(self, workshop_id: int, kind: str) -> dict[int, dict]:
        """Per item: mean impact, mean effort and how many rated it."""
        return {row["item"]: row for row in self.db.query(
            """SELECT item, avg(impact) AS impact, avg(effort) AS effort, count(*) AS raters
               FROM ratings WHERE workshop_id = ? AND kind = ? GROUP BY item""",
            [workshop_id, kind])}

    def rater_count(self, workshop_id: int) -> int:
        return self._value("SELECT count(DISTINCT participant_id) FROM ratings"
                           " WHERE workshop_id = ?", [workshop_id])

    def ratings(self, workshop_id: int) -> list[dict]:
        return list(self.db.query(
            "SELECT participant_id, kind, item, impact, effort FROM ratings"
            " WHERE workshop_id = ? ORDER BY participant_id, kind, item", [workshop_id]))

    def set_quick_win(self, workshop_id: int, kind: str, item: int, mark: int | None) -> bool:
        """The facilitator's quick-win mark on a topic or theme; None follows the rule."""
        table, key = {"topic": ("topics", "id"), "theme": ("themes", "number")}[kind]
        return self.db.execute(
            f"UPDATE {table} SET quick_win = ? WHERE workshop_id = ? AND {key} = ?",
            [mark, workshop_id, item]).rowcount == 1

    def set_prioritise(self, workshop_id: int, what: str) -> None:
        self.db.execute("UPDATE workshops SET prioritise = ? WHERE id = ?", [what, workshop_id])

    def has_priorities(self, workshop_id: int) -> bool:
        """Whether anyone has placed a dot or rated anything."""
        return bool(self._value(
            """SELECT EXISTS (SELECT 1 FROM dots WHERE workshop_id = :w)
                   OR EXISTS (SELECT 1 FROM ratings WHERE workshop_id = :w)""",
            {"w": workshop_id}))


    # Themes

    def themes(self, workshop_id: int) -> list[dict]:
        """A workshop's themes by number (0 is Övrigt), each with its visible topics."""
        themes = list(self.db.query("SELECT number, label, named, quick_win FROM themes"
                                    " WHERE workshop_id = ? ORDER BY number", [workshop_id]))
        topics = self.topics(workshop_id)
        return [{**theme, "topics": [t for t in topics if t["theme"] == theme["number"]]}
                for theme in themes]

    def save_grouping(self, workshop_id: int, labels: dict[int, str],
                      themes: dict[int, int]) -> None:
        """Replace Samla's themes; `themes` maps topic id to theme number.

        Themes the facilitator named or made keep their number and name.
        """
        with self.db.atomic():
            named = {row["number"] for row in self.db.query(
                "SELECT number FROM themes WHERE workshop_id = ? AND named = 1", [workshop_id])}
            labels = {number: label for number, label in labels.items() if number not in named}
            self.db.execute("DELETE FROM themes WHERE workshop_id = ? AND named = 0",
                            [workshop_id])
            for number, label in labels.items():
                self.db.execute("INSERT INTO themes (workshop_id, number, label) VALUES (?, ?, ?)",
                                [workshop_id, number, label])
            for topic_id, number in themes.items():
                self.db.execute("UPDATE topics SET theme = ? WHERE id = ?", [number, topic_id])

    def theme_topic_texts(self, workshop_id: int, number: int) -> list[str]:
        """The texts of a theme's visible topics, newest first (as `themes` lists them)."""
        return [row[0] for row in self.db.execute(
            "SELECT text FROM topics WHERE workshop_id = ? AND theme = ? AND hidden = 0"
            " AND merged_into IS NULL ORDER BY id DESC", [workshop_id, number])]

    def add_theme(self, workshop_id: int, label: str) -> int:
        """A new, empty theme with the next free number."""
        number = self._value("SELECT coalesce(max(number), 0) + 1 FROM themes"
                             " WHERE workshop_id = ?", [workshop_id])
        self.db.execute("INSERT INTO themes (workshop_id, number, label, named)"
                        " VALUES (?, ?, ?, 1)", [workshop_id, number, label])
        return number

    def rename_theme(self, workshop_id: int, number: int, label: str) -> bool:
        return self.db.execute(
            "UPDATE themes SET label = ?, named = 1 WHERE workshop_id = ? AND number = ?",
            [label, workshop_id, number]).rowcount == 1

    def move_to_theme(self, topic_id: int, number: int) -> None:
        """The facilitator put a topic in a theme: it stays there when Samla regroups."""
        self.db.execute("UPDATE topics SET theme = ?, theme_fixed = 1 WHERE id = ?",
                        [number, topic_id])

    def merge_themes(self, workshop_id: int, source: int, target: int) -> None:
        """Every topic of `source` goes to `target`, placed as by the facilitator; `source`
        is gone."""
        with self.db.atomic():
            self.db.execute("UPDATE topics SET theme = ?, theme_fixed = 1"
                            " WHERE workshop_id = ? AND theme = ?", [target, workshop_id, source])
            self.db.execute("DELETE FROM themes WHERE workshop_id = ? AND number = ?",
                            [workshop_id, source])

    def set_themes_accepted(self, workshop_id: int, accepted: bool) -> None:
        self.db.execute("UPDATE workshops SET themes_accepted = ? WHERE id = ?",
                        [int(accepted), workshop_id])

    def themes_in_use(self, workshop_id: int) -> bool:
        """Whether anyone has put a dot on, or rated, a theme."""
        return bool(self._value(
            """SELECT EXISTS (SELECT 1 FROM dots WHERE workshop_id = :w AND theme IS NOT NULL)
                   OR EXISTS (SELECT 1 FROM ratings WHERE workshop_id = :w AND kind = 'theme')""",
            {"w": workshop_id}))

    # Backlog

    def insert_backlog_item(self, workshop_id: int, fields: dict, topic_ids=()) -> int:
        """Add an item at the end of the backlog, linked to the topics it came from."""
        with self.db.atomic():
            position = self._value("SELECT coalesce(max(position), 0) + 1 FROM backlog_items"
                                   " WHERE workshop_id = ?", [workshop_id])
            row = {"workshop_id": workshop_id, "position": position, "created_at": now_iso(),
                   "updated_at": now_iso(), **fields}
            item_id = self.db.execute(
                "INSERT INTO backlog_items ({}) VALUES ({})".format(
                    ", ".join(row), ", ".join("?" for _ in row)), [*row.values()]).lastrowid
            for topic_id in topic_ids:
                self.db.execute("INSERT INTO backlog_sources (backlog_item_id, topic_id)"
                                " VALUES (?, ?)", [item_id, topic_id])
        return item_id

    def backlog(self, workshop_id: int) -> list[dict]:
        """The backlog in priority order, each item with the ids of its source topics."""
        items = list(self.db.query("SELECT * FROM backlog_items WHERE workshop_id = ?"
                                   " ORDER BY position", [workshop_id]))
        sources: dict[int, list[int]] = {}
        for row in self.db.query(
                """SELECT s.backlog_item_id, s.topic_id FROM backlog_sources s
                   JOIN backlog_items b ON b.id = s.backlog_item_id
                   WHERE b.workshop_id = ? ORDER BY s.topic_id""", [workshop_id]):
            sources.setdefault(row["backlog_item_id"], []).append(row["topic_id"])
        return [{**item, "source_ids": sources.get(item["id"], [])} for item in items]

    def backlog_item(self, item_id: int) -> dict | None:
        return self._one("SELECT * FROM backlog_items WHERE id = ?", [item_id])

    def update_backlog_item(self, item_id: int, fields: dict) -> None:
        fields = {**fields, "updated_at": now_iso()}
        self.db.execute("UPDATE backlog_items SET {} WHERE id = ?".format(
            ", ".join(f"{name} = ?" for name in fields)), [*fields.values(), item_id])

    def swap_backlog_positions(self, item: dict, step: int) -> bool:
        """Move an item one place up (-1) or down (+1); False at either end."""
        neighbour = self._one(
            "SELECT id, position FROM backlog_items WHERE workshop_id = ? AND position {} ?"
            " ORDER BY position {} LIMIT 1".format(*(("<", "DESC") if step < 0 else (">", "ASC"))),
            [item["workshop_id"], item["position"]])
        if neighbour is None:
            return False
        with self.db.atomic():
            self.db.execute("UPDATE backlog_items SET position = ? WHERE id = ?",
                            [neighbour["position"], item["id"]])
            self.db.execute("UPDATE backlog_items SET position = ? WHERE id = ?",
                            [item["position"], neighbour["id"]])
        return True

    def delete_backlog_item(self, item_id: int) -> None:
        self.db.execute("DELETE FROM backlog_items WHERE id = ?", [item_id])

    def set_backlog_published(self, workshop_id: int, published: bool) -> None:
        self.db.execute("UPDATE workshops SET backlog_published = ? WHERE id = ?",
                        [int(published), workshop_id])

    # Whole workshops, for export and import

    def transaction(self):
        """All or nothing: an import that fails half-way leaves no trace."""
        return self.db.atomic()

    def insert_imported_topic(self, workshop_id: int, participant_id: int | None, text: str,
                              hidden: bool, created_at: str) -> int:
        return self.db.execute(
            "INSERT INTO topics (workshop_id, participant_id, text, hidden, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [workshop_id, participant_id, text, int(hidden), created_at]).lastrowid

    def set_merged_into(self, topic_id: int, target_id: int) -> None:
        self.db.execute("UPDATE topics SET merged_into = ? WHERE id = ?", [target_id, topic_id])

    def insert_imported_dots(self, workshop_id: int, participant_id: int, kind: str, item: int,
                             count: int) -> None:
        column = _DOT_TARGETS[kind][0]
        for _ in range(count):
            self.db.execute(f"INSERT INTO dots (workshop_id, {column}, participant_id, created_at)"
                            " VALUES (?, ?, ?, ?)", [workshop_id, item, participant_id, now_iso()])

    def participants(self, workshop_id: int) -> list[dict]:
        return list(self.db.query("SELECT * FROM participants WHERE workshop_id = ?"
                                  " ORDER BY id", [workshop_id]))

    def all_topics(self, workshop_id: int) -> list[dict]:
        """Every topic, hidden and merged ones too, oldest first."""
        return list(self.db.query("SELECT * FROM topics WHERE workshop_id = ? ORDER BY id",
                                  [workshop_id]))

    def dot_counts(self, workshop_id: int) -> list[dict]:
        """How many dots each participant put on each topic, or theme."""
        return list(self.db.query(
            "SELECT participant_id, topic_id, theme, count(*) AS dots FROM dots"
            " WHERE workshop_id = ? GROUP BY participant_id, topic_id, theme"
            " ORDER BY participant_id, topic_id, theme", [workshop_id]))


# Per kind of dot: its column, and the condition that the item is open for dots.
_DOT_TARGETS = {
    "topic": ("topic_id", "SELECT 1 FROM topics WHERE id = :item AND workshop_id = :w"
                          " AND hidden = 0 AND merged_into IS NULL"),
    "theme": ("theme", "SELECT 1 FROM themes th JOIN workshops w ON w.id = th.workshop_id"
                       " WHERE th.workshop_id = :w AND th.number = :item AND th.number != 0"
                       " AND w.themes_accepted = 1 AND w.prioritise = 'themes'"),
}

_TOPIC_SELECT = """SELECT t.*, p.display_name AS author_name,
      (SELECT count(*) FROM supports s WHERE s.topic_id = t.id) AS supporters
    FROM topics t LEFT JOIN participants p ON p.id = t.participant_id"""
