"""The Dask path (docs/scaling.md): partitions reconciled on a LocalCluster
bound to 127.0.0.1 give exactly the single-machine result."""

from __future__ import annotations

import pytest
from dask.distributed import Client, LocalCluster

from harness.packs import load_pack
from harness.reconcile import load_mapping, reconcile
from harness.reconcile.distributed import reconcile_distributed
from harness.reconcile.synthetic import generate
from tests.reconcile.exports import CORE


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as local, Client(local) as client:
        yield client


def test_distributed_equals_single_machine(cluster, tmp_path):
    core = load_pack(CORE)
    generate(tmp_path, core, lines=3000, seed=11, errors=10)
    events, lines, mapping = tmp_path / "events.csv", tmp_path / "lines.csv", load_mapping("harness")
    single = reconcile(core, events, lines, mapping, top=8)
    spread = reconcile_distributed(cluster, core, events, lines, mapping, top=8, partitions=4)
    assert spread.rows == single.rows
    assert spread.largest == single.largest
    assert spread.discrepant_ids == single.discrepant_ids and len(single.discrepant_ids) == 10
    assert (spread.not_replayed, spread.subscriptions, spread.posted_lines, spread.since, spread.as_of) == (
        single.not_replayed, single.subscriptions, single.posted_lines, single.since, single.as_of)
    assert all(address.startswith("tcp://127.0.0.1:") for address in cluster.scheduler_info()["workers"])
