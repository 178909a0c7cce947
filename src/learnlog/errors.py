"""The errors learnlog reports to people, each with the exit code the spec gives it."""

from __future__ import annotations

EXIT_OK = 0
EXIT_USER = 1
EXIT_USAGE = 2
EXIT_STORAGE = 3


class LearnlogError(Exception):
    """An error whose message is written for the person at the keyboard."""

    exit_code = EXIT_USER

    def __init__(self, message: str) -> None:
        """Keep the message for people; it is also the exception's text."""
        super().__init__(message)
        self.message = message


class InputError(LearnlogError):
    """Bad input: a date, a tag, a value that cannot be accepted."""


class NotFoundError(LearnlogError):
    """Something named by id or name does not exist."""


class RefusedError(LearnlogError):
    """A request that is understood but refused, such as a delete without confirmation."""


class ConfigError(LearnlogError):
    """The configuration file or a configuration value is not usable."""


class StorageError(LearnlogError):
    """The database cannot be used: unreadable, corrupt, locked too long or too new."""

    exit_code = EXIT_STORAGE
