"""Opening the console spends nothing on what is not shown: the note prompt is up sooner."""

from __future__ import annotations

from textual.widgets import Footer

from tests.helpers.apps import console
from tests.helpers.console import opened, settle, wait_until
from warroom.incident.service import IncidentService


async def test_the_hidden_footer_composes_its_keys_only_once_shown(
    service: IncidentService,
) -> None:
    async with console(service).run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await settle(pilot)
        footer = pilot.app.query_one(Footer)
        assert not footer.display  # the key hints say the keys at every width
        assert not footer.children
        footer.display = True
        await wait_until(pilot, lambda: any(getattr(k, "key", "") == "n" for k in footer.children))
