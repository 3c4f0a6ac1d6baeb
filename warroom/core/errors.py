"""Errors the user sees as one line, never as a traceback."""


class WarroomError(Exception):
    """A problem with the user's input or environment, explained in one line."""

    exit_code = 1


class UsageError(WarroomError):
    """The command line asked for something that cannot be (bad id, unknown name)."""

    exit_code = 2


class NotFound(WarroomError):
    """An incident, item or role that does not exist."""

    exit_code = 2
