"""The project's exception types, for every layer.

Each carries a message in Vietnamese that the CLI and the UI show as they are, so that bad
input never surfaces as a traceback. They live in the lowest layer so every layer can raise them.
:class:`BadInput` and its subclasses are the user's to fix (the JSON routes answer them with
HTTP 400); the others are the state of the installation (no index, no model, no sign-in).
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


class ReadCancelled(SotayError):
    """A read stopped because the request that asked for it was cancelled (its client left)."""


class BadInput(SotayError):
    """A value sent by a user or an API caller that cannot be used: the wrong type, too long,
    out of range, or naming something that does not exist."""


class BadQuery(BadInput):
    """An empty, whitespace-only or overlong query, or a search form value that cannot be read."""


class UnknownDocument(BadInput):
    """A document id that is not in the library."""

    def __init__(self, doc_id: str) -> None:
        super().__init__(f"Không có tài liệu mã «{doc_id}» trong thư viện.")
        self.doc_id = doc_id


class UnknownPassage(BadInput):
    """A passage key that is not in the library (its document removed or changed since)."""

    def __init__(self, key: str) -> None:
        super().__init__(f"Không tìm thấy đoạn «{key}» trong thư viện.")
        self.key = key


class IndexMissing(SotayError):
    """No index has been built in the data directory yet."""


class IndexMismatch(SotayError):
    """An index built with another model or normalization than the current settings."""


class ModelUnavailable(SotayError):
    """The embedding model cannot be built or loaded."""


class QuizError(BadInput):
    """A quiz request that cannot be carried out (bad session code, closed session, ...)."""


class PermissionDenied(SotayError):
    """An action that needs an administrator sign-in."""


class DatabaseUnavailable(SotayError):
    """The shared database cannot be reached (a PostgreSQL restart, the network): what was being
    written was not stored, and the user is told so."""
