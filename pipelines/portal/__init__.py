"""The bundled sample portal: the sites under ``data/sample_portal/``, served on loopback.

``serve_sample_portal`` starts every site on its own free port (so each is a
host of its own to the crawler), records every request in an access log, and
can inject faults (503s, slow answers, truncated bodies, 404s, redirects) so
tests can audit the crawler's behaviour from the server's side.
"""

from .faults import Fault
from .server import AccessEntry, RunningPortal, serve_sample_portal

__all__ = ["AccessEntry", "Fault", "RunningPortal", "serve_sample_portal"]
