"""One configuration for the command line and the Dagster job.

Every setting is declared once, in ``SETTINGS``: its name (the key in the config file),
its environment variable, its default and what it means. A setting's value is, in this
order: its environment variable when set and not empty; else its key in the config file;
else its default. The config file is the one ``XXGK_CONFIG`` names, else ``xxgk.toml``
in the project directory (the repository) when there is one.

A relative path is resolved against the data directory (the setting ``data_dir``, itself
resolved against the project directory), never against the current directory: ``xxgk
query`` run from anywhere opens the same warehouse the nightly job wrote.

Standard library only: ``xxgk extract`` reads ``workers`` here and must stay quick to start.
``docs/configuration.md`` holds ``markdown_table()``; ``python -m pipelines.settings``
prints it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
CONFIG_VARIABLE = "XXGK_CONFIG"
CONFIG_NAME = "xxgk.toml"

PATH, SECONDS, PROCESSES, COUNT, URL, PAGES = "path", "seconds", "processes", "count", "url", "pages"
EXPECTED = {  # what a value of each kind must be, as an error message says it
    PATH: "a path (text, not empty)",
    SECONDS: "a number of seconds, at least 0",
    PROCESSES: "a whole number of processes, at least 1",
    COUNT: "a whole number, at least 0",
    URL: "an http:// or https:// URL",
    PAGES: "a whole number of pages, at least 1",
}
WHOLE_MINIMUM = {PROCESSES: 1, PAGES: 1, COUNT: 0}  # the kinds that are whole numbers


class SettingsError(ValueError):
    """A setting's value, or the config file, cannot be used; the message names which."""


@dataclass(frozen=True)
class Setting:
    name: str
    variable: str
    kind: str
    default: str | float | None
    doc: str
    default_text: str = ""
    """How the table states the default when it is not a plain value."""

    def shown_default(self) -> str:
        if self.default_text:
            return self.default_text
        if self.kind == PATH:
            return f"`<data_dir>/{self.default}`"
        return f"`{self.default:g}`" if isinstance(self.default, float) else f"`{self.default}`"


SETTINGS = (
    Setting("data_dir", "XXGK_DATA_DIR", PATH, "data",
            "The data directory: every other relative path below is resolved against it. "
            "Relative, it is resolved against the project directory.",
            default_text="`data/` of the repository"),
    Setting("sources", "XXGK_SOURCES", PATH, "sources.yaml",
            "The site registry: which portals `xxgk crawl` and the job's `raw_documents` crawl."),
    Setting("raw", "XXGK_RAW", PATH, "raw", "The raw store: every document as fetched."),
    Setting("reports", "XXGK_REPORTS", PATH, "reports",
            "The report files, one JSON file per document read (`<sha256>.json`)."),
    Setting("staging", "XXGK_STAGING", PATH, "staging",
            "The Parquet staging of the last load (and DuckDB's spill directory)."),
    Setting("warehouse", "XXGK_WAREHOUSE", PATH, "warehouse.duckdb",
            "The warehouse; only `xxgk load` and the job's `warehouse` write it."),
    Setting("analyst_copy", "XXGK_ANALYST_COPY", PATH, "warehouse-analyst.duckdb",
            "The analysts' read-only copy: what `xxgk query`, `export` and `dashboard` read."),
    Setting("dashboard", "XXGK_DASHBOARD", PATH, None,
            "Where the static dashboard is written (`xxgk dashboard`, the job's `dashboard`).",
            default_text="`dashboard/` beside `analyst_copy`"),
    Setting("workers", "XXGK_WORKERS", PROCESSES, None,
            "Documents read at once, each in its own process (`xxgk extract`, `xxgk crawl`, "
            "the job's `reports`); `--workers` overrides it.",
            default_text="one per core"),
    Setting("lock_wait", "XXGK_LOCK_WAIT", SECONDS, 900.0,
            "How long the job's warehouse steps wait for another process's lock before "
            "failing. The command line never waits: a held lock is refused at once."),
    Setting("lake_data", "XXGK_LAKE_DATA", PATH, None,
            "Where a DuckLake warehouse keeps its data files (a folder or an object-store "
            "URL); read only when `warehouse` is a `ducklake:` URI creating a new lake "
            "(docs/deployment.md).",
            default_text="none"),
    Setting("host_wait", "XXGK_HOST_WAIT", SECONDS, 6 * 3600.0,
            "How long the job's crawl of a source waits for a host another run is crawling "
            "(one run per host at a time, across processes) before it fails."),
    Setting("crawl_retries", "XXGK_CRAWL_RETRIES", COUNT, 2,
            "How often the job crawls a source again after its crawl failed."),
    Setting("crawl_retry_delay", "XXGK_CRAWL_RETRY_DELAY", SECONDS, 600.0,
            "Seconds before the first crawl retry, doubled at each further one."),
    Setting("alert_webhook", "XXGK_ALERT_WEBHOOK", URL, None,
            "Where a failed run of the job is posted as JSON (docs/orchestration.md).",
            default_text="none: no alert"),
    Setting("ocr_max_pages", "XXGK_OCR_MAX_PAGES", PAGES, 30,
            "Pages of one scanned document OCR recognises at most; past them the report "
            "names where it stopped (docs/ocr.md)."),
    Setting("ocr_page_seconds", "XXGK_OCR_PAGE_SECONDS", SECONDS, 15.0,
            "Seconds OCR may spend on one page; past them the reading stops there and the "
            "report names why."),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """The resolved settings: absolute paths, typed values, and where each came from."""

    data_dir: Path
    sources: Path
    raw: Path
    reports: Path
    staging: Path
    warehouse: Path
    analyst_copy: Path
    dashboard: Path
    workers: int | None
    lock_wait: float
    lake_data: Path | str | None
    host_wait: float
    crawl_retries: int
    crawl_retry_delay: float
    alert_webhook: str | None
    ocr_max_pages: int
    ocr_page_seconds: float
    origins: Mapping[str, str]
    """Setting name → ``environment XXGK_…``, ``<config file>`` or ``default``."""
    config_file: Path | None


def config_file(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The config file in force: ``XXGK_CONFIG`` (which must exist), else the project's
    ``xxgk.toml`` when there is one, else none."""
    named = environ.get(CONFIG_VARIABLE, "").strip()
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise SettingsError(f"{CONFIG_VARIABLE} names {path}, which is not a file")
        return path.resolve()
    default = PROJECT_DIR / CONFIG_NAME
    return default if default.is_file() else None


def read_config(path: Path | None) -> dict:
    """The config file's settings, every key known; {} without a file."""
    if path is None:
        return {}
    import tomllib  # here: most runs have no config file, and start-up counts (see above)

    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{path}: cannot be read as TOML: {error}") from None
    unknown = sorted(set(values) - set(BY_NAME))
    if unknown:
        raise SettingsError(f"{path}: unknown setting {unknown[0]!r}; the settings are "
                            f"{', '.join(BY_NAME)} (docs/configuration.md)")
    return values


def load_settings(environ: Mapping[str, str] = os.environ, read_file: bool = True) -> Settings:
    """Every setting resolved: environment, then config file, then default.
    ``load_settings({}, read_file=False)`` gives the defaults alone."""
    path = config_file(environ) if read_file else None
    in_file = read_config(path)
    values, origins = {}, {}
    for setting in SETTINGS:
        raw = environ.get(setting.variable, "").strip()
        if raw:
            values[setting.name] = _parsed(setting, raw, setting.variable)
            origins[setting.name] = f"environment {setting.variable}"
        elif setting.name in in_file:
            values[setting.name] = _parsed(setting, in_file[setting.name],
                                           f"{setting.name} in {path}")
            origins[setting.name] = str(path)
        else:
            values[setting.name] = setting.default
            origins[setting.name] = "default"
    data_dir = _resolved(values["data_dir"], PROJECT_DIR)
    paths = {s.name: None if values[s.name] is None else _resolved(values[s.name], data_dir)
             for s in SETTINGS if s.kind == PATH}
    paths["data_dir"] = data_dir
    paths["dashboard"] = paths["dashboard"] or paths["analyst_copy"].parent / "dashboard"
    others = {s.name: float(values[s.name]) if s.kind == SECONDS else values[s.name]
              for s in SETTINGS if s.kind != PATH}
    return Settings(**paths, **others, origins=origins, config_file=path)


def _parsed(setting: Setting, value: object, origin: str) -> str | int | float:
    """``value`` (text from the environment, any TOML value from the file) as the setting's
    kind, or SettingsError naming ``origin`` (the variable, or the key and its file)."""
    if setting.kind == PATH and isinstance(value, str) and value.strip():
        return value.strip()
    if setting.kind in WHOLE_MINIMUM:
        number = int(value) if isinstance(value, str) and value.isdigit() else value
        if isinstance(number, int) and not isinstance(number, bool) \
                and number >= WHOLE_MINIMUM[setting.kind]:
            return number
    if setting.kind == URL and isinstance(value, str) \
            and value.strip().startswith(("http://", "https://")):
        return value.strip()
    if setting.kind == SECONDS:
        number = _number(value)
        if number is not None and number >= 0:
            return number
    raise SettingsError(f"{origin} must be {EXPECTED[setting.kind]} (it is {value!r})")


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        number = float(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return number if number is not None and number == number and number != float("inf") else None


def _resolved(path: str, base: Path) -> Path | str:
    """``path`` made absolute against ``base`` (``~`` expanded), not the current directory.
    A URL (``memory://raw``, ``s3://bucket/raw``, ``ducklake:…``) is kept as written: the raw
    store and the warehouse accept those, and a URL is never relative to a folder."""
    if is_url(path):
        return path
    return Path(os.path.normpath(base / Path(path).expanduser()))


def is_url(value: str) -> bool:
    """A scheme of two letters or more before ``:`` (one letter is a Windows drive)."""
    scheme, colon, _ = str(value).partition(":")
    return bool(colon) and len(scheme) > 1 and scheme.replace("+", "").isalnum()


def option_default(name: str) -> str:
    """What an option's help says of its default, the setting ``name``."""
    return f"default: the setting {name}, ${BY_NAME[name].variable}; `xxgk settings` shows it"


def markdown_table() -> str:
    """The settings table of ``docs/configuration.md``, made from ``SETTINGS``."""
    lines = ["| setting (`xxgk.toml` key) | environment variable | default | meaning |",
             "|---|---|---|---|"]
    lines += [f"| `{s.name}` | `{s.variable}` | {s.shown_default()} | {s.doc} |" for s in SETTINGS]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
