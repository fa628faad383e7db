"""``make demo``: the nightly Dagster job, end to end, on the bundled sample portal.

Serves ``data/sample_portal/`` on loopback, points the job's site registry at it,
runs a night (``definitions.run_night``: one crawl-and-read run per source, then the
load → publish → dashboard run) in this process on
the Dagster instance of ``DAGSTER_HOME`` (so ``make ui`` shows the run afterwards),
then prints what an analyst sees in the published copy and where the dashboard is.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pipelines.settings import load_settings

SHOWCASE = {
    "Reports read, by status": """
        select status, count(*) as reports from reports group by status order by status""",
    "Requests per agency and year": """
        select agency_name, year, received, carried_over, processed,
               round(disclosure_rate, 3) as disclosure_rate, review_total, litigation_total
        from agency_year order by agency_name, year limit 20""",
    "Reports failing their own arithmetic": """
        select agency_name, year, failed_rules, failure_details from reports_failing_checks
        order by agency_name, year limit 10""",
}


def main() -> int:
    import dagster as dg

    from pipelines.definitions import build_definitions, run_night
    from pipelines.portal import serve_sample_portal

    sources = load_settings().data_dir / "sample_sources.yaml"
    with serve_sample_portal() as portal:
        portal.write_sources(sources)
        defs = build_definitions({**os.environ, "XXGK_SOURCES": str(sources)})

        instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") \
            else dg.DagsterInstance.ephemeral()
        print(f"Sample portal: {', '.join(portal.sites.values())}", flush=True)
        results = run_night(defs, instance)  # one crawl run per source, then the load
    if not all(result.success for result in results):
        print("The night failed; see the log above.", file=sys.stderr)
        return 1
    print(_night_summary(results))
    _showcase(defs)
    _dashboard(defs)
    return 0


def _night_summary(results) -> str:
    """What each step recorded: the crawl's counts and the reads summed over the sources
    (a run each), then the load."""
    from collections import Counter

    import dagster as dg

    lines = ["\nThe night, as the assets recorded it:"]
    events = [e for result in results for e in result.get_asset_materialization_events()]
    for label, asset in (("raw_documents", "raw_documents"), ("reports", "report_files"),
                         ("warehouse", "reports")):
        figures, sources = Counter(), 0
        for event in (e for e in events if e.asset_key == dg.AssetKey(asset)):
            sources += 1
            figures.update({k: v.value for k, v in
                            event.step_materialization_data.materialization.metadata.items()
                            if isinstance(v.value, int | float) and not k.startswith("dagster/")})
        where = f" ({sources} sources)" if asset != "reports" else ""
        text = ", ".join(f"{k} {round(v, 2) if isinstance(v, float) else v}"
                         for k, v in figures.items())
        lines.append(f"  {label}{where}: {text}")
    return "\n".join(lines)


def _showcase(defs) -> None:
    from pipelines.commands.warehouse import readable_table
    from pipelines.warehouse import run_query

    copy = Path(defs.resources["warehouse_db"].analyst_copy)
    for title, sql in SHOWCASE.items():
        print(f"\n{title} ({copy}):\n{readable_table(run_query(copy, sql, lists_joined=True))}")
    print("\nAsk your own: xxgk query \"select * from agency_year\"  ·  "
          "lineage and checks: make ui")


def _dashboard(defs) -> None:
    """Where the night's dashboard is: a static site, opened straight from disk."""
    from pipelines.defs.dashboard import dashboard_dir

    index = (dashboard_dir(defs.resources["warehouse_db"]) / "index.html").resolve()
    print(f"\nThe dashboard, for people who do not write SQL (no server needed): {index.as_uri()}"
          f"\n  rebuild it: xxgk dashboard --out {index.parent}")


if __name__ == "__main__":
    sys.exit(main())
