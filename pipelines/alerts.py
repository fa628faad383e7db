"""Alerts for unattended nights: a failed run, told to a webhook (chat bot, paging, mail relay).

The body is JSON: ``text`` is one human sentence (what most chat webhooks show), the
other fields let a receiver route or deduplicate. Posting is plain HTTP, so any
endpoint that accepts a JSON POST works; a receiver that answers non-2xx is an error.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import httpx

TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class RunFailureAlert:
    job: str
    run_id: str
    partition: str | None  # the source, for a crawl or reading run
    failed_steps: dict[str, str] = field(default_factory=dict)  # step key -> first line of why
    message: str = ""  # the run failure's own message

    @property
    def text(self) -> str:
        where = f" for source {self.partition}" if self.partition else ""
        steps = "; ".join(f"{step}: {why}" for step, why in self.failed_steps.items())
        return (f"xxgk: run {self.run_id[:8]} of {self.job}{where} failed"
                + (f" ({steps})" if steps else f": {self.message}" if self.message else ""))

    def payload(self) -> dict:
        return {"text": self.text, **asdict(self)}


def post_alert(webhook_url: str, alert: RunFailureAlert) -> int:
    """POST the alert to ``webhook_url`` as JSON; return the HTTP status (raises on non-2xx)."""
    response = httpx.post(webhook_url, json=alert.payload(), timeout=TIMEOUT_SECONDS)
    response.raise_for_status()
    return response.status_code
