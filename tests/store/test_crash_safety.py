"""Crash safety of the store: a publisher killed at any moment, and publishers racing.

Every test runs on SQLite and on a real PostgreSQL server (the ``store`` fixture). The
publishers are forked child processes with their own connections, killed with SIGKILL: a
crash that leaves no chance to roll back or close anything. Forking (rather than starting a
fresh interpreter) keeps the several seconds of imports out of each run, so the kills fall
where the database is involved: validation, serialisation, the INSERT, the COMMIT and just
after it.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import random
import signal
import statistics
import time
from collections import Counter
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier, Event

import pandas as pd
import sqlalchemy as sa

from dashboard.catalog import datasets
from dashboard.store import Store, VersionConflict
from dashboard.store.versions import frame_to_bytes, versions_table

KEY = "data_centres"
# ~2 MB of Parquet: 2,000 rows whose notes are 1,024 random hex digits, which do not
# compress. Validating and writing it takes 0.2-0.3 s, the INSERT..COMMIT tens of
# milliseconds: long enough to be hit, and cheap enough to re-read every version after every
# kill (the integrity check does; a larger frame made it dominate the test's run time).
ROWS = 2_000
KILLS = 24  # per database
LINGER = 0.05  # the app goes on after a publish (it renders the reply); a kill then must keep it
WORKER = "crash-test-publisher"  # application_name of the children's PostgreSQL sessions
FORK = multiprocessing.get_context("fork")


def _big_frame() -> pd.DataFrame:
    dataset = datasets.get(KEY)
    curated = dataset.load_curated()
    frame = pd.concat([curated] * -(-ROWS // len(curated)), ignore_index=True).iloc[:ROWS].copy()
    frame["dc_id"] = [f"{dc_id}-{number}" for number, dc_id in enumerate(frame["dc_id"])]
    noise = random.Random(7)  # noqa: S311  test data, not a secret
    frame["note"] = [noise.randbytes(512).hex() for _ in range(ROWS)]
    return dataset.validate(frame)


def _variant(big: pd.DataFrame, number: int) -> pd.DataFrame:
    """A version of its own: a different row count and a marked first row."""
    frame = big.iloc[: ROWS - number].copy()
    frame.loc[0, "note"] = f"crash-test variant {number}"
    return frame


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _current(store: Store) -> tuple[int, str]:
    """The current version of KEY and the hash of its stored bytes, checked against its audit row."""
    query = (
        sa.select(
            versions_table.c.version,
            versions_table.c.content,
            versions_table.c.sha256,
        )
        .where(versions_table.c.dataset_key == KEY)
        .order_by(versions_table.c.version.desc())
        .limit(1)
    )
    with store.engine.connect() as connection:
        version, content, sha256 = connection.execute(query).one()
    if version > 1:  # the children publish without a file, so the audit hash is the content's
        assert sha256 == _digest(content)
    return int(version), _digest(content)


def _worker_url(store: Store) -> str:
    url = sa.engine.make_url(store.url)
    if url.get_backend_name() == "postgresql":
        url = url.update_query_dict({"application_name": WORKER})
    return url.render_as_string(hide_password=False)


def _wait_until_worker_sessions_end(store: Store) -> None:
    """PostgreSQL finishes a dead client's transaction (commit or abort) in its own process."""
    if store.engine.dialect.name != "postgresql":
        return
    query = sa.text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE application_name = :name AND datname = current_database()"
    )
    deadline = time.monotonic() + 30
    while True:
        with store.engine.connect() as connection:
            if connection.execute(query, {"name": WORKER}).scalar_one() == 0:
                return
        assert time.monotonic() < deadline, "a killed publisher's session did not end"
        time.sleep(0.01)


def _publish_then_linger(url: str, frame: pd.DataFrame, based_on: int, insert_started: Event) -> None:
    store = Store(url)

    @sa.event.listens_for(store.engine, "before_cursor_execute")
    def _signal(_connection: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO DATASET_VERSIONS"):
            insert_started.set()

    store.publish(KEY, frame, user="crash-test", based_on=based_on)
    time.sleep(LINGER)


def _start_publisher(store: Store, frame: pd.DataFrame, based_on: int) -> tuple[BaseProcess, Event]:
    store.engine.dispose()  # no open connection may be shared with the child
    insert_started = FORK.Event()
    child = FORK.Process(
        target=_publish_then_linger, args=(_worker_url(store), frame, based_on, insert_started), daemon=True
    )
    child.start()
    return child, insert_started


def _wait_for_insert(child: BaseProcess, insert_started: Event) -> None:
    deadline = time.monotonic() + 60
    while not insert_started.wait(0.002) and child.is_alive():
        assert time.monotonic() < deadline, "the publisher never reached its INSERT"


def _calibrate(store: Store, big: pd.DataFrame) -> tuple[list[float], list[float]]:
    """Three uninterrupted runs: how long a publish lives, and how much of it from its INSERT.

    They also show that the bytes the kill test expects are the bytes a publish stores.
    """
    lifetimes, writes = [], []
    for number in range(3):
        frame = _variant(big, number)
        started = time.monotonic()
        child, insert_started = _start_publisher(store, frame, based_on=number + 1)
        _wait_for_insert(child, insert_started)
        inserting = time.monotonic()
        child.join(60)
        finished = time.monotonic()
        assert child.exitcode == 0
        lifetimes.append(finished - started)
        writes.append(finished - inserting)
        assert _current(store) == (number + 2, _digest(frame_to_bytes(frame)))
    return lifetimes, writes


def test_a_publisher_killed_at_any_moment_leaves_the_old_or_the_new_version_whole(store: Store) -> None:
    big = _big_frame()
    # Every run that ends before its kill is measured too: the median follows a busy
    # machine's pace, which can change a lot from one second to the next.
    lifetimes, writes = _calibrate(store, big)
    rng = random.Random(20_261_123)  # noqa: S311  reproducible kill moments, not a secret
    outcomes: Counter[str] = Counter()
    runs = 3
    began = time.monotonic()
    now = _current(store)
    while outcomes["killed before commit"] + outcomes["killed after commit"] < KILLS:
        runs += 1
        assert runs <= 5 * KILLS, f"too few publishers were still running when killed: {outcomes}"
        old = now
        frame = _variant(big, runs)
        new = (old[0] + 1, _digest(frame_to_bytes(frame)))
        started = time.monotonic()
        child, insert_started = _start_publisher(store, frame, based_on=old[0])
        if runs % 2:  # anywhere in the child's life, from its start to after its exit
            child.join(rng.uniform(0, 1.2 * statistics.median(lifetimes)))
            if child.exitcode is not None:
                lifetimes.append(time.monotonic() - started)
        else:  # aimed at the write: the INSERT, the COMMIT, and the moments after it
            _wait_for_insert(child, insert_started)
            inserting = time.monotonic()
            child.join(rng.uniform(0, 1.2 * statistics.median(writes)))
            if child.exitcode is not None:
                writes.append(time.monotonic() - inserting)
        child.kill()  # a no-op once the child has exited and been reaped
        child.join(60)
        assert child.exitcode in (0, -signal.SIGKILL), f"run {runs}: the publisher failed"
        _wait_until_worker_sessions_end(store)

        assert store.integrity_problems() == [], f"run {runs}"
        now = _current(store)
        assert now in (old, new), f"run {runs}: version {now[0]} is neither the old nor the new content"
        if child.exitcode == 0:
            assert now == new, f"run {runs}: the publisher finished but its version is missing"
            outcomes["finished before the kill"] += 1
        else:
            outcomes["killed before commit" if now == old else "killed after commit"] += 1

    summary = (
        f"{store.engine.dialect.name}: {runs - 3} runs in {time.monotonic() - began:.1f} s, "
        f"{dict(outcomes)}; a publish lived {statistics.median(lifetimes):.2f} s, "
        f"{statistics.median(writes):.3f} s of it from its INSERT (medians)"
    )
    print(summary)
    assert outcomes["killed before commit"] >= 1, summary
    history = store.history(KEY)
    assert [entry.version for entry in history] == list(range(len(history), 0, -1))


def _race(url: str, frame: pd.DataFrame, based_on: int, barrier: Barrier, results: Queue[object]) -> None:
    store = Store(url)
    barrier.wait(timeout=60)
    try:
        info = store.publish(KEY, frame, user=frame.loc[0, "note"], based_on=based_on)
        results.put(("won", frame.loc[0, "note"], info.version))
    except VersionConflict as conflict:
        results.put(("conflict", frame.loc[0, "note"], conflict.based_on, conflict.current))


def test_two_processes_publishing_on_one_version_one_wins_the_other_is_told(store: Store) -> None:
    curated = store.load(KEY)
    for round_ in range(1, 4):  # each round races on the version the previous one made
        base = store.current_version(KEY)
        assert base == round_
        frames = {}
        for user in ("ana", "bob"):
            frames[user] = curated.copy()
            frames[user].loc[0, "note"] = f"{user}-round-{round_}"
        store.engine.dispose()
        barrier, results = FORK.Barrier(2), FORK.Queue()
        children = [
            FORK.Process(target=_race, args=(store.url, frame, base, barrier, results), daemon=True)
            for frame in frames.values()
        ]
        for child in children:
            child.start()
        outcomes = sorted([results.get(timeout=60), results.get(timeout=60)], key=lambda outcome: outcome[0])
        for child in children:
            child.join(60)
            assert child.exitcode == 0

        assert [outcome[0] for outcome in outcomes] == ["conflict", "won"], outcomes
        (_, loser, based_on, current), (_, winner, version) = outcomes
        assert {loser, winner} == {f"ana-round-{round_}", f"bob-round-{round_}"}
        assert (version, based_on, current) == (base + 1, base, base + 1)
        pd.testing.assert_frame_equal(store.load(KEY), frames[winner.split("-")[0]])
        assert [entry.version for entry in store.history(KEY)] == list(range(base + 1, 0, -1))
    assert store.integrity_problems() == []


def test_publishes_on_successive_versions_are_kept_in_order(store: Store) -> None:
    """Two app servers: A publishes on version 1, then B on A's version 2; nothing is overwritten."""
    server_a, server_b = Store(store.url), Store(store.url)
    first, second = store.load(KEY), store.load(KEY)
    first.loc[0, "note"], second.loc[1, "note"] = "from A", "from B"
    try:
        assert server_a.publish(KEY, first, user="ana", based_on=1).version == 2
        assert server_b.publish(KEY, second, user="bob", based_on=2).version == 3
    finally:
        server_a.engine.dispose()
        server_b.engine.dispose()
    history = store.history(KEY)
    assert [(entry.version, entry.based_on, entry.created_by) for entry in history] == [
        (3, 2, "bob"),
        (2, 1, "ana"),
        (1, None, "system"),
    ]
    pd.testing.assert_frame_equal(store.load(KEY, 2), first)
    pd.testing.assert_frame_equal(store.load(KEY, 3), second)
    assert store.integrity_problems() == []


def test_the_integrity_check_names_every_damaged_version(store: Store) -> None:
    assert store.integrity_problems() == []
    clusters = store.load("clusters")
    for version in (1, 2, 3):
        store.publish("clusters", clusters, user="ana", based_on=version)
    store.rollback(KEY, 1, user="ana")  # version 2, its sha256 is the content's
    table = versions_table
    with store.engine.begin() as connection:

        def damage(key: str, version: int, **values: object) -> None:
            where = (table.c.dataset_key == key) & (table.c.version == version)
            connection.execute(table.update().where(where).values(**values))

        damage("events", 1, content=b"not parquet")
        damage("campuses", 1, row_count=table.c.row_count + 1)
        damage(KEY, 2, sha256="0" * 64)
        damage("clusters", 4, based_on=4)
        connection.execute(table.delete().where((table.c.dataset_key == "clusters") & (table.c.version == 2)))
    problems = store.integrity_problems()
    assert sorted(problem.split(": ")[0] for problem in problems) == [
        "campuses version 1",
        "clusters version 3",
        "clusters version 4",
        f"{KEY} version 2",
        "events version 1",
    ], problems
    text = "\n".join(problems)
    for phrase in ("not readable Parquet", "the audit row says", "sha256", "gap", "not older"):
        assert phrase in text
