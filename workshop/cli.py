"""The command line behind run.py: serve (the default), export, themes, purge, backup,
restore."""

import argparse
import importlib.util
import os
import sys
from pathlib import Path

DEFAULT_REDIS = "redis://127.0.0.1:6379/0"


def serve(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="run.py", description="Samla: live co-design "
                                     "workshops. Other commands: export, themes, purge, "
                                     "backup, restore (-h each).")
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1; "
                        "0.0.0.0 lets phones on the same network in)")
    parser.add_argument("--port", type=int, help="port (default 8000)")
    parser.add_argument("--db", help="SQLite file (default sessions/samla.db)")
    parser.add_argument("--public-url", help="address phones use, for the join link and QR code "
                        "(default: the address the facilitator's browser used)")
    parser.add_argument("--methods-dir", help="a folder of the organisation's own method "
                        "files (*.toml), offered beside the shipped ones")
    parser.add_argument("--demo", action="store_true",
                        help="create a sample workshop with a few topics and print its links")
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes on this port (default 1); more than one share "
                        "live updates through Redis")
    parser.add_argument("--redis", help="Redis URL that several server processes share "
                        f"(default {DEFAULT_REDIS} with --workers above 1)")
    args = parser.parse_args(argv)
    redis = args.redis or (DEFAULT_REDIS if args.workers > 1 else None)
    if redis and importlib.util.find_spec("redis") is None:
        sys.exit("Several server processes share live updates through Redis, and its client "
                 "is not installed: .venv/bin/uv pip install --python .venv/bin/python -e "
                 "'.[workers]'")
    # The server reads where it listens from the settings too (the join link, workshops.py).
    use_environment(db=args.db, public_url=args.public_url, methods_dir=args.methods_dir,
                    host=args.host, port=str(args.port) if args.port else None,
                    redis_url=redis)

    import uvicorn

    from workshop import demo, settings
    from workshop.app import serving
    from workshop.db import Store

    host, port = settings.HOST, settings.PORT
    base_url = f"http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}"
    print(f"Samla is running at {base_url}/  (database: {settings.DB_PATH})", flush=True)
    for line in how_phones_join(host, port):
        print(line, flush=True)
    print("Stop it with Ctrl+C.", flush=True)
    if args.demo:
        demo.create_demo(settings.DB_PATH, base_url)
    from workshop.methods import catalogue

    for problem in catalogue()[1]:
        print(f"Method file not loaded: {problem}", flush=True)
    # Phones hold long-polling requests open; don't let them delay a restart. A phone
    # keeps its connection between taps (KEEP_ALIVE_SECONDS): at uvicorn's 5 s, a phone
    # rating a card every 6 s opened a new one for each, and in a room of 2,000 new
    # connections waited up to 2.5 s to be set up (benchmarks/README.md).
    options = {"host": host, "port": port, "log_level": "warning",
               "timeout_graceful_shutdown": 3,
               "timeout_keep_alive": settings.KEEP_ALIVE_SECONDS}
    if args.workers == 1:
        uvicorn.run(serving(), **options)
        return
    # Made once before the workers start, which would each make their own (the cookie
    # key) or lock each other out ("database is locked": the migrations).
    settings.secret_key(settings.DB_PATH)
    Store(settings.DB_PATH).close()
    print(f"{args.workers} server processes share live updates through {redis}.", flush=True)
    uvicorn.run("workshop.app:serving", factory=True, workers=args.workers, **options)


def how_phones_join(host: str, port: int) -> list[str]:
    """The start-up message's lines about phones: where they join, or, while Samla listens
    on this computer only (the default), how to let them in."""
    from workshop import settings
    from workshop.workshops import is_loopback, lan_address, network_address

    if settings.PUBLIC_URL:
        return [f"Phones join at {settings.PUBLIC_URL}/ (the join link and QR code point there)."]
    if not is_loopback(host):
        address = network_address()
        return [f"Phones on the same network join at http://{address}:{port}/ (the join link "
                "and QR code point there)." if address else
                "Phones join at this computer's address in the network: open Samla through "
                "it, or pass --public-url."]
    lan = lan_address()
    then = f"; phones then join at http://{lan}:{port}/" if lan else ""
    return ["Phones cannot reach Samla yet: it listens on this computer only (127.0.0.1), "
            "and the join link and QR code point here.",
            "To let in phones on the same Wi-Fi, stop Samla (Ctrl+C) and start it again with "
            f"--host 0.0.0.0{then}. Or pass --public-url with the address phones use."]


def export(argv: list[str]) -> None:
    from workshop.exporting.files import FORMATS

    parser = argparse.ArgumentParser(prog="run.py export",
                                     description="Write a workshop's export into exports/CODE/.")
    parser.add_argument("code", help="the workshop's join code")
    parser.add_argument("--format", choices=FORMATS, default="xlsx")
    parser.add_argument("--comma", action="store_true", help="comma-separated CSV")
    parser.add_argument("--archive", action="store_true",
                        help="include the topics the facilitator hid and the results of "
                        "small groups (for an archive; the export says so)")
    parser.add_argument("--names", action="store_true",
                        help="include display names (only if the workshop used them)")
    parser.add_argument("--db", help="SQLite file (default sessions/samla.db)")
    args = parser.parse_args(argv)

    from workshop import settings
    from workshop.db import Store
    from workshop.exporting.document import workshop_document
    from workshop.exporting.files import export_file
    from workshop.guards import normalise_code

    db_path = Path(args.db) if args.db else settings.DB_PATH
    store = Store(db_path)
    workshop = store.workshop_by_code(normalise_code(args.code))
    if workshop is None:
        sys.exit(f"No workshop with the code {args.code} in {db_path}.")
    exported = export_file(workshop_document(store, workshop, include_names=args.names,
                                             archive=args.archive),
                           args.format, "," if args.comma else ";")
    folder = settings.EXPORTS_DIR / workshop["code"]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / exported.name).write_bytes(exported.content)
    print(folder / exported.name)


def themes(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="run.py themes", description="Group notes into themes. Prints one line per "
        "note, in input order: theme number, TAB, theme label, TAB, the note "
        "(theme 0 is Övrigt / Other).")
    parser.add_argument("file", type=Path, help="notes: one per line (.txt), or a CSV/TSV "
                        "with a 'text' (or 'comment-body', 'note' ...) column")
    parser.add_argument("--lang", choices=("sv", "en"), default="sv")
    parser.add_argument("--k", type=int, help="how many themes (default: Samla chooses)")
    args = parser.parse_args(argv)

    from workshop.activities.topics.notes import NotesRefused, read_note_file
    from workshop.clustering import group_topics
    from workshop.i18n import language

    try:
        notes = read_note_file(args.file.read_bytes(), args.file.name)
    except (OSError, NotesRefused) as problem:
        with language(args.lang):
            sys.exit(f"Cannot read notes from {args.file}: {problem}")
    if not notes:
        sys.exit(f"No notes in {args.file}.")
    grouping = group_topics(notes, language=args.lang, k=args.k)
    for note, theme in zip(notes, grouping.themes):
        print(f"{theme}\t{grouping.labels[theme]}\t{note}")


def purge(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="run.py purge", description="Delete every workshop kept longer than its "
        "retention time after its last activity (default 90 days), with everything in it. "
        "A running server does this by itself every hour.")
    parser.add_argument("--db", help="SQLite file (default sessions/samla.db)")
    args = parser.parse_args(argv)

    from workshop import retention, settings
    from workshop.db import Store

    db_path = Path(args.db) if args.db else settings.DB_PATH
    store = Store(db_path)
    codes = retention.purge(store)
    store.close()
    print(f"Deleted {len(codes)} expired workshop(s) from {db_path}"
          + (f": {', '.join(codes)}" if codes else "."))


def backup(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="run.py backup", description="Copy the database into FILE, also while Samla "
        "runs (SQLite's online backup API). Restore it with `run.py restore FILE`.")
    parser.add_argument("file", type=Path, help="where the copy goes (replaced if it exists)")
    parser.add_argument("--db", help="SQLite file (default sessions/samla.db)")
    args = parser.parse_args(argv)

    from workshop import settings
    from workshop.db import back_up

    database = Path(args.db) if args.db else settings.DB_PATH
    if not database.is_file():
        sys.exit(f"No database at {database}.")
    if args.file.resolve() == database.resolve():
        sys.exit("The copy cannot replace the database itself.")
    back_up(database, args.file)
    print(f"{database} copied to {args.file}")


def restore(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="run.py restore", description="Replace the database with a copy made by "
        "`run.py backup`. Stop Samla first, and start it again afterwards.")
    parser.add_argument("file", type=Path, help="the copy to restore")
    parser.add_argument("--db", help="SQLite file (default sessions/samla.db)")
    args = parser.parse_args(argv)

    from workshop import settings
    from workshop.db import NotASamlaDatabase, restore as restore_database

    database = Path(args.db) if args.db else settings.DB_PATH
    if not args.file.is_file():
        sys.exit(f"No file at {args.file}.")
    try:
        restore_database(args.file, database)
    except NotASamlaDatabase as problem:
        sys.exit(f"Nothing restored: {problem}")
    print(f"{database} restored from {args.file}")


def use_environment(**values: str | None) -> None:
    """Command-line options win over the environment; settings read it at import."""
    for name, value in values.items():
        if value:
            os.environ[f"SAMLA_{name.upper()}"] = value


COMMANDS = {"export": export, "themes": themes, "purge": purge, "backup": backup,
            "restore": restore}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        COMMANDS[argv[0]](argv[1:])
    else:
        serve(argv)
