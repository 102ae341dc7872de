"""Why a request on a booking is refused, as a stable slug clients can match."""


class BookingRejected(Exception):
    """A request that breaks a booking rule; ``rule`` is a stable slug clients can match."""

    def __init__(self, rule: str, message: str, **details: object) -> None:
        super().__init__(message)
        self.rule = rule
        self.details = details


class IllegalTransition(BookingRejected):
    """The booking's status does not allow the requested step (e.g. check-in of a cancelled one)."""

    def __init__(self, action: str, status: str) -> None:
        super().__init__(
            "illegal-transition", f"a {status} booking cannot be {action}", booking_status=status
        )
