"""One function a ``songngu`` command: each takes the parsed arguments and returns the exit code.

Every change to an index (``index``, a first ``ask``, ``serve``'s start, ``restore``) holds the store's
one-writer lock from reading the corpus to publishing; questions never wait for it.
"""

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import faiss

from songngu.app.corpus import CorpusChange, revert
from songngu.app.trash import find_entry, restore, trash_entries
from songngu.cli.places import (
    corpus_from,
    data_paths,
    first_build_refused,
    keep_outside,
    llm_settings_from,
    named_index_dir,
    remote_or_none,
    restore_store,
    store_from,
    trash_dir_from,
)
from songngu.cli.terminal import one_line, print_report, print_result, progress_bar, say, say_error
from songngu.errors import (
    BadInputError,
    CorpusError,
    IndexDamagedError,
    IndexMissingError,
    IndexReadOnlyError,
    SongNguError,
)
from songngu.index.analysis import analyse
from songngu.index.build import BuildReport, build_index, index_is_current
from songngu.index.documents import SUPPORTED_SUFFIXES, Document, corpus_files, read_corpus, unread_files
from songngu.index.embedders import DEFAULT_EMBEDDER, REMOTE_PREFIX, Embedder, canonical_embedder_name, load_embedder
from songngu.index.store.interface import IndexReader, Store, damaged
from songngu.index.store.local import LocalStore
from songngu.paths import check_not_the_sample, sample_corpus
from songngu.search.ask import AskResult, ask, check_k, clean_query
from songngu.search.contract import result_json
from songngu.search.evaluate import evaluate, qa_warnings, read_qa
from songngu.search.settings import SearchSettings

if TYPE_CHECKING:
    from songngu.search.llm import LLMSettings


def one_faiss_thread() -> None:
    """Search one query at a time on one FAISS thread: a second thread never made a single query faster
    and made exact search at 1M vectors 1.65x slower (241 against 146 ms, bench/README.md). Commands that
    answer questions call it."""
    faiss.omp_set_num_threads(1)


def run_index(documents: Sequence[Document], store: Store, embedder: Embedder, quiet: bool,
              vector_index: str | None = None, repair: bool = False) -> dict:
    progress, close = progress_bar(f"indexing {len(documents)} documents", quiet)
    try:
        report = build_index(documents, store, embedder, progress=progress, vector_index=vector_index,
                             repair=repair)
    finally:
        close()
    return report.summary()


def open_or_build(store: Store, corpus: Callable[[], Path], embedder_name: str | None, quiet: bool,
                  remote: Embedder | None = None, refused: str | None = None) -> tuple[IndexReader, Embedder]:
    """Open the index (building it on first use from the ``corpus()`` directory, which is looked for, and
    the data directory's seeded, only then: before the writer's lock, so a missing corpus leaves nothing) and
    the embedder that built it. ``refused``, when given, is
    why a missing index is not built (``BadInputError``, before anything is written).

    ``remote``, when given, is the embedder to use: an index built with another model is refused.
    Two first questions at once build it once: the second waits for the first's lock, then opens its index.
    """
    wanted = remote.name if remote else canonical_embedder_name(embedder_name) if embedder_name else None
    try:
        index = store.open_reader(wanted)
    except IndexMissingError:
        if refused:
            raise BadInputError(refused) from None
        corpus_dir = corpus()
        if not corpus_dir.is_dir():  # said before the lock: a refused command leaves no index folder behind
            raise CorpusError(f"corpus directory not found: {corpus_dir}") from None
        with store.writing():
            try:
                index = store.open_reader(wanted)
            except IndexMissingError:
                embedder = remote or load_embedder(embedder_name or DEFAULT_EMBEDDER)
                run_index(read_corpus(corpus_dir), store, embedder, quiet)
                return store.open_reader(embedder.name), embedder
    return index, remote or load_embedder(index.settings.embedder)


def answering(llm: "LLMSettings | None") -> Callable[[AskResult], AskResult]:
    """What happens to a result after retrieval: nothing, or a generated, checked answer."""
    if llm is None:
        return lambda result: result
    from songngu.search.generate import generated_result  # only when a model server is named

    return lambda result: generated_result(result, llm)


def cmd_index(args: argparse.Namespace) -> int:
    """Index the corpus: the corpus is read, and the index checked byte by byte, under the writer's lock. An index
    that cannot be written (a read-only disk) is checked as well: current, it is said so, exit 0; else exit 2."""
    store, remote = store_from(args), remote_or_none(args)
    corpus = corpus_from(args)
    if not corpus.is_dir() or not corpus_files(corpus):  # said before the lock: no index folder is left behind
        read_corpus(corpus)  # its error says which
    with ExitStack() as held:
        read_only = lock_or_read_only(store, held)
        summary = bring_up_to_date(args, store, remote, corpus, read_only)
        description = store.describe()
    say(json.dumps({**summary, **description}, ensure_ascii=False, indent=2))
    return 0


def lock_or_read_only(store: Store, held: ExitStack) -> IndexReadOnlyError | None:
    """Take the writer's lock for as long as ``held`` lasts; the refusal instead when the index cannot be written (a
    read-only disk), which the caller reads the index without (a probe, session 26: a read-only index was refused
    even when nothing needed writing). Only taking the lock is guarded: what the caller does holding it is not."""
    try:
        held.enter_context(store.writing())
    except IndexReadOnlyError as refused:
        return refused
    return None


def no_index(store: Store) -> bool:
    """Whether nothing is published and nothing is damaged: no index at all, not one whose ``CURRENT`` names a
    generation that is gone (damage, which `songngu index` repairs; the review of session 29)."""
    return store.published() is None and store.check(thorough=False).sound


def read_only_refusal(read_only: IndexReadOnlyError, store: Store, why: str) -> IndexReadOnlyError:
    """The refusal of an index that cannot be written and is not as it should be: none there yet, or ``why``."""
    state = "there is no index there" if no_index(store) else why
    return IndexReadOnlyError(f"{read_only}, and {state}: it can only be read")


def bring_up_to_date(args: argparse.Namespace, store: Store, remote: Embedder | None, corpus: Path,
                     read_only: IndexReadOnlyError | None = None) -> dict:
    """What `songngu index` does holding the writer's lock: the build's summary, or that of an index found current
    without loading the model. ``read_only``: the lock could not be taken, the index cannot be written, and this
    error (saying why) is raised unless the index is sound and current."""
    documents = read_corpus(corpus)
    sound = store.check(thorough=True).sound  # first: a Milvus Lite database that does not open reads as none
    refuse_another_corpus(args, store, corpus, {document.doc_id for document in documents})
    if unread := unread_files(corpus):
        names = ", ".join(str(path.relative_to(corpus)) for path in unread[:5]) + (", …" if len(unread) > 5 else "")
        say(f"songngu: warning: {len(unread)} file(s) not read, of a type no reader takes or no regular file (a "
            f"FIFO, a device, a broken link) ({names}); it reads {' '.join(SUPPORTED_SUFFIXES)}", file=sys.stderr)
    chosen = args.embedder or built_with(store, remote)
    name = remote.name if remote else canonical_embedder_name(chosen)
    if sound and index_is_current(documents, store, name, vector_index=args.vector_index):
        if read_only is not None:
            say(f"songngu: note: {read_only}; it is current, so nothing needed writing", file=sys.stderr)
        return BuildReport((), (), (), len(documents), 0, 0, store.published()).summary()  # no model loaded
    if read_only is not None:
        raise read_only_refusal(read_only, store, "it is damaged" if not sound else
                                "it does not hold the corpus as it is now") from read_only
    return run_index(documents, store, remote or load_embedder(chosen), args.quiet, args.vector_index, repair=True)


def built_with(store: Store, remote: Embedder | None) -> str:
    """The embedder to update an index with when none is named: the one it was built with, or the bundled model for
    a new index. One built through embedding servers of another model than the bundled one needs them named: a
    probe (session 23) re-indexed without --embedder-url, and the whole index was re-embedded with the bundled
    model, the other model's generation deleted, without a word."""
    try:
        name = store.live_meta().get("embedder", DEFAULT_EMBEDDER) if store.published() is not None \
            else DEFAULT_EMBEDDER
    except IndexDamagedError:  # too damaged to say: rebuilt as a new one is
        name = DEFAULT_EMBEDDER
    if name.startswith(REMOTE_PREFIX) and remote is None:
        raise BadInputError(f"the index in {store.location} was built through embedding servers of {name}: give "
                            f"their --embedder-url to update it, or --embedder {DEFAULT_EMBEDDER} to rebuild it with "
                            "the bundled model")
    return name


def cmd_ask(args: argparse.Namespace) -> int:
    one_faiss_thread()
    clean_query(args.question), check_k(args.k)  # before a first build, not after it
    finish = answering(llm_settings_from(args))
    store = store_from(args)
    if args.corpus and store.published() is not None:  # an index there already: is it the one of that corpus?
        corpus = corpus_from(args)
        refuse_another_corpus(args, store, corpus, _documents_in(corpus))
    index, embedder = open_or_build(store, lambda: corpus_from(args), args.embedder, args.quiet,
                                    remote_or_none(args), first_build_refused(args))
    result = finish(ask(args.question, index, embedder, k=args.k, retriever=args.retriever, settings=SearchSettings()))
    if args.json:
        say(json.dumps(result_json(result), ensure_ascii=False, indent=2))
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
            # as ``index`` does (a probe, session 24: eval built one inside); eval writes no trash, but the data
            # directory's index and trash inside the corpus would be read as articles all the same
            keep_outside(Path(args.corpus), args, Path(args.index) if args.index else Path(scratch), trash=False)
            store = store_from(args) if args.store else LocalStore(Path(args.index) if args.index else Path(scratch),
                                                                   lock_wait=args.wait)
            embedder = remote or load_embedder(args.embedder or DEFAULT_EMBEDDER)
            with store.writing():
                run_index(read_corpus(Path(args.corpus)), store, embedder, args.quiet, repair=True)
            index = store.open_reader(embedder.name)
        else:
            index, embedder = open_or_build(store_from(args), lambda: corpus_from(args), args.embedder, args.quiet,
                                            remote, first_build_refused(args))
        for warning in qa_warnings(questions, {row.doc_id for row in index.documents()}):
            say_error(f"songngu: warning: {warning}")  # one line each, whatever an id holds (a probe, session 14)
        report = evaluate(questions, lambda q: ask_one(q, index, embedder, settings))
    if llm is not None:
        report["generation"] = generation_report(results, llm.model)
    if args.json:
        say(json.dumps(report, ensure_ascii=False))
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
    from songngu.app.server import check_address, serve  # Gradio is imported by this command only
    from songngu.app.state import AppSettings

    check_address(args.host, args.port)  # before minutes of indexing, not after
    llm = llm_settings_from(args)
    one_faiss_thread()
    store = store_from(args)
    if no_index(store) and (refused := first_build_refused(args)):
        raise BadInputError(refused)  # a mistyped --index is an error, not a new index (as for `ask`; a probe)
    corpus = corpus_from(args)
    with ExitStack() as held:
        read_only = lock_or_read_only(store, held)
        embedder = ready_to_serve(args, store, corpus, read_only)
    if read_only is not None:
        say(f"songngu: note: {read_only}; it is current, and served as it is (changes from the page are refused)",
            file=sys.stderr)
    analyse("广宁")  # read the Chinese tables (OpenCC, Hán-Việt, CC-CEDICT) now, not at the first question
    settings = AppSettings(allowed_host_names=tuple(args.allow_host), search=SearchSettings(), llm=llm)
    serve(store, corpus, trash_dir_from(args), embedder, settings, host=args.host, port=args.port)
    return 0


def ready_to_serve(args: argparse.Namespace, store: Store, corpus: Path, read_only: IndexReadOnlyError | None = None,
                   ) -> Embedder:
    """The embedder of an index brought up to date with ``corpus`` (built the first time). ``read_only``: the index
    cannot be written, and this error (saying why) is raised unless it is sound and current, before any model is
    loaded."""
    if not (health := store.check(thorough=False)).sound:  # the app never repairs: `songngu index` does
        if read_only is not None:  # which cannot repair this one
            raise read_only_refusal(read_only, store, f"it is damaged ({health.problems[0]})") from read_only
        raise damaged(store.location, health.problems[0])
    remote = remote_or_none(args)
    name = remote.name if remote else store.live_meta().get("embedder", DEFAULT_EMBEDDER)
    documents = read_corpus(corpus)
    refuse_another_corpus(args, store, corpus, {document.doc_id for document in documents})
    if read_only is not None and not index_is_current(documents, store, name):
        raise read_only_refusal(read_only, store, "it does not hold the corpus as it is now") from read_only
    embedder = remote or load_embedder(name)
    if read_only is None:
        run_index(documents, store, embedder, args.quiet)  # the first build, or what changed since
    return embedder


def cmd_info(args: argparse.Namespace) -> int:
    """Where everything is, and what the index holds; nothing is built or seeded."""
    paths, store = data_paths(), store_from(args)
    # An index does not record the corpus it was built from: for one named, the data directory's corpus is only a
    # guess (a probe, session 25: `info --index IX` named it beside an index built with --corpus OTHER).
    corpus = corpus_from(args) if args.corpus else None if args.store or named_index_dir(args) else paths.corpus
    info = {"data_home": str(paths.home), "corpus": None if corpus is None else str(corpus),
            "sample_corpus": str(sample_corpus()), "index": store.location, "trash": str(trash_dir_from(args))}
    info.update(index_state(store, args))
    if args.json:
        say(json.dumps(info, ensure_ascii=False, indent=2))
    else:
        width = max(map(len, info))
        unknown = "not recorded in the index (name it with --corpus)"
        say("\n".join(f"{key:<{width}}  {unknown if value is None else value}" for key, value in info.items()))
    return 0


def index_state(store: Store, args: argparse.Namespace) -> dict:
    """What `info` says of the index: its counts, or the state it is in. Any damage is reported alike, exit 0 (a
    probe, session 29: a truncated database was exit 2, a truncated chunks.faiss reported as sound)."""
    if not (health := store.check(thorough=False)).sound:  # the quick check `ask` makes first
        return {"index_state": f"damaged ({health.problems[0]}): `songngu index` rebuilds it"}
    try:
        if store.live_meta():
            described = store.describe()
            return {key: described[key] for key in ("embedder", "dim", "documents", "chunks", "sentences")}
    except IndexDamagedError as error:  # damage the quick check's samples miss, which reading the database finds
        return {"index_state": f"damaged: {error}"}
    return {"index_state": "not built yet: `songngu index` builds it"
                           + ("" if first_build_refused(args) else ", or the first `songngu ask`")}


def cmd_trash(args: argparse.Namespace) -> int:
    """List what the trash keeps, newest first."""
    trash_dir = trash_dir_from(args)
    entries = trash_entries(trash_dir)
    if not entries and not args.json:
        say(f"the trash ({trash_dir}) is empty")
    if args.json:
        say(json.dumps([entry.__dict__ for entry in entries], ensure_ascii=False, indent=2))
    for entry in [] if args.json else entries:
        say(f"{entry.id}  {one_line(entry.removed_at)}  {entry.size:>9} B  {one_line(entry.name)}  "
            f"({one_line(entry.reason)})")
    return 0


def _documents_in(corpus: Path) -> set[str] | None:
    """The document ids of ``corpus`` (none when it holds no file); None when it does not read (the restore says
    why, and undoes itself)."""
    if not corpus.is_dir() or not corpus_files(corpus):
        return set()
    try:
        return {document.doc_id for document in read_corpus(corpus)}
    except SongNguError:
        return None


def refuse_another_corpus(args: argparse.Namespace, store: Store, corpus: Path, present: set[str] | None) -> None:
    """``BadInputError`` when ``--corpus`` names a corpus none of whose documents (``present``, their ids) the index
    holds, and no index is named (``--index``, $SONGNGU_INDEX, ``--store``): the index is then the data directory's,
    built from another corpus, which indexing would replace and asking would answer from (a probe, session 19:
    `songngu index --corpus OTHER` left the data directory's index with OTHER's one document, `info` still naming
    its own corpus). Naming the index, or a corpus sharing a document with it, goes ahead."""
    if not args.corpus or args.store or named_index_dir(args) or present is None:
        return
    indexed = set(store.content_hashes())
    if indexed and indexed.isdisjoint(present):
        raise BadInputError(f"the index {store.location} holds none of the documents of {corpus} (it was built from "
                            "another corpus): name that corpus's own index with --index DIR (or --store)")


def cmd_restore(args: argparse.Namespace) -> int:
    """Put a trash entry back into the corpus it came from (``--corpus`` to choose another) and index it;
    undone when the corpus would not read any more."""
    trash_dir = trash_dir_from(args)
    recorded = find_entry(trash_dir, args.entry).corpus
    if recorded and not Path(recorded).is_absolute():  # a hand-edited record: read against no folder in particular
        raise BadInputError(f"trash entry {args.entry} records its corpus as {recorded!r}, not an absolute path: name "
                            "the corpus to restore it into with --corpus, and its index with --index")
    if recorded and not args.corpus and not Path(recorded).is_dir():
        raise BadInputError(f"the corpus this file came from, {recorded}, is gone: name the corpus to restore it "
                            "into with --corpus, and that corpus's index with --index")
    corpus = corpus_from(args) if args.corpus or not recorded else Path(recorded)
    keep_outside(corpus, args)  # the recorded corpus too (the trash is trusted as the index is: see SECURITY.md)
    check_not_the_sample(corpus)
    home = Path(recorded) if recorded else data_paths().corpus
    if args.corpus and not (args.store or named_index_dir(args)) and corpus.resolve() != home.resolve():
        # the index re-indexed would be the one of the file's own corpus, rebuilt from another (a probe: the data
        # directory's index lost its documents to the one file of a mistyped --corpus)
        gone = "" if home.is_dir() else " (gone now)"
        raise BadInputError(f"{args.entry} came from {home}{gone}, whose index a restore would re-index: to put it "
                            f"into {corpus}, name that corpus's index too with --index DIR (or --store)")
    store, remote = restore_store(args), remote_or_none(args)  # the servers checked before anything moves
    if isinstance(store, LocalStore) and corpus.resolve().is_relative_to(Path(store.location).resolve()):
        # a hand-edited entry naming the index folder as its corpus (a probe, session 14: the index was rebuilt
        # from the one file the restore wrote there)
        raise BadInputError(f"{corpus} is inside the index directory {store.location}: no corpus is kept there")
    if isinstance(store, LocalStore) and no_index(store) and named_index_dir(args) and not args.corpus:
        # the file goes back to its own corpus, whose index exists: a mistyped --index (or a stale $SONGNGU_INDEX) built
        # a new one there (a probe, session 15). Naming a corpus and a new index builds it, as `index` does.
        raise BadInputError(f"there is no index in {store.location}: name the index the corpus was built into")
    indexed, present = set(store.content_hashes()), _documents_in(corpus)
    if indexed and present is not None and indexed.isdisjoint(present):
        # an index built from another corpus (or none of whose documents this one holds any more), rebuilt from this
        # one (a probe, session 15: an entry recording another corpus left the data directory's index with that
        # corpus's one document; empty, that corpus would have done the same)
        raise BadInputError(f"{args.entry} goes into {corpus}, but the index {store.location} holds none of its "
                            "documents (it was built from another corpus): name that corpus's index with --index DIR "
                            "(or --store)")
    with store.writing():
        entry, displaced = restore(corpus, trash_dir, args.entry)
        change, documents = CorpusChange((entry.name,), (displaced,) if displaced else (), (), restored=(entry,)), None
        try:
            documents = read_corpus(corpus)
            say(f"restored {entry.name} into {corpus}" + (f"; the file it replaced is in the trash as {displaced.id}"
                                                           if displaced else ""), file=sys.stderr)
            embedder = remote or load_embedder(store.live_meta().get("embedder", DEFAULT_EMBEDDER))
            summary = run_index(documents, store, embedder, args.quiet)
        except BaseException as error:  # also Ctrl-C or a full disk: the corpus goes back to what the index holds
            unreadable = documents is None and isinstance(error, SongNguError)
            # the one file written is the entry restored: it goes back with the reason it had (a probe, session 25)
            undone = revert(corpus, change, trash_dir, "its restore was undone")
            back = ", ".join(e.id for e in undone.trashed)
            if unreadable:
                raise BadInputError(f"{entry.name} was not restored: {error}; it is back in the trash as {back}"
                                    ) from error
            say(f"the restore is undone: {entry.name} is back in the trash as {back}", file=sys.stderr)
            raise
    say(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0
