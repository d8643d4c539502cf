"""Start Samla: python run.py [--host H] [--port P] [--db PATH] [--demo]."""

import argparse
import os


def main() -> None:
    parser = argparse.ArgumentParser(description="Samla: live co-design workshops.")
    parser.add_argument("--host", default=os.environ.get("SAMLA_HOST", "127.0.0.1"),
                        help="address to listen on (0.0.0.0 to let phones on the network in)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("SAMLA_PORT", "8000")))
    parser.add_argument("--db", help="SQLite file (default sessions/samla.db)")
    parser.add_argument("--demo", action="store_true",
                        help="create a sample workshop with a few topics and print its links")
    args = parser.parse_args()
    if args.db:
        os.environ["SAMLA_DB"] = args.db

    import uvicorn

    from workshop import demo, settings
    from workshop.app import create_app

    base_url = f"http://{'localhost' if args.host in ('127.0.0.1', '0.0.0.0') else args.host}" \
               f":{args.port}"
    print(f"Samla is running at {base_url}/  (database: {settings.DB_PATH})", flush=True)
    if args.demo:
        demo.create_demo(settings.DB_PATH, base_url)
    app = create_app(settings.DB_PATH)
    # Phones hold long-polling requests open; don't let them delay a restart.
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning",
                timeout_graceful_shutdown=3)


if __name__ == "__main__":
    main()
