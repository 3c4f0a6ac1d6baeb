"""A throwaway PostgreSQL server in a temp directory, for the tests and the team benchmark.

initdb refuses to run as root (CI runs as root), so there the server runs as the
`postgres` user. It listens on 127.0.0.1 only, trusts local connections and skips fsync:
nothing in it outlives the run.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from tests.helpers import free_port, in_memory

USER = "warroom"


def _bin(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if not found:
        raise RuntimeError(
            f"PostgreSQL's {name} is not installed (Debian: apt-get install postgresql)"
        )
    return found


class PostgresServer:
    def __init__(self) -> None:
        # Not under pytest's temp dir: that is private to root, and the server may be `postgres`.
        # In memory where the machine has it: a test database is made in a tenth of the time
        # on disk, and the run writes no gigabyte of files that nobody reads.
        self.base = Path(tempfile.mkdtemp(prefix="warroom-pg-", dir=in_memory()))
        self.data = self.base / "data"
        self.port = free_port()
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self._names = itertools.count(1)
        if self._as:
            shutil.chown(self.base, "postgres")
        self._run(
            _bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            USER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--no-instructions",
        )

    def _run(self, *args: str) -> None:
        result = subprocess.run(
            [*self._as, *args], capture_output=True, text=True, cwd=self.base, timeout=120
        )
        if result.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed: {result.stderr.strip()[-500:]}")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            _bin("pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.base / "log"),
            "-w",
            "start",
        )

    def _processes(self) -> list[int]:
        """The postmaster and every process it started (backends, checkpointer, …)."""
        main = int((self.data / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(["pgrep", "-P", str(main)], capture_output=True, text=True)
        return [main, *map(int, children.stdout.split())]

    def pause(self) -> None:
        """Stop every server process (SIGSTOP): a hung server, or a half-open connection,
        as a laptop on dead Wi-Fi sees it. The kernel still answers TCP for it."""
        for pid in self._processes():
            os.kill(pid, signal.SIGSTOP)

    def resume(self) -> None:
        for pid in self._processes():
            os.kill(pid, signal.SIGCONT)

    def stop(self) -> None:
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "t", template: str | None = None) -> str:
        """A new database, empty or a copy of the database `template`; its URL."""
        import psycopg

        name = f"{prefix}{next(self._names)}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)

    def password_role(self, role: str, password: str, database: str) -> str:
        """A role that must give its password (every other role is trusted); its URL,
        without the password."""
        import psycopg

        hba = self.data / "pg_hba.conf"
        rule = f"host all {role} 127.0.0.1/32 scram-sha-256\n"
        if rule not in hba.read_text():
            hba.write_text(rule + hba.read_text())  # the first matching line wins
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
            conn.execute(f'GRANT ALL ON DATABASE "{database}" TO {role}')
            conn.execute(f'ALTER DATABASE "{database}" OWNER TO {role}')
            conn.execute("SELECT pg_reload_conf()")
        return f"postgresql://{role}@127.0.0.1:{self.port}/{database}"

    def destroy(self) -> None:
        with contextlib.suppress(RuntimeError):
            self.stop()
        shutil.rmtree(self.base, ignore_errors=True)
