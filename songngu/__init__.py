"""SongNgu: Vietnamese/Chinese semantic search and question answering with cited source passages."""
