"""A run killed half way leaves whole batches only; the rerun ends with every report stored once."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from fixtures_ingest import write_corpus
from parley.ingest.dedupe import BANDS
from parley.ingest.pipeline import BATCH_SIZE

COUNT = 5 * BATCH_SIZE


def _count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not migrated yet
        return 0


def test_killed_run_resumes_without_partial_rows(tmp_path):
    paths = write_corpus(tmp_path / "corpus", COUNT, seed=42)
    db = tmp_path / "resume.db"
    parley = str(Path(sys.executable).parent / "parley")
    command = [parley, "--db", f"sqlite:///{db}", "ingest", str(tmp_path / "corpus"), "--json"]

    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _count(db, "SELECT count(*) FROM reports") < BATCH_SIZE and run.poll() is None:
        assert time.monotonic() < deadline, "the first batch never arrived"
        time.sleep(0.05)
    run.kill()
    run.wait(timeout=30)
    assert run.returncode != 0, "the run finished before it could be killed; raise COUNT"

    stored = _count(db, "SELECT count(*) FROM reports")
    assert 0 < stored < COUNT
    assert stored % BATCH_SIZE == 0  # whole batches only
    assert _count(db, "SELECT count(*) FROM lsh_bands") == stored * BANDS

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    result = json.loads(rerun.stdout)
    assert (result["stored"], result["duplicates"]) == (COUNT - stored, stored)

    with sqlite3.connect(db) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM reports")]
        assert sorted(ids) == sorted(p.stem for p in paths)
        assert conn.execute("SELECT count(*) FROM lsh_bands").fetchone()[0] == COUNT * BANDS
        assert conn.execute("SELECT count(*) FROM reports WHERE text = '' OR minhash IS NULL").fetchone()[0] == 0
