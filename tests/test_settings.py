"""One configuration: the environment, then the config file, then the defaults; relative paths
against the data directory, never the current directory; a bad value named with its file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from pipelines.settings import (
    PROJECT_DIR, SETTINGS, Settings, SettingsError, load_settings, markdown_table,
)

NOT_SETTINGS = {"XXGK_CONFIG",  # names the config file itself
                "XXGK_DASHBOARD_FONT", "XXGK_DASHBOARD_VENDOR"}  # the dashboard's build tools


def clean_environment(**settings: str) -> dict[str, str]:
    """This process's environment without any XXGK_ variable, plus ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XXGK_")}
    return {**env, "PYTHONPATH": str(ROOT), **settings}


def xxgk(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "xxgk.toml"
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ from any directory

@pytest.fixture(scope="module")
def loaded(tmp_path_factory, seeds_dir) -> Path:
    """Two seeds loaded by ``xxgk load`` run in one directory, into a data directory elsewhere."""
    work = tmp_path_factory.mktemp("settings")
    (work / "elsewhere").mkdir()
    data = work / "deployment" / "data"
    seeds = sorted(str(p) for p in seeds_dir.glob("*.txt"))[:2]
    run = xxgk("load", *seeds, cwd=work / "elsewhere", env=clean_environment(XXGK_DATA_DIR=str(data)))
    assert run.returncode == 0, run.stderr
    assert f"analyst copy at {data / 'warehouse-analyst.duckdb'}" in run.stdout
    assert sorted(p.name for p in data.iterdir()) == [
        "reports", "staging", "warehouse-analyst.duckdb", "warehouse.duckdb", "warehouse.duckdb.lock"]
    assert list((work / "elsewhere").iterdir()) == []  # nothing written where it ran
    return data


AGENCIES = "SELECT agency_name FROM agency_year ORDER BY 1"
BOTH = ["agency_name", "乐清市人力资源和社会保障局", "莆田市涵江区人力资源和社会保障局"]


def test_query_from_another_directory_finds_the_warehouse_the_environment_names(loaded, tmp_path):
    by_data_dir = xxgk("query", AGENCIES, cwd=tmp_path,
                       env=clean_environment(XXGK_DATA_DIR=str(loaded)))
    assert by_data_dir.returncode == 0, by_data_dir.stderr
    lines = [line.rstrip() for line in by_data_dir.stdout.splitlines()]
    assert [lines[0], *lines[2:4]] == BOTH and lines[4] == "(2 rows)"
    by_copy = xxgk("query", "--csv", AGENCIES, cwd=tmp_path,
                   env=clean_environment(XXGK_ANALYST_COPY=str(loaded / "warehouse-analyst.duckdb")))
    assert by_copy.stdout.splitlines() == BOTH


def test_query_reads_the_config_file_when_no_variable_is_set(loaded, tmp_path):
    path = config(tmp_path, f'data_dir = "{loaded}"\n')
    run = xxgk("query", "--csv", AGENCIES, cwd=tmp_path, env=clean_environment(XXGK_CONFIG=str(path)))
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == BOTH


def test_without_any_setting_query_looks_in_the_repository_data_not_the_current_directory(tmp_path):
    (tmp_path / "data").mkdir()  # a data/ here is not the project's
    run = xxgk("query", "SELECT 1", cwd=tmp_path, env=clean_environment())
    expected = PROJECT_DIR / "data" / "warehouse-analyst.duckdb"
    assert run.returncode == (0 if expected.exists() else 2)
    if not expected.exists():
        assert run.stderr.strip() == f"xxgk query: no warehouse at {expected}: run `xxgk load` first"


# ------------------------------------------------------------------ resolution order

def test_a_config_file_value_is_used_when_no_variable_is_set(tmp_path):
    path = config(tmp_path, 'data_dir = "/srv/xxgk"\nwarehouse = "db/main.duckdb"\n'
                            'workers = 3\nlock_wait = 60\n')
    settings = load_settings({"XXGK_CONFIG": str(path)})
    assert settings.warehouse == Path("/srv/xxgk/db/main.duckdb")
    assert settings.reports == Path("/srv/xxgk/reports")  # a default, under the file's data_dir
    assert settings.analyst_copy == Path("/srv/xxgk/warehouse-analyst.duckdb")
    assert settings.dashboard == Path("/srv/xxgk/dashboard")
    assert (settings.workers, settings.lock_wait) == (3, 60.0)
    assert settings.origins["warehouse"] == str(path) and settings.origins["raw"] == "default"


def test_the_environment_wins_over_the_file(tmp_path):
    path = config(tmp_path, 'data_dir = "/srv/xxgk"\nwarehouse = "db/main.duckdb"\nworkers = 3\n')
    settings = load_settings({"XXGK_CONFIG": str(path), "XXGK_WAREHOUSE": "/fast/w.duckdb",
                              "XXGK_DATA_DIR": "/other", "XXGK_WORKERS": "1"})
    assert settings.warehouse == Path("/fast/w.duckdb")
    assert settings.staging == Path("/other/staging")
    assert settings.workers == 1
    assert settings.origins["warehouse"] == "environment XXGK_WAREHOUSE"


def test_relative_paths_are_resolved_against_the_data_directory(tmp_path):
    settings = load_settings({"XXGK_DATA_DIR": "deploy/data", "XXGK_RAW": "../raw-store",
                              "XXGK_ANALYST_COPY": "public/copy.duckdb"}, read_file=False)
    assert settings.data_dir == PROJECT_DIR / "deploy" / "data"  # against the project
    assert settings.raw == PROJECT_DIR / "deploy" / "raw-store"
    assert settings.dashboard == PROJECT_DIR / "deploy" / "data" / "public" / "dashboard"
    defaults = load_settings({}, read_file=False)
    assert defaults.warehouse == PROJECT_DIR / "data" / "warehouse.duckdb"
    assert (defaults.workers, defaults.lock_wait) == (None, 900.0)


def test_an_empty_variable_is_no_setting(tmp_path):
    path = config(tmp_path, "workers = 2\n")
    assert load_settings({"XXGK_CONFIG": str(path), "XXGK_WORKERS": " "}).workers == 2


# ------------------------------------------------------------------ bad values

@pytest.mark.parametrize("text, message", [
    ('warehous = "w.duckdb"\n', "{file}: unknown setting 'warehous'; the settings are data_dir, "),
    ("[warehouse]\npath = 'w.duckdb'\n", "warehouse in {file} must be a path (text, not empty) "
                                         "(it is {{'path': 'w.duckdb'}})"),
    ("warehouse = 3\n", "warehouse in {file} must be a path (text, not empty) (it is 3)"),
    ("workers = \"two\"\n", "workers in {file} must be a whole number of processes, at least 1 "
                            "(it is 'two')"),
    ("workers = 0\n", "workers in {file} must be a whole number of processes, at least 1 (it is 0)"),
    ("lock_wait = true\n", "lock_wait in {file} must be a number of seconds, at least 0 (it is True)"),
    ("lock_wait = 'soon'\n", "lock_wait in {file} must be a number of seconds, at least 0 "
                             "(it is 'soon')"),
    ("data_dir = /srv\n", "{file}: cannot be read as TOML: "),
])
def test_a_bad_file_value_is_refused_naming_the_key_and_the_file(tmp_path, text, message):
    path = config(tmp_path, text)
    with pytest.raises(SettingsError) as refused:
        load_settings({"XXGK_CONFIG": str(path)})
    assert str(refused.value).startswith(message.format(file=path))


def test_a_bad_variable_is_refused_naming_it():
    with pytest.raises(SettingsError, match=re.escape(
            "XXGK_LOCK_WAIT must be a number of seconds, at least 0 (it is '-5')")):
        load_settings({"XXGK_LOCK_WAIT": "-5"}, read_file=False)
    with pytest.raises(SettingsError, match="XXGK_CONFIG names /no/such.toml, which is not a file"):
        load_settings({"XXGK_CONFIG": "/no/such.toml"})


def test_the_command_line_says_which_setting_is_bad_and_exits_2(tmp_path):
    path = config(tmp_path, "workers = 'many'\n")
    run = xxgk("query", "SELECT 1", cwd=tmp_path, env=clean_environment(XXGK_CONFIG=str(path)))
    assert run.returncode == 2
    assert run.stderr.strip() == (f"xxgk query: workers in {path} must be a whole number of "
                                  "processes, at least 1 (it is 'many')")


def test_xxgk_settings_shows_each_value_and_where_it_came_from(tmp_path):
    path = config(tmp_path, f'data_dir = "{tmp_path}"\n')
    run = xxgk("settings", cwd=tmp_path,
               env=clean_environment(XXGK_CONFIG=str(path), XXGK_WORKERS="2"))
    assert run.returncode == 0, run.stderr
    rows = {line.split()[0]: line.split()[1:] for line in run.stdout.splitlines()[2:-1]}
    assert rows["data_dir"] == [str(tmp_path), str(path)]
    assert rows["warehouse"] == [str(tmp_path / "warehouse.duckdb"), "default"]
    assert rows["workers"] == ["2", "environment", "XXGK_WORKERS"]
    assert run.stdout.splitlines()[-1] == f"config file: {path}"


# ------------------------------------------------------------------ one declaration

def test_the_declaration_and_the_resolved_settings_have_the_same_names():
    declared = [s.name for s in SETTINGS]
    fields = [f for f in Settings.__dataclass_fields__ if f not in ("origins", "config_file")]
    assert declared == fields


def test_docs_configuration_holds_the_table_made_from_the_declaration():
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert markdown_table() in doc, "regenerate with: python -m pipelines.settings"


def test_every_xxgk_variable_the_code_reads_is_a_declared_setting():
    read = set()
    for path in (ROOT / "pipelines").rglob("*.py"):
        read |= set(re.findall(r"\bXXGK_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    declared = {s.variable for s in SETTINGS}
    assert read - NOT_SETTINGS - declared == set(), \
        "declare it in pipelines.settings.SETTINGS and read it through load_settings()"


def test_the_dagster_definitions_read_the_same_settings(tmp_path):
    from pipelines.definitions import build_definitions

    path = config(tmp_path, f'data_dir = "{tmp_path}"\nlock_wait = 5\n')
    defs = build_definitions({"XXGK_CONFIG": str(path), "XXGK_RAW": "/mnt/raw"})
    warehouse_db, crawler = defs.resources["warehouse_db"], defs.resources["crawler"]
    assert warehouse_db.database == str(tmp_path / "warehouse.duckdb")
    assert warehouse_db.dashboard_dir == str(tmp_path / "dashboard")
    assert warehouse_db.lock_wait_seconds == 5.0
    assert (crawler.raw_root, crawler.sources_file) == ("/mnt/raw", str(tmp_path / "sources.yaml"))
    assert defs.resources["report_store"].reports_dir == str(tmp_path / "reports")
