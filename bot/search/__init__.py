"""Search — takes Documents and gives versioned indexes (chunks, FAISS, BM25, manifest).

For a question it gives ranked hits with their passages; imports the base and ingest.
"""
