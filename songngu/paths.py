"""Where SongNgu keeps a user's data: one data directory, chosen at the edge and passed in.

``$SONGNGU_HOME``, else the platform's user data folder (``platformdirs``:
``~/.local/share/songngu`` on Linux), holds::

    corpus/   the user's articles; the bundled sample articles are copied in on first use
    index/    the index built from them ($SONGNGU_INDEX or --index choose another one)
    trash/    corpus files deleted or replaced in the app (`songngu trash`, `songngu restore`)

The bundled sample (``songngu/sample``, package data) is never written to: uploads
and deletions in the app change the data directory's copy. ``--corpus`` and
``--index`` override either place. Only the CLI reads the environment.
"""

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import platformdirs

from songngu.errors import BadInputError, CorpusError

HOME_ENV = "SONGNGU_HOME"
INDEX_ENV = "SONGNGU_INDEX"


@dataclass(frozen=True)
class DataPaths:
    home: Path
    corpus: Path
    index: Path
    trash: Path

    @classmethod
    def at(cls, home: Path) -> "DataPaths":
        return cls(home, home / "corpus", home / "index", home / "trash")


def data_home(environ: Mapping[str, str]) -> Path:
    """``$SONGNGU_HOME`` from ``environ``, else the platform's user data folder for SongNgu."""
    chosen = environ.get(HOME_ENV, "").strip()
    if not chosen:
        return platformdirs.user_data_path("songngu")
    try:
        return Path(chosen).expanduser()
    except RuntimeError as error:  # ~nosuchuser/...
        raise BadInputError(f"${HOME_ENV} is {chosen!r}: {error}") from error


def sample_corpus() -> Path:
    """The sample articles shipped inside the package (read-only)."""
    return Path(str(files("songngu") / "sample"))


def check_not_the_sample(corpus: Path) -> None:
    """``BadInputError`` when ``corpus`` is the package's sample (or a folder in it), which nothing changes: a probe
    (session 14) deleted one of its articles through `songngu serve --corpus corpus` (the repository's ``corpus``
    links to it), and every new data folder is seeded from it."""
    try:
        inside = corpus.resolve().is_relative_to(sample_corpus().resolve())
    except OSError:
        return
    if inside:
        raise BadInputError(f"{corpus} is SongNgu's bundled sample, which is never changed: serve a copy (the data "
                            "folder holds one: run without --corpus)", "sample_read_only")


def seeded_corpus(corpus: Path, sample: Path) -> Path:
    """``corpus``, first filled with a copy of ``sample`` when it does not exist yet.

    The copy is made in a temporary directory beside ``corpus`` and renamed into place, so a
    crash leaves either no corpus (the next run seeds again) or a whole one.
    """
    if corpus.exists():
        return corpus
    staging = None
    try:
        corpus.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".corpus-", dir=corpus.parent))
        for article in sorted(sample.iterdir()):
            if article.is_file():
                shutil.copyfile(article, staging / article.name)
        os.replace(staging, corpus)
    except OSError as error:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if corpus.is_dir():  # another process seeded it first
            return corpus
        raise CorpusError(f"cannot create the corpus directory {corpus}: {error}") from error
    return corpus
