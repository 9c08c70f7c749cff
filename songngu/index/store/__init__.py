"""Where an index lives. ``interface`` is the seam search and the app read through; ``local`` is the
SQLite + FAISS + impact-array store in generations on one disk (``schema``, ``generations``, ``vectors``,
``lexical``). Only these modules know how an index is laid out."""
