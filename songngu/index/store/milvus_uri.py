"""What ``--store milvus:URI[#NAME]`` names, read without pymilvus: the CLI checks where a Milvus Lite file would be
(not inside the corpus) before any store is opened, and the store reads its URI here too, so the two agree."""

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from songngu.errors import BadInputError, without_password

DEFAULT_PREFIX = "songngu"
SERVER_SCHEMES = ("http", "https", "tcp")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_PREFIX = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")  # what Milvus takes in a collection's name, before "_e1_chunks"


@dataclass(frozen=True)
class MilvusPlace:
    uri: str  # a server URI, its scheme in lower case; or a Milvus Lite file's absolute path
    prefix: str  # the index's collections are named ``prefix_...``
    lite: bool


def milvus_place(uri: str, prefix: str = DEFAULT_PREFIX) -> MilvusPlace:
    """The Milvus a URI and index name name; ``BadInputError`` for what names none."""
    scheme = _SCHEME.match(uri)
    if scheme:  # HTTP:// is http:// (a probe, session 25: taken for a path, and its password shown)
        if scheme.group(1).lower() not in SERVER_SCHEMES:
            raise BadInputError(f"--store milvus:{without_password(uri)!r}: a Milvus server's URI starts with "
                                + ", ".join(f"{name}://" for name in SERVER_SCHEMES))
        uri = scheme.group(1).lower() + uri[len(scheme.group(1)):]
        try:  # a probe's "http://[::1" and port 99999 were internal errors (exit 1)
            urlsplit(uri).port  # noqa: B018 (reading it checks it)
        except ValueError as error:
            raise BadInputError(f"--store milvus:{without_password(uri)!r} is not a server URI ({error})") from error
    else:  # "milvus:~/idx.db" made a folder named "~" (the shell expands no ~ after "milvus:"; a probe, session 25)
        uri = str(Path(uri).expanduser().resolve())
        if not uri.endswith(".db"):
            raise BadInputError(f"a Milvus Lite index is a path ending in .db, got {without_password(uri)!r}")
    if not _PREFIX.fullmatch(prefix):  # "#bad name!" made collections a server refuses
        raise BadInputError(f"--store milvus:...#{prefix!r}: an index name is a letter or _ then letters, digits "
                            "or _, at most 64")
    return MilvusPlace(uri, prefix, scheme is None)


def milvus_spec(spec: str) -> MilvusPlace:
    """The Milvus a ``--store milvus:URI[#NAME]`` names (``spec`` without "milvus:"). A "#" in a server URI's password
    is no index name's: that part, holding "@", is not echoed (a probe, session 25, saw the password's tail)."""
    uri, _, prefix = spec.partition("#")
    if not uri:
        raise BadInputError("--store milvus: needs a path ending in .db or a server URI (http://HOST:19530)")
    if "@" in prefix or "/" in prefix:
        raise BadInputError("--store milvus:...: the part after # is the index name; a # in a password is written %23")
    return milvus_place(uri, prefix or DEFAULT_PREFIX)
