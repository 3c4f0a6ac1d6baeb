"""Alerts from the console: `A` lists what Alertmanager has firing for this service; the one
picked is attached to the incident (its start becomes when the problem began) or, after a
confirmation, silenced for an hour. Never silenced in a drill."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from rich.text import Text

from warroom.core.errors import WarroomError
from warroom.text.safe import safe_line

if TYPE_CHECKING:
    from warroom.checks.alert_groups import AlertGroup
    from warroom.checks.monitoring import Alert
    from warroom.tui.controllers.console import Console

SILENCE_FOR = timedelta(hours=1)
GROUPED_OVER = 20  # more alerts than this (in fewer groups) are listed by group first
LISTED = 500  # alerts listed at most in one pick list


class AlertsControl:
    def __init__(self, console: Console) -> None:
        self.console = console

    def start(self) -> None:
        config = self.console.config
        if config is None or config.alertmanager is None:
            self.console.notify(
                'no [alertmanager] url = "http://…" in warroom.toml', title="Alerts"
            )
            return
        self.console.run_worker(self._fetch(), exit_on_error=False, group="alerts")

    async def _fetch(self) -> None:
        import asyncio

        from warroom.checks.monitoring import MonitoringError, alerts

        config = self.console.config
        assert config is not None and config.alertmanager is not None
        try:
            found = await asyncio.to_thread(alerts, config.alertmanager, config.alerts.matchers)
        except MonitoringError as exc:
            self.console.notify(str(exc), title="Alerts", severity="error")
            return
        if not found:
            self.console.notify("nothing is firing", title="Alerts")
            return
        service = self.console.sync.service
        owners: dict[str, str] = {}
        if service is not None:
            try:
                owners = await self.console.sync.call(
                    service.alert_owners, [a.fingerprint for a in found]
                )
            except WarroomError as exc:
                self.console.notify(str(exc), title="Alerts", severity="error")
                return
        from warroom.checks.alert_groups import group_alerts

        groups = group_alerts(found, config.alerts.group_by)
        if len(found) <= GROUPED_OVER or len(groups) == len(found):
            self._pick(found, owners)
        else:
            self._pick_group(list(groups.values()), owners)

    def _pick_group(self, groups: list[AlertGroup], owners: dict[str, str]) -> None:
        """A flood is listed by group first (as the timeline tells of it), then the alerts of
        the group picked."""
        from warroom.tui.screens.prompts import PickScreen

        groups = sorted(groups, key=lambda g: -len(g.alerts))
        choices: list[tuple[str, Text | str]] = []
        for n, group in enumerate(groups):
            label = Text(f" {len(group.alerts):>5,} ", style="bold reverse")
            label.append(f" {safe_line(group.name)}", style="bold")
            summaries = {a.summary for a in group.alerts}
            if len(summaries) == 1 and (summary := summaries.pop()):  # what they all say
                label.append(f"  {safe_line(summary)}")
            choices.append((str(n), label))
        total = sum(len(g.alerts) for g in groups)

        def picked(index: str | None) -> None:
            if index is not None:
                self._pick(groups[int(index)].alerts, owners)

        title = f"Alerts firing: {total:,} in {len(groups):,} groups"
        self.console.push_screen(PickScreen(title, choices), picked)

    def _pick(self, found: list[Alert], owners: dict[str, str]) -> None:
        from warroom.tui.screens.prompts import PickScreen

        here = self.console.incident_id
        choices: list[tuple[str, Text | str]] = []
        shown = found[:LISTED]
        for alert in shown:
            label = Text(f" {safe_line(alert.severity_label or '-')} ", style="bold reverse")
            label.append(f" {safe_line(alert.name)}", style="bold")
            label.append(f"  {safe_line(alert.summary)}")
            owner = owners.get(alert.fingerprint)
            if owner:
                label.append(
                    f"  attached {'here' if owner == here else 'to ' + owner}", style="dim"
                )
            if alert.silenced_by:
                label.append("  silenced", style="dim")
            choices.append((alert.fingerprint, label))
        by_id = {a.fingerprint: a for a in shown}
        title = "Alerts firing"
        if len(found) > len(shown):
            title += f": the oldest {len(shown):,} of {len(found):,} (warroom alerts lists all)"

        def picked(fingerprint: str | None) -> None:
            if fingerprint:
                self._what(by_id[fingerprint], owners.get(fingerprint))

        self.console.push_screen(PickScreen(title, choices), picked)

    def _what(self, alert: Alert, owner: str | None) -> None:
        from warroom.tui.screens.prompts import PickScreen

        # An alert attached to another open incident is recorded there only: moving it here
        # is a choice said as such, never a side effect of attaching.
        elsewhere = owner is not None and owner != self.console.incident_id
        attach = (
            ("move", f"Move it here from {owner} (from then on recorded here, not there)")
            if elsewhere
            else ("attach", "Attach to this incident (its start is when the problem began)")
        )
        choices: list[tuple[str, Text | str]] = [
            attach,
            ("silence", "Silence it in Alertmanager for 1h…"),
        ]

        incident = self.console.incident_id

        def chosen(what: str | None) -> None:
            if what in ("attach", "move"):
                self.console.sync.save(
                    lambda s: s.attach_alert(incident, alert.as_data(), what == "move")
                )
            elif what == "silence":
                self._confirm_silence(alert)

        self.console.push_screen(PickScreen(safe_line(alert.name), choices), chosen)

    def _confirm_silence(self, alert: Alert) -> None:
        from warroom.tui.screens.confirm import ConfirmScreen

        state = self.console.state
        if state is None:
            return
        if state.incident.drill:
            self.console.notify("a drill silences nothing", title="Alerts", severity="warning")
            return
        details = Text()
        details.append("alert    ", style="bold")
        details.append(safe_line(alert.name))
        details.append("\nlabels   ", style="bold")
        details.append(safe_line(", ".join(f"{k}={v}" for k, v in sorted(alert.labels.items()))))
        details.append("\nfor      1h", style="bold")

        def decided(yes: bool | None) -> None:
            if yes:
                self.console.run_worker(self._silence(alert), exit_on_error=False)

        self.console.push_screen(ConfirmScreen(f"Silence {alert.name}?", details), decided)

    async def _silence(self, alert: Alert) -> None:
        import asyncio

        from warroom.checks.monitoring import MonitoringError, silence
        from warroom.core.responder import default_actor

        config, state = self.console.config, self.console.state
        assert config is not None and config.alertmanager is not None and state is not None
        comment = f"warroom {state.incident.id}: {state.incident.title}"
        try:
            ident = await asyncio.to_thread(
                silence, config.alertmanager, alert, SILENCE_FOR, default_actor(), comment
            )
        except MonitoringError as exc:
            self.console.notify(str(exc), title="Not silenced", severity="error")
            return
        text = f"Silenced {alert.name} for 1h (silence {ident})"
        incident = self.console.incident_id
        await self.console.sync.change(
            lambda s: s.record_silence(incident, text, {**alert.as_data(), "silence": ident})
        )
        self.console.notify(text, title="Alerts")
