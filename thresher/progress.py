"""A one-line progress display for long runs; silent when output is not a terminal."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._lock = threading.Lock()
        self._lines: dict[str, str] = {}
        self._last_draw = 0.0

    def update(self, key: str, text: str) -> None:
        if not self.enabled:
            return
        with self._lock:
            self._lines[key] = text
            now = time.monotonic()
            if now - self._last_draw < 0.1:
                return
            self._last_draw = now
            line = " | ".join(self._lines.values())[:150]
            self.stream.write("\r\033[K" + line)
            self.stream.flush()

    def message(self, text: str) -> None:
        """A line that stays (a warning, a retry), printed above the progress line."""
        with self._lock:
            if self.enabled:
                self.stream.write("\r\033[K")
            self.stream.write(text + "\n")
            self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            with self._lock:
                self.stream.write("\r\033[K")
                self.stream.flush()
