"""create_app(): routes, lifespan and the socket.io wrap; nothing else."""

import asyncio
import contextlib
import gc
from pathlib import Path

import socketio
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from workshop import (
    activities,
    downloads,
    followup,
    groups,
    participants,
    plan,
    retention,
    safety,
    settings,
    timer,
    workshops,
)
from workshop.db import Store
from workshop.guards import Refused
from workshop.methods import catalogue
from workshop.middleware import SamlaMiddleware
from workshop.realtime import Realtime
from workshop.responses import refused

GC_YOUNG_THRESHOLD = 50_000
VENDOR_FILES = {  # URL folder -> folder inside node_modules (installed from package.json)
    "htmx": "htmx.org/dist",
    "socket.io": "socket.io-client/dist",
}


def vendor_mounts(vendor_dir: Path) -> list[Mount]:
    missing = [p for p in VENDOR_FILES.values() if not (vendor_dir / p).is_dir()]
    if missing:
        raise RuntimeError(f"Browser libraries missing in {vendor_dir}: {missing}. "
                           "Run `npm ci` (make run does it for you).")
    return [Mount(f"/vendor/{name}", StaticFiles(directory=vendor_dir / path))
            for name, path in VENDOR_FILES.items()]


def live_server(store, secret_key: str) -> Realtime:
    """The socket.io side: this process's own, or, with settings.REDIS_URL, one shared
    with the other processes on the same database (workers.py)."""
    if not settings.REDIS_URL:
        return Realtime(store, secret_key)
    from workshop.workers import SharedRealtime

    return SharedRealtime(store, secret_key)


def pause_less_for_garbage() -> None:
    """Python's cycle collector stops the whole server while it runs. With 2,000 phones
    connected a full collection walked about 475,000 objects and took 0.3 s, 26 times
    in three minutes (benchmarks/README.md), each a 0.3 s wait for every phone. What was
    loaded at start is never garbage: frozen, no collection walks it again. The youngest
    generation is collected after 50,000 new objects instead of 700: the objects of a
    request mostly die with it (freed at once by reference counting), and fewer of them
    are caught alive by a collection and moved up to be walked by the full ones."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def serving() -> Starlette:
    """The app as run.py serves it, in one process or in each of several workers
    (uvicorn's factory): on settings.DB_PATH, with the collector tuned for a full room.
    Only a server process is tuned: in a test process, which starts and stops many apps
    and browsers, the process-wide setting would change what the tests measure."""
    app = create_app(settings.DB_PATH)
    pause_less_for_garbage()
    return app


def create_app(db_path: Path | str = settings.DB_PATH, secret_key: str | None = None,
               purge_interval: float = settings.PURGE_INTERVAL_SECONDS):
    """The ASGI app: Starlette for pages and actions, socket.io beside it for live updates.
    While it runs, expired workshops are deleted every `purge_interval` seconds."""
    catalogue()  # activities and methods, once, before the first request
    store = Store(db_path)
    secret_key = secret_key or settings.secret_key(Path(db_path))
    realtime = live_server(store, secret_key)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await realtime.start(app.state.activity_state)
        purging = asyncio.create_task(
            retention.purge_now_and_then(store, app.state, purge_interval))
        yield
        purging.cancel()
        await realtime.stop()
        store.close()

    app = Starlette(
        routes=[
            *workshops.routes, *participants.routes, *timer.routes, *downloads.routes,
            *followup.routes, *plan.routes, *groups.routes, *safety.routes,
            *retention.routes,
            *(route for activity in activities.in_order() for route in activity.routes),
            Mount("/static", StaticFiles(directory=settings.PACKAGE_DIR / "static"),
                  name="static"),
            *vendor_mounts(settings.VENDOR_DIR),
        ],
        middleware=[
            Middleware(SessionMiddleware, secret_key=secret_key, session_cookie="samla",
                       max_age=settings.SESSION_MAX_AGE_SECONDS, same_site="lax",
                       https_only=settings.HTTPS_ONLY),
            Middleware(SamlaMiddleware),
        ],
        exception_handlers={Refused: refused},
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.realtime = realtime
    app.state.activity_state = {activity.key: activity.new_state()
                                for activity in activities.in_order() if activity.new_state}
    return socketio.ASGIApp(realtime.sio, other_asgi_app=app)
