"""Every setting in one place: environment variables with their defaults."""

import os
import secrets
from pathlib import Path

PACKAGE_DIR = Path(__file__).parent
ROOT_DIR = PACKAGE_DIR.parent

DB_PATH = Path(os.environ.get("SAMLA_DB", ROOT_DIR / "sessions" / "samla.db"))
EXPORTS_DIR = Path(os.environ.get("SAMLA_EXPORTS", ROOT_DIR / "exports"))
VENDOR_DIR = Path(os.environ.get("SAMLA_VENDOR_DIR", ROOT_DIR / "node_modules"))
HOST = os.environ.get("SAMLA_HOST", "127.0.0.1")
PORT = int(os.environ.get("SAMLA_PORT", "8000"))
# The address phones use, for the join link and QR code (e.g. https://samla.kommun.se).
# Unset: the address the facilitator's browser used, which is right unless that was localhost.
PUBLIC_URL = os.environ.get("SAMLA_PUBLIC_URL", "").rstrip("/")
# Served over HTTPS in production: cookies then carry the Secure flag.
HTTPS_ONLY = os.environ.get("SAMLA_HTTPS_ONLY", "") == "1"

# An organisation's own method files (*.toml), read beside the shipped ones.
METHODS_DIR = Path(os.environ["SAMLA_METHODS_DIR"]) if os.environ.get("SAMLA_METHODS_DIR") \
    else None
# An organisation's own activities: Python modules (comma-separated) imported at start.
ACTIVITY_MODULES = tuple(name.strip() for name in os.environ.get("SAMLA_ACTIVITIES", "").split(",")
                         if name.strip())

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

# Input limits, enforced on the server and mirrored in the forms.
TOPIC_MAX_CHARS = 200
TITLE_MAX_CHARS = 120
DESCRIPTION_MAX_CHARS = 1000
NAME_MAX_CHARS = 40
# Topics one participant may post in one list: a phase setting (topics'
# "per_participant"). Public consultations need more than the default: one convenor
# posted 54 statements (issue 11).
DEFAULT_TOPICS_PER_PARTICIPANT = 25
MAX_TOPICS_PER_PARTICIPANT = 200
PAPER_NOTES_MAX = 2000  # notes typed up from paper, in one workshop
# An approval round gives a dot for each item one supports (24 projects, or more).
MAX_DOTS = 100
GROUP_LABEL_MAX_CHARS = 40
MAX_GROUPS = 8  # participant groups in one workshop: more would not fit side by side
MAX_TIMER_MINUTES = 120
PLAN_MAX_PHASES = 30  # phases in one workshop's plan, added ones included
MAX_BODY_BYTES = 64 * 1024
IMPORT_MAX_BYTES = 20 * 1024 * 1024  # a JSON export of 5,000 topics is about 2 MB
PAPER_NOTES_MAX_BYTES = 1024 * 1024
# Paths (by their end) that take more than MAX_BODY_BYTES: whole exports, paper notes.
BODY_LIMITS = {"/import": IMPORT_MAX_BYTES, "/topics/from-paper": PAPER_NOTES_MAX_BYTES}
BACKLOG_TITLE_MAX_CHARS = 200
BACKLOG_TEXT_MAX_CHARS = 2000
BACKLOG_FIELD_MAX_CHARS = 120
NEXT_STEP_MAX_CHARS = 500

DEFAULT_DOTS = 5
DEFAULT_DOTS_PER_TOPIC = 3
# While a room votes, the standings show the leading rows and count the rest: they are
# pushed to the facilitator (and, with counts shown, to everyone) after each burst of
# dots, and all 2,000 rows of a big room took 22 % of a core to render while it voted
# (benchmarks/README.md). A projector fits fewer; the results show every row.
TALLY_ROWS_WHILE_VOTING = 40

# Live updates to one workshop are coalesced: at most one push per part and room
# per interval, so a burst of 500 votes costs a handful of renders, not 500.
# Phones: every 100 ms at most (less often in a big room, below).
LIVE_INTERVAL_SECONDS = float(os.environ.get("SAMLA_LIVE_INTERVAL", "0.1"))
# The projector and the facilitator: every 50 ms at most. A vote waits for the next push,
# then for its render: at 100 ms, a vote reached the projector of a room of 2,000 in
# 125–129 ms at p95, at 50 ms in 73–81 ms, for about 20 % more CPU per vote
# (benchmarks/README.md).
SCREEN_INTERVAL_SECONDS = float(os.environ.get("SAMLA_SCREEN_INTERVAL", "0.05"))
# A room's phones get at most this many pushes of one part per second, all phones
# together: up to 250 phones every LIVE_INTERVAL, 2,000 phones every 0.8 s
# (realtime.Realtime.interval_of). Measured in benchmarks/README.md.
PHONE_MESSAGES_PER_SECOND = float(os.environ.get("SAMLA_PHONE_MESSAGES_PER_SECOND", "2500"))

# How long an idle HTTP connection from a browser is kept open, in seconds: longer
# than the pause between two taps (workshop/cli.py), like nginx's 75 s.
KEEP_ALIVE_SECONDS = int(os.environ.get("SAMLA_KEEP_ALIVE_SECONDS", "65"))

# Several server processes (run.py --workers N, or several machines) on one database:
# their pushes meet in Redis (workers.py). Unset: one process, no Redis (the default).
REDIS_URL = os.environ.get("SAMLA_REDIS_URL", "")
# The prefix of Samla's Redis keys and its socket.io channel: one per database.
REDIS_CHANNEL = os.environ.get("SAMLA_REDIS_CHANNEL", "samla")
# Connections each process opens to Redis at most; a push waits for a free one (redis-py
# 8's own pool of 100 fails a burst of pushes with "Too many connections").
REDIS_CONNECTIONS = int(os.environ.get("SAMLA_REDIS_CONNECTIONS", "8"))
# After losing Redis, pages ask whether they missed a push at random moments within this
# many seconds (events.CATCH_UP): the pages that did fetch themselves again, a room of
# 2,000 about 130 a second instead of all at once.
CATCH_UP_SECONDS = 15
# How a page's socket talks to the server. Processes that share one port take each new
# connection in turn, so long-polling (a string of requests that must reach the same
# process) needs sticky sessions: with Redis, WebSocket only unless the proxy is sticky.
SOCKET_TRANSPORTS = tuple(os.environ.get(
    "SAMLA_SOCKET_TRANSPORTS", "websocket" if REDIS_URL else "polling websocket").split())

SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600


def secret_key(db_path: Path = DB_PATH) -> str:
    """The key that signs cookies: SAMLA_SECRET_KEY, or one kept beside the database.

    Keeping it beside the database means a restart does not log everyone out.
    """
    if key := os.environ.get("SAMLA_SECRET_KEY"):
        return key
    key_file = db_path.parent / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


# Hostile input. Imports: an export nests 4 deep (themes → a theme → its topics → a
# number); lists longer than these are refused before the schema check (about 35 µs
# an entry, in a worker thread). A room of 2,000 phones fits with room to spare; at
# these caps the write, on the event loop, takes about 0.8 s of CPU (benchmarks/).
IMPORT_MAX_DEPTH = 8
IMPORT_MAX_ENTRIES = {
    "phases": 50, "participants": 3_000, "topics": 6_000, "votes": 15_000,
    "theme_votes": 15_000, "supports": 6_000, "themes": 300, "ratings": 30_000,
    "backlog": 500, "themes → topics": 6_000, "backlog → sources": 6_000,
    # Results per participant group: an import leaves them (the follow-up's own export
    # computes them again), so kept small: a table per vote, two per rating.
    "group_results": 150, "group_results → groups": 1_500, "group_results → rows": 20_000,
    "groups → hidden": 25, "groups → hidden → tables": 1_500,
    # Open Space: 200 sessions, each of 3,000 people marking a few dozen, sitting in one
    # at a time, writing notes (40 each in a session: a busy session writes hundreds).
    "open_space → rooms": 40, "open_space → slots": 40, "open_space → sessions": 200,
    "open_space → sessions → interested": 60_000, "open_space → sessions → attended": 3_000,
    "open_space → sessions → notes": 20_000,
}
# Samla's own theme labels join up to three words of its topics; a facilitator's are
# at most BACKLOG_FIELD_MAX_CHARS.
THEME_LABEL_MAX_CHARS = 3 * TOPIC_MAX_CHARS + 10
# A socket.io event payload nests a few levels; deeper ones are refused before parsing.
SOCKET_MAX_DEPTH = 32

# Rate limits per client address (behind a proxy, the address uvicorn takes from
# X-Forwarded-For) and per workshop, in the notation of the `limits` library:
# "N/minute", several separated by ";". Where they are kept: "async+memory://" in this
# process, or e.g. "async+redis://host:6379" shared between processes (the default when
# SAMLA_REDIS_URL is set).
RATE_LIMIT_STORAGE = os.environ.get(
    "SAMLA_RATE_LIMIT_STORAGE", f"async+{REDIS_URL}" if REDIS_URL else "async+memory://")
RATE_LIMITS = {
    # Looking up join codes that do not exist: guessing. A room's typos fit easily.
    "code_guesses": os.environ.get("SAMLA_RATE_CODE_GUESSES", "60/minute;600/hour"),
    # Joining from one address: a room of 200 phones behind one municipal NAT address,
    # within a minute, with room to spare; a day of such rooms.
    "joins": os.environ.get("SAMLA_RATE_JOINS", "300/minute;2000/hour"),
    # Joining one workshop, from every address together.
    "workshop_joins": os.environ.get("SAMLA_RATE_WORKSHOP_JOINS", "2000/minute"),
    "workshops": os.environ.get("SAMLA_RATE_WORKSHOPS", "10/minute;100/day"),
    "imports": os.environ.get("SAMLA_RATE_IMPORTS", "5/minute;30/day"),
    # Imports from every address together: each may take a few seconds of one core.
    "server_imports": os.environ.get("SAMLA_RATE_SERVER_IMPORTS", "20/minute"),
}

# The signed session cookie keeps a key per workshop joined and a secret per workshop
# run, each about 60 bytes; browsers drop cookies over 4 KB. Only the most recent ones
# are kept: facilitators regain older workshops with their facilitator link.
SESSION_MAX_WORKSHOPS = int(os.environ.get("SAMLA_SESSION_MAX_WORKSHOPS", "20"))

# Data that goes away (retention.py): a workshop is deleted this many days after anyone
# last acted in it; the facilitator may choose from RETENTION_MIN_DAYS to
# RETENTION_MAX_DAYS. The running server looks for expired workshops every
# PURGE_INTERVAL_SECONDS (the first time one interval after start).
RETENTION_DEFAULT_DAYS = 90
RETENTION_MIN_DAYS = 1
RETENTION_MAX_DAYS = 730
PURGE_INTERVAL_SECONDS = float(os.environ.get("SAMLA_PURGE_INTERVAL", "3600"))
# The id of a done action (guards.once) is kept this long, then deleted by the purge: a
# retry comes seconds or minutes after its lost answer, and the table would otherwise
# grow by one row per tap for as long as the workshop is kept.
ACTION_IDS_KEPT_HOURS = 24

# Open Space (issue 12): limits on every path in, and taps per phone.
SESSION_TITLE_MAX_CHARS = 120
SESSION_LINE_MAX_CHARS = 200
CONVENOR_NAME_MAX_CHARS = NAME_MAX_CHARS
CO_CONVENORS_MAX_CHARS = 120
SESSIONS_PER_PARTICIPANT = 5
SESSIONS_PER_WORKSHOP = 200
ROOM_NAME_MAX_CHARS = 60
ROOM_MAX_CAPACITY = 10_000
ROOMS_PER_WORKSHOP = 40
SLOTS_PER_WORKSHOP = 40
PLENARY_MAX_CHARS = 60
SESSION_NOTE_MAX_CHARS = 500
NOTES_PER_PARTICIPANT_AND_SESSION = 40
# Taps (interest, claim, attendance, notes) one phone may make, in the `limits` notation:
# a person marks a few dozen sessions in a minute; a script a thousand.
OPEN_SPACE_TAPS = os.environ.get("SAMLA_RATE_OPEN_SPACE_TAPS", "60/minute;600/hour")
