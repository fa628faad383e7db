"""A failed run, whatever the job, is posted to the alert webhook (``XXGK_ALERT_WEBHOOK``).

Without a webhook configured the sensor skips (and says so in its ticks), so a
laptop's ``dagster dev`` needs no setting; a webhook that refuses the post makes the
tick fail, which the UI shows on the sensor.
"""

import re

import dagster as dg

from pipelines.alerts import RunFailureAlert, post_alert
from pipelines.defs.resources import AlertResource


@dg.run_failure_sensor(name="alert_on_run_failure", default_status=dg.DefaultSensorStatus.RUNNING,
                       description="Posts every failed run to the alert webhook.")
def alert_on_run_failure(context: dg.RunFailureSensorContext, alerts: AlertResource):
    if not alerts.webhook_url:
        return dg.SkipReason("no alert webhook configured (XXGK_ALERT_WEBHOOK)")
    status = post_alert(alerts.webhook_url, failure_alert(context))
    context.log.info(f"alert for run {context.dagster_run.run_id} posted: HTTP {status}")
    return None


def failure_alert(context: dg.RunFailureSensorContext) -> RunFailureAlert:
    run = context.dagster_run
    steps = {event.step_key: _reason(event.event_specific_data.error)
             for event in context.get_step_failure_events() if event.step_key}
    return RunFailureAlert(job=run.job_name, run_id=run.run_id,
                           partition=run.tags.get("dagster/partition"), failed_steps=steps,
                           message=context.failure_event.message or "")


def _reason(error) -> str:
    """The first line of the error that started it (a retry policy's "Exceeded max_retries"
    wraps the step's own error as its cause), without its exception class."""
    while error.cause is not None:
        error = error.cause
    lines = error.message.strip().splitlines()
    return re.sub(rf"^[\w.]*\b{re.escape(error.cls_name or '')}: ", "", lines[0]) if lines else ""
