"""A throwaway PostgreSQL server for the tests, from Debian's `postgresql` package.

The server gets its own data directory and unix socket under a fresh temporary
directory and listens on a free loopback port; nothing of the machine's own
PostgreSQL (if any runs) is touched. PostgreSQL refuses to run as root, and CI runs
as root: then the server runs as the unprivileged user ``nobody``.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg2

SUPERUSER = "xxgk"
START_SECONDS = 30.0


class PostgresMissing(RuntimeError):
    """PostgreSQL's server programs are not installed."""


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str

    def dsn(self, database: str = "postgres") -> str:
        """A libpq connection string (``key=value`` pairs), as DuckDB and psycopg2 take it."""
        return f"host={self.host} port={self.port} user={self.user} dbname={database}"

    def create_database(self, name: str) -> str:
        """Create database ``name`` (empty) and return its connection string."""
        connection = psycopg2.connect(self.dsn())
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
                cursor.execute(f'CREATE DATABASE "{name}"')
        finally:
            connection.close()
        return self.dsn(name)

    def query(self, database: str, sql: str) -> list[tuple]:
        connection = psycopg2.connect(self.dsn(database))
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        finally:
            connection.close()


def server_programs() -> Path:
    """The directory of ``initdb`` and ``postgres``: the newest Debian version, else $PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda path: int(Path(path).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PostgresMissing("PostgreSQL's server is not installed: `make system-packages` "
                          "installs Debian's postgresql package")


@contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """Start a fresh server on loopback, yield it, and stop it (its files are removed)."""
    programs = server_programs()
    root = Path(tempfile.mkdtemp(prefix="xxgk-postgres-"))
    as_user = _unprivileged_user()
    if as_user:
        os.chown(root, as_user.pw_uid, as_user.pw_gid)
    data, sockets = root / "data", root / "sockets"
    run_as = {"user": as_user.pw_uid, "group": as_user.pw_gid, "extra_groups": []} if as_user else {}
    server = None
    try:
        _run([programs / "initdb", "-D", data, "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
              "--locale=C", "--no-sync"], run_as)
        subprocess.run(["mkdir", sockets], check=True, **run_as)
        port = _free_port()
        server = subprocess.Popen(
            [programs / "postgres", "-D", data, "-h", "127.0.0.1", "-p", str(port),
             "-k", sockets, "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "max_connections=50"],
            stdout=subprocess.DEVNULL, stderr=open(root / "server.log", "wb"), **run_as)
        postgres = PostgresServer("127.0.0.1", port, SUPERUSER)
        _wait_until_ready(postgres, server, root / "server.log")
        yield postgres
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)  # "fast" shutdown: open sessions are ended
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(root, ignore_errors=True)


def _unprivileged_user() -> pwd.struct_passwd | None:
    """``nobody`` when running as root (PostgreSQL will not), else None: run as ourselves."""
    return pwd.getpwnam("nobody") if os.geteuid() == 0 else None


def _run(command: list, run_as: dict) -> None:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True,
                            cwd="/", **run_as)
    if result.returncode:
        raise RuntimeError(f"{command[0]} failed: {result.stderr.strip()}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_ready(postgres: PostgresServer, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"PostgreSQL exited at start: {log.read_text(errors='replace')}")
        try:
            psycopg2.connect(postgres.dsn(), connect_timeout=2).close()
            return
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL did not start in {START_SECONDS:g} s: "
                                   f"{log.read_text(errors='replace')}") from None
            time.sleep(0.1)
