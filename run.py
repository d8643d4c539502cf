"""Start Samla: python run.py [--host H] [--port P] [--db PATH] [--demo]."""

import argparse
import os


def main() -> None:
    parser = argparse.ArgumentParser(description="Samla: live co-design workshops.")
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1; "
                        "0.0.0.0 lets phones on the same network in)")
    parser.add_argument("--port", type=int, help="port (default 8000)")
    parser.add_argument("--db", help="SQLite file (default sessions/samla.db)")
    parser.add_argument("--public-url", help="address phones use, for the join link and QR code "
                        "(default: the address the facilitator's browser used)")
    parser.add_argument("--demo", action="store_true",
                        help="create a sample workshop with a few topics and print its links")
    args = parser.parse_args()
    if args.db:
        os.environ["SAMLA_DB"] = args.db
    if args.public_url:
        os.environ["SAMLA_PUBLIC_URL"] = args.public_url

    import uvicorn

    from workshop import demo, settings
    from workshop.app import create_app

    host, port = args.host or settings.HOST, args.port or settings.PORT
    base_url = f"http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}"
    print(f"Samla is running at {base_url}/  (database: {settings.DB_PATH})", flush=True)
    if host == "0.0.0.0" and not settings.PUBLIC_URL:
        print("Phones join at this computer's network address; open Samla through it "
              "(not localhost) so the QR code points there, or pass --public-url.", flush=True)
    if args.demo:
        demo.create_demo(settings.DB_PATH, base_url)
    app = create_app(settings.DB_PATH)
    # Phones hold long-polling requests open; don't let them delay a restart.
    uvicorn.run(app, host=host, port=port, log_level="warning",
                timeout_graceful_shutdown=3)


if __name__ == "__main__":
    main()
