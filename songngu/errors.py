"""The domain errors of SongNgu. The CLI and the app translate them at the edge."""


class SongNguError(Exception):
    """Base class: a problem the user can act on (bad input, wrong index, missing corpus)."""


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


class CitationMismatchError(AssertionError):
    """A citation's text differs from its document span: a bug, never shown to a user."""
