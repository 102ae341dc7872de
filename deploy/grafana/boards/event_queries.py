"""PromQL of the outbox, relay and consumers, plotted both on the overview and on the event
flow board: written once so the two boards cannot drift apart on what a series means."""

from boards.model import Query, once, or_zero

FS = "faststream_received_processed_messages"
FS_RECEIVED = "sum by (job, handler) (rate(faststream_received_messages_total[5m]))"

# Every instance of a service reports the same shared outbox table: counted once.
OUTBOX_BACKLOG = Query(once("outbox_backlog_events", "job"), "{{job}}")
RELAY_PUBLISHED = Query("sum by (job) (rate(outbox_published_total[5m]))", "{{job}} published")
RELAY_FAILED = Query("sum by (job) (rate(outbox_publish_failures_total[5m]))", "{{job}} failed")
HANDLER_EXCEPTIONS = Query(
    or_zero(f"sum by (job, handler) (rate({FS}_exceptions_total[5m]))", FS_RECEIVED),
    "{{job}} {{handler}} exceptions",
)
INBOX_DUPLICATES = Query(
    "sum by (job, consumer) (rate(inbox_duplicates_total[5m]))", "{{job}} {{consumer}}"
)
