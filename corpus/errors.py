"""The project's exception types.

Each carries a message in Vietnamese that the CLI and the UI show as they are, so that bad
input never surfaces as a traceback. They live in the lowest layer so every layer can raise them.
"""

from __future__ import annotations


class SotayError(Exception):
    """Base class: ``str(error)`` is a one-line Vietnamese message fit for a user."""


class UnreadableFile(SotayError):
    """A file that cannot be read: corrupt, no text layer, unknown encoding or format."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"Không đọc được tệp {name}: {reason}")
        self.name = name
        self.reason = reason


class BadQuery(SotayError):
    """An empty, whitespace-only or overlong query."""


class UnknownDocument(SotayError):
    """A document id that is not in the library."""


class IndexMissing(SotayError):
    """No index has been built in the data directory yet."""


class IndexMismatch(SotayError):
    """An index built with another model or normalization than the current settings."""


class ModelUnavailable(SotayError):
    """The embedding model cannot be built or loaded."""


class QuizError(SotayError):
    """A quiz request that cannot be carried out (bad session code, closed session, ...)."""


class PermissionDenied(SotayError):
    """An action that needs an administrator sign-in."""
