"""PDF and Word files read in a child process (``songngu.index.office``): what the child costs next to reading
in the server's own process, and what it bounds.

Inputs, made here from the seed articles (reportlab with DejaVu Sans, python-docx), and real files when present:

- a PDF of the seed articles' paragraphs repeated to ``--pages`` pages (499 by default: under the 500-page limit);
- a Word file of the same paragraphs (some 1 MB of text);
- Debian's manuals in PDF (``/usr/share/doc``), when installed;
- the font-map probe of session 20 (``tests/test_office.py``): one font whose 700 KB ToUnicode map pypdf parses
  again for each page, at ``--probe-pages`` pages (the child stops it at ``MAX_READ_SECONDS``).

Measured, in one run, for each file: the median of ``--rounds`` reads in this process (``pdf_text`` /
``docx_text``: the readers themselves) and through ``read_pdf`` / ``read_docx`` (a child process each), and
their ratio. For the probe: seconds a page in this process (on 3 pages), and how long the child took to refuse it.

    python bench/office_files.py [--pages 499] [--rounds 3] [--probe-pages 500]

Prints a table and one JSON line; records the load average before and after.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from songngu.errors import CorpusError  # noqa: E402
from songngu.index.office import MAX_READ_SECONDS, docx_text, pdf_text, read_docx, read_pdf  # noqa: E402
from tests.test_office import FONT, write_docx, write_font_map_pdf  # noqa: E402


def seed_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted((ROOT / "songngu" / "sample").glob("*.txt")):
        paragraphs += [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 40]
    return paragraphs


def write_book(path: Path, paragraphs: list[str], pages: int) -> Path:
    """A PDF of ``paragraphs`` repeated until it has ``pages`` pages."""
    from pypdf import PdfReader
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))
    style = ParagraphStyle("body", fontName="DejaVuSans", fontSize=11, leading=15, spaceAfter=12)
    per_page = 3  # paragraphs a page, then a page break: the page count is exact
    flow = []
    for page in range(pages):
        flow += [Paragraph(paragraphs[(page * per_page + i) % len(paragraphs)], style) for i in range(per_page)]
        flow.append(PageBreak())
    SimpleDocTemplate(str(path), title="Quảng Ninh - Quảng Tây").build(flow[:-1])
    assert len(PdfReader(path).pages) == pages, len(PdfReader(path).pages)
    return path


def median_seconds(read, path: Path, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        read(path)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=499)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--probe-pages", type=int, default=500)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        paragraphs = seed_paragraphs()
        files = [(write_book(folder / "book.pdf", paragraphs, args.pages), pdf_text, read_pdf),
                 (write_docx(folder / "book.docx", "Quảng Ninh - Quảng Tây", paragraphs * 40), docx_text, read_docx)]
        files += [(path, pdf_text, read_pdf) for path in sorted(Path("/usr/share/doc").glob("*/*.pdf"))]
        for path, inside, child in files:
            here = median_seconds(inside, path, args.rounds)
            there = median_seconds(child, path, args.rounds)
            rows.append({"file": path.name, "bytes": path.stat().st_size, "in_process_s": round(here, 3),
                         "child_s": round(there, 3), "ratio": round(there / here, 2)})
        probe = write_font_map_pdf(folder / "probe.pdf", pages=3)
        per_page = median_seconds(pdf_text, probe, 1) / 3
        probe = write_font_map_pdf(folder / "probe.pdf", pages=args.probe_pages)
        started = time.perf_counter()
        try:
            read_pdf(probe)
            outcome = "read"
        except CorpusError as error:
            outcome = error.key
        probe_row = {"file": f"font-map probe, {args.probe_pages} pages", "bytes": probe.stat().st_size,
                     "in_process_s_a_page": round(per_page, 3),
                     "in_process_s_estimated": round(per_page * args.probe_pages, 1),
                     "child_s": round(time.perf_counter() - started, 1), "child_outcome": outcome,
                     "limit_s": MAX_READ_SECONDS}
    print(f"{'file':<34} {'bytes':>10} {'in process s':>13} {'child s':>9} {'ratio':>6}")
    for row in rows:
        print(f"{row['file']:<34} {row['bytes']:>10,} {row['in_process_s']:>13.3f} {row['child_s']:>9.3f} "
              f"{row['ratio']:>6.2f}")
    print(f"{probe_row['file']:<34} {probe_row['bytes']:>10,} {probe_row['in_process_s_estimated']:>12.1f}* "
          f"{probe_row['child_s']:>9.1f}  {probe_row['child_outcome']}  (* {probe_row['in_process_s_a_page']} s a "
          "page, measured on 3 pages)")
    print(json.dumps({"files": rows, "probe": probe_row, "rounds": args.rounds,
                      "load": [round(load_before, 2), round(os.getloadavg()[0], 2)]}))


if __name__ == "__main__":
    main()
