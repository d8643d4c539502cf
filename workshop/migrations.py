"""Numbered schema steps, applied in order at start (sqlite-utils Migrations)."""

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from workshop.text import twin_key

migrations = Migrations("samla")


def execute_each(db: Database, script: str) -> None:
    """Run a script's statements one by one: inside the migration's transaction, unlike
    sqlite3's executescript(), which commits first."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations(name="0001_workshops_participants_topics_dots")
def create_core_tables(db: Database) -> None:
    execute_each(db, SCHEMA_0001)


SCHEMA_0001 = """
        CREATE TABLE workshops (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL,
            method TEXT NOT NULL,
            phase_index INTEGER NOT NULL DEFAULT 0,
            dots_per_participant INTEGER NOT NULL,
            max_dots_per_topic INTEGER NOT NULL,
            show_counts_during_voting INTEGER NOT NULL DEFAULT 0,
            names_enabled INTEGER NOT NULL DEFAULT 0,
            facilitator_secret_hash TEXT NOT NULL UNIQUE,
            projector_key TEXT NOT NULL,
            timer_ends_at REAL,
            timer_seconds INTEGER,
            created_at TEXT NOT NULL
        );
        CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            key TEXT NOT NULL UNIQUE,
            display_name TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX participants_workshop ON participants(workshop_id);
        CREATE TABLE topics (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
            text TEXT NOT NULL,
            hidden INTEGER NOT NULL DEFAULT 0,
            merged_into INTEGER REFERENCES topics(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL
        );
        CREATE INDEX topics_workshop ON topics(workshop_id);
        CREATE INDEX topics_participant ON topics(participant_id);
        CREATE TABLE dots (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL
        );
        CREATE INDEX dots_participant_topic ON dots(participant_id, topic_id);
        CREATE INDEX dots_workshop_topic ON dots(workshop_id, topic_id);
"""


@migrations(name="0002_backlog")
def create_backlog(db: Database) -> None:
    execute_each(db, SCHEMA_0002)


SCHEMA_0002 = """
        ALTER TABLE workshops ADD COLUMN backlog_published INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE workshops ADD COLUMN follow_up_of TEXT;
        CREATE TABLE backlog_items (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            theme TEXT NOT NULL DEFAULT '',
            votes INTEGER NOT NULL DEFAULT 0,
            impact INTEGER CHECK (impact BETWEEN 1 AND 5),
            effort INTEGER CHECK (effort BETWEEN 1 AND 5),
            quick_win INTEGER NOT NULL DEFAULT 0,
            owner TEXT NOT NULL DEFAULT '',
            next_step TEXT NOT NULL DEFAULT '',
            due_date TEXT,
            status TEXT NOT NULL DEFAULT 'new'
                CHECK (status IN ('new', 'in_progress', 'done', 'parked')),
            update_note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX backlog_items_workshop ON backlog_items(workshop_id, position);
        CREATE TABLE backlog_sources (
            backlog_item_id INTEGER NOT NULL REFERENCES backlog_items(id) ON DELETE CASCADE,
            topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
            PRIMARY KEY (backlog_item_id, topic_id)
        )
"""


@migrations(name="0003_supports")
def create_supports(db: Database) -> None:
    db.execute("""
        CREATE TABLE supports (
            topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            PRIMARY KEY (topic_id, participant_id)
        )""")


@migrations(name="0004_themes")
def create_themes(db: Database) -> None:
    execute_each(db, SCHEMA_0004)


SCHEMA_0004 = """
        CREATE TABLE themes (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            label TEXT NOT NULL,
            named INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (workshop_id, number)
        );
        ALTER TABLE topics ADD COLUMN theme INTEGER;
        ALTER TABLE topics ADD COLUMN theme_fixed INTEGER NOT NULL DEFAULT 0
"""


@migrations(name="0005_priorities")
def create_priorities(db: Database) -> None:
    execute_each(db, SCHEMA_0005)


# Dots may go to a theme instead of a topic (the facilitator's choice, `prioritise`):
# SQLite cannot relax NOT NULL in place, so the dots table is rebuilt.
# quick_win on themes and topics is the facilitator's mark: NULL follows the rule.
SCHEMA_0005 = """
        ALTER TABLE workshops ADD COLUMN themes_accepted INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE workshops ADD COLUMN prioritise TEXT NOT NULL DEFAULT 'topics'
            CHECK (prioritise IN ('topics', 'themes'));
        ALTER TABLE themes ADD COLUMN quick_win INTEGER CHECK (quick_win IN (0, 1));
        ALTER TABLE topics ADD COLUMN quick_win INTEGER CHECK (quick_win IN (0, 1));
        CREATE TABLE ratings (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('topic', 'theme')),
            item INTEGER NOT NULL,
            impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
            effort INTEGER NOT NULL CHECK (effort BETWEEN 1 AND 5),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (participant_id, kind, item)
        );
        CREATE INDEX ratings_workshop ON ratings(workshop_id, kind, item);
        CREATE TABLE dots_rebuilt (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            topic_id INTEGER REFERENCES topics(id) ON DELETE CASCADE,
            theme INTEGER,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            CHECK ((topic_id IS NULL) <> (theme IS NULL))
        );
        INSERT INTO dots_rebuilt (id, workshop_id, topic_id, participant_id, created_at)
            SELECT id, workshop_id, topic_id, participant_id, created_at FROM dots;
        DROP TABLE dots;
        ALTER TABLE dots_rebuilt RENAME TO dots;
        CREATE INDEX dots_participant_topic ON dots(participant_id, topic_id);
        CREATE INDEX dots_workshop_topic ON dots(workshop_id, topic_id);
        CREATE INDEX dots_workshop_theme ON dots(workshop_id, theme)
"""


@migrations(name="0006_dots_by_topic")
def index_dots_by_topic(db: Database) -> None:
    # Counting each topic's dots (the tally, every rating card) looked dots up by topic
    # with no index on it: a scan of every dot per topic, 180 ms with 1,000 topics.
    db.execute("CREATE INDEX dots_topic ON dots(topic_id)")


@migrations(name="0007_workshop_plans")
def store_plans(db: Database) -> None:
    """Each workshop keeps its own plan: its phases with their settings, as JSON.

    The voting settings move from workshop columns into the plan's voting phases, and
    the method once called "openspace" gets a key that says what it is.
    """
    import json

    db.execute("ALTER TABLE workshops ADD COLUMN plan TEXT NOT NULL DEFAULT '[]'")
    db.execute("UPDATE workshops SET method = 'low_hanging_fruit' WHERE method = 'openspace'")
    rows = db.execute("SELECT id, method, dots_per_participant, max_dots_per_topic,"
                      " show_counts_during_voting FROM workshops").fetchall()
    for workshop_id, method, dots, per_item, show_counts in rows:
        voting = {"dots": dots, "max_per_item": per_item, "show_counts": bool(show_counts)}
        plan = [{**phase, "settings": voting if phase["activity"] == "voting" else {}}
                for phase in LEGACY_PLANS[method]]
        db.execute("UPDATE workshops SET plan = ? WHERE id = ?",
                   [json.dumps(plan, ensure_ascii=False), workshop_id])
    for column in ("dots_per_participant", "max_dots_per_topic", "show_counts_during_voting"):
        db.execute(f"ALTER TABLE workshops DROP COLUMN {column}")


def _legacy_phase(key: str, title: str, prompt: str) -> dict:
    return {"key": key, "activity": key, "title": title, "prompt": prompt}


# The two methods as they were when plans began, so stored workshops keep their phases
# whatever the method files say later.
_WELCOME = _legacy_phase("welcome", "Welcome", "Welcome! We start in a moment.")
_TOPICS = _legacy_phase("topics", "Topics",
                        "Post the topics you think we should work on. One topic at a time.")
LEGACY_PLANS = {
    "quick": [_WELCOME, _TOPICS, _legacy_phase(
        "voting", "Voting", "Put your dots on the topics that matter most. Use − to take a "
        "dot back and move it."), _legacy_phase(
        "results", "Results", "This is what the group prioritised.")],
    "low_hanging_fruit": [_WELCOME, _TOPICS, _legacy_phase(
        "voting", "Voting", "Put your dots on what matters most. Use − to take a dot back "
        "and move it."), _legacy_phase(
        "rating", "Impact and effort", "Rate each card: how much would it help, and how much "
        "work would it take? Skip what you cannot judge."), _legacy_phase(
        "results", "Results", "This is what the group prioritised, and the quick wins we can "
        "start at once.")],
}


@migrations(name="0008_topic_text_key")
def key_topic_texts(db: Database) -> None:
    """Topics are compared by their twin key (text.twin_key): "Fler lärare" in NFD, in
    capitals or with a zero-width space is the same topic."""
    db.execute("ALTER TABLE topics ADD COLUMN text_key TEXT NOT NULL DEFAULT ''")
    for topic_id, text in db.execute("SELECT id, text FROM topics").fetchall():
        db.execute("UPDATE topics SET text_key = ? WHERE id = ?", [twin_key(text), topic_id])
    db.execute("CREATE INDEX topics_author_key ON topics(workshop_id, participant_id, text_key)")


@migrations(name="0009_lists_rounds_visits")
def add_lists_rounds_and_visits(db: Database) -> None:
    """Posts belong to a list (topics; Double Diamond's "Hur kan vi …?" statements and
    ideas, an idea answering a statement); a dot belongs to the voting phase it was placed
    in, so a second round starts with fresh dots; a workshop remembers, per phase, where
    its items stood when the phase was last left ("3 new since last time")."""
    execute_each(db, """
        ALTER TABLE topics ADD COLUMN list TEXT NOT NULL DEFAULT 'topics';
        ALTER TABLE topics ADD COLUMN parent_id INTEGER REFERENCES topics(id) ON DELETE SET NULL;
        CREATE INDEX topics_workshop_list ON topics(workshop_id, list);
        ALTER TABLE dots ADD COLUMN phase TEXT NOT NULL DEFAULT 'voting';
        CREATE INDEX dots_participant_phase ON dots(participant_id, phase);
        CREATE INDEX dots_workshop_phase ON dots(workshop_id, phase);
        ALTER TABLE workshops ADD COLUMN visits TEXT NOT NULL DEFAULT '{}'
    """)


@migrations(name="0010_dots_by_topic_and_phase")
def index_dots_by_topic_and_phase(db: Database) -> None:
    # A tally counts one phase's dots per topic (and per theme): with the phase in the
    # index the count reads the index alone. Without it every dot's row was read: a
    # rating card, which reads the tally, cost 3.4 ms of server CPU instead of 1.9 ms at
    # 1,000 phones (benchmarks/live_load.py).
    execute_each(db, """
        CREATE INDEX dots_topic_phase ON dots(topic_id, phase);
        DROP INDEX dots_topic;
        CREATE INDEX dots_workshop_theme_phase ON dots(workshop_id, theme, phase);
        DROP INDEX dots_workshop_theme
    """)


@migrations(name="0011_dots_by_participant_phase_topic")
def index_dots_by_participant_phase_and_topic(db: Database) -> None:
    # A tap counts the phone's dots in its phase, and on the item: one index answers both
    # from the index alone; the older ones it replaces only cost every dot a write. The
    # count of who has voted in a phase is answered from an index too.
    execute_each(db, """
        CREATE INDEX dots_participant_phase_topic ON dots(participant_id, phase, topic_id);
        DROP INDEX dots_participant_phase;
        DROP INDEX dots_participant_topic;
        DROP INDEX dots_workshop_topic;
        CREATE INDEX dots_workshop_phase_participant ON dots(workshop_id, phase, participant_id);
        DROP INDEX dots_workshop_phase
    """)


@migrations(name="0012_workshop_items_version")
def count_item_changes_per_workshop(db: Database) -> None:
    # What is read from a workshop's posts, dots and themes (the rating deck, read on
    # every card a phone saves) can be kept until one of them changes: the database
    # counts the changes, so the count is right in every server process.
    db.execute("ALTER TABLE workshops ADD COLUMN items_version INTEGER NOT NULL DEFAULT 0")
    for table in ("topics", "dots", "themes"):
        for change, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            db.execute(f"""
                CREATE TRIGGER {table}_{change.lower()}_items_version AFTER {change} ON {table}
                BEGIN
                    UPDATE workshops SET items_version = items_version + 1
                    WHERE id = {row}.workshop_id;
                END""")


@migrations(name="0013_allocations")
def create_allocations(db: Database) -> None:
    """Fördela 100 poäng (activities/allocation): the options a facilitator lists for an
    allocation phase, numbered 1, 2 … in its list, and each participant's points per
    option, a whole number 0-100 (CHECK), all of them summing to 100 (the activity
    writes a phone's whole allocation at once, in one transaction)."""
    execute_each(db, """
        CREATE TABLE allocation_options (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            phase TEXT NOT NULL,
            number INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (workshop_id, phase, number)
        );
        CREATE TABLE allocations (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            phase TEXT NOT NULL,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            option INTEGER NOT NULL,
            points INTEGER NOT NULL CHECK (typeof(points) = 'integer' AND points BETWEEN 0 AND 100),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (participant_id, phase, option)
        );
        CREATE INDEX allocations_workshop_phase ON allocations(workshop_id, phase)
    """)


@migrations(name="0014_values")
def create_values(db: Database) -> None:
    """Värderingsövning (activities/values): a phase's statements, each phone's private
    position on each (round 1 alone, round 2 after the talk; 1 = agree completely), the
    table groups' positions, and how much of the phase the facilitator has shown (1:
    round 1, 2: the change). Positions beyond the phase's scale are refused by the
    activity; the CHECKs hold the widest scale."""
    execute_each(db, """
        CREATE TABLE value_statements (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            phase TEXT NOT NULL,
            number INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (workshop_id, phase, number)
        );
        CREATE TABLE value_answers (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            phase TEXT NOT NULL,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            statement INTEGER NOT NULL,
            round INTEGER NOT NULL CHECK (round IN (1, 2)),
            position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (participant_id, phase, statement, round)
        );
        CREATE INDEX value_answers_workshop_phase ON value_answers(workshop_id, phase, round);
        CREATE TABLE value_groups (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            phase TEXT NOT NULL,
            statement INTEGER NOT NULL,
            table_number INTEGER NOT NULL CHECK (table_number >= 1),
            position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (workshop_id, phase, statement, table_number)
        );
        CREATE TABLE value_reveals (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            phase TEXT NOT NULL,
            shown INTEGER NOT NULL CHECK (shown IN (1, 2)),
            PRIMARY KEY (workshop_id, phase)
        )
    """)


@migrations(name="0015_actors")
def create_actors(db: Database) -> None:
    """Aktörskarta (activities/actors): each actor a participant names (title as written,
    organisation, optional note) with the key Samla merges written variants by
    (actors.names.actor_key), and the facilitator's changes: a written variant moved into
    another actor or split off on its own."""
    execute_each(db, """
        CREATE TABLE actor_mentions (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            phase TEXT NOT NULL,
            participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
            title TEXT NOT NULL,
            organisation TEXT NOT NULL CHECK (organisation IN ('kommun', 'region', 'annan')),
            note TEXT NOT NULL DEFAULT '',
            variant TEXT NOT NULL,
            actor_key TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX actor_mentions_workshop_phase ON actor_mentions(workshop_id, phase);
        CREATE TABLE actor_overrides (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            phase TEXT NOT NULL,
            variant TEXT NOT NULL,
            actor_key TEXT NOT NULL,
            PRIMARY KEY (workshop_id, phase, variant)
        )
    """)


@migrations(name="0016_participant_groups")
def add_participant_groups(db: Database) -> None:
    """Participant groups (issue 13): the facilitator's groups of a workshop ("Ung 13–17",
    "Vårdnadshavare" …), the one a participant chose on joining (NULL: none chosen, "Vill
    inte säga"), and the workshop's small-group protection: results of a group with fewer
    than group_min_size answers are hidden (free text attributed to a group: fewer than
    group_text_min_size); group_required refuses joining without a group;
    groups_on_projector is the facilitator's switch for results per group there."""
    execute_each(db, """
        CREATE TABLE participant_groups (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            label TEXT NOT NULL,
            PRIMARY KEY (workshop_id, number)
        );
        ALTER TABLE participants ADD COLUMN group_number INTEGER;
        CREATE INDEX participants_workshop_group ON participants(workshop_id, group_number);
        ALTER TABLE workshops ADD COLUMN group_min_size INTEGER NOT NULL DEFAULT 5
            CHECK (group_min_size >= 3);
        ALTER TABLE workshops ADD COLUMN group_text_min_size INTEGER NOT NULL DEFAULT 8
            CHECK (group_text_min_size >= 3);
        ALTER TABLE workshops ADD COLUMN group_required INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE workshops ADD COLUMN groups_on_projector INTEGER NOT NULL DEFAULT 0
    """)


@migrations(name="0017_youth_safe_moderation_retention")
def add_youth_safe_moderation_and_retention(db: Database) -> None:
    """A workshop's safety settings (issue 13): youth-safe mode (no names, the personal-data
    guard), pre-moderation (every post waits for the facilitator), and how long it is
    kept: `retention_days` after `last_active_at`, the last time anyone acted in it."""
    execute_each(db, """
        ALTER TABLE workshops ADD COLUMN youth_safe INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE workshops ADD COLUMN premoderation INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE workshops ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 90;
        ALTER TABLE workshops ADD COLUMN last_active_at TEXT;
        UPDATE workshops SET last_active_at = created_at;
        CREATE INDEX workshops_last_active ON workshops(last_active_at)
    """)


@migrations(name="0018_held_posts")
def create_held_posts(db: Database) -> None:
    """The moderation queue: posts that wait for the facilitator before anyone else sees
    them. Kept apart from `topics`, so that no query that shows, counts, hints at or
    exports posts can see one by forgetting a condition."""
    execute_each(db, """
        CREATE TABLE held_posts (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            participant_id INTEGER REFERENCES participants(id) ON DELETE CASCADE,
            list TEXT NOT NULL DEFAULT 'topics',
            parent_id INTEGER REFERENCES topics(id) ON DELETE SET NULL,
            text TEXT NOT NULL,
            text_key TEXT NOT NULL,
            reasons TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX held_posts_workshop ON held_posts(workshop_id, id);
        CREATE INDEX held_posts_author ON held_posts(participant_id, list, text_key)
    """)


@migrations(name="0019_open_space")
def create_open_space(db: Database) -> None:
    """Open Space (issue 12): the facilitator's rooms and time slots (a slot with a
    plenary label, e.g. lunch, is blocked); sessions participants convene, and who is
    interested; where each session is on the agenda wall, one session per cell
    (UNIQUE room × slot: two phones claiming one cell at once cannot both win); who is
    at which session (one at a time: the participant is the key) and who has been at
each (for the proceedings); and the notes of each
    session, appended entry by entry so writers at once lose nothing."""
    execute_each(db, """
        CREATE TABLE open_space_rooms (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            capacity INTEGER,
            UNIQUE (workshop_id, name)
        );
        CREATE TABLE open_space_slots (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            starts TEXT NOT NULL,
            ends TEXT NOT NULL,
            plenary TEXT NOT NULL DEFAULT '',
            UNIQUE (workshop_id, starts)
        );
        CREATE TABLE open_space_sessions (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
            title TEXT NOT NULL,
            line TEXT NOT NULL DEFAULT '',
            convenor_name TEXT NOT NULL DEFAULT '',
            co_convenors TEXT NOT NULL DEFAULT '',
            hidden INTEGER NOT NULL DEFAULT 0,
            report_topic_id INTEGER REFERENCES topics(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX open_space_sessions_workshop ON open_space_sessions(workshop_id, participant_id);
        CREATE TABLE open_space_interests (
            session_id INTEGER NOT NULL REFERENCES open_space_sessions(id) ON DELETE CASCADE,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            PRIMARY KEY (session_id, participant_id)
        ) WITHOUT ROWID;
        CREATE INDEX open_space_interests_participant ON open_space_interests(participant_id);
        CREATE TABLE open_space_placements (
            session_id INTEGER PRIMARY KEY REFERENCES open_space_sessions(id) ON DELETE CASCADE,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            room_id INTEGER NOT NULL REFERENCES open_space_rooms(id),
            slot_id INTEGER NOT NULL REFERENCES open_space_slots(id),
            pinned INTEGER NOT NULL DEFAULT 0,
            UNIQUE (room_id, slot_id)
        );
        CREATE INDEX open_space_placements_slot ON open_space_placements(slot_id);
        CREATE TABLE open_space_attendance (
            participant_id INTEGER PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
            session_id INTEGER NOT NULL REFERENCES open_space_sessions(id) ON DELETE CASCADE,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            since TEXT NOT NULL
        );
        CREATE INDEX open_space_attendance_session ON open_space_attendance(session_id);
        CREATE TABLE open_space_visits (
            session_id INTEGER NOT NULL REFERENCES open_space_sessions(id) ON DELETE CASCADE,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            PRIMARY KEY (session_id, participant_id)
        ) WITHOUT ROWID;
        CREATE TABLE open_space_notes (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES open_space_sessions(id) ON DELETE CASCADE,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
            kind TEXT NOT NULL CHECK (kind IN ('insight', 'recommendation', 'next_step', 'owner')),
            text TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX open_space_notes_session ON open_space_notes(session_id, participant_id)
    """)


@migrations(name="0020_actions_done")
def remember_actions_done(db: Database) -> None:
    # A phone's action id (samla.js adds one to every action it sends) is stored with the
    # action's write, in the same transaction: a retry of an action already done (its
    # answer was lost) finds its id and changes nothing (guards.once).
    execute_each(db, """
        CREATE TABLE actions_done (
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            action_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (participant_id, action_id)
        ) WITHOUT ROWID
    """)


@migrations(name="0021_live_state_of_several_processes")
def share_live_state(db: Database) -> None:
    # With several server processes (workers.py) what one process kept in memory is
    # shared here: who is online in which room (each process its own rows, refreshed
    # while it lives), and each workshop's revision, which pages compare on connecting.
    execute_each(db, """
        CREATE TABLE online (
            process TEXT NOT NULL,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            language TEXT NOT NULL,
            members INTEGER NOT NULL,
            seen_at REAL NOT NULL,
            PRIMARY KEY (workshop_id, role, language, process)
        ) WITHOUT ROWID;
        CREATE INDEX online_process ON online(process);
        CREATE TABLE live_revisions (
            workshop_id INTEGER PRIMARY KEY REFERENCES workshops(id) ON DELETE CASCADE,
            revision INTEGER NOT NULL
        )
    """)


@migrations(name="0022_actions_done_by_age")
def actions_done_by_age(db: Database) -> None:
    # The purge deletes action ids past settings.ACTION_IDS_KEPT_HOURS by their age.
    db.execute("CREATE INDEX actions_done_created ON actions_done(created_at)")


@migrations(name="0023_ratings_read_from_their_indexes")
def ratings_read_from_their_indexes(db: Database) -> None:
    # Every push of a rating phase counts who rated and averages each item; in a room of
    # 2,000 (20,000 ratings) these read every rating's row: 5.9 and 6.2 ms a push. Read
    # from indexes that hold what they ask for: 0.85 and 2.3 ms (benchmarks/README.md).
    execute_each(db, """
        CREATE INDEX ratings_raters ON ratings(workshop_id, participant_id);
        DROP INDEX ratings_workshop;
        CREATE INDEX ratings_workshop ON ratings(workshop_id, kind, item, impact, effort);
    """)
