"""Prefect flows and the `thresher` command line: orchestration only, the logic lives elsewhere."""
