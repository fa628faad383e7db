"""Dagster definitions, split by domain: crawl, reading, warehouse. Thin: each asset
calls the plain function the CLI calls and records what happened as metadata."""
