"""The code location as the Kubernetes deployment runs it (deploy/k8s/, docs/deployment.md).

The same definitions as ``pipelines.definitions``, with every step of a run in a
Kubernetes job of its own (dagster-k8s's ``k8s_job_executor``, the ``cluster`` extra).
The step pods inherit the run launcher's settings from the instance (image, the
``xxgk-env`` secret, the shared ``/data`` volume), so the steps of one night share the
raw store and report files, and load the DuckLake warehouse that the environment names.
"""

import dagster as dg
from dagster_k8s import k8s_job_executor

from pipelines.definitions import build_definitions

STEPS_AT_ONCE = 4  # pods per run at a time: the crawl's politeness is per host, not per pod

defs = dg.Definitions.merge(
    build_definitions(),
    dg.Definitions(executor=k8s_job_executor.configured({"max_concurrent": STEPS_AT_ONCE})),
)
