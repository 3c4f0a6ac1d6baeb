"""A real Prometheus and a real Alertmanager on loopback ports in a temporary directory, with a
metrics target the test controls: raise its error rate and an alert fires within seconds,
lower it and the alert resolves."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from tests.helpers import free_port

RULES = """
groups:
  - name: checkout
    interval: 500ms
    rules:
      - alert: CheckoutErrorRate
        expr: checkout_error_ratio > 0.01
        for: 0s
        labels:
          severity: critical
          service: checkout
        annotations:
          summary: Checkout error rate above 1%
"""


class Target:
    """The service Prometheus scrapes: `error_ratio` is what it reports."""

    def __init__(self) -> None:
        self.error_ratio = 0.001
        self.requests = 1000.0
        target = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                if self.path.startswith("/set?ratio="):  # a mitigation, from a subprocess
                    target.error_ratio = float(self.path.split("=", 1)[1])
                body = (
                    "# TYPE checkout_error_ratio gauge\n"
                    f"checkout_error_ratio {target.error_ratio}\n"
                    "# TYPE checkout_requests_total counter\n"
                    f"checkout_requests_total {target.requests}\n"
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        # Polled for shutdown every 50 ms, not 0.5 s: each test waits that out when it ends.
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def close(self) -> None:
        self.server.shutdown()


class MonitoringServers:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="warroom-monitoring-"))
        self.target = Target()
        self.prom_port, self.am_port = free_port(), free_port()
        self.procs: list[subprocess.Popen[bytes]] = []

    @property
    def prometheus_url(self) -> str:
        return f"http://127.0.0.1:{self.prom_port}"

    @property
    def alertmanager_url(self) -> str:
        return f"http://127.0.0.1:{self.am_port}"

    def start(self) -> None:
        """Launched (unless it was already) and ready, the target scraped."""
        if not self.procs:
            self.launch()
        self.wait(f"{self.prometheus_url}/-/ready")
        self.wait(f"{self.alertmanager_url}/-/ready")
        # Prometheus hands its targets to the scraper about 5 s after it starts: every test
        # starts with the target scraped.
        self.until(self.scraped)

    def launch(self) -> None:
        """Both servers started, not waited for."""
        (self.dir / "rules.yml").write_text(RULES)
        (self.dir / "alertmanager.yml").write_text(
            "route:\n  receiver: none\n  group_wait: 0s\n  group_interval: 1s\n"
            "receivers:\n  - name: none\n"
        )
        (self.dir / "prometheus.yml").write_text(
            f"global:\n  scrape_interval: 500ms\n  evaluation_interval: 500ms\n"
            f"rule_files: [{self.dir / 'rules.yml'}]\n"
            f"alerting:\n  alertmanagers:\n    - static_configs:\n"
            f"        - targets: ['127.0.0.1:{self.am_port}']\n"
            f"scrape_configs:\n  - job_name: checkout\n    static_configs:\n"
            f"      - targets: ['127.0.0.1:{self.target.port}']\n"
        )
        log = open(self.dir / "servers.log", "wb")  # noqa: SIM115
        self.procs.append(subprocess.Popen(
            ["prometheus-alertmanager", f"--config.file={self.dir / 'alertmanager.yml'}",
             f"--storage.path={self.dir / 'am'}", f"--web.listen-address=127.0.0.1:{self.am_port}",
             "--cluster.listen-address="],
            stdout=log, stderr=log,
        ))  # fmt: skip
        self.procs.append(subprocess.Popen(
            ["prometheus", f"--config.file={self.dir / 'prometheus.yml'}",
             f"--storage.tsdb.path={self.dir / 'tsdb'}",
             f"--web.listen-address=127.0.0.1:{self.prom_port}"],
            stdout=log, stderr=log,
        ))  # fmt: skip

    def scraped(self) -> bool:
        """Whether Prometheus holds the target's error ratio as it reports it now."""
        answer = httpx.get(
            f"{self.prometheus_url}/api/v1/query",
            params={"query": "checkout_error_ratio"},
            timeout=5,
        ).json()
        return any(
            float(series["value"][1]) == self.target.error_ratio
            for series in answer["data"]["result"]
        )

    def wait(self, url: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{url} never became ready: {(self.dir / 'servers.log').read_text()}")

    def firing(self, name: str = "CheckoutErrorRate") -> list[dict]:
        alerts = httpx.get(f"{self.alertmanager_url}/api/v2/alerts", timeout=5).json()
        return [a for a in alerts if a["labels"].get("alertname") == name]

    def unsilence(self) -> None:
        """Expire every silence: each test starts with alerts that can fire."""
        for silence in httpx.get(f"{self.alertmanager_url}/api/v2/silences", timeout=5).json():
            if silence["status"]["state"] == "active":
                httpx.delete(f"{self.alertmanager_url}/api/v2/silence/{silence['id']}", timeout=5)

    def until(self, condition, timeout: float = 30) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError("monitoring did not get there in time")
            time.sleep(0.25)

    def stop_prometheus(self) -> None:
        self.procs[1].terminate()
        self.procs[1].wait(10)

    def destroy(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.target.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def available() -> str:
    """Why the real servers cannot run here ("" when they can)."""
    missing = [b for b in ("prometheus", "prometheus-alertmanager") if not shutil.which(b)]
    return (
        f"not installed: {', '.join(missing)} (Debian packages of the same names)"
        if missing
        else ""
    )


# Launched as a process that runs tests starts, before its tests are collected: the 5 seconds
# Prometheus takes to scrape its target pass while they are. Each worker of `pytest -n 2`
# launches them, as either may be given the monitoring tests; idle, the two servers take a
# few milliseconds of CPU a second, and those no test took stop with the worker.
_early: list[MonitoringServers] = []


def launch_early() -> None:
    if not available() and not _early:
        servers = MonitoringServers()
        _early.append(servers)
        servers.launch()


def started() -> MonitoringServers:
    """The servers launched early if there are (ready once this returns), else new ones."""
    servers = _early.pop() if _early else MonitoringServers()
    try:
        servers.start()
    except BaseException:
        servers.destroy()
        raise
    return servers


def stop_early() -> None:
    """The servers launched early that no test took."""
    while _early:
        _early.pop().destroy()
