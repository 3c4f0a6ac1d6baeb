"""Status-update tests' shared set-up: an incident ready to send, a console with webhooks."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.console import opened, wait_until
from warroom.incident.service import IncidentService
from warroom.tui.app import WarroomApp

ALERT = "🚨 [SEV-1] Production incident INC-42: Checkout returns 500s"


def declared(service: IncidentService) -> None:
    """INC-42 with a title and a commander: its initial alert has no placeholder left."""
    service.open_or_declare("INC-42", title="Checkout returns 500s")
    service.set_severity("INC-42", "SEV-1")
    service.assign_role("INC-42", "ic", "alice")


def console(service: IncidentService, tmp_path: Path, hooks: dict[str, str], **extra: str):
    config = tmp_path / "warroom.toml"
    config.write_text(
        "".join(
            f'[[webhook]]\nname = "{name}"\nurl = "{url}"\nretries = 0\n'
            f'timeout = "{extra.get("timeout", "3s")}"\n'
            for name, url in hooks.items()
        )
        + extra.get("more", "")
    )
    return WarroomApp("INC-42", service=service, config=config)


async def ready(pilot) -> WarroomApp:
    app = await opened(pilot)
    await wait_until(pilot, lambda: app.config is not None)
    return app


def entries(service: IncidentService, kind: str = "delivery") -> list[str]:
    return [e.text for e in service.state("INC-42").timeline if e.kind == kind]
