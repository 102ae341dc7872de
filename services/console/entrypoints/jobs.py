"""The console's periodic jobs."""

from services.console.service_layer.signing_in import delete_expired_sessions
from shared.runtime.periodic_jobs import PeriodicJob

JOBS = (PeriodicJob("console.expired-sessions", 3600, delete_expired_sessions),)
