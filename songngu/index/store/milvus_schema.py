"""The Milvus store's collections: their fields and indexes, and the filter that shows one generation.

An epoch of an index is four collections, ``{prefix}_e{epoch}_{kind}``:

- ``chunks``: a row a chunk, keyed by its id: ``doc_id``, ``start``, ``end``, ``text``, the document's
  ``title`` and ``date`` (copied, so a hit needs one query; both are in the content hash, so a copy never
  goes stale), the dense ``vector``, the ``lexical`` sparse vector of its BM25 tf parts, its analysed
  ``tokens`` and the ``avgdl`` its sparse vector was computed with (``milvus_lexical``), and
  ``sentences``: the ids of the sentences inside it.
- ``sentences``: a row a distinct sentence, keyed by its id: ``doc_id``, ``start``, ``end``, ``text``,
  ``vector`` and ``chunks``: the ids of the chunks that hold it. The two id lists are the local store's
  join on offsets (same document, ``chunk.start <= sentence.start and sentence.end <= chunk.end``),
  computed once when the document is added: Milvus has no joins.
- ``documents``: a row a part of a document's text, keyed by ``doc_id``, generation and part, each with
  the document's metadata. A VARCHAR holds at most 65,535 bytes, and a 2 MB article does not fit one:
  its text is cut into parts of at most ``PART_CHARS`` characters (4 UTF-8 bytes each at worst).
- ``terms``: a row a token, keyed by the token: its document frequency (``milvus_lexical``).

Chunk, sentence and document rows carry ``born`` and ``died``, the generations that added and removed
them (``ALIVE`` until removed): a reader of generation G sees the rows ``live(G)``. Milvus asks for a
vector field in every collection; ``documents`` and ``terms`` have a two-dimension ``unused`` one.
"""

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pymilvus import DataType, MilvusClient

from songngu.index.store.vectors import HNSW_EF_SEARCH, HNSW_M, NPROBE, ivf_lists

ALIVE = 2**62  # ``died`` of a row no generation has removed
VARCHAR_MAX = 65_535  # bytes, Milvus's largest VARCHAR
PART_CHARS = 16_000  # characters of document text a row: at most 64,000 UTF-8 bytes
SHORT = 4_096  # doc ids, titles, URLs, sources
MAX_SENTENCES_IN_CHUNK = 4_096  # Milvus's largest ARRAY; a chunk of 256 tokens holds at most 256 sentences
MAX_CHUNKS_OF_SENTENCE = 256
KINDS = ("chunks", "sentences", "documents", "terms")
# Milvus index types for the local store's kinds (songngu.index.store.vectors chooses the kind by size).
# IVF-PQ is left out: its codes rank so coarsely that the local store re-scores 800 candidates with the
# exact vectors (bench/README.md); IVF_SQ8 is the compact choice here. IVF lists are built per segment
# (some 10^5 to 10^6 rows), so their number stops at 1,024.
MILVUS_INDEX = {"flat": "FLAT", "ivfsq": "IVF_SQ8", "hnsw": "HNSW"}
HNSW_EF_CONSTRUCTION = 200
MAX_IVF_LISTS = 1_024


@dataclass(frozen=True)
class Names:
    """Collection names of one epoch of the index called ``prefix``."""

    prefix: str
    epoch: int

    def of(self, kind: str) -> str:
        return f"{self.prefix}_e{self.epoch}_{kind}"

    def all(self) -> list[str]:
        return [self.of(kind) for kind in KINDS]


def live(generation: int) -> str:
    """The filter of the rows generation ``generation`` holds."""
    return f"born <= {int(generation)} and died > {int(generation)}"


def quoted(values: Sequence[str]) -> str:
    """A list literal of strings for a filter expression (JSON's quoting is Milvus's)."""
    return json.dumps(list(values), ensure_ascii=False)


def ids_filter(field: str, ids: Sequence[int]) -> str:
    return f"{field} in [{','.join(str(int(i)) for i in ids)}]"


def text_parts(text: str) -> list[str]:
    """``text`` cut into parts that each fit a VARCHAR; ``"".join(parts) == text`` (one empty part for "")."""
    return [text[i: i + PART_CHARS] for i in range(0, len(text), PART_CHARS)] or [""]


def _common(schema, dim: int) -> None:
    schema.add_field("doc_id", DataType.VARCHAR, max_length=SHORT)
    schema.add_field("start", DataType.INT64)
    schema.add_field("end", DataType.INT64)
    schema.add_field("text", DataType.VARCHAR, max_length=VARCHAR_MAX)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)


def _generations(schema) -> None:
    schema.add_field("born", DataType.INT64)
    schema.add_field("died", DataType.INT64)


def collection_schemas(dim: int) -> dict:
    """Kind -> schema of the four collections of an epoch, for vectors of ``dim`` dimensions."""
    chunks = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
    chunks.add_field("id", DataType.INT64, is_primary=True)
    _common(chunks, dim)
    chunks.add_field("title", DataType.VARCHAR, max_length=SHORT)
    chunks.add_field("date", DataType.VARCHAR, max_length=64)
    chunks.add_field("lexical", DataType.SPARSE_FLOAT_VECTOR)
    chunks.add_field("tokens", DataType.VARCHAR, max_length=VARCHAR_MAX)
    chunks.add_field("avgdl", DataType.DOUBLE)
    chunks.add_field("sentences", DataType.ARRAY, element_type=DataType.INT64, max_capacity=MAX_SENTENCES_IN_CHUNK)
    _generations(chunks)
    sentences = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
    sentences.add_field("id", DataType.INT64, is_primary=True)
    _common(sentences, dim)
    sentences.add_field("chunks", DataType.ARRAY, element_type=DataType.INT64, max_capacity=MAX_CHUNKS_OF_SENTENCE)
    _generations(sentences)
    documents = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
    documents.add_field("key", DataType.VARCHAR, is_primary=True, max_length=SHORT + 64)
    documents.add_field("doc_id", DataType.VARCHAR, max_length=SHORT)
    documents.add_field("part", DataType.INT64)
    for field in ("title", "url", "source"):
        documents.add_field(field, DataType.VARCHAR, max_length=SHORT)
    documents.add_field("date", DataType.VARCHAR, max_length=64)
    documents.add_field("content_hash", DataType.VARCHAR, max_length=128)
    documents.add_field("chars", DataType.INT64)
    documents.add_field("chunks", DataType.INT64)
    documents.add_field("text", DataType.VARCHAR, max_length=VARCHAR_MAX)
    documents.add_field("unused", DataType.FLOAT_VECTOR, dim=2)
    _generations(documents)
    terms = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
    terms.add_field("term", DataType.VARCHAR, is_primary=True, max_length=VARCHAR_MAX)
    for field in ("df", "born", "prev_df", "prev_born"):
        terms.add_field(field, DataType.INT64)
    terms.add_field("unused", DataType.FLOAT_VECTOR, dim=2)
    return {"chunks": chunks, "sentences": sentences, "documents": documents, "terms": terms}


def create_collections(client: MilvusClient, names: Names, dim: int) -> None:
    """The four empty collections of an epoch, not indexed yet (``create_indexes`` does that on commit)."""
    for kind, schema in collection_schemas(dim).items():
        client.create_collection(names.of(kind), schema=schema, consistency_level="Bounded")


def vector_index_params(kind: str, n_vectors: int) -> dict:
    """``add_index`` arguments of a dense field for the local kind ``kind`` over ``n_vectors`` vectors."""
    params: dict = {}
    if kind == "ivfsq":
        params["nlist"] = min(ivf_lists(n_vectors), MAX_IVF_LISTS)
    if kind == "hnsw":
        params.update(M=HNSW_M, efConstruction=HNSW_EF_CONSTRUCTION)
    return {"index_type": MILVUS_INDEX[kind], "metric_type": "IP", "params": params}


def search_params(kind: str, n: int) -> dict:
    """Search parameters of a dense field indexed as ``kind``, for the ``n`` nearest."""
    if kind == "ivfsq":
        return {"metric_type": "IP", "params": {"nprobe": NPROBE}}
    if kind == "hnsw":
        return {"metric_type": "IP", "params": {"ef": max(HNSW_EF_SEARCH, n)}}
    return {"metric_type": "IP", "params": {}}


def create_indexes(client: MilvusClient, names: Names, kinds: dict[str, str], counts: dict[str, int]) -> None:
    """Index every field a query filters on or searches, then load the epoch's collections.

    ``kinds`` maps "chunks" and "sentences" to the local kind of their dense index, ``counts`` to
    their number of rows (IVF sizes its lists by it).
    """
    for kind in KINDS:
        params = client.prepare_index_params()
        if kind in ("chunks", "sentences"):
            params.add_index("vector", **vector_index_params(kinds[kind], counts[kind]))
        else:
            params.add_index("unused", index_type="FLAT", metric_type="L2")
        if kind == "chunks":
            params.add_index("lexical", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
        if kind != "terms":
            for field in ("doc_id", "born", "died"):
                params.add_index(field, index_type="INVERTED")
        client.create_index(names.of(kind), params)
        client.load_collection(names.of(kind))


def rows(client: MilvusClient, collection: str, expression: str, fields: Sequence[str], batch: int = 1_000,
         consistency: str = "Strong") -> Iterator[list[dict]]:
    """Every row matching ``expression``, ``batch`` at a time; "Strong" sees every write so far (a
    writer's view), "Bounded" is a reader's (``milvus_generations``).

    An iterator, not one query: Milvus returns at most 16,384 rows a query.
    """
    iterator = client.query_iterator(collection, batch_size=batch, filter=expression, output_fields=list(fields),
                                     consistency_level=consistency)
    try:
        while found := iterator.next():
            yield found
    finally:
        iterator.close()
