"""Fill the cache with every clip the course needs, at both speeds, with a pool of worker threads."""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import TextIO

from audio.normalise import UnspeakableText
from audio.service import AudioService, BuildOutcome

SPEEDS = (False, True)  # normal, slow


@dataclass
class PrebuildSummary:
    """Counts of a prebuild (or of a dry run, where ``missing`` replaces ``made``)."""

    clips: int = 0
    made: Counter[str] = field(default_factory=Counter)
    cached: Counter[str] = field(default_factory=Counter)
    upgraded: Counter[str] = field(default_factory=Counter)
    failed: int = 0
    missing: int = 0
    not_upgraded: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False

    def add(self, outcome: BuildOutcome, text: str, slow: bool) -> None:
        engine = outcome.clip.engine if outcome.clip else ""
        if outcome.status == "made":
            self.made[engine] += 1
        elif outcome.status == "upgraded":
            self.upgraded[engine] += 1
        elif outcome.status == "cached":
            self.cached[engine] += 1
            if outcome.error:
                self.not_upgraded += 1
        else:
            self.fail(text, slow, outcome.error or "unknown error")

    def fail(self, text: str, slow: bool, error: str) -> None:
        self.failed += 1
        if len(self.failures) < 20:
            self.failures.append(f"{'slow' if slow else 'normal'} {text[:60]!r}: {error}")

    def line(self) -> str:
        """One line: ``clips=… made=… (espeak=…) cached=… failed=…``."""
        if self.dry_run:
            return (
                f"dry run: clips={self.clips} cached={sum(self.cached.values())}{_by(self.cached)} "
                f"missing={self.missing} unspeakable={self.failed}"
            )
        parts = [
            f"clips={self.clips}",
            f"made={sum(self.made.values())}{_by(self.made)}",
            f"cached={sum(self.cached.values())}{_by(self.cached)}",
        ]
        if self.upgraded or self.not_upgraded:
            parts.append(f"upgraded={sum(self.upgraded.values())}{_by(self.upgraded)}")
            parts.append(f"not_upgraded={self.not_upgraded}")
        parts.append(f"failed={self.failed}")
        parts.append(f"in {self.seconds:.1f} s")
        return " ".join(parts)


def _by(counts: Counter[str]) -> str:
    if not counts:
        return ""
    return " (" + ", ".join(f"{name}={count}" for name, count in sorted(counts.items())) + ")"


class ProgressBar:
    """A text bar on a stream: redrawn in place on a terminal, a line every 10 % otherwise."""

    def __init__(self, total: int, stream: TextIO | None = None, width: int = 30) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.done = 0
        self._interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_draw = 0.0
        self._last_decile = -1
        self._lock = threading.Lock()

    def advance(self, detail: str = "") -> None:
        with self._lock:
            self.done += 1
            finished = self.done >= self.total
            if self._interactive:
                now = time.monotonic()
                if finished or now - self._last_draw >= 0.1:
                    self._last_draw = now
                    self.stream.write("\r" + self.render(detail))
                    if finished:
                        self.stream.write("\n")
                    self.stream.flush()
            else:
                decile = self.done * 10 // max(self.total, 1)
                if decile != self._last_decile or finished:
                    self._last_decile = decile
                    self.stream.write(self.render(detail) + "\n")
                    self.stream.flush()

    def render(self, detail: str = "") -> str:
        fraction = self.done / self.total if self.total else 1.0
        filled = int(self.width * fraction)
        bar = "#" * filled + "-" * (self.width - filled)
        return f"[{bar}] {self.done}/{self.total} {fraction:4.0%} {detail}".rstrip()


def prebuild(
    service: AudioService,
    texts: Sequence[str],
    *,
    workers: int = 4,
    engine: str | None = None,
    upgrade: bool = False,
    dry_run: bool = False,
    progress: TextIO | None = None,
) -> PrebuildSummary:
    """Make (or, with ``dry_run``, count) the normal and slow clip of every text.

    ``progress`` receives the bar (default stderr). Failures are counted, never raised.
    """
    jobs = [(text, slow) for text in texts for slow in SPEEDS]
    summary = PrebuildSummary(clips=len(jobs), dry_run=dry_run)
    bar = ProgressBar(len(jobs), progress)
    lock = threading.Lock()
    started = time.perf_counter()

    def run(job: tuple[str, bool]) -> None:
        text, slow = job
        try:
            if dry_run:
                cached = service.cached_clip(text, slow)
                with lock:
                    if cached is None:
                        summary.missing += 1
                    else:
                        summary.cached[cached.engine] += 1
            else:
                outcome = service.build(text, slow, engine=engine, upgrade=upgrade)
                with lock:
                    summary.add(outcome, text, slow)
        except UnspeakableText as error:
            with lock:
                summary.fail(text, slow, str(error))
        except Exception as error:
            with lock:
                summary.fail(text, slow, f"{type(error).__name__}: {error}")
        with lock:
            if dry_run:
                detail = f"cached={sum(summary.cached.values())} missing={summary.missing}"
            else:
                made = sum(summary.made.values()) + sum(summary.upgraded.values())
                detail = f"made={made} failed={summary.failed}"
        bar.advance(detail)

    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="audio-prebuild") as pool:
        for future in as_completed([pool.submit(run, job) for job in jobs]):
            future.result()
    summary.seconds = time.perf_counter() - started
    return summary
