"""Analysts writing while the viewers of bench/load.py browse: publishes and presentation saves.

Each writer is a thread with a store of its own on the set-up's database (the cluster's
PostgreSQL, or the fallback server's SQLite file), calling the same ``Store`` methods the
upload page's and the present page's callbacks call. It publishes the data centres (the curated
rows, or all but the last: whichever the current version is not) on top of the version it just
read, and saves its own presentation, every third save with the content of the one before (a
second click): that one must write nothing. The click itself, through the websocket and the
callback, is what bench/clicks.py measures.

Afterwards the store is read back: every publish answered with a version must be there exactly
once, every refused one (another writer published first) must have written nothing, and the
presentations must hold exactly the distinct saves.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from dashboard.catalog import datasets
from dashboard.store import Store, VersionConflict

DATASET = "data_centres"


@dataclass
class WriteTally:
    """What the writers did and how the store answered."""

    attempts: Counter[str] = field(default_factory=Counter)  # publish / save / repeat save
    answered: Counter[str] = field(default_factory=Counter)  # a version, or a clear refusal
    conflicts: int = 0  # publishes refused because another writer published first
    errors: list[str] = field(default_factory=list)  # anything else: a lost write
    published: list[tuple[str, int]] = field(default_factory=list)  # (writer, version)
    saved: dict[str, list[int]] = field(default_factory=dict)  # presentation key -> versions answered
    repeat_versions_ok: int = 0  # repeats answered with the version of the save before
    seconds: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Writers:
    """``count`` analysts writing every ``every`` seconds on average until :meth:`stop`."""

    def __init__(self, database_url: str, count: int, every: float, seed: int) -> None:
        self.database_url = database_url
        self.tally = WriteTally()
        self._stop = threading.Event()
        self._every = every
        curated = datasets.get(DATASET).load_curated()
        self._frames = (curated, curated.iloc[:-1])
        self._threads = [
            threading.Thread(target=self._write, args=(n, random.Random(seed + 1000 + n)), daemon=True)  # noqa: S311
            for n in range(count)
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def _write(self, number: int, rng: random.Random) -> None:
        writer = f"bench-writer-{number}"
        presentation = f"bench-load-{number}"
        store = Store(self.database_url)
        content, saves = "", 0
        try:
            while not self._stop.wait(rng.uniform(0.5, 1.5) * self._every):
                if rng.random() < 0.5:
                    self._publish(store, writer)
                else:
                    saves += 1
                    repeat = saves % 3 == 0 and content != ""
                    if not repeat:
                        content = f'{{"writer": "{writer}", "save": {saves}}}'
                    self._save(store, writer, presentation, content, repeat=repeat)
        finally:
            store.engine.dispose()

    def _publish(self, store: Store, writer: str) -> None:
        tally = self.tally
        with tally.lock:
            tally.attempts["publish"] += 1
        started = time.perf_counter()
        try:
            based_on = store.current_version(DATASET)
            # The other of the two frames than the one published now: every publish changes rows.
            whole, shorter = self._frames
            frame: pd.DataFrame = shorter if len(store.load(DATASET, based_on)) == len(whole) else whole
            info = store.publish(DATASET, frame, user=writer, based_on=based_on, origin="upload")
        except VersionConflict:
            with tally.lock:
                tally.answered["publish"] += 1
                tally.conflicts += 1
            return
        except Exception as error:  # StoreWriteError or anything else: a write without an answer
            with tally.lock:
                tally.errors.append(f"publish by {writer}: {type(error).__name__}: {error}")
            return
        with tally.lock:
            tally.answered["publish"] += 1
            tally.published.append((writer, info.version))
            tally.seconds.append(time.perf_counter() - started)

    def _save(self, store: Store, writer: str, key: str, content: str, *, repeat: bool) -> None:
        tally = self.tally
        kind = "repeat save" if repeat else "save"
        with tally.lock:
            tally.attempts[kind] += 1
        started = time.perf_counter()
        try:
            version = store.save_presentation(key, content, user=writer)
        except Exception as error:  # any outcome but a version is a write without an answer
            with tally.lock:
                tally.errors.append(f"{kind} by {writer}: {type(error).__name__}: {error}")
            return
        with tally.lock:
            tally.answered[kind] += 1
            tally.seconds.append(time.perf_counter() - started)
            versions = tally.saved.setdefault(key, [])
            if repeat and versions and versions[-1] == version:
                tally.repeat_versions_ok += 1
            if not repeat:
                versions.append(version)

    def check(self) -> dict[str, object]:
        """Read the store back: lost, duplicated and unexpected writes."""
        tally = self.tally
        store = Store(self.database_url)
        try:
            stored_publishes = {
                (entry.created_by, entry.version)
                for entry in store.history(DATASET)
                if entry.created_by.startswith("bench-writer-")
            }
            answered_publishes = set(tally.published)
            saves_stored = {
                key: [entry.version for entry in store.presentation_history(key)] for key in tally.saved
            }
        finally:
            store.engine.dispose()
        duplicated_saves = sum(len(stored) - len(set(stored)) for stored in saves_stored.values()) + sum(
            max(0, len(saves_stored[key]) - len(versions)) for key, versions in tally.saved.items()
        )
        lost_saves = sum(
            len(set(versions) - set(saves_stored.get(key, []))) for key, versions in tally.saved.items()
        )
        attempts = sum(tally.attempts.values())
        answered = sum(tally.answered.values())
        return {
            "writers_attempts": dict(tally.attempts),
            "writers_answered": f"{answered}/{attempts}",
            "writers_errors": len(tally.errors),
            "writers_error_examples": tally.errors[:5],
            "publishes_stored": f"{len(answered_publishes & stored_publishes)}/{len(answered_publishes)}",
            "publishes_refused_as_conflict": tally.conflicts,
            "publishes_unexpected_in_store": len(stored_publishes - answered_publishes),
            "saves_stored": f"{sum(len(v) for v in tally.saved.values()) - lost_saves}/"
            f"{sum(len(v) for v in tally.saved.values())}",
            "repeat_saves_answered_with_existing_version": f"{tally.repeat_versions_ok}/"
            f"{tally.attempts['repeat save']}",
            "duplicated_writes": duplicated_saves + len(stored_publishes - answered_publishes),
            "write_median_p95_s": _median_p95(tally.seconds),
        }


def _median_p95(values: list[float]) -> list[float] | None:
    if not values:
        return None
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return [round(ordered[len(ordered) // 2], 3), round(p95, 3)]
