"""Politeness across runs: one Dagster pool per host, so two runs never crawl one host at once.

Inside one process the crawler's host gates space requests (``pipelines.crawl.politeness``);
runs in other processes, or on other machines, do not share those gates. Many sources
share a host (a province's portal publishes for dozens of agencies), and each source is
a partition crawled in a run of its own, so the limit has to live where every run sees
it: the Dagster instance's concurrency storage, the one that enforces ``pool=``. An
asset's ``pool`` is fixed when the definitions load, and the hosts are only known from
the partition's source, so the crawl step claims the pools itself: ``crawl-host/<host>``
for each host its source fetches from, in sorted order (two runs never wait on each
other crosswise), before its first request, and frees them when it ends. A run that
dies holding one has it freed by the instance when the run is marked finished.

A host pool is created with one slot; raise it for a host that takes more (``dagster
instance concurrency set crawl-host/www.gd.gov.cn 2``, or the UI's Concurrency page).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import dagster as dg

POOL_PREFIX = "crawl-host/"
HOST_SLOTS = 1  # slots a host pool is created with: one crawl of a host at a time


class HostBusy(Exception):
    """A host pool stayed held by other runs for longer than the step may wait."""


def host_pool(host: str) -> str:
    return f"{POOL_PREFIX}{host.lower()}"


@contextmanager
def holding_host_pools(instance: dg.DagsterInstance, run_id: str, step_key: str,
                       hosts: Iterable[str], wait_seconds: float = 6 * 3600,
                       poll_seconds: float = 1.0,
                       progress: Callable[[str], None] | None = None) -> Iterator[list[str]]:
    """Hold one slot of each host's pool for the duration of the block; yield the pools.

    Waits (polling every ``poll_seconds``) while another run holds a host, saying whom it
    waits for, and raises ``HostBusy`` after ``wait_seconds``. On an instance whose storage
    has no concurrency tables, yields without claiming (nothing to share with)."""
    storage = instance.event_log_storage
    pools = sorted({host_pool(h) for h in hosts})
    if not storage.supports_global_concurrency_limits:
        yield []
        return
    try:
        for pool in pools:
            _claim(instance, pool, run_id, step_key, wait_seconds, poll_seconds, progress)
        yield pools
    finally:  # claimed slots, and the pending claim of a wait that gave up
        for pool in pools:
            storage.free_concurrency_slot_for_step(run_id, _claim_key(step_key, pool))


def _claim_key(step_key: str, pool: str) -> str:
    """The claim's step key: one per pool, so freeing a host never frees the step's own pool."""
    return f"{step_key}[{pool}]"


def _claim(instance: dg.DagsterInstance, pool: str, run_id: str, step_key: str,
           wait_seconds: float, poll_seconds: float,
           progress: Callable[[str], None] | None) -> None:
    storage = instance.event_log_storage
    if pool not in storage.get_concurrency_keys():
        storage.set_concurrency_slots(pool, HOST_SLOTS)
    deadline = time.monotonic() + wait_seconds
    said = False
    while not storage.claim_concurrency_slot(pool, run_id, _claim_key(step_key, pool)).is_claimed:
        if not said and progress:
            progress(f"waiting for {pool}: held by run(s) {', '.join(_holders(instance, pool))}")
            said = True
        if time.monotonic() > deadline:
            raise HostBusy(f"{pool} stayed held by run(s) {', '.join(_holders(instance, pool))} "
                           f"for {wait_seconds:.0f} s; this crawl gave up waiting")
        time.sleep(poll_seconds)


def _holders(instance: dg.DagsterInstance, pool: str) -> list[str]:
    info = instance.event_log_storage.get_concurrency_info(pool)
    return sorted({slot.run_id for slot in info.claimed_slots}) or ["(none yet)"]
