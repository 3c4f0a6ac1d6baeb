"""What the tests share: servers to test against (PostgreSQL, HTTP, webhooks, Prometheus and
Alertmanager, slow ones), drivers for the console (Pilot) and for tmux, the `warroom` command
as a process. Test modules import from here and never from one another."""

from __future__ import annotations

import sys

PYTHON = sys.executable  # the interpreter the tests run under, for real `warroom` processes
