"""A throwaway Matrix homeserver (Synapse) in a temp directory, for the chat tests.

Synapse lives in its own virtual environment (.ci/run installs it into .ci/synapse-venv;
WARROOM_SYNAPSE_PYTHON names another interpreter that has it). It listens on 127.0.0.1 only,
keeps its database in SQLite, federates with nobody, limits no rate, and registers users only
through the admin API's shared secret.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from tests.helpers import free_port

ROOT = Path(__file__).resolve().parents[2]
SERVER_NAME = "warroom.test"
UNLIMITED = {"per_second": 10_000, "burst_count": 10_000}


def synapse_python() -> str:
    python = os.environ.get("WARROOM_SYNAPSE_PYTHON") or str(
        ROOT / ".ci" / "synapse-venv" / "bin" / "python"
    )
    if not Path(python).exists():
        raise RuntimeError(
            f"Synapse is not installed: no {python} (.ci/run installs matrix-synapse there)"
        )
    return python


class SynapseServer:
    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="warroom-synapse-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.secret = secrets.token_hex(16)
        self.process: subprocess.Popen[bytes] | None = None
        self.log = self.base / "synapse.out"

    def _config(self) -> Path:
        """homeserver.yaml, written here: `--generate-config` would start Synapse's Python
        once more (about 2 s of CPU) only to write a file most of which is overridden."""
        key = self.base / f"{SERVER_NAME}.signing.key"
        # An ed25519 key as Synapse writes one: "ed25519 <id> <32-byte seed, unpadded base64>".
        seed = base64.b64encode(secrets.token_bytes(32)).decode().rstrip("=")
        key.write_text(f"ed25519 a_{secrets.token_hex(2)} {seed}\n")
        # The settings that make it a quiet local test server. YAML is a superset of JSON.
        config: dict[str, Any] = {
            "server_name": SERVER_NAME,
            "signing_key_path": str(key),
            "pid_file": str(self.base / "homeserver.pid"),
            "media_store_path": str(self.base / "media_store"),
            "macaroon_secret_key": secrets.token_hex(32),
            "form_secret": secrets.token_hex(32),
            "listeners": [
                {
                    "port": self.port,
                    "bind_addresses": ["127.0.0.1"],
                    "type": "http",
                    "tls": False,
                    "x_forwarded": False,
                    "resources": [{"names": ["client"], "compress": False}],
                }
            ],
            "database": {"name": "sqlite3", "args": {"database": str(self.base / "db.sqlite")}},
            "registration_shared_secret": self.secret,
            # The fewest rounds bcrypt takes: a password is hashed in milliseconds, not in a
            # quarter of a second of Synapse's CPU at each registration and login.
            "bcrypt_rounds": 4,
            "enable_registration": False,
            "federation_domain_whitelist": [],
            "trusted_key_servers": [],
            "suppress_key_server_warning": True,
            "report_stats": False,
            "enable_metrics": False,
            "presence": {"enabled": False},
            "url_preview_enabled": False,
            "log_config": None,
            "rc_message": UNLIMITED,
            "rc_registration": UNLIMITED,
            "rc_login": {"address": UNLIMITED, "account": UNLIMITED, "failed_attempts": UNLIMITED},
            "rc_joins": {"local": UNLIMITED, "remote": UNLIMITED},
            "rc_admin_redaction": UNLIMITED,
        }
        path = self.base / "homeserver.yaml"
        path.write_text(json.dumps(config))
        return path

    def start(self, timeout: float = 90.0) -> None:
        config = self._config()
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [synapse_python(), "-m", "synapse.app.homeserver", "-c", str(config)],
                cwd=self.base,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Synapse exited at start: {self.log.read_text()[-1500:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/_matrix/client/versions", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(
            f"Synapse did not answer in {timeout:g}s: {self.log.read_text()[-1500:]}"
        )

    def register(self, user: str, password: str, admin: bool = False) -> str:
        """A new user through the shared-secret admin API; its access token."""
        endpoint = f"{self.url}/_synapse/admin/v1/register"
        nonce = httpx.get(endpoint, timeout=10).json()["nonce"]
        mac = hmac.new(self.secret.encode(), digestmod=hashlib.sha1)
        mac.update(b"\x00".join([nonce.encode(), user.encode(), password.encode(),
                                 b"admin" if admin else b"notadmin"]))  # fmt: skip
        reply = httpx.post(
            endpoint,
            json={"nonce": nonce, "username": user, "password": password, "admin": admin,
                  "mac": mac.hexdigest()},
            timeout=30,
        )  # fmt: skip
        reply.raise_for_status()
        return str(reply.json()["access_token"])

    def login(self, user: str, password: str) -> str:
        reply = httpx.post(
            f"{self.url}/_matrix/client/v3/login",
            json={"type": "m.login.password",
                  "identifier": {"type": "m.id.user", "user": user}, "password": password},
            timeout=30,
        )  # fmt: skip
        reply.raise_for_status()
        return str(reply.json()["access_token"])

    def create_room(self, token: str, name: str) -> str:
        reply = httpx.post(
            f"{self.url}/_matrix/client/v3/createRoom",
            json={"name": name, "preset": "private_chat"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        reply.raise_for_status()
        return str(reply.json()["room_id"])

    def join(self, token: str, room: str, invited_by: str, user_id: str) -> None:
        """`user_id` (whose token is `token`) invited by the room's creator, and in."""
        headers = {"Authorization": f"Bearer {invited_by}"}
        where = quote(room, safe="")
        reply = httpx.post(f"{self.url}/_matrix/client/v3/rooms/{where}/invite",
                           json={"user_id": user_id}, headers=headers, timeout=30)  # fmt: skip
        reply.raise_for_status()
        reply = httpx.post(f"{self.url}/_matrix/client/v3/join/{where}", json={},
                           headers={"Authorization": f"Bearer {token}"}, timeout=30)  # fmt: skip
        reply.raise_for_status()

    def messages(self, token: str, room: str) -> list[dict[str, Any]]:
        """The room's m.room.message events, oldest first, read through the client API."""
        reply = httpx.get(
            f"{self.url}/_matrix/client/v3/rooms/{quote(room, safe='')}/messages",
            params={"dir": "b", "limit": "100"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        reply.raise_for_status()
        events = [e for e in reply.json()["chunk"] if e["type"] == "m.room.message"]
        return events[::-1]

    def send(self, token: str, room: str, text: str) -> str:
        """A person's message in the room (what a bridge would read back)."""
        txn = secrets.token_hex(8)
        reply = httpx.put(
            f"{self.url}/_matrix/client/v3/rooms/{quote(room, safe='')}/send/m.room.message/{txn}",
            json={"msgtype": "m.text", "body": text},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        reply.raise_for_status()
        return str(reply.json()["event_id"])

    def destroy(self) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.base, ignore_errors=True)


@dataclass(frozen=True)
class MatrixRoom:
    """A room on the test homeserver, and the user (with their access token) who made it."""

    server: SynapseServer
    user: str
    token: str
    room: str
