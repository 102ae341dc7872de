"""When a booking reminder goes out: a lead time before the start, and never after it."""

from datetime import datetime, timedelta


def remind_at(starts_at: datetime, lead: timedelta, confirmed_at: datetime) -> datetime | None:
    """None when the booking was confirmed inside the lead time: the confirmation just sent
    says all a reminder would."""
    moment = starts_at - lead
    return moment if moment > confirmed_at else None


def reminder_source_id(booking_id: str, starts_at: datetime) -> str:
    """The reminder's identity: a moved booking (new start) owes a new reminder."""
    return f"reminder:{booking_id}:{starts_at.isoformat()}"
