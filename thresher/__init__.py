"""Thresher: harvest, import and deduplicate the literature for a systematic review."""

__version__ = "0.1.0"
