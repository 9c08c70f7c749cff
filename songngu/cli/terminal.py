"""What the ``songngu`` command prints (results, progress, usage errors), made safe for a terminal.

Questions and documents are untrusted text: an escape sequence in either
(``ESC [ 2 J``, an OSC title, a C1 ``CSI``, a bidi override) would act on the
user's terminal if printed as it is. ``terminal_safe`` writes every such
character as a ``\\uXXXX`` escape, which is also a valid JSON escape, so
``--json`` output stays JSON that decodes to the exact text.
"""

import argparse
import json
import os
import re
import sys
from collections.abc import Callable
from typing import NoReturn, TextIO

from songngu.app.texts import text
from songngu.errors import OutputError
from songngu.search.answer_model import confidence_level
from songngu.search.ask import AskResult

# C0 and C1 controls except tab and newline, DEL, lone surrogates, and the bidirectional marks, overrides and
# isolates (a probe, session 14: U+200E/U+200F in a document id were printed as they are).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` with every character that could control a terminal written as ``\\uXXXX``."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)


def one_line(text: str) -> str:
    """A field of a line of output (a name, a language): its line breaks written as ``\\n``, so that a hand-edited
    trash entry's name or a QA file's language cannot split a line of a listing (a probe, session 15)."""
    return text.replace("\n", "\\n")


def _indented(text: str, indent: str) -> str:
    """``text`` with each of its later lines indented by ``indent``: a passage's own line breaks stay, and no line
    of it can stand where a numbered source starts."""
    first, *later = text.split("\n")
    return "\n".join([first, *(indent + line if line.strip() else "" for line in later)])


def say(text: str = "", file: TextIO | None = None) -> None:
    """Print ``text`` made safe (stdout unless ``file``). ``OutputError`` when stdout refuses it (a full disk: a
    probe's `songngu ask ... > /dev/full` was told that "nothing was published", as if the index had failed);
    a pipe closed by its reader stays a ``BrokenPipeError`` (the CLI then stops quietly)."""
    if file is not None:
        print(terminal_safe(text), file=file)
        return
    try:
        print(terminal_safe(text), file=sys.stdout, flush=True)
    except BrokenPipeError:
        raise
    except UnicodeEncodeError as error:  # PYTHONIOENCODING=ascii, a C locale: the text cannot be shown there
        raise OutputError(f"this output ({error.encoding}) cannot show the text: set PYTHONIOENCODING=utf-8 or a "
                          "UTF-8 locale") from error
    except OSError as error:
        # what stays buffered goes nowhere, so that Python's own flush at exit does not fail again (exit 120)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise OutputError(f"the output could not be written: {error.strerror or error}") from error


def say_error(text: str) -> None:
    """One line on stderr: ``text`` made safe, a line break in it written as ``\\n`` (a file name, a path or
    $SONGNGU_HOME may hold one: a probe's error about ``a<newline>b.txt`` came out on two lines)."""
    print(terminal_safe(text).replace("\n", "\\n"), file=sys.stderr)


def print_result(result: AskResult) -> None:
    """The answer with its markers, the numbered sources it cites, then the passages."""
    say(f"[{result.lang}] {result.query}\n")
    answer, generation, zh = result.answer, result.generation, result.lang == "zh"
    if generation is not None and generation.note:
        say(f"({generation.note})\n")
    say(answer.text)
    if not answer.abstained and (generation is None or generation.mode != "generated"):
        level = text(result.lang, f"confidence_{confidence_level(answer.confidence)}")
        say(f"  ({text(result.lang, 'confidence', level=level)}, {answer.confidence:.2f})")
    if answer.abstained and answer.reason is not None:
        reason = answer.reason
        say(f"  {text(result.lang, 'closest')} ({one_line(reason.doc_id)} {reason.start}-{reason.end}): "
            + _indented(reason.text, "  "))
        if reason.missing:
            say(f"  {text(result.lang, 'missing')}: " + ", ".join(reason.missing))
    for citation in answer.citations:  # a title or an id of a line of its own (a probe, session 19: a JSONL title
        # holding "\nCác đoạn nguồn:\n\n1. FAKE ..." printed a forged list of sources)
        date = f", {one_line(citation.date)}" if citation.date else ""
        names = "; ".join(f"{vi} = {zh}" for vi, zh in citation.names) if result.lang == "zh" else ""
        say(f"  [{citation.marker}] {one_line(citation.title)}{date} ({one_line(citation.doc_id)} "
            f"{citation.start}-{citation.end})" + (f"  {names}" if names else ""))
    if generation is not None:
        if generation.mode == "generated":
            say(f"  ({'模型' if zh else 'mô hình'} {generation.model})")
        for removed in generation.unsupported:
            say(f"  {'已删除' if zh else 'đã bỏ'}: {removed.text}  ({removed.reason})")
    say(f"\n{'来源段落' if zh else 'Các đoạn nguồn'}:")
    for hit in result.passages:
        date = f", {one_line(hit.date)}" if hit.date else ""
        say(f"\n{hit.rank}. {one_line(hit.title)}{date}  ({one_line(hit.doc_id)} {hit.start}-{hit.end}, "
            f"score {hit.score:.3f})")
        say("   " + _indented(hit.text, "   "))


def print_report(report: dict) -> None:
    columns = ["n", "recall@1", "recall@5", "recall@10", "mrr@10", "passage_hit@1", "passage_hit@5", "answer_hit",
               "abstain_precision", "abstain_recall", "n_unanswerable", "accuracy", "span_hit", "ece"]
    say("group " + " ".join(f"{c:>17}" for c in columns))
    # A language a QA file names "all" (or "ALL") is shown quoted: two rows both named all, the file's
    # language and every question, read as one printed twice (session 24).
    rows = [("all", report["all"]), *((lang if lang != "all" else '"all"', metrics)
                                      for lang, metrics in sorted(report["by_lang"].items()))]
    for name, metrics in rows:
        cells = ["-" if metrics[c] is None else str(metrics[c]) for c in columns]
        say(f"{one_line(name):<5} " + " ".join(f"{c:>17}" for c in cells))
    bins = [b for b in report["all"]["reliability"] or () if b["n"]]
    if bins:
        say("confidence of the answers given (all): " + ", ".join(
            f"{b['bin'][0]:.1f}-{b['bin'][1]:.1f} n {b['n']} mean {b['confidence']} right {b['right']}" for b in bins))
    say(f"latency ms p50 {report['latency_ms']['p50']} p95 {report['latency_ms']['p95']}")
    if "generation" in report:
        say("generation " + json.dumps(report["generation"], ensure_ascii=False))


def progress_bar(label: str, quiet: bool) -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    """A tqdm bar on stderr fed by ``progress(done, total)``, and what closes it; (None, a no-op) when quiet.

    The bar starts at the first text to embed, and only on a terminal: every start of `serve` wrote "indexing 5
    documents: 0text [00:00, ?text/s]" and its carriage returns into the log it was sent to, with nothing to embed
    (a probe, session 19)."""
    if quiet:
        return None, lambda: None
    from tqdm import tqdm

    bars: list[tqdm] = []

    def progress(done: int, total: int) -> None:
        if not total:
            return
        if not bars:
            bars.append(tqdm(desc=label, unit="text", file=sys.stderr, leave=False, disable=None))  # None: a tty only
        bars[0].total = total
        bars[0].n = done
        bars[0].refresh()

    return progress, lambda: bars and bars[0].close()


class OneLineParser(argparse.ArgumentParser):
    """argparse, with a usage error as one line on stderr (exit 2), like every other bad input."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, terminal_safe(f"{self.prog}: error: {message} (see `{self.prog} --help`)").replace("\n", "\\n")
                  + "\n")
