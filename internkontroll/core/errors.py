"""Typed errors of the domain. The CLI maps them to exit codes, the GUI to a message box."""


class InternkontrollError(Exception):
    """Base class; ``str(error)`` is one Swedish line meant for the user."""

    exit_code = 1


class InvalidInput(InternkontrollError):
    """Bad input: a file, a value, an unknown review or template, or an unusable database."""

    exit_code = 3


class ReviewLocked(InternkontrollError):
    """The review is redovisad i nämnd and refuses changes."""

    exit_code = 4


class DatabaseInUse(InternkontrollError):
    """Another instance holds the writer lock."""

    exit_code = 5


class PasswordNeeded(InvalidInput):
    """The server asks for a password that the address, pgpass and Kerberos did not give."""


class AnswerConflict(InternkontrollError):
    """Someone else wrote the answer after this writer read it; nothing was saved.

    Exit code 5 as for ``DatabaseInUse``: another writer got there first, and the same command
    run again (after looking at what is stored) can succeed.
    """

    exit_code = 5


class ServerAway(InvalidInput):
    """The server did not answer while the program kept trying; nothing more was sent."""
