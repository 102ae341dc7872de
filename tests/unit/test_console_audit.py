"""The audit log page's filters: the chosen service, and whole WIB days as the API's period."""

from datetime import date

from services.console.domain.audit import AuditFilter


def test_the_audit_filter_asks_whole_wib_days_of_the_chosen_service():
    shown = AuditFilter.of(
        {"service": "booking", "action": " booking.approve ", "since": "2026-08-17",
         "until": "2026-08-17", "actor": ""}
    )  # fmt: skip

    assert shown.service == "booking"
    assert shown.api_params() == {
        "action": "booking.approve",
        "since": "2026-08-17T00:00:00+07:00",
        "until": "2026-08-18T00:00:00+07:00",
    }
    assert shown.as_query()["since"] == "2026-08-17"


def test_the_audit_page_falls_back_to_the_first_service_and_ignores_a_bad_day():
    shown = AuditFilter.of({"service": "payroll", "since": "yesterday"})

    assert (shown.service, shown.since) == ("tenancy", None)
    assert shown.api_params() == {}
    assert AuditFilter.of({}).until is None
    assert isinstance(AuditFilter.of({"until": "2026-01-31"}).until, date)
