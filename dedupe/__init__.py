"""Deduplication stages: normalise, block, score, decide, cluster, merge (one module each)."""

# Bump whenever normalise, block, score or decide change what they produce for the same records:
# a store made by another version is then re-normalised and re-decided once, on its next run
# (cluster ids stay stable, people's review decisions are kept).
ENGINE_VERSION = 157
