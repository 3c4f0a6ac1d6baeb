"""The review screen of `warroom playbook import`: every choice made there is in the file
that is written (driven with Pilot, the file read back as the library reads it)."""

from __future__ import annotations

from pathlib import Path

from warroom.core.playbook import Playbook, load_file
from warroom.runbooks.importer import Report, import_runbook, playbook_toml
from warroom.tui.screens.import_review import ImportReview

RUNBOOK = """\
# Payments on-call

## Severity levels

| Level | Meaning | Response |
|---|---|---|
| SEV-1 | Payments down | 15 minutes |
| SEV-2 | Payments degraded | 1 hour |

## Roles

- **Incident Commander (IC)**: runs the response
- **Scribe**: keeps the timeline

## During an incident

1. Page the payments on-call
2. Open the incident channel

## Things to check

- Card processor status page
- Queue depth on the settlement workers

## Further reading

- The payments architecture overview
"""


def section_index(report: Report, heading: str, block: str = "list") -> int:
    return next(
        n for n, s in enumerate(report.sections) if s.path[-1] == heading and s.block == block
    )


async def reviewed(keys: list[str | int], size: tuple[int, int] = (160, 45)) -> Report | None:
    """Run the review, pressing keys (an int moves the sections list to that index)."""
    app = ImportReview(import_runbook(RUNBOOK, "payments", "PAYMENTS.md"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            if isinstance(key, int):
                app.query_one("#sections").highlighted = key  # type: ignore[attr-defined]
                await pilot.pause()
            else:
                await pilot.press(key)
                await pilot.pause()
    return app.return_value


def written(report: Report | None, tmp_path: Path) -> Playbook:
    assert report is not None
    path = tmp_path / "payments.toml"
    path.write_text(playbook_toml(report), encoding="utf-8")
    return load_file(path)


async def test_accept_all_writes_what_was_taken(tmp_path: Path) -> None:
    pb = written(await reviewed(["w"]), tmp_path)
    assert [s.name for s in pb.severities] == ["SEV-1", "SEV-2"]
    assert [(r.name, r.short) for r in pb.roles] == [("Incident Commander", "IC"), ("Scribe", "")]
    assert [p.title for p in pb.phases] == ["During an incident"]
    assert pb.phases[0].items[0].source == "PAYMENTS.md:17"
    assert pb.borrowed == ()


async def test_escape_writes_nothing() -> None:
    assert await reviewed(["escape"]) is None


async def test_a_dropped_section_is_not_written(tmp_path: Path) -> None:
    report = import_runbook(RUNBOOK, "payments", "PAYMENTS.md")
    roles = section_index(report, "Roles")
    pb = written(await reviewed([roles, "d", "w"]), tmp_path)
    # Without the document's roles the file borrows the default's, and says so.
    assert pb.borrowed == ("roles",) and pb.extends == "default"
    assert "Scribe" in [r.name for r in pb.roles]  # the default playbook has one too


async def test_a_section_not_placed_can_be_made_a_phase(tmp_path: Path) -> None:
    report = import_runbook(RUNBOOK, "payments", "PAYMENTS.md")
    checks = section_index(report, "Things to check")
    assert report.sections[checks].kind == "not placed"
    # a: take as …; the picker lists phase first.
    pb = written(await reviewed([checks, "a", "enter", "w"]), tmp_path)
    phase = next(p for p in pb.phases if p.title == "Things to check")
    assert [i.text for i in phase.items] == [
        "Card processor status page",
        "Queue depth on the settlement workers",
    ]
    assert phase.items[0].source == "PAYMENTS.md:22"


async def test_a_level_can_be_renamed(tmp_path: Path) -> None:
    report = import_runbook(RUNBOOK, "payments", "PAYMENTS.md")
    levels = section_index(report, "Severity levels", "table")
    keys: list[str | int] = [levels, "tab", "r", *(["backspace"] * 5), *"P1", "enter", "w"]
    pb = written(await reviewed(keys), tmp_path)
    assert [s.name for s in pb.severities] == ["P1", "SEV-2"]
    assert pb.severities[0].response == 900  # the rest of the level is kept


async def test_merge_joins_a_phase_to_the_one_above(tmp_path: Path) -> None:
    report = import_runbook(RUNBOOK, "payments", "PAYMENTS.md")
    checks = section_index(report, "Things to check")
    keys: list[str | int] = [checks, "a", "enter", checks, "m", "w"]
    pb = written(await reviewed(keys), tmp_path)
    assert [p.title for p in pb.phases] == ["During an incident"]
    assert len(pb.phases[0].items) == 4


async def test_the_review_fits_a_side_pane() -> None:
    app = ImportReview(import_runbook(RUNBOOK, "payments", "PAYMENTS.md"))
    async with app.run_test(size=(60, 40)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        sections, taken = app.query_one("#sections"), app.query_one("#taken")
        assert sections.region.bottom <= taken.region.y  # stacked, not squeezed side by side


HOSTILE_RUNBOOK = (
    "# On-call\n\n## During an \u202eincident\n\n"
    "1. Page the \x9d on-call\n2. Open the \u2066channel\u2069 \x1b[2J now\n"
    "3. Read " + "the very long step " * 60 + "\n"
)


async def test_runbook_text_reaches_neither_the_terminal_nor_the_file_raw(tmp_path: Path) -> None:
    from tests.helpers.console import screen_text

    app = ImportReview(import_runbook(HOSTILE_RUNBOOK, "oncall", "ONCALL.md"))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        phase = section_index(app.report, "During an \u202eincident")
        app.query_one("#sections").highlighted = phase  # type: ignore[attr-defined]
        await pilot.pause()
        shown = screen_text(app)
        assert "Page the" in shown and "channel" in shown
        raw = {ch for ch in shown if ch in "\x9d\u202e\u2066\u2069\x1b"}
        assert not raw, raw
        await pilot.press("w")
    text = playbook_toml(app.return_value)  # type: ignore[arg-type]
    assert not {ch for ch in text if ch in "\x9d\u202e\u2066\u2069\x1b"}
    pb = written(app.return_value, tmp_path)
    items = [i.text for i in pb.phases[0].items]
    assert items[1] == "Open the channel now"
    # A step longer than an item may be is cut, saying so, rather than failing the import.
    assert len(items[2]) == 500 and items[2].endswith("…")


async def test_a_step_can_be_added_and_its_detail_edited(tmp_path: Path) -> None:
    report = import_runbook(RUNBOOK, "payments", "PAYMENTS.md")
    during = section_index(report, "During an incident")
    keys: list[str | int] = [
        during, "n", *"Post in #payments", "enter",  # a step the runbook forgot
        "tab", "home", "x", *"kubectl get pods", "enter",  # detail of the first step
        "w",
    ]  # fmt: skip
    pb = written(await reviewed(keys), tmp_path)
    items = pb.phases[0].items
    assert [i.text for i in items] == [
        "Page the payments on-call", "Open the incident channel", "Post in #payments",
    ]  # fmt: skip
    assert items[2].source == "added in the review"  # no runbook line is claimed
    assert items[0].detail == "kubectl get pods" and items[0].source == "PAYMENTS.md:17"


async def test_a_new_phase_can_be_added_with_its_steps(tmp_path: Path) -> None:
    report = import_runbook(RUNBOOK, "payments", "PAYMENTS.md")
    during = section_index(report, "During an incident")
    keys: list[str | int] = [
        during, "N", *"After the incident", "enter", "n", *"Write the postmortem", "enter", "w",
    ]  # fmt: skip
    pb = written(await reviewed(keys), tmp_path)
    assert [p.title for p in pb.phases] == ["During an incident", "After the incident"]
    assert [i.text for i in pb.phases[1].items] == ["Write the postmortem"]
    assert pb.phases[1].source == "added in the review"


async def test_each_section_shows_why_it_was_taken_so() -> None:
    from tests.helpers.console import screen_text

    app = ImportReview(import_runbook(RUNBOOK, "payments", "PAYMENTS.md"))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        reasons: dict[str, list[str]] = {}
        for n, section in enumerate(app.report.sections):
            app.query_one("#sections").highlighted = n  # type: ignore[attr-defined]
            await pilot.pause()
            assert section.reason, section.describe()
            reasons.setdefault(section.path[-1], []).append(section.reason)
            assert section.reason[:40] in screen_text(app)
    # One list read two ways: its steps, and whom its "Page the payments on-call" brings in.
    assert reasons["During an incident"] == [
        "a numbered list; 2 of its 2 items are instructions",
        "people its items escalate to",
    ]


async def test_j_and_k_move_and_an_added_step_claims_no_line() -> None:
    """Was: j and k, which move every list of the console, did nothing here; and a step added
    in the review was listed at line "0" of the runbook."""
    report = import_runbook(RUNBOOK, "payments", "PAYMENTS.md")
    during = section_index(report, "During an incident")
    app = ImportReview(report)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        sections = app.query_one("#sections")
        await pilot.press("j", "j")
        assert sections.highlighted == 2  # type: ignore[attr-defined]
        await pilot.press("k")
        assert sections.highlighted == 1  # type: ignore[attr-defined]
        sections.highlighted = during  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("n", *"Post in #payments", "enter")
        await pilot.pause()
        taken = app.query_one("#taken")
        shown = [str(taken.get_option_at_index(n).prompt) for n in range(taken.option_count)]  # type: ignore[attr-defined]
        assert shown[-1] == "  new Post in #payments", shown
        assert shown[0].startswith("   17 Page the payments on-call"), shown


async def test_the_entry_that_e_edits_is_the_one_shown_highlighted(tmp_path: Path) -> None:
    """Was: after moving to a section, its entries showed none highlighted; `e` then edited
    the first one unseen, and the first `j` only highlighted the first, so `tab j e` edited
    the first entry, not the second."""
    report = import_runbook(RUNBOOK, "payments", "PAYMENTS.md")
    during = section_index(report, "During an incident")
    app = ImportReview(report)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        app.query_one("#sections").highlighted = during  # type: ignore[attr-defined]
        await pilot.pause()
        assert app.query_one("#taken").highlighted == 0  # type: ignore[attr-defined]
        await pilot.press("tab", "j", "x", *"echo paged", "enter", "w")
        await pilot.pause()
    pb = written(app.return_value, tmp_path)
    items = pb.phases[0].items
    assert (items[0].detail, items[1].detail) == ("", "echo paged")


async def test_the_edit_prompts_name_the_entry_they_change() -> None:
    """Was: "Edit the detail (empty: none)" and "Edit this phase entry" did not say which
    entry they would change."""
    report = import_runbook(RUNBOOK, "payments", "PAYMENTS.md")
    during = section_index(report, "During an incident")
    app = ImportReview(report)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        app.query_one("#sections").highlighted = during  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("tab", "j", "x")
        await pilot.pause()
        title = str(app.screen.query_one(".dialog-title").render())
        assert title == "Edit the detail of line 18: Open the incident channel (empty: none)"
        await pilot.press("escape", "e")
        await pilot.pause()
        title = str(app.screen.query_one(".dialog-title").render())
        assert title == "Edit this phase entry (line 18: Open the incident channel)"


async def test_the_palette_offers_the_review_s_own_commands(tmp_path: Path) -> None:
    """Was: ctrl+p offered only Textual's commands (Keys, Maximize, Quit "as soon as
    possible", Screenshot, Theme), none of the review's."""
    app = ImportReview(import_runbook(RUNBOOK, "payments", "PAYMENTS.md"))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert {"Write playbook", "Drop/keep", "Take as…", "Merge up", "Edit detail"} <= set(
            commands
        )
        assert commands["Quit, write nothing"].help == "key: esc"
        assert "Quit" not in commands
        await pilot.press("ctrl+p", *"Write playbook")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
    assert [p.title for p in written(app.return_value, tmp_path).phases] == ["During an incident"]


async def test_the_take_as_picker_says_which_reading_of_the_line_it_changes() -> None:
    """Was: "Take line 28 as…" for each of the sections one paragraph was read as (roles,
    phase, escalation), with nothing to tell them apart."""
    from warroom.tui.screens.prompts import PickScreen

    report = import_runbook(RUNBOOK, "payments", "PAYMENTS.md")
    checks = section_index(report, "Things to check")
    roles = section_index(report, "Roles")
    app = ImportReview(report)
    titles = []
    async with app.run_test(size=(60, 40)) as pilot:
        await pilot.pause()
        for index in (checks, roles):
            app.query_one("#sections").highlighted = index  # type: ignore[attr-defined]
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, PickScreen)
            titles.append(app.screen.title_text)
            await pilot.press("escape")
            await pilot.pause()
    line = report.sections[checks].line
    assert titles == [
        f"Take line {line} (now not placed) as…",
        f"Take line {report.sections[roles].line} (now roles) as…",
    ]
