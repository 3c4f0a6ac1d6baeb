"""A bare Textual app with about as many widgets as the console, as the yardstick for start-up."""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, OptionList, ProgressBar, Static


class Bare(App):
    CSS = """
    Screen { layout: grid; grid-size: 3 3; grid-columns: 1fr 1fr 72; grid-rows: 1 8 1fr; }
    .pane { border: round $primary; height: 100%; }
    #top { column-span: 3; }
    #list { row-span: 2; }
    #log { column-span: 2; }
    """
    BINDINGS = [
        Binding(key, description.lower(), description)
        for key, description in zip(
            "nstaq", ["Note", "Severity", "Status", "Assign", "Quit"], strict=True
        )
    ]

    def compose(self) -> ComposeResult:
        yield Static("BARE incident bar", id="top")
        severity = Static("severity\nline\nline", classes="pane")
        severity.border_title = "Severity"
        yield severity
        yield Static("roles\nline\nline\nline", classes="pane")
        yield OptionList(
            *[f"item {n} of the checklist" for n in range(46)], id="list", classes="pane"
        )
        yield Static(
            "\n".join(f"T+00:00:{n:02d} entry {n}" for n in range(40)), id="log", classes="pane"
        )
        yield ProgressBar(total=40)
        yield Footer()


if __name__ == "__main__":
    Bare().run()
