"""Generations of the Milvus store: what "atomic" means without transactions, and the clean-up.

Milvus has no transaction over several collections, nor over several rows of one, so a build never
changes a row a reader sees; one insert publishes everything it did:

- Build G adds rows with ``born = G`` and marks the rows it removes ``died = G`` (a partial upsert of that
  one field). Readers of the published generation P filter ``live(P)``: they see neither change.
- Publishing G is one insert into ``{prefix}_state``: a row with G, its epoch, settings and counts. A
  reader opens the newest state row and keeps its number: it goes on seeing P after G is published.
- After publishing G the rows that P or an earlier build removed (``died <= P``) are deleted: only
  readers older than P wanted them. So a reader keeps working until the second commit after the one it
  opened; the app reopens right after each commit, and a CLI command is shorter than two builds.
- A build that fails, or a process killed mid-build, leaves rows ``born > P`` and rows ``died > P``:
  ``roll_back`` (on abort, and when the next build begins) deletes the first and revives the second.
- Epochs: a build that cannot keep the documents (another embedder or dimension) or that changes a
  dense index type writes a new epoch of collections (``milvus_schema.Names``); the state row names its
  epoch, so the switch is the same one insert. Epochs that neither of the two newest state rows names
  are dropped.
- Visibility: a reader's queries are 'Bounded' (in Milvus Standalone and Distributed they may miss the
  last ``gracefulTime`` of writes, 5 s by default; Milvus Lite sees every write at once). A commit to a
  server waits that long before publishing, so a reader that sees the new state row sees its rows too.
"""

import json
import re
from dataclasses import asdict, dataclass

from pymilvus import DataType, MilvusClient

from songngu.index.store.milvus_schema import ALIVE, VARCHAR_MAX, Names, rows

REMOVABLE = ("chunks", "sentences", "documents")  # the collections whose rows carry born and died
PRIMARY_KEY = {"chunks": "id", "sentences": "id", "documents": "key"}


@dataclass(frozen=True)
class Generation:
    """A published state of the index: its number, epoch, settings (``IndexSettings.to_meta`` and the
    dense index types) and counts. ``tokens`` is the total length of the chunks' analysed tokens and
    ``min_avgdl`` the smallest average length a live chunk's tf parts were computed with."""

    number: int
    epoch: int
    meta: dict[str, str]
    documents: int = 0
    chunks: int = 0
    sentences: int = 0
    tokens: int = 0
    min_avgdl: float = 0.0
    next_chunk_id: int = 1
    next_sentence_id: int = 1

    @property
    def avgdl(self) -> float:
        return self.tokens / self.chunks if self.chunks else 0.0


def state_name(prefix: str) -> str:
    return f"{prefix}_state"


def ensure_state(client: MilvusClient, prefix: str) -> None:
    """Create the state collection of the index ``prefix`` when it does not exist yet."""
    name = state_name(prefix)
    if not client.has_collection(name):
        schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("generation", DataType.INT64, is_primary=True)
        schema.add_field("epoch", DataType.INT64)
        schema.add_field("record", DataType.VARCHAR, max_length=VARCHAR_MAX)
        schema.add_field("unused", DataType.FLOAT_VECTOR, dim=2)
        client.create_collection(name, schema=schema, consistency_level="Strong")
        params = client.prepare_index_params()
        params.add_index("unused", index_type="FLAT", metric_type="L2")
        client.create_index(name, params)
    client.load_collection(name)


def published(client: MilvusClient, prefix: str) -> list[Generation]:
    """The published generations still recorded (the newest two, or fewer), newest first."""
    name = state_name(prefix)
    if not client.has_collection(name):
        return []
    client.load_collection(name)
    found = client.query(name, filter="generation >= 0", output_fields=["generation", "epoch", "record"],
                         consistency_level="Strong")
    generations = [Generation(number=row["generation"], epoch=row["epoch"], **json.loads(row["record"]))
                   for row in found]
    return sorted(generations, key=lambda g: -g.number)


def publish(client: MilvusClient, prefix: str, generation: Generation) -> None:
    """Make ``generation`` the published one: one insert."""
    record = {key: value for key, value in asdict(generation).items() if key not in ("number", "epoch")}
    client.insert(state_name(prefix), [{"generation": generation.number, "epoch": generation.epoch,
                                        "record": json.dumps(record), "unused": [0.0, 0.0]}])


def epochs_on_server(client: MilvusClient, prefix: str) -> set[int]:
    pattern = re.compile(rf"{re.escape(prefix)}_e(\d+)_[a-z]+")
    return {int(m.group(1)) for name in client.list_collections() if (m := pattern.fullmatch(name))}


def drop_epoch(client: MilvusClient, names: Names) -> None:
    for name in names.all():
        if client.has_collection(name):
            client.drop_collection(name)


def roll_back(client: MilvusClient, names: Names, published_number: int) -> None:
    """Undo what unpublished builds did to the epoch ``names``: rows born after ``published_number``
    go, rows they removed come back, token frequencies they changed are restored."""
    for kind in REMOVABLE:
        collection, key = names.of(kind), PRIMARY_KEY[kind]
        client.delete(collection, filter=f"born > {published_number}")
        removed = [row[key] for batch in rows(client, collection, f"died > {published_number} and died < {ALIVE}",
                                              [key]) for row in batch]
        for begin in range(0, len(removed), 1_000):
            client.upsert(collection, [{key: k, "died": ALIVE} for k in removed[begin: begin + 1_000]],
                          partial_update=True)
    terms = names.of("terms")
    changed = [row for batch in rows(client, terms, f"born > {published_number}", ["term", "prev_df", "prev_born"])
               for row in batch]
    new = [row["term"] for row in changed if row["prev_born"] == 0]
    if new:
        client.delete(terms, ids=new)
    restored = [{"term": row["term"], "df": row["prev_df"], "born": row["prev_born"]}
                for row in changed if row["prev_born"] > 0]
    for begin in range(0, len(restored), 1_000):
        client.upsert(terms, restored[begin: begin + 1_000], partial_update=True)


def drop_unnamed_epochs(client: MilvusClient, prefix: str, newest: list[Generation]) -> list[int]:
    """Drop the collections of every epoch of ``prefix`` that the ``newest`` generations do not name (a build that
    never published left them); the epochs dropped."""
    unnamed = sorted(epochs_on_server(client, prefix) - {g.epoch for g in newest})
    for epoch in unnamed:
        drop_epoch(client, Names(prefix, epoch))
    return unnamed


def clean_up(client: MilvusClient, prefix: str) -> None:
    """After a publication: delete the rows no reader of the two newest generations sees, the epochs
    they do not name, and older state rows."""
    newest = published(client, prefix)[:2]
    if not newest:
        return
    previous = newest[-1].number if len(newest) == 2 else 0
    current = Names(prefix, newest[0].epoch)
    if len(newest) == 2 and newest[1].epoch == newest[0].epoch:
        for kind in REMOVABLE:
            client.delete(current.of(kind), filter=f"died <= {previous}")
        client.delete(current.of("terms"), filter=f"df == 0 and born <= {previous}")
    drop_unnamed_epochs(client, prefix, newest)
    client.delete(state_name(prefix), filter=f"generation < {newest[-1].number}")
