"""The domain errors of SongNgu. The CLI and the app translate them at the edge."""


class SongNguError(Exception):
    """Base class: a problem the user can act on (bad input, wrong index, missing corpus)."""


class BadInputError(SongNguError):
    """A query, a file or an argument that cannot be used as given."""


class CorpusError(SongNguError):
    """The corpus directory is missing, empty, or holds a file that cannot be read."""


class IndexMissingError(SongNguError):
    """No usable index at the given location."""


class IndexMismatchError(SongNguError):
    """The index was built with other settings (embedder, dimension, format) than asked for."""


class IndexBusyError(SongNguError):
    """Another process (or thread) is writing the index and did not finish within the wait allowed."""


class IndexDamagedError(SongNguError):
    """The published index's files differ from what was recorded when it was published."""


class CitationMismatchError(AssertionError):
    """A citation's text differs from its document span: a bug, never shown to a user."""

