"""The comparison dashboard: a static site from the analyst copy for people who do not
write SQL. ``build_dashboard(analyst_copy, out)`` writes it; ``xxgk dashboard`` and the
Dagster asset ``dashboard`` call it."""

from pipelines.dashboard.build import DashboardSummary, NotADashboard, build_dashboard
from pipelines.dashboard.vendor import VendorMissing

DEFAULT_OUT = "data/dashboard"

__all__ = ["DEFAULT_OUT", "DashboardSummary", "NotADashboard", "VendorMissing", "build_dashboard"]
