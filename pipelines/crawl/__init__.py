"""The crawl: a site registry, a polite fetcher, one module per CMS family, a raw store.

Plain functions, no Dagster: ``load_registry(path)`` reads and validates
``data/sources.yaml``; ``crawl(registry, raw_root)`` walks every source and
stores what it finds under ``raw_root`` (see ``store.py`` for the layout).
This package knows nothing of reading reports.
"""

from .registry import CMS_FAMILIES, Registry, RegistryError, Source, load_registry, parse_registry
from .run import CrawlSummary, NewDocument, SourceSummary, crawl
from .store import CatalogEntry, RawStore

__all__ = [
    "CMS_FAMILIES", "CatalogEntry", "CrawlSummary", "NewDocument", "RawStore", "Registry",
    "RegistryError", "Source", "SourceSummary", "crawl", "load_registry", "parse_registry",
]
