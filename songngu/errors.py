"""The domain errors of SongNgu. The CLI and the app translate them at the edge."""

import re

# A URL's user name and password: up to the last "@" before its path, query or fragment (a password may hold "@" or
# "/", which the URL should encode but a user types as they are: a probe, session 25, saw "p@ss" shown as "ss@host");
# and the value of a query parameter that carries a secret (?token=..., &api_key=..., #access_token=...).
_USER_INFO = re.compile(r"://[^\s'\"?#]*@")
_SECRET_PARAMETER = re.compile(r"(?i)([?&#;](?:token|access[_-]?token|password|passwd|pwd|secret|api[_-]?key|key"
                               r"|sig|signature|auth)=)[^&#\s'\"]*")


def without_password(text: str) -> str:
    """``text`` with the user name and password of any URL in it left out (``http://user:secret@host`` ->
    ``http://host``), and secret query values hidden (``?token=***``): what error lines and logs may show."""
    return _SECRET_PARAMETER.sub(r"\1***", _USER_INFO.sub("://", text))


class SongNguError(Exception):
    """Base class: a problem the user can act on (bad input, wrong index, missing corpus).

    ``key`` and ``values``, when given, name the message among the app's interface strings
    (``songngu.app.texts``) so that a page shows it in its own language; the English message stays for the
    CLI, the JSON API and logs."""

    def __init__(self, message: str = "", key: str | None = None, **values: object) -> None:
        super().__init__(message)
        self.key, self.values = key, values


class BadInputError(SongNguError):
    """A query, a file or an argument that cannot be used as given."""


class CorpusError(SongNguError):
    """The corpus directory is missing, empty, or holds a file that cannot be read."""


class IndexMissingError(SongNguError):
    """No usable index at the given location."""


class StoreUnavailableError(SongNguError):
    """The index's store cannot be reached (a Milvus server down, a Milvus Lite file another process holds)."""


class IndexMismatchError(SongNguError):
    """The index was built with other settings (embedder, dimension, format) than asked for."""


class EmbedderUnavailableError(SongNguError):
    """An embedding server does not answer, or refuses a request; the message names its URL."""


class IndexBusyError(SongNguError):
    """Another process (or thread) is writing the index and did not finish within the wait allowed."""


class IndexReadOnlyError(BadInputError):
    """The index folder cannot be written (a read-only disk or mount, no write permission): it can be read, and
    served when it is current, but not built or changed."""


class IndexDamagedError(SongNguError):
    """The published index's files differ from what was recorded when it was published."""


class OutputError(SongNguError):
    """The command's output could not be written (stdout to a full disk): the work itself was done."""


class CitationMismatchError(AssertionError):
    """A citation's text differs from its document span: a bug, never shown to a user."""


class LLMUnavailableError(SongNguError):
    """The language model server gave no usable answer. ``reason`` says why, for a note to the user:
    ``unreachable``, ``timeout``, ``unauthorized``, ``rate_limited``, ``server_error``, ``rejected`` (another
    HTTP error, such as an unknown model) or ``malformed``; ``status`` is the HTTP status when there was one,
    ``retry_after`` the seconds the server asked to wait."""

    def __init__(self, reason: str, detail: str = "", status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(f"language model server: {reason}" + (f" ({detail})" if detail else ""))
        self.reason, self.detail, self.status, self.retry_after = reason, detail, status, retry_after
