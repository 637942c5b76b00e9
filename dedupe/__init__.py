"""Deduplication stages: normalise, block, score, decide, cluster, merge (one module each)."""
