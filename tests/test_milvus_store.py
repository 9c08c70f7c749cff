"""The Milvus store on real Milvus Lite files with the real model: the same index as the local store's.

The seed corpus is brought into Milvus through an add and a delete (so chunks carry sparse vectors
recorded under different average lengths) and compared with the local store built from the same corpus
in one go: lexical scores, dense neighbours, answers and filters. Smaller stores go through add, change,
delete, failed builds and a change of vector index type.
"""

import gc
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from songngu.index.analysis import analyse
from songngu.index.build import build_index
from songngu.index.chunking import chunk_document
from songngu.index.documents import make_document
from songngu.index.store.milvus import DEFAULT_PREFIX, LITE_OPEN_WAIT_S, MilvusReader, MilvusStore, _foreign_folder
from songngu.index.store.milvus_audit import audit
from songngu.index.store.milvus_lexical import bm25, exact_top, growth_bound, tf_parts
from songngu.search.ask import ask
from songngu.search.contract import result_json
from tests.conftest import QueryMemo

ROOT = Path(__file__).resolve().parent.parent
SEED_DEV = ROOT.parent / "shared" / "eval" / "seed-dev.jsonl"
# Left out of the first build, added by the second: the articles with the longest chunks, so the average
# chunk length grows (531 -> 597 tokens) and the first build's sparse vectors under-score (growth_bound).
LATER = ("002_48967e2c3d5ba914", "004_f732d473a99f9294")
BUS = ("Tuyến xe buýt xuyên biên giới Móng Cái - Đông Hưng chính thức khai trương ngày 12/3/2026. "
       "Mỗi ngày có 8 chuyến xe buýt chạy qua cầu Bắc Luân 2.\nVé xe buýt có giá 50 nhân dân tệ cho mỗi lượt.")
QUESTIONS = [
    "Cửa khẩu Bắc Luân II được nâng cấp khi nào?",
    "kim ngach xuat nhap khau qua Mong Cai",
    "北仑河三桥什么时候建？",
    "Năm 2024 nhập khẩu qua các cửa khẩu của Quảng Ninh đạt bao nhiêu?",
    "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?",
    "广宁省有多少名学生获得广西东盟奖学金？",
    "第十五次联合工作委员会会议在哪个城市举行？",
    "Hợp tác du lịch giữa Quảng Ninh và Quảng Tây",
]


@pytest.fixture(scope="module")
def queries(embedder) -> QueryMemo:
    return QueryMemo(embedder)


def bus(text: str = BUS):
    return make_document("005_bus", text, "005_bus.txt")


@pytest.fixture(scope="module")
def milvus_seed(tmp_path_factory, embedder, seed_documents) -> MilvusReader:
    """The seed corpus in Milvus Lite, reached by a second build that adds two articles and deletes one."""
    store = MilvusStore(str(tmp_path_factory.mktemp("milvus-seed") / "seed.db"))
    build_index([d for d in seed_documents if d.doc_id not in LATER] + [bus()], store, embedder)
    report = build_index(seed_documents, store, embedder)
    assert (report.added, report.removed, report.chunks_embedded > 0) == (LATER, ("005_bus",), True)
    return store.open_reader(embedder.name)


def spans(reader, ids) -> list[tuple[str, int, int]]:
    """Store-independent keys of chunks (ids differ between stores)."""
    found = reader.chunks(ids)
    return [(found[i].doc_id, found[i].start, found[i].end) for i in ids]


def test_the_seed_store_is_sound_and_its_impacts_drifted(milvus_seed):
    assert audit(milvus_seed) == []
    recorded = {round(row["avgdl"], 6) for row in milvus_seed.client.query(
        milvus_seed.names.of("chunks"), filter="id >= 0", output_fields=["avgdl"], limit=1000)}
    assert len(recorded) >= 2, "the first build's chunks keep the average length they were written under"
    assert growth_bound(milvus_seed.generation.avgdl, milvus_seed.generation.min_avgdl) > 1


@pytest.mark.parametrize("question", QUESTIONS)
def test_lexical_scores_equal_the_local_stores(milvus_seed, seed_index, question):
    tokens = analyse(question)
    found, reference = milvus_seed.lexical_search(tokens, 1000), seed_index.lexical_search(tokens, 1000)
    assert len(found) == len(reference) >= 5
    assert spans(milvus_seed, [i for i, _ in found]) == spans(seed_index, [i for i, _ in reference])
    assert [s for _, s in found] == pytest.approx([s for _, s in reference], rel=1e-5)
    top = milvus_seed.lexical_search(tokens, 3)
    assert top == found[:3], "a short list is the head of the long one"
    assert milvus_seed.document_frequencies(tokens) == seed_index.document_frequencies(tokens)
    assert milvus_seed.chunk_count() == seed_index.chunk_count()


@pytest.mark.parametrize("question", QUESTIONS[:4])
def test_dense_neighbours_and_membership_equal_the_local_stores(milvus_seed, seed_index, queries, question):
    vector = queries.embed_queries([question])[0]
    found, reference = milvus_seed.nearest_chunks(vector, 10), seed_index.nearest_chunks(vector, 10)
    assert spans(milvus_seed, [i for i, _ in found]) == spans(seed_index, [i for i, _ in reference])
    assert [s for _, s in found] == pytest.approx([s for _, s in reference], rel=1e-5)
    assert (milvus_seed.chunk_vectors([i for i, _ in found]) == seed_index.chunk_vectors([i for i, _ in reference])
            ).all()
    sentences, local_sentences = milvus_seed.nearest_sentences(vector, 10), seed_index.nearest_sentences(vector, 10)
    texts = milvus_seed.sentences([i for i, _ in sentences])
    local_texts = seed_index.sentences([i for i, _ in local_sentences])
    assert [texts[i].text for i, _ in sentences] == [local_texts[i].text for i, _ in local_sentences]
    owners = milvus_seed.chunks_of_sentences([i for i, _ in sentences])
    local_owners = seed_index.chunks_of_sentences([i for i, _ in local_sentences])
    assert [sorted(spans(milvus_seed, owners[i])) for i, _ in sentences] == \
        [sorted(spans(seed_index, local_owners[i])) for i, _ in local_sentences]
    members = milvus_seed.sentences_of_chunks([i for i, _ in found])
    local_members = seed_index.sentences_of_chunks([i for i, _ in reference])
    assert [[s.text for s in milvus_seed.sentences(members[i]).values()] for i, _ in found] == \
        [[s.text for s in seed_index.sentences(local_members[i]).values()] for i, _ in reference]


def comparable(result) -> tuple[dict, list[float]]:
    """The JSON contract without timings, chunk ids and scores; the scores apart."""
    data = result_json(result)
    data.pop("timings_ms")
    scores = [p.pop("score") for p in data["passages"]] + [data["answer"].pop("confidence")]
    for passage in data["passages"]:
        passage.pop("chunk_id")
        scores += list(passage.pop("scores").values())
    return data, scores


def seed_dev_questions() -> list[str]:
    import json

    return [json.loads(line)["question"] for line in SEED_DEV.open(encoding="utf-8")] if SEED_DEV.is_file() else []


@pytest.mark.parametrize("retriever", ["hybrid", "dense", "lexical"])
def test_answers_equal_the_local_stores(milvus_seed, seed_index, queries, retriever):
    for question in QUESTIONS + seed_dev_questions():
        found, found_scores = comparable(ask(question, milvus_seed, queries, k=5, retriever=retriever))
        reference, scores = comparable(ask(question, seed_index, queries, k=5, retriever=retriever))
        assert found == reference, question
        assert found_scores == pytest.approx(scores, rel=1e-5, abs=1e-6), question


def test_document_filters_and_listings_equal_the_local_stores(milvus_seed, seed_index, queries):
    chosen = ["002_48967e2c3d5ba914", "003_e527481dc8ffb22e"]
    for question in QUESTIONS[:4]:
        found = ask(question, milvus_seed, queries, k=5, doc_ids=chosen)
        reference = ask(question, seed_index, queries, k=5, doc_ids=chosen)
        assert {p.doc_id for p in found.passages} <= set(chosen)
        assert comparable(found)[0] == comparable(reference)[0]
    assert milvus_seed.documents() == seed_index.documents()
    ids = [d.doc_id for d in seed_index.documents()]
    assert milvus_seed.document_texts(ids) == seed_index.document_texts(ids)


def tiny_store(tmp_path: Path, embedder, documents) -> MilvusStore:
    store = MilvusStore(str(tmp_path / "tiny.db"))
    build_index(documents, store, embedder)
    return store


def test_add_change_delete_keep_corpus_and_collections_in_agreement(tmp_path, embedder, seed_documents):
    smallest = min(seed_documents, key=lambda d: len(d.text))
    store = tiny_store(tmp_path, embedder, [bus()])
    assert audit(store.open_reader()) == []

    added = build_index([smallest, bus()], store, embedder)
    assert (added.added, added.chunks_embedded) == ((smallest.doc_id,), 5)
    before = store.open_reader()
    assert audit(before) == [] and store.content_hashes() == {d.doc_id: d.content_hash for d in (smallest, bus())}
    assert growth_bound(before.generation.avgdl, before.generation.min_avgdl) <= 1.05, \
        "the bus article's tf parts, written under a fifth of today's average length, were re-written"
    assert ask("Mỗi ngày có bao nhiêu chuyến xe buýt Móng Cái - Đông Hưng?", before, embedder).passages[0].doc_id \
        == "005_bus"

    changed_bus = bus(BUS.replace("50 nhân dân tệ", "80 nhân dân tệ"))
    changed = build_index([smallest, changed_bus], store, embedder)
    assert (changed.changed, changed.chunks_embedded) == (("005_bus",), 1)
    assert store.describe()["documents"] == 2
    after = store.open_reader()
    assert audit(after) == []
    assert "80 nhân dân tệ" in after.document_texts(["005_bus"])["005_bus"]
    top = ask("80 nhan dan te", after, embedder, retriever="lexical").passages[0]
    assert top.doc_id == "005_bus" and "80 nhân dân tệ" in top.text
    assert "50 nhân dân tệ" in before.document_texts(["005_bus"])["005_bus"], "an open reader keeps its generation"
    assert ask("50 nhân dân tệ", before, embedder, retriever="lexical").passages[0].text.count("50 nhân dân tệ")

    replaced = before.client
    del before
    gc.collect()
    assert replaced._handler is None, "a reader dropped (the app's replaced generation) closes its client"

    removed = build_index([changed_bus], store, embedder)
    assert (removed.removed, removed.chunks_embedded) == ((smallest.doc_id,), 0)
    last = store.open_reader()
    assert audit(last) == [] and [d.doc_id for d in last.documents()] == ["005_bus"]
    assert store.content_hashes() == {"005_bus": changed_bus.content_hash}
    hits = last.lexical_search(analyse(smallest.text[:200]), 10)
    assert {chunk.doc_id for chunk in last.chunks([i for i, _ in hits]).values()} <= {"005_bus"}


def test_document_ids_with_quotes_and_backslashes_keep_the_store_whole(tmp_path, embedder):
    """A probe (session 13): the documents' primary key held the id as written, and pymilvus pages its iterator with
    'key > "<last key>"' unescaped: an id with a quote made every later build fail (and hang, see
    test_validation's looped error), and an id like 'x" or doc_id != "' retired another document's row while
    its chunks lived on (an ask then failed its citation check)."""
    ids = ['a"b', "c\\d", 'x" or doc_id != "', "名字 với dấu", "plain"]
    documents = [make_document(doc_id, f"Bài {n}: Móng Cái đón {n}00 lượt khách. Mã số ZQX{n}K.", f"w.jsonl:{n}")
                 for n, doc_id in enumerate(ids, start=1)]
    store = tiny_store(tmp_path, embedder, documents)
    kept = [documents[2], documents[3], documents[4]]
    build_index(kept, store, embedder)
    reader = store.open_reader()
    assert audit(reader) == []
    assert store.content_hashes() == {d.doc_id: d.content_hash for d in kept}
    assert sorted(d.doc_id for d in reader.documents()) == sorted(d.doc_id for d in kept)
    result = ask("Mã số ZQX4K là gì?", reader, embedder, retriever="lexical")
    assert result.passages[0].doc_id == "名字 với dấu"


def test_a_title_longer_than_a_milvus_field_is_indexed(tmp_path, embedder):
    """A probe (session 24): a 5,000-character title (a PDF's /Title will do) failed the build with an internal
    error, after every document was embedded: Milvus keeps titles in fields of 4,096 characters."""
    document = make_document("long", "Móng Cái là thành phố cửa khẩu.", "a.jsonl:1", title="T" * 5000)
    reader = tiny_store(tmp_path, embedder, [document]).open_reader()
    assert [d.title for d in reader.documents()] == [document.title]


def test_failed_and_killed_builds_leave_the_published_generation(tmp_path, embedder, seed_documents):
    smallest = min(seed_documents, key=lambda d: len(d.text))
    store = tiny_store(tmp_path, embedder, [smallest])
    published = store.published()

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index([bus()], store, embedder, progress=interrupt)  # the removal of `smallest` is undone too
    assert store.published() == published and [d.doc_id for d in store.open_reader().documents()] == [smallest.doc_id]
    assert audit(store.open_reader()) == []

    settings = store.open_reader().settings
    killed = store.begin(settings, "auto", keep_documents=True)  # a build whose process dies: no commit, no abort
    chunks = chunk_document(bus(), embedder.count_tokens, settings.chunk_max_tokens, settings.overlap_sentences)
    sentences = list({(s.start, s.end): s for c in chunks for s in c.sentences}.values())
    killed.add_document(bus(), chunks, np.zeros((len(chunks), settings.dim)), [analyse(c.text) for c in chunks],
                        sentences, np.zeros((len(sentences), settings.dim)))
    killed.remove_documents([smallest.doc_id])  # writes the pending rows of the bus article first
    reader = store.open_reader()
    assert [d.doc_id for d in reader.documents()] == [smallest.doc_id] and audit(reader) == []
    report = build_index([smallest, bus()], store, embedder)  # rolls the dead build back first
    assert (report.added, report.removed) == (("005_bus",), ())
    assert audit(store.open_reader()) == []
    # A build into a new epoch killed before its commit (a probe, session 24: kill -9 during `index --vector-index
    # hnsw`) left its collections until a build changed something; the next writer drops them, whatever it does.
    fresh = store.begin(settings, "auto", keep_documents=False)
    assert set(fresh.names.all()) <= set(store.client().list_collections())
    with store.writing():
        pass
    assert not set(fresh.names.all()) & set(store.client().list_collections())
    assert store.published() is not None and audit(store.open_reader()) == []


def test_a_new_vector_index_type_copies_into_a_new_epoch(tmp_path, embedder, seed_documents):
    smallest = min(seed_documents, key=lambda d: len(d.text))
    store = tiny_store(tmp_path, embedder, [smallest, bus()])
    before = store.open_reader()
    report = build_index([smallest, bus()], store, embedder, vector_index="hnsw")
    assert report.chunks_embedded == 0
    after = store.open_reader()
    assert (after.generation.epoch, store.describe()["chunks_index"]) == (before.generation.epoch + 1, "hnsw")
    assert audit(after) == []
    question = "Mỗi ngày có bao nhiêu chuyến xe buýt Móng Cái - Đông Hưng?"
    assert comparable(ask(question, after, embedder))[0] == comparable(ask(question, before, embedder))[0]


def test_exact_top_is_exact_whatever_the_recorded_average_lengths():
    """Chunks recorded under average lengths from half to all of today's: the pool grows until certified."""
    rng = random.Random(7)
    vocabulary = [f"t{i}" for i in range(60)]
    chunks = {i: [rng.choice(vocabulary[: rng.randint(5, 60)]) for _ in range(rng.randint(3, 80))] for i in range(800)}
    avgdl = sum(map(len, chunks.values())) / len(chunks)
    recorded = {i: avgdl * rng.uniform(0.5, 1.0) for i in chunks}
    weights = {t: rng.uniform(0.1, 3.0) for t in rng.sample(vocabulary, 6)}
    query = {k: w for t, w in weights.items() for k in tf_parts([t], 1.0)}

    def recorded_score(i: int) -> float:
        return sum(query.get(k, 0.0) * v for k, v in tf_parts(chunks[i], recorded[i]).items())

    ranked = sorted(chunks, key=lambda i: -recorded_score(i))
    sizes = []

    def pool(size: int):
        sizes.append(size)
        return [(i, recorded_score(i), chunks[i]) for i in ranked[:size] if recorded_score(i) > 0]

    exact = sorted(((i, bm25(chunks[i], weights, avgdl)) for i in chunks), key=lambda item: (-item[1], item[0]))
    found = exact_top(pool, weights, avgdl, growth_bound(avgdl, min(recorded.values())), 10)
    assert found == [(i, s) for i, s in exact[:10] if s > 0]
    assert len(sizes) > 1, "the first pool could not certify the top 10 under this much drift"


def songngu(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "songngu", *args], cwd=ROOT, capture_output=True, text=True)


def test_cli_index_ask_info_on_milvus_lite(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "005_bus.txt").write_text(BUS, encoding="utf-8")
    where = f"milvus:{tmp_path / 'cli.db'}"
    indexed = songngu("index", "--store", where, "--corpus", str(corpus), "--quiet")
    assert indexed.returncode == 0, indexed.stderr
    asked = songngu("ask", "--store", where, "--json", "Vé xe buýt giá bao nhiêu?")
    assert asked.returncode == 0 and '"doc_id": "005_bus"' in asked.stdout, asked.stderr
    info = songngu("info", "--store", where, "--json")
    assert '"documents": 1' in info.stdout and where in info.stdout
    # A second build in a new process (a probe, session 8: the documents collection was queried before this
    # process had loaded it, and every later `index`, `eval --corpus` and `serve` stopped with exit 1).
    (corpus / "006_ferry.txt").write_text("Tàu cao tốc Vân Đồn - Cô Tô chạy 4 chuyến mỗi ngày.", encoding="utf-8")
    again = songngu("index", "--store", where, "--corpus", str(corpus), "--quiet")
    assert again.returncode == 0 and '"documents": 2' in again.stdout, again.stderr
    unchanged = songngu("index", "--store", where, "--corpus", str(corpus), "--quiet")
    assert unchanged.returncode == 0, unchanged.stderr
    (tmp_path / "afile").write_text("x", encoding="utf-8")  # places the file system refuses: exit 2, one line
    for spec in ("milvus:/proc/x.db", f"milvus:{tmp_path / 'afile' / 'y.db'}"):
        refused = songngu("index", "--store", spec, "--corpus", str(corpus), "--quiet")
        assert refused.returncode == 2 and refused.stderr.startswith("songngu: error: cannot use"), refused.stderr
    refused = songngu("index", "--store", f"{where}#{'a' * 300}", "--corpus", str(corpus), "--quiet")  # no lock name
    assert refused.returncode == 2 and "an index name is" in refused.stderr, refused.stderr  # of 300: none Milvus takes
    started = time.monotonic()  # a file where Milvus Lite keeps a folder: said at once, not after the 10 s
    (tmp_path / "garbage.db").write_bytes(b"\x00not milvus")
    file = songngu("ask", "--store", f"milvus:{tmp_path / 'garbage.db'}", "Vé xe buýt giá bao nhiêu?")
    assert file.returncode == 2 and "it is a file, not a Milvus Lite database" in file.stderr, file.stderr
    assert time.monotonic() - started < LITE_OPEN_WAIT_S and (tmp_path / "garbage.db").read_bytes()[0] == 0
    # a folder of other files likewise (a probe, session 13: Milvus Lite wrote its database among them)
    (tmp_path / "photos.db").mkdir()
    (tmp_path / "photos.db" / "a.jpg").write_bytes(b"\xff\xd8")
    folder = songngu("index", "--store", f"milvus:{tmp_path / 'photos.db'}", "--corpus", str(corpus), "--quiet")
    assert folder.returncode == 2 and "a folder of other files" in folder.stderr, folder.stderr
    assert [p.name for p in (tmp_path / "photos.db").iterdir()] == ["a.jpg"]
    wrong = songngu("info", "--store", "redis:x", "--json")
    both = songngu("info", "--store", where, "--index", str(tmp_path), "--json")
    assert (wrong.returncode, both.returncode) == (2, 2) and "--store takes milvus:" in wrong.stderr


@pytest.mark.parametrize("damage", ["sentences deleted", "chunks cut", "state cut", "chunks cut, another index"])
def test_a_damaged_milvus_lite_database_is_said_and_rebuilt(tmp_path, damage):
    """A probe (session 24): with a data file of the database deleted or cut, every question was an internal error
    (exit 1, in the app HTTP 500) and `songngu index` said "unchanged" (exit 0), for ever. Now a question says the
    index is damaged (exit 2) and `index` rebuilds it: into new collections when the database still opens, else into
    a new database, the damaged one moved aside."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "005_bus.txt").write_text(BUS, encoding="utf-8")
    database = tmp_path / "d.db"
    where = f"milvus:{database}"
    assert songngu("index", "--store", where, "--corpus", str(corpus), "--quiet").returncode == 0
    if damage.endswith("another index"):
        assert songngu("index", "--store", f"{where}#other", "--corpus", str(corpus), "--quiet").returncode == 0
    kind, how = {"sentences": ("sentences", "delete"), "chunks": ("chunks", "cut"),
                 "state": ("state", "cut")}[damage.split()[0]]
    files = sorted((database / "collections").glob(f"{DEFAULT_PREFIX}_*{kind}/**/*.parquet"))
    assert files, sorted(p.relative_to(database) for p in database.rglob("*"))
    for file in files:
        file.unlink() if how == "delete" else os.truncate(file, file.stat().st_size // 2)
    asked = songngu("ask", "--store", where, "Vé xe buýt giá bao nhiêu?")
    assert asked.returncode == 2 and "is damaged" in asked.stderr, asked.stderr
    assert f"songngu index --store {where}" in asked.stderr, asked.stderr
    rebuilt = songngu("index", "--store", where, "--corpus", str(corpus), "--quiet")
    aside = tmp_path / "d.db.damaged-1"
    if damage.endswith("another index"):  # the database does not open, and it is not only this index's to move
        assert rebuilt.returncode == 2 and "other indexes too (other)" in rebuilt.stderr, rebuilt.stderr
        assert database.is_dir() and not aside.exists()
        return
    assert rebuilt.returncode == 0 and '"repaired": 1' in rebuilt.stdout, rebuilt.stderr
    assert aside.is_dir() == (kind != "sentences"), "moved aside only when the database does not open at all"
    again = songngu("ask", "--store", where, "--json", "Vé xe buýt giá bao nhiêu?")
    assert again.returncode == 0 and '"doc_id": "005_bus"' in again.stdout, again.stderr
    assert songngu("index", "--store", where, "--corpus", str(corpus), "--quiet").stdout.count('"unchanged": 1') == 1


def test_without_the_extra_the_milvus_store_names_the_install_command(tmp_path):
    code = ("import sys; sys.modules['pymilvus'] = None; from songngu.cli import main; "
            f"sys.exit(main(['info', '--store', 'milvus:{tmp_path / 'x.db'}']))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2 and "pip install 'songngu[milvus]'" in result.stderr, result.stderr


def test_the_default_query_path_does_not_import_pymilvus():
    code = ("import sys; from songngu.cli import main; import songngu.search.ask, songngu.app.state; "
            "print('pymilvus' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True).stdout.strip() \
        == "False"


def test_a_build_waits_for_the_file_a_finishing_process_still_holds(tmp_path):
    """A probe (session 8): the second of two `index --wait` runs waited for the first's lock, then could not
    open the file the first process still held while exiting (Milvus Lite lets one process at a time hold
    it). Here a process holds the file for 3 s with no lock at all: the build waits for it, then finishes."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "005_bus.txt").write_text(BUS, encoding="utf-8")
    where = tmp_path / "held.db"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pymilvus import MilvusClient; "
                               f"MilvusClient(uri={str(where)!r}); print('held', flush=True); time.sleep(3)"],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    built = songngu("index", "--store", f"milvus:{where}", "--corpus", str(corpus), "--quiet")
    holder.wait(timeout=60)
    assert built.returncode == 0, built.stderr


@pytest.mark.parametrize("uri", ["http://[::1", "http://127.0.0.1:99999"])
def test_what_is_no_server_uri_is_a_one_line_error(tmp_path, uri):
    """A probe (session 13): both were internal errors (ValueError), exit 1."""
    result = songngu("info", "--store", f"milvus:{uri}")
    assert result.returncode == 2 and "is not a server URI" in result.stderr, result.stderr


@pytest.mark.parametrize("uri", ["http://root:s3cret@127.0.0.1:1",
                                 # a probe (session 25): an upper-case scheme was taken for a Milvus Lite path, another
                                 # scheme too, and both printed whole; a password holding "@" showed from it on
                                 "HTTP://root:s3cret@127.0.0.1:1", "grpc://root:s3cret@127.0.0.1:1",
                                 "http://root:s3@cret@127.0.0.1:1", "http://127.0.0.1:1?token=root:s3cret",
                                 # the review of session 25: a "#" in the password was taken for an index name's
                                 "http://root:s3#cret@127.0.0.1:1"])
def test_a_password_in_a_server_uri_is_not_shown(tmp_path, uri):
    result = songngu("info", "--store", f"milvus:{uri}")
    assert result.returncode == 2 and "cret" not in result.stderr, result.stderr


def test_a_milvus_lite_path_starting_with_a_tilde_is_in_the_home_folder_and_odd_names_are_refused(tmp_path):
    """A probe (session 25): "milvus:~/m1.db" made a folder named "~" where the command ran (the shell expands no ~
    after "milvus:"; whoever then removes it with `rm -rf ~` removes their home), and "#bad name!" was taken."""
    home, here = tmp_path / "home", tmp_path / "here"
    here.mkdir()
    result = subprocess.run([sys.executable, "-m", "songngu", "info", "--store", "milvus:~/m1.db"], cwd=here,
                            capture_output=True, text=True, env={**os.environ, "HOME": str(home),
                                                                 "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0 and list(here.iterdir()) == [], (result.stderr, list(here.iterdir()))
    assert str(home / "m1.db") in result.stdout, result.stdout
    result = songngu("info", "--store", f"milvus:{tmp_path}/m.db#bad name!")
    assert result.returncode == 2 and "an index name is" in result.stderr, result.stderr


def test_a_milvus_lite_database_inside_the_corpus_is_refused(tmp_path):
    """A probe (session 13): `--corpus C --store milvus:C/idx.db` was taken (the local store's index is refused
    there), and every re-index warned of the database's files as unread corpus files."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Móng Cái đón 100 lượt khách.", encoding="utf-8")
    result = songngu("index", "--quiet", "--corpus", str(corpus), "--store", f"milvus:{corpus}/idx.db")
    assert result.returncode == 2 and "inside the corpus" in result.stderr, result.stderr
    assert [p.name for p in corpus.iterdir()] == ["a.txt"]


def test_a_folder_of_other_files_is_foreign_hidden_files_aside(tmp_path):
    """The review of session 14: a new folder holding only .DS_Store or .gitkeep is no one's."""
    (tmp_path / "new.db").mkdir()
    (tmp_path / "new.db" / ".DS_Store").write_bytes(b"")
    assert not _foreign_folder(tmp_path / "new.db") and not _foreign_folder(tmp_path / "missing.db")
    (tmp_path / "new.db" / "a.jpg").write_bytes(b"")
    assert _foreign_folder(tmp_path / "new.db")
    (tmp_path / "new.db" / "databases").mkdir()
    assert not _foreign_folder(tmp_path / "new.db")


def test_a_servers_error_reading_the_state_is_a_clear_error_not_an_internal_one(tmp_path):
    """Milvus Lite serves gRPC on a local port, so ``http://127.0.0.1:PORT`` is the store a Milvus server would be.
    A collection of someone else's under the state's name (the server answers "unknown field 'generation'")
    made `ask` and `info` an internal error, exit 1 (noticed in session 24): a server's error is exit 2."""
    from milvus_lite import server_manager_instance
    from pymilvus import DataType, MilvusClient

    from songngu.index.store.milvus_generations import state_name

    path = str(tmp_path / "other.db")
    client = MilvusClient(uri=path)
    schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("v", DataType.FLOAT_VECTOR, dim=2)
    client.create_collection(state_name(DEFAULT_PREFIX), schema=schema)
    uri = server_manager_instance.start_and_get_uri(path)
    try:
        for command in (["info"], ["ask", "Móng Cái ở đâu?"]):
            result = songngu(*command, "--store", f"milvus:{uri}")
            assert result.returncode == 2 and "cannot read the index" in result.stderr, result.stderr
            assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    finally:
        client.close()
        server_manager_instance.release_server(path)
