"""Where an index lives. ``interface`` is the seam search and the app read through; ``local`` is the
SQLite + FAISS + impact-array store in generations on one disk (``schema``, ``generations``, ``vectors``,
``lexical``); ``milvus`` is the store in Milvus Lite or a Milvus server (``milvus_schema``,
``milvus_generations``, ``milvus_lexical``, ``milvus_writer``), imported only when asked for. Only these
modules know how an index is laid out."""
