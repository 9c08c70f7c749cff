"""Every way a published generation of a Milvus index disagrees with itself ([] for a sound one).

The Milvus counterpart of ``songngu.index.store.local.audit``: it reads every row of the generation,
so it is for tests and for checking a suspect index, not for each question.
"""

import math
from collections import Counter, defaultdict

from songngu.index.store.milvus import MilvusReader
from songngu.index.store.milvus_lexical import frequency_at, tf_parts
from songngu.index.store.milvus_schema import live, rows

CHUNK_FIELDS = ["id", "doc_id", "start", "end", "text", "tokens", "sentences", "lexical", "avgdl"]


def _all(reader: MilvusReader, kind: str, fields: list[str], where: str | None = None) -> list[dict]:
    expression = where or live(reader.generation.number)
    return [row for batch in rows(reader.client, reader.names.of(kind), expression, fields) for row in batch]


def audit(reader: MilvusReader) -> list[str]:
    generation = reader.generation
    chunks = _all(reader, "chunks", CHUNK_FIELDS)
    sentences = _all(reader, "sentences", ["id", "doc_id", "start", "end", "text", "chunks"])
    parts = _all(reader, "documents", ["doc_id", "part", "text", "chars", "chunks"])
    texts: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for part in parts:
        texts[part["doc_id"]].append((part["part"], part["text"]))
    documents = {doc_id: "".join(text for _, text in sorted(found)) for doc_id, found in texts.items()}
    problems = []
    counted = {"documents": len(documents), "chunks": len(chunks), "sentences": len(sentences),
               "tokens": sum(len(c["tokens"].split()) for c in chunks)}
    for name, count in counted.items():
        if count != getattr(generation, name):
            problems.append(f"{name}: {count} stored, the state row says {getattr(generation, name)}")
    if any(p["chars"] != len(documents[p["doc_id"]]) for p in parts):
        problems.append("a document's character count differs from its text")
    per_document = Counter(c["doc_id"] for c in chunks)
    if any(p["chunks"] != per_document[p["doc_id"]] for p in parts):
        problems.append("a document's chunk count differs from its chunks")
    for row in chunks + sentences:
        if documents.get(row["doc_id"], "")[row["start"]: row["end"]] != row["text"]:
            problems.append(f"{row['doc_id']} {row['start']}-{row['end']}: the text is not the document's span")
            break
    problems += _membership(chunks, sentences) + _lexical(reader, chunks)
    return problems


def _membership(chunks: list[dict], sentences: list[dict]) -> list[str]:
    """The stored id lists must be the local store's join on offsets."""
    by_document = defaultdict(list)
    for sentence in sorted(sentences, key=lambda s: s["start"]):
        by_document[sentence["doc_id"]].append(sentence)
    holders = defaultdict(list)
    for chunk in chunks:
        inside = [s["id"] for s in by_document[chunk["doc_id"]]
                  if chunk["start"] <= s["start"] and s["end"] <= chunk["end"]]
        if list(chunk["sentences"]) != inside:
            return [f"chunk {chunk['id']}: its sentences are not those inside it"]
        for sentence_id in inside:
            holders[sentence_id].append(chunk["id"])
    if any(sorted(s["chunks"]) != sorted(holders[s["id"]]) for s in sentences):
        return ["a sentence's chunks are not those that hold it"]
    return []


def _lexical(reader: MilvusReader, chunks: list[dict]) -> list[str]:
    """Sparse vectors must be the tf parts of the stored tokens, token frequencies the stored counts."""
    generation, problems = reader.generation, []
    for chunk in chunks:
        expected = tf_parts(chunk["tokens"].split(), chunk["avgdl"])
        stored = {int(key): value for key, value in chunk["lexical"].items()}
        if stored.keys() != expected.keys() or not all(math.isclose(stored[k], v, rel_tol=1e-5)
                                                       for k, v in expected.items()):
            problems.append(f"chunk {chunk['id']}: its sparse vector is not the tf parts of its tokens")
            break
        if chunk["avgdl"] < generation.min_avgdl * (1 - 1e-9):
            problems.append(f"chunk {chunk['id']}: recorded under an average length below the state's minimum")
            break
    counted = Counter(token for chunk in chunks for token in set(chunk["tokens"].split()))
    terms = _all(reader, "terms", ["term", "df", "born", "prev_df", "prev_born"], where="df >= 0")
    frequencies = {row["term"]: frequency_at(row, generation.number) for row in terms}
    wrong = {t for t in counted.keys() | frequencies.keys() if counted.get(t, 0) != frequencies.get(t, 0)}
    if wrong:
        problems.append(f"{len(wrong)} tokens have a wrong document frequency, e.g. {sorted(wrong)[:3]}")
    return problems
