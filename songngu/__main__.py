"""``python -m songngu``: the command line."""

import sys

from songngu.cli import main

sys.exit(main())
