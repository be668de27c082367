"""Past one machine: drift and kb builds on a real Dask cluster match the process pool."""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from p2skb import kb
from p2skb.batch import diff_job, folder_jobs, run
from p2skb.export import to_json
from tests.conftest import CORPUS, ROOT
from tests.test_cli import run as cli
from tests.test_kb import dump

distributed = pytest.importorskip("distributed", reason="needs p2skb[dask]")


@pytest.fixture(scope="module")
def cluster() -> object:
    """A LocalCluster of two worker processes, and its scheduler's address."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


def _reports(executor: object | None) -> list[str]:
    jobs = list(folder_jobs([CORPUS, ROOT / "corpus"], source_locale="en-us"))
    return [to_json(result) for result in run(diff_job, jobs, executor=executor)]  # type: ignore[arg-type]


def test_drift_on_dask_is_drift_on_the_process_pool(cluster: object) -> None:
    serial = _reports(None)
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert _reports(pool) == serial
    with distributed.Client(cluster) as client:
        assert _reports(client.get_executor()) == serial
    assert len(serial) >= 1


def test_the_cli_runs_on_a_scheduler(cluster: object) -> None:
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    arguments = ("drift", str(CORPUS), "--format", "json", "--fail-on", "never")
    _, on_dask = cli(*arguments, "--scheduler", address)
    _, here = cli(*arguments, "--jobs", "1")
    assert json.loads(on_dask) == json.loads(here)


def test_a_knowledge_base_built_on_dask_is_the_one_built_here(
    cluster: object, tmp_path: Path
) -> None:
    folders = [CORPUS, ROOT / "corpus"]
    here = tmp_path / "here.sqlite"
    kb.build(folders, here)
    with ProcessPoolExecutor(max_workers=2) as pool:
        kb.build(folders, tmp_path / "pool.sqlite", executor=pool)
    with distributed.Client(cluster) as client:
        result = kb.build(folders, tmp_path / "dask.sqlite", executor=client.get_executor())
    assert result.built >= 1
    assert dump(tmp_path / "pool.sqlite") == dump(here)
    assert dump(tmp_path / "dask.sqlite") == dump(here)
