"""Fixtures: a fresh database, an app client, and a real server on 127.0.0.1."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from workshop.app import create_app
from workshop.db import Store

ROOT = Path(__file__).parent.parent


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "samla.db")
    yield store
    store.close()


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(tmp_path / "samla.db", secret_key="test-key")) as client:
        yield client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """`python run.py` in its own process, as a facilitator would start it."""

    def __init__(self, db_path: Path, port: int | None = None, env: dict | None = None,
                 args: tuple[str, ...] = ()):
        self.db_path = db_path
        self.env = env or {}
        self.args = args
        self.log_path = db_path.with_suffix(".log")
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self) -> "LiveServer":
        self.process = subprocess.Popen(
            [sys.executable, "run.py", "--port", str(self.port), "--db", str(self.db_path),
             *self.args],
            cwd=ROOT, stdout=self.log_path.open("ab"), stderr=subprocess.STDOUT,
            env={**os.environ, **self.env})
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not start: {self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """Stop it the hard way, as a crash or a pulled plug would."""
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def live_server(tmp_path):
    server = LiveServer(tmp_path / "samla.db").start()
    yield server
    server.stop()
    assert "Traceback" not in server.log(), server.log()
