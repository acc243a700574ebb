"""The kept test database (tests/demo_cache.py): on a miss a second process makes it while the session collects,
and the session waits for that process before it looks for the copy. The real builder is the one every run on
new code uses (the session's tests then run on what it made); here a stand-in builder shows the handshake."""

import sys
import types

import pytest
from django.conf import settings

from tests import demo_cache

# A stand-in for `python -m tests.demo_cache`: it takes a while, then leaves the database file where the copy goes.
SLOW_BUILDER = """
import pathlib, sys, time
time.sleep(0.6)
target = pathlib.Path(sys.argv[1])
target.mkdir(parents=True, exist_ok=True)
(target / "db.sqlite3").write_bytes(b"made by the builder")
"""


def _session(collectonly=False):
    options = {"nomigrations": False, "reuse_db": False}
    return types.SimpleNamespace(option=types.SimpleNamespace(collectonly=collectonly),
                                 getoption=lambda name, default=None: options.get(name, default))


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    monkeypatch.setattr(demo_cache, "_builder", None)
    monkeypatch.setattr(demo_cache, "_on_sqlite", lambda: True)  # (the handshake is the same whatever this run's engine)
    cache = demo_cache.Cache()
    monkeypatch.setattr(demo_cache, "BUILDER", [sys.executable, "-c", SLOW_BUILDER, str(cache.path)])
    return cache


def test_a_miss_starts_one_builder_and_the_session_waits_for_its_copy(empty_cache):
    assert not empty_cache.hit()
    builder = demo_cache.start_building(_session())
    assert builder is not None
    # A second session (an xdist worker's controller, another checkout's run) finds the key being made.
    assert demo_cache.start_building(_session()) is None
    assert empty_cache.wait_for_builder(), "the wait ends when the builder has made the copy"
    assert empty_cache.database.read_bytes() == b"made by the builder"
    assert builder.wait(timeout=10) == 0
    # With the copy kept, nothing more is started.
    assert demo_cache.start_building(_session()) is None


def test_nothing_is_started_for_a_worker_a_collection_a_reused_database_or_postgresql(empty_cache, monkeypatch):
    assert demo_cache.start_building(_session(collectonly=True)) is None
    reuse = _session()
    reuse.getoption = lambda name, default=None: name == "reuse_db"
    assert demo_cache.start_building(reuse) is None
    monkeypatch.setattr(demo_cache, "_on_sqlite", lambda: False)
    assert demo_cache.start_building(_session()) is None
    monkeypatch.setattr(demo_cache, "_on_sqlite", lambda: True)
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    assert demo_cache.start_building(_session()) is None
    assert not empty_cache.lock.exists()


def test_a_builder_that_fails_is_reported_and_the_session_makes_the_database_itself(empty_cache, monkeypatch):
    monkeypatch.setattr(demo_cache, "BUILDER", [sys.executable, "-c", "raise SystemExit('migrate failed')"])
    builder = demo_cache.start_building(_session())
    assert builder is not None
    assert not empty_cache.wait_for_builder()
    assert "migrate failed" in empty_cache.log.read_text()
    assert builder.wait() == 1 and not empty_cache.hit()


def test_a_saved_copy_prunes_the_locks_of_builders_that_are_done_but_not_of_one_at_work(empty_cache):
    import fcntl

    folder = empty_cache.path.parent
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "done.lock").touch()
    (folder / "done.log").write_text("migrate failed")
    with open(folder / "busy.lock", "wb") as busy:
        fcntl.flock(busy, fcntl.LOCK_EX)
        empty_cache._prune()
        assert (folder / "busy.lock").exists()
    assert not (folder / "done.lock").exists() and not (folder / "done.log").exists()
