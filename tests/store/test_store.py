"""The versioned store, on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from dashboard.catalog import datasets
from dashboard.store import Store, VersionConflict, metadata
from dashboard.store.presentations import presentations_table
from dashboard.store.versions import versions_table
from dashboard.testing import PostgresServer


def test_first_start_seeds_version_one_of_every_dataset(store: Store) -> None:
    assert store.current_versions() == dict.fromkeys(datasets.DATASETS, 1)
    history = store.history("events")
    assert [(entry.version, entry.origin, entry.created_by) for entry in history] == [(1, "seed", "system")]
    pd.testing.assert_frame_equal(store.load("events"), datasets.get("events").load_curated())


def test_restarting_does_not_publish_again(store: Store) -> None:
    Store(store.url).ensure_ready()
    assert store.current_versions() == dict.fromkeys(datasets.DATASETS, 1)


def test_publish_adds_a_version_and_keeps_the_old_one(store: Store) -> None:
    before = store.load("clusters")
    changed = before.copy()
    changed.loc[0, "note"] = "checked again"
    info = store.publish("clusters", changed, user="ana", based_on=1, file_name="clusters.csv", note="fix")
    assert (info.version, info.based_on, info.row_count, info.created_by) == (2, 1, len(before), "ana")
    assert store.load("clusters").loc[0, "note"] == "checked again"
    pd.testing.assert_frame_equal(store.load("clusters", version=1), before)
    assert [entry.version for entry in store.history("clusters")] == [2, 1]


def test_publish_based_on_an_old_version_is_refused_and_writes_nothing(store: Store) -> None:
    frame = store.load("clusters")
    store.publish("clusters", frame, user="ana", based_on=1)
    with pytest.raises(VersionConflict) as raised:
        store.publish("clusters", frame, user="bob", based_on=1)
    assert (raised.value.based_on, raised.value.current) == (1, 2)
    assert store.current_version("clusters") == 2


def test_invalid_rows_are_rejected_and_the_current_version_is_untouched(store: Store) -> None:
    broken = store.load("events")
    broken.loc[0, "claim_type"] = "guess"
    with pytest.raises(pa.errors.SchemaErrors):
        store.publish("events", broken, user="ana", based_on=1)
    assert store.current_version("events") == 1
    assert "guess" not in set(store.load("events")["claim_type"])


def test_a_changed_curated_file_becomes_a_curated_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store_url: str
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    for dataset in datasets.DATASETS.values():
        (data_dir / dataset.file).write_bytes(dataset.path.read_bytes())
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    store = Store(store_url)
    store.ensure_ready()
    campuses = (data_dir / "campuses.csv").read_text(encoding="utf-8")
    (data_dir / "campuses.csv").write_text(campuses.rstrip("\n").rsplit("\n", 1)[0] + "\n", encoding="utf-8")
    store.ensure_ready()
    latest = store.history("campuses")[0]
    assert (latest.version, latest.origin) == (2, "curated_release")
    assert latest.row_count == campuses.count("\n") - 2  # header and the dropped row
    assert store.current_versions()["events"] == 1


def test_unknown_dataset_names_the_known_ones(store: Store) -> None:
    with pytest.raises(KeyError, match="known: campuses"):
        store.load("nope")


def at_the_same_moment(url: str, action: Callable[[Store, str], object]) -> dict[str, object]:
    """``action(store, user)`` for "ana" and "bob" at once, each through its own engine as two
    app servers would: what each returned, or the exception it raised."""
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def run(user: str) -> None:
        other = Store(url)
        barrier.wait()
        try:
            outcomes[user] = action(other, user)
        except Exception as error:  # an exception can be the outcome under test
            outcomes[user] = error
        finally:
            other.engine.dispose()

    threads = [threading.Thread(target=run, args=(user,)) for user in ("ana", "bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_publishes_racing_on_one_version_one_wins_the_other_is_told(store: Store) -> None:
    """Two analysts press publish at the same moment: one version is written, one conflict raised."""
    frame = store.load("clusters")
    outcomes = at_the_same_moment(
        store.url, lambda other, user: other.publish("clusters", frame, user=user, based_on=1)
    )
    kinds = sorted(type(outcome).__name__ for outcome in outcomes.values())
    assert kinds == ["VersionConflict", "VersionInfo"]
    assert [entry.version for entry in store.history("clusters")] == [2, 1]


def test_a_saved_presentation_keeps_its_earlier_saves(store: Store) -> None:
    assert store.saved_presentations() == {}
    assert store.save_presentation("regiodag", 'title_nl = "Eerste"\n', user="ana") == 1
    assert store.save_presentation("regiodag", 'title_nl = "Tweede"\n', user="bob") == 2
    assert store.save_presentation("beurs", 'title_nl = "Beurs"\n', user="ana") == 1
    # Everyone sees the newest save of each; the earlier one is still in the store.
    assert store.saved_presentations() == {
        "regiodag": 'title_nl = "Tweede"\n',
        "beurs": 'title_nl = "Beurs"\n',
    }
    table = presentations_table.c
    query = sa.select(table.presentation_key, table.version, table.created_by, table.content).order_by(
        table.presentation_key, table.version
    )
    with store.engine.connect() as connection:
        assert [tuple(row) for row in connection.execute(query)] == [
            ("beurs", 1, "ana", 'title_nl = "Beurs"\n'),
            ("regiodag", 1, "ana", 'title_nl = "Eerste"\n'),
            ("regiodag", 2, "bob", 'title_nl = "Tweede"\n'),
        ]


def test_two_saves_of_one_presentation_at_once_both_land(store: Store) -> None:
    """Two app servers save the same title at the same moment: neither save is lost."""
    versions = at_the_same_moment(
        store.url,
        lambda other, user: other.save_presentation("regiodag", f'title_nl = "{user}"\n', user=user),
    )
    assert versions in ({"ana": 1, "bob": 2}, {"ana": 2, "bob": 1})
    last = "bob" if versions["bob"] == 2 else "ana"
    assert store.saved_presentations() == {"regiodag": f'title_nl = "{last}"\n'}


def test_saving_the_newest_content_again_writes_no_second_version(store: Store) -> None:
    """A second click on "save" (or a request repeated by a reconnecting browser) is answered
    with the version already there; only a different content makes a new one."""
    first = 'title_nl = "Eerste"\n'
    assert store.save_presentation("regiodag", first, user="ana") == 1
    assert store.save_presentation("regiodag", first, user="ana") == 1
    assert store.newest_presentation_version("regiodag") == 1
    assert store.save_presentation("regiodag", 'title_nl = "Tweede"\n', user="ana") == 2
    # Only the newest save counts: going back to the first content is a change of its own.
    assert store.save_presentation("regiodag", first, user="bob") == 3
    assert [entry.version for entry in store.presentation_history("regiodag")] == [3, 2, 1]
    assert store.newest_presentation_version("beurs") is None


def test_two_identical_saves_at_once_make_one_version(store: Store) -> None:
    """A double click reaching two app servers at the same moment still stores one version."""
    versions = at_the_same_moment(
        store.url,
        lambda other, user: other.save_presentation("regiodag", 'title_nl = "Zelfde"\n', user=user),
    )
    assert versions == {"ana": 1, "bob": 1}
    assert [entry.version for entry in store.presentation_history("regiodag")] == [1]


def test_rollback_publishes_the_old_content_as_a_new_version(store: Store) -> None:
    original = store.load("campuses")
    changed = original.iloc[1:]
    store.publish("campuses", changed, user="ana", based_on=1, note="dropped a row")
    info = store.rollback("campuses", 1, user="bob")
    assert (info.version, info.origin, info.created_by, info.based_on) == (3, "rollback", "bob", 2)
    pd.testing.assert_frame_equal(store.load("campuses"), original)
    assert [entry.version for entry in store.history("campuses")] == [3, 2, 1]
    assert len(store.load("campuses", version=2)) == len(original) - 1


def test_the_migrations_build_exactly_the_schema_the_code_expects(store: Store) -> None:
    """Alembic's autogenerate finds no difference between the migrated database and the model."""
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, metadata) == []
        assert context.get_current_revision() == "0004"


def test_migrating_again_is_harmless(store: Store) -> None:
    store.migrate()
    assert store.current_version("events") == 1


def test_a_store_made_before_migrations_is_adopted_not_recreated(store_url: str) -> None:
    """Early stores were made with create_all, of the one table there was; starting on one
    keeps its versions and adds what later revisions add."""
    engine = sa.create_engine(store_url)
    metadata.create_all(engine, tables=[versions_table])
    with engine.begin() as connection:  # what a failed start on SQLite leaves behind
        connection.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
    engine.dispose()
    store = Store(store_url)
    store.ensure_ready()
    store.ensure_ready()
    assert store.current_versions() == dict.fromkeys(datasets.DATASETS, 1)
    with store.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == "0004"
    assert store.saved_presentations() == {}


def test_postgres_sessions_end_a_transaction_left_idle(postgres: PostgresServer) -> None:
    """A publisher cut off between INSERT and COMMIT must not block publishes for hours."""
    with Store(postgres.url()).engine.connect() as connection:
        setting = connection.exec_driver_sql("SHOW idle_in_transaction_session_timeout").scalar_one()
    assert setting == "1min"  # IDLE_IN_TRANSACTION_MS, as PostgreSQL shows 60,000 ms


# Reads and writes one version's content, then exits at once: the moment Arrow's pool threads
# and the interpreter's shutdown race. With io.BytesIO around the content, about one such
# process in ten aborted with "terminate called without an active exception" (apache/arrow
# #34314); that is how `dashboard check` failed in CI. With Arrow's buffers, still one in 24
# on a loaded machine: pd.read_parquet started a pool thread. So the round trip must start
# no thread at all, which, unlike the race, can be checked every time.
EXIT_RIGHT_AFTER_A_READ = """
import os
import pandas as pd
from dashboard.store.versions import frame_from_bytes, frame_to_bytes

def threads():
    tasks = os.listdir("/proc/self/task")
    return sorted(open(f"/proc/self/task/{task}/comm").read().strip() for task in tasks)

frame = pd.DataFrame({"name": [f"site {i}" for i in range(50)], "mw": range(50)})
before = threads()
assert frame_from_bytes(frame_to_bytes(frame)).equals(frame)
assert threads() == before, f"threads before: {before}, after: {threads()}"
"""


def test_reading_a_version_starts_no_thread_so_the_process_exits_cleanly() -> None:
    command = [sys.executable, "-c", EXIT_RIGHT_AFTER_A_READ]
    process = subprocess.run(command, check=False, capture_output=True, text=True, timeout=120)
    assert (process.returncode, process.stderr) == (0, "")
