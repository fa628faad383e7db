"""The Kubernetes deployment in deploy/k8s/, checked by Dagster itself.

The instance file is loaded with Dagster's own schema and environment variables as the
``xxgk-env`` secret sets them (deploy/k8s/env.example), against a real PostgreSQL
server; the code location the Helm values name is imported, and its executor is built
on that instance: each step a Kubernetes job carrying the launcher's secret and volume.
No cluster is reached: loading the in-cluster credentials is the one thing replaced.
"""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import dagster as dg
import kubernetes
import pytest
import yaml
from dagster._core.definitions.job_base import InMemoryJob
from dagster._core.executor.init import InitExecutorContext
from dagster._core.executor.step_delegating import StepDelegatingExecutor
from dagster._core.system_config.objects import ResolvedRunConfig
from dagster_k8s import K8sRunLauncher
from dagster_k8s.container_context import K8sContainerContext
from dagster_postgres import PostgresRunStorage

from conftest import ROOT
from pipelines.definitions import nightly
from pipelines.warehouse import lake
from tests.postgres import running_postgres

K8S = ROOT / "deploy" / "k8s"


def _secret() -> dict[str, str]:
    """The variables of deploy/k8s/env.example, as the secret hands them to every pod."""
    lines = (K8S / "env.example").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


def _values() -> dict:
    return yaml.safe_load((K8S / "values.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cluster_instance(tmp_path_factory):
    """The deployment's instance, its PostgreSQL the test's own, no cluster behind it."""
    home = tmp_path_factory.mktemp("dagster_home")
    shutil.copy(K8S / "dagster.yaml", home / "dagster.yaml")
    in_cluster_logins = []
    with running_postgres() as postgres, pytest.MonkeyPatch.context() as environment:
        postgres.create_database("dagster")
        for name, value in _secret().items():
            environment.setenv(name, value)
        for name, value in {"DAGSTER_PG_HOST": postgres.host, "DAGSTER_PG_PORT": str(postgres.port),
                            "DAGSTER_PG_USERNAME": postgres.user, "DAGSTER_PG_PASSWORD": ""}.items():
            environment.setenv(name, value)
        environment.setattr(kubernetes.config, "load_incluster_config",
                            lambda *args, **kwargs: in_cluster_logins.append(args))
        with dg.DagsterInstance.from_config(str(home)) as instance:
            yield instance, in_cluster_logins


def test_the_instance_launches_each_run_as_a_kubernetes_job_with_the_shared_volume(
        cluster_instance):
    instance, in_cluster_logins = cluster_instance
    assert isinstance(instance.run_storage, PostgresRunStorage)
    launcher = instance.run_launcher
    assert isinstance(launcher, K8sRunLauncher) and in_cluster_logins
    assert launcher.job_namespace == _secret()["DAGSTER_K8S_NAMESPACE"] == "xxgk"
    assert launcher.env_secrets == ["xxgk-env"]
    assert [v["persistentVolumeClaim"]["claimName"] for v in launcher.volumes] == ["xxgk-data"]
    assert [m["mountPath"] for m in launcher.volume_mounts] == ["/data"]
    assert instance.run_coordinator.get_run_queue_config().max_concurrent_runs == 4


def test_the_helm_values_deploy_the_code_location_the_instance_file_describes():
    values = _values()
    [deployment] = values["dagster-user-deployments"]["deployments"]
    flag, module = deployment["dagsterApiGrpcArgs"]
    assert flag == "-m" and importlib.import_module(module).defs.resolve_job_def(nightly.name)
    instance = yaml.safe_load((K8S / "dagster.yaml").read_text(encoding="utf-8"))
    launcher = values["runLauncher"]["config"]["k8sRunLauncher"]
    assert values["runLauncher"]["type"] == instance["run_launcher"]["class"]
    assert [s["name"] for s in launcher["envSecrets"]] == [s["name"] for s in deployment["envSecrets"]] \
        == instance["run_launcher"]["config"]["env_secrets"]
    assert launcher["volumes"] == deployment["volumes"] == instance["run_launcher"]["config"]["volumes"]
    assert launcher["volumeMounts"] == deployment["volumeMounts"] \
        == instance["run_launcher"]["config"]["volume_mounts"]
    assert values["dagsterDaemon"]["runCoordinator"]["config"]["queuedRunCoordinator"][
        "maxConcurrentRuns"] == instance["run_coordinator"]["config"]["max_concurrent_runs"]
    assert values["postgresql"]["postgresqlScheme"] == \
        instance["storage"]["postgres"]["postgres_db"]["scheme"]
    claim = yaml.safe_load((K8S / "data-volume.yaml").read_text(encoding="utf-8"))
    assert claim["metadata"]["name"] == "xxgk-data"
    assert "ReadWriteMany" in claim["spec"]["accessModes"]  # step pods land on any node


def test_the_secret_points_the_warehouse_at_a_lake_and_every_path_at_the_volume():
    secret = _secret()
    assert lake.is_lake(secret["XXGK_WAREHOUSE"])
    assert secret["XXGK_WAREHOUSE"].startswith("ducklake:postgres:")
    paths = {name: value for name, value in secret.items()
             if name.startswith("XXGK_") and name != "XXGK_WAREHOUSE"}
    assert paths and all(Path(value).is_relative_to("/data") for value in paths.values())


def test_each_step_of_the_night_runs_as_a_kubernetes_job_on_the_instance(cluster_instance):
    instance, _ = cluster_instance
    job = importlib.import_module("pipelines.kubernetes").defs.resolve_job_def(nightly.name)
    config = ResolvedRunConfig.build(job, {}).execution.execution_engine_config
    executor = job.executor_def.executor_creation_fn(InitExecutorContext(
        job=InMemoryJob(job), executor_def=job.executor_def, executor_config=config,
        instance=instance))
    assert job.executor_def.name == "k8s"
    assert isinstance(executor, StepDelegatingExecutor) and executor._max_concurrent == 4
    run = instance.create_run_for_job(job_def=job)
    context = K8sContainerContext.create_for_run(run, instance.run_launcher, include_run_tags=False)\
        .merge(executor._step_handler._executor_container_context)  # as each step pod gets it
    assert context.namespace == "xxgk"
    pod = context.run_k8s_config
    assert pod.container_config["env_from"] == [{"secret_ref": {"name": "xxgk-env"}}]
    assert pod.container_config["volume_mounts"] == [{"name": "xxgk-data", "mount_path": "/data"}]
    assert pod.pod_spec_config["volumes"] == [
        {"name": "xxgk-data", "persistent_volume_claim": {"claim_name": "xxgk-data"}}]
