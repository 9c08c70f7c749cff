"""The ``songngu`` command line: a thin layer over the library.

- ``places``: what the options and the environment name (data directory, store, corpus, trash, model servers);
  the only module that reads the environment.
- ``commands``: one function a command.
- ``terminal``: what is printed, made safe for a terminal.
- ``main``: the parser and the exit codes: 0 ok, 2 bad usage or bad input (one line on stderr),
  1 internal error.
"""

from songngu.cli.commands import one_faiss_thread
from songngu.cli.main import build_parser, main

__all__ = ["build_parser", "main", "one_faiss_thread"]
