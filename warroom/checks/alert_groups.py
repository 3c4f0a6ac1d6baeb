"""Alerts in groups: those that share the `[alerts] group_by` labels (by default alertname and
service) are one row of the health pane and one timeline entry, whatever their number.

A bad deploy fires the same alert for every pod, host and route at once: 5,000 alerts are the
same news, and the timeline says it once ("312 alerts firing for alertname=HighLatency,
service=checkout"), with the alerts themselves a key away (`A`). When more groups than
FLOOD_GROUPS start at once, they are one entry together, as endpoints failing everywhere at
once are one probe problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from warroom.checks.results import Event
from warroom.checks.view import Sample, State

if TYPE_CHECKING:
    from warroom.checks.monitoring import Alert

FLOOD_GROUPS = 10  # groups starting in one look that still get an entry each
FLOOD = "(alert flood)"  # the health source name of a flood's entries
CRITICAL = ("critical", "page", "error", "high")


@dataclass
class AlertGroup:
    key: tuple[str, ...]  # "alertname=HighLatency", "service=checkout"
    alerts: list[Alert] = field(default_factory=list)

    @property
    def label(self) -> str:
        """alertname=HighLatency, service=checkout"""
        return ", ".join(self.key)

    @property
    def alertname(self) -> str:
        named = [part.partition("=")[2] for part in self.key if part.startswith("alertname=")]
        return named[0] if named else ""

    @property
    def name(self) -> str:
        """The pane's row: "alert HighLatency · checkout" (the label values; the entries
        name the labels)."""
        others = [part.partition("=")[2] for part in self.key if not part.startswith("alertname=")]
        return " · ".join([f"alert {self.alertname}" if self.alertname else "alerts", *others])

    def _summary(self) -> str:
        summaries = {a.summary for a in self.alerts}
        return summaries.pop() if len(summaries) == 1 else ""

    def started(self) -> Event:
        if len(self.alerts) == 1:
            alert = self.alerts[0]
            text = f"Alert {alert.name} firing" + (f": {alert.summary}" if alert.summary else "")
            return Event(self.name, self.state.value, text, {**alert.as_data(), "alerts": 1})
        summary = self._summary()
        text = f"{len(self.alerts):,} alerts firing for {self.label}"
        text += (f": {summary}" if summary else "") + " (A lists them)"
        return Event(self.name, self.state.value, text, self._data())

    def ended(self) -> Event:
        if len(self.alerts) == 1:
            alert = self.alerts[0]
            data = {"fingerprint": alert.fingerprint}
            return Event(self.name, State.UP.value, f"Alert {alert.name} resolved", data)
        text = f"{len(self.alerts):,} alerts for {self.label} resolved"
        return Event(self.name, State.UP.value, text, self._data())

    def _data(self) -> dict[str, Any]:
        return {"group": self.label, "alerts": len(self.alerts),
                "fingerprints": [a.fingerprint for a in self.alerts[:20]]}  # fmt: skip

    @property
    def state(self) -> State:
        critical = any(a.severity_label.lower() in CRITICAL for a in self.alerts)
        return State.DOWN if critical else State.DEGRADED

    def row(self) -> Sample:
        since = min(a.starts_at for a in self.alerts)
        if len(self.alerts) == 1:
            alert = self.alerts[0]
            reason = alert.summary or alert.severity_label
        else:
            summary = self._summary()
            reason = f"{len(self.alerts):,} firing" + (f": {summary}" if summary else "")
        return Sample(self.name, "alerts", self.state, since, reason, None, None, [], False)


def group_key(alert: Alert, group_by: list[str]) -> tuple[str, ...]:
    key = tuple(f"{k}={alert.labels[k]}" for k in group_by if k in alert.labels)
    return key or (f"alertname={alert.name}",)


def group_alerts(alerts: list[Alert], group_by: list[str]) -> dict[tuple[str, ...], AlertGroup]:
    """The alerts by group, in the order their groups first appear (oldest alert first)."""
    groups: dict[tuple[str, ...], AlertGroup] = {}
    for alert in alerts:
        key = group_key(alert, group_by)
        groups.setdefault(key, AlertGroup(key)).alerts.append(alert)
    return groups


def flood_event(groups: list[AlertGroup]) -> Event:
    """One entry for many groups starting at once: how many, and the largest of them."""
    total = sum(len(g.alerts) for g in groups)
    largest = sorted(groups, key=lambda g: -len(g.alerts))[:3]
    named = ", ".join(f"{g.name.removeprefix('alert ')} ×{len(g.alerts):,}" for g in largest)
    more = ", …" if len(groups) > len(largest) else ""
    text = (
        f"Alert flood: {total:,} alerts firing in {len(groups):,} groups "
        f"({named}{more}) (A lists them)"
    )
    return Event(FLOOD, State.DOWN.value, text, {"alerts": total, "groups": len(groups)})
