"""The console's app as every part of it may rely on: each toast shows untrusted text
plainly (no markup, no escapes, no secrets), a keyed toast replaces its predecessor, and
the console ends with one line, never a traceback."""

from __future__ import annotations

import os
from typing import Any

from textual.notifications import Notification

from warroom.core.errors import WarroomError
from warroom.text.redact import redact
from warroom.text.safe import safe_line, safe_text
from warroom.tui.textual_fixes import EndsOnUnexpected, show_now, withdraw


class SafeApp(EndsOnUnexpected[int]):
    def __init__(self) -> None:
        super().__init__()
        self.error: WarroomError | None = None
        self._notices: dict[str, Notification] = {}  # key → the toast shown under it

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every message may quote untrusted text: shown plainly, without escapes or secrets."""
        super().notify(
            redact(safe_text(message)),
            title=safe_line(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def notice(
        self,
        key: str,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
    ) -> None:
        """A toast that replaces the one shown before under the same key ("verifying: …",
        then the outcome), so an outdated one is never left on screen. Shown at once, not
        by a message: one replaced while its message still waited would appear after all."""
        old = self._notices.pop(key, None)
        if old is not None:
            withdraw(self, old)
        self._notices = {k: n for k, n in self._notices.items() if not n.has_expired}
        notification = Notification(
            redact(safe_text(message)),
            safe_line(title),
            severity,
            self.NOTIFICATION_TIMEOUT if timeout is None else timeout,
            markup=False,
        )
        self._notices[key] = notification
        show_now(self, notification)

    def fail(self, error: WarroomError) -> None:
        """The console cannot open: exit, and the one-line reason is printed after the screen
        is restored. The first reason is the one that counts: what fails while closing
        ("the console is closing") follows from it."""
        if self.error is None:
            self.error = error
        self.exit(return_code=error.exit_code)

    def unexpected(self, error: BaseException | None) -> bool:
        """A bug ends the console with one line, not Textual's traceback: that one shows
        every local variable, and locals can hold secrets (an action's environment)."""
        if os.environ.get("WARROOM_DEBUG"):
            return False
        reason = str(error).splitlines()[0] if error and str(error) else type(error).__name__
        self.error = WarroomError(
            f"unexpected error: {redact(safe_line(reason))} (WARROOM_DEBUG=1 shows where)"
        )
        self.panic()  # nothing printed here: the one line is, once the screen is restored
        return True
