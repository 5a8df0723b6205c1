"""The versioned store, on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from pg_server import PostgresServer

from dashboard import datasets
from dashboard.store import Store, VersionConflict, metadata


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
    monkeypatch.setattr(datasets, "DATA_DIR", data_dir)
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


def test_two_publishes_racing_on_one_version_one_wins_the_other_is_told(store: Store) -> None:
    """Two analysts press publish at the same moment: one version is written, one conflict raised."""
    frame = store.load("clusters")
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def publish(user: str) -> None:
        other = Store(store.url)
        barrier.wait()
        try:
            outcomes.append(other.publish("clusters", frame, user=user, based_on=1))
        except VersionConflict as conflict:
            outcomes.append(conflict)
        finally:
            other.engine.dispose()

    threads = [threading.Thread(target=publish, args=(user,)) for user in ("ana", "bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["VersionConflict", "VersionInfo"]
    assert [entry.version for entry in store.history("clusters")] == [2, 1]


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
        assert context.get_current_revision() == "0001"


def test_migrating_again_is_harmless(store: Store) -> None:
    store.migrate()
    assert store.current_version("events") == 1


def test_a_store_made_before_migrations_is_adopted_not_recreated(store_url: str) -> None:
    """Early stores were made with create_all; starting on one keeps its versions."""
    engine = sa.create_engine(store_url)
    metadata.create_all(engine)
    with engine.begin() as connection:  # what a failed start on SQLite leaves behind
        connection.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
    engine.dispose()
    store = Store(store_url)
    store.ensure_ready()
    store.ensure_ready()
    assert store.current_versions() == dict.fromkeys(datasets.DATASETS, 1)
    with store.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == "0001"


def test_postgres_sessions_end_a_transaction_left_idle(postgres: PostgresServer) -> None:
    """A publisher cut off between INSERT and COMMIT must not block publishes for hours."""
    with Store(postgres.url()).engine.connect() as connection:
        setting = connection.exec_driver_sql("SHOW idle_in_transaction_session_timeout").scalar_one()
    assert setting == "1min"  # IDLE_IN_TRANSACTION_MS, as PostgreSQL shows 60,000 ms
