"""The report pages' logic: the period staff pick (and what happens to one that cannot be
shown), the totals and chart bars made from the services' report rows, what a Download CSV
link passes on to the API, and the sponsor page as drawn in Bahasa Indonesia."""

from datetime import date
from pathlib import Path

import pytest
from jinja2.ext import babel_extract

from services.console.adapters.translations import load_language
from services.console.domain import reports
from services.console.domain.catalogue import SITE_NAMES, SPACE_TYPE_NAMES
from services.console.domain.navigation import NAV, visible_entries
from services.console.domain.report_downloads import DOWNLOADS
from services.console.domain.report_period_choice import (
    INVALID_PERIOD,
    month_choices,
    period_asked,
)
from services.console.domain.tenants import KIND_NAMES
from services.console.entrypoints.http.pages import Pages
from services.console.entrypoints.http.reports import REPORTS
from services.console.entrypoints.http.viewer import Viewer
from shared.auth.principal import Role

TODAY = date(2026, 2, 10)
TEMPLATES = Path(__file__).resolve().parents[2] / "services" / "console" / "templates"
KOMPAS, GITAR = "11111111-0000-4000-8000-000000000001", "22222222-0000-4000-8000-000000000002"
DISDIK = "33333333-0000-4000-8000-000000000003"


def sponsor_row(tenant_id, month="2026-11", **hours):
    figures = dict.fromkeys(reports.SPONSOR_HOURS, 0.0) | hours
    row = {"month": month, "sponsor_agency": "Dispudpar", "tenant_id": tenant_id}
    return row | {"site": "bitc", "space_type": "music_room"} | figures


def test_a_month_or_a_range_of_days_is_what_the_services_are_asked_for():
    month, problem = period_asked({"month": "2026-11"}, TODAY)
    assert (month.as_query(), problem) == ({"month": "2026-11"}, None)
    assert month.label("id") == "November 2026"

    days, problem = period_asked({"by": "range", "from": "2026-11-20", "to": "2026-12-05"}, TODAY)
    assert (days.as_query(), problem) == ({"from": "2026-11-20", "to": "2026-12-05"}, None)
    assert days.label("id") == "20 Nov 2026 \u2013 5 Des 2026"

    # The range's button wins over the month select the form always sends along.
    both = {"by": "range", "month": "2026-01", "from": "2026-01-05", "to": "2026-01-09"}
    assert period_asked(both, TODAY)[0].as_query() == {"from": "2026-01-05", "to": "2026-01-09"}


@pytest.mark.parametrize(
    "asked",
    [
        {"by": "range", "from": "2026-12-05", "to": "2026-11-20"},  # ends before it starts
        {"by": "range", "from": "2025-01-01", "to": "2026-02-01"},  # longer than a year
        {"by": "range", "from": "2026-11-20"},  # no last day
        {"month": "2026-13"},
    ],
)
def test_a_period_that_cannot_be_shown_falls_back_to_this_month_and_says_so(asked):
    shown, problem = period_asked(asked, TODAY)

    assert shown.as_query() == {"month": "2026-02"}
    assert problem == INVALID_PERIOD


def test_nothing_asked_is_this_month_in_wib():
    assert period_asked({}, TODAY) == (period_asked({"month": "2026-02"}, TODAY)[0], None)


def test_the_month_list_reaches_a_year_back_and_the_months_booked_ahead_across_new_year():
    months = month_choices(TODAY, "id")

    assert months[:5] == [
        ("2026-05", "Mei 2026"),
        ("2026-04", "April 2026"),
        ("2026-03", "Maret 2026"),
        ("2026-02", "Februari 2026"),
        ("2026-01", "Januari 2026"),
    ]
    assert months[-1] == ("2025-02", "Februari 2025")
    assert len(months) == 16


def test_a_month_shown_from_an_address_is_in_the_list_in_its_place():
    months = [value for value, _ in month_choices(TODAY, "id", "2024-06")]

    assert months[-1] == "2024-06"
    assert "2026-02" in months
    assert month_choices(TODAY, "id", "2026-01") == month_choices(TODAY, "id")


def test_sponsor_rows_are_summed_per_community_with_its_name_and_drawn_on_one_scale():
    rows = [
        sponsor_row(KOMPAS, hours_requested=10, hours_approved=8, hours_used=6),
        sponsor_row(KOMPAS, month="2026-12", hours_requested=10.5, hours_used=2.25),
        sponsor_row(GITAR, hours_requested=4, hours_approved=4, hours_no_show=2),
        sponsor_row(DISDIK, hours_requested=1) | {"sponsor_agency": "Disdik"},
    ]  # fmt: skip
    names = {KOMPAS: "Komunitas Musik Baros", GITAR: "Gitar Cimahi"}

    communities = reports.community_totals(rows, names)

    assert [(c.sponsor_agency, c.name) for c in communities] == [
        ("Disdik", DISDIK),  # tenancy no longer names it: its id is shown
        ("Dispudpar", "Gitar Cimahi"),
        ("Dispudpar", "Komunitas Musik Baros"),
    ]
    baros = communities[2]
    assert (baros.hours_requested, baros.hours_approved, baros.hours_used) == (20.5, 8, 8.25)
    chart = reports.sponsor_chart(communities, "id")
    assert chart[2].label == "Komunitas Musik Baros"
    assert chart[2].bars == ((100, "20,5"), (39, "8"), (40, "8,25"))
    assert chart[1].bars[0] == (19, "4")


def test_utilisation_totals_take_the_spaces_totals_rows_over_the_months():
    def row(month, kind, booked, used, opening):
        return {
            "month": month, "site": "bitc", "space_id": "s1", "space_code": "BITC-MR1",
            "space_name": "Ruang Musik 1", "space_type": "music_room", "tenant_kind": kind,
            "booked_hours": booked, "used_hours": used, "opening_hours": opening,
        }  # fmt: skip

    rows = [
        row("2026-11", "all", 30, 20, 100),
        row("2026-11", "community", 30, 20, 100),
        row("2026-12", "all", 10, 10, 100),
        row("2026-12", "startup", 10, 10, 100),
    ]

    [space] = reports.space_totals(rows)

    assert (space.booked_hours, space.used_hours, space.opening_hours) == (40, 30, 200)
    assert space.share_of_opening == 0.2
    assert reports.kind_totals(rows) == {"community": (30, 20), "startup": (10, 10)}
    [group] = reports.utilisation_chart([space], "id")
    assert group.label == "BITC \u00b7 Ruang Musik 1"
    assert group.bars == ((20, "20%"), (15, "15%"))


def test_admissions_are_summed_per_month_over_the_kinds():
    rows = [
        {"month": "2026-12", "kind": "startup", "admitted": 1, "graduated": 2},
        {"month": "2026-11", "kind": "startup", "admitted": 3, "graduated": 0},
        {"month": "2026-11", "kind": "community", "admitted": 1, "graduated": 1},
    ]

    by_month = reports.admissions_by_month(rows)

    assert by_month == {"2026-11": (4, 1), "2026-12": (1, 2)}
    chart = reports.admissions_chart(by_month, "id")
    assert [(g.label, g.bars) for g in chart] == [
        ("Nov 2026", ((100, "4"), (25, "1"))),
        ("Des 2026", ((25, "1"), (50, "2"))),
    ]


def test_a_download_passes_on_only_its_own_filters_and_keeps_repeated_ones():
    asked = [("site", "bitc"), ("status", "confirmed"), ("status", "completed"), ("tenant_id", ""),
             ("limit", "5"), ("Authorization", "x")]  # fmt: skip

    forwarded = DOWNLOADS["exports/bookings"].forwarded(asked)

    assert forwarded == [("site", "bitc"), ("status", "confirmed"), ("status", "completed")]
    sponsors = DOWNLOADS["reports/sponsors"]
    assert (sponsors.upstream, sponsors.path) == ("booking", "/reports/sponsors")
    assert sponsors.forwarded([("month", "2026-11"), ("site", "bitc")]) == [
        ("month", "2026-11"),
        ("site", "bitc"),
    ]


def test_the_reports_menu_entry_is_staffs_only():
    def urls(roles):
        return {entry.url for entry in visible_entries(roles)}

    assert "/reports" in urls(frozenset({Role.manager}))
    assert "/reports" in urls(frozenset({Role.admin}))
    assert "/reports" not in urls(frozenset({Role.community_lead}))
    assert "/reports" not in urls(frozenset({Role.integrator}))


def test_the_sponsor_page_shows_names_figures_and_a_csv_link_for_the_same_period():
    communities = reports.community_totals(
        [sponsor_row(KOMPAS, hours_requested=12.5, hours_used=7.75)],
        {KOMPAS: "Komunitas Musik Baros"},
    )
    choice, _ = period_asked({"month": "2026-11"}, TODAY)
    page = Pages().environments["id"].get_template("reports/sponsors.html")

    html = page.render(
        layout("id")
        | {
            "action": "/reports/sponsors", "choice": choice, "period_label": choice.label("id"),
            "month_choices": month_choices(TODAY, "id"), "site": "bitc",
            "site_names": {"bitc": "BITC"},
            "csv_links": {"sponsors": "/reports/sponsors.csv?month=2026-11&site=bitc"},
            "download_labels": reports.DOWNLOAD_LABELS,
            "decimal": lambda value: reports.hours(value, "id"),
            "communities": communities, "chart": reports.sponsor_chart(communities, "id"),
            "agencies": ["Disdik", "Dispudpar"], "agency": "Dispudpar",
        }
    )  # fmt: skip

    assert "<h1>Laporan sponsor</h1>" in html
    assert "Laporan sponsor November 2026 · BITC · Dispudpar</h2>" in html
    assert '<option value="Dispudpar" selected>Dispudpar</option>' in html
    assert '<th scope="row">Komunitas Musik Baros</th>' in html
    assert "12,5" in html
    assert "7,75" in html
    assert 'href="/reports/sponsors.csv?month=2026-11&amp;site=bitc"' in html
    assert ">Unduh CSV</a>" in html
    assert 'style="width: 100%"' in html  # the requested hours' bar, the chart's scale


def report_context(report, asked):
    choice, _ = period_asked(asked, TODAY)
    return layout("id") | {
        "action": f"/reports/{report}", "choice": choice, "period_label": choice.label("id"),
        "month_choices": month_choices(TODAY, "id", choice.month), "site": "",
        "site_names": SITE_NAMES, "space_type_names": SPACE_TYPE_NAMES, "kind_names": KIND_NAMES,
        "download_labels": reports.DOWNLOAD_LABELS,
        "decimal": lambda value: reports.hours(value, "id"),
        "percent": lambda value: reports.percent(value, "id"),
        "month_label": lambda month: reports.month_label(month, "id"),
    }  # fmt: skip


def test_the_occupancy_page_shows_the_offices_and_the_admissions_of_each_month():
    offices = [
        {"month": "2026-11", "site": "bitc", "units_total": 10, "units_leased": 3,
         "area_leased_m2": 55.5, "leases_started": 1, "leases_renewed": 0, "leases_ending": 2,
         "leases_ended": 1},
    ]  # fmt: skip
    admissions = [
        {"month": "2026-11", "kind": "community", "registered": 3, "admitted": 2,
         "graduated": 1, "offboarded": 0, "active_at_month_end": 5},
    ]  # fmt: skip
    by_month = reports.admissions_by_month(admissions)
    page = Pages().environments["id"].get_template("reports/occupancy.html")

    html = page.render(
        report_context("occupancy", {"month": "2026-11"})
        | {
            "csv_links": {"occupancy": "/reports/occupancy.csv?month=2026-11",
                          "admissions": "/reports/admissions.csv?month=2026-11"},
            "offices": offices, "admissions": admissions,
            "occupancy_chart": reports.occupancy_chart(offices, "id"),
            "admissions_chart": reports.admissions_chart(by_month, "id"),
        }
    )  # fmt: skip

    assert "3 dari 10" in html
    assert "55,5" in html
    assert '<option value="2026-11" selected>November 2026</option>' in html
    assert ">Unduh data kantor (CSV)</a>" in html
    assert ">Unduh penerimaan tenant (CSV)</a>" in html
    assert 'style="width: 30%"' in html  # 3 of 10 units


def test_the_utilisation_page_shows_each_spaces_share_of_its_opening_hours():
    rows = [
        {"month": "2026-11", "site": "bitc", "space_id": "s1", "space_code": "BITC-MUSIC-1",
         "space_name": "Ruang Musik 1", "space_type": "music_room", "tenant_kind": kind,
         "booked_hours": 25.0, "used_hours": 20.0, "opening_hours": 100.0}
        for kind in ("all", "community")
    ]  # fmt: skip
    spaces = reports.space_totals(rows)
    page = Pages().environments["id"].get_template("reports/utilisation.html")

    html = page.render(
        report_context("utilisation", {"by": "range", "from": "2026-11-01", "to": "2026-11-30"})
        | {
            "csv_links": {"utilisation": "/reports/utilisation.csv?from=2026-11-01&to=2026-11-30"},
            "spaces": spaces, "kinds": reports.kind_totals(rows),
            "chart": reports.utilisation_chart(spaces, "id"),
        }
    )  # fmt: skip

    assert "BITC · Ruang Musik 1" in html
    assert "25%" in html
    assert "<td>Ruang musik</td>" in html
    assert '<th scope="row">Komunitas</th>' in html  # the hours by kind of tenant
    assert 'value="2026-11-30"' in html


def layout(language):
    viewer = Viewer(session=None, session_token=None, visitor="v", language=language)
    return {
        "viewer": viewer, "site_name": "BITC", "language": language, "languages": ("id", "en"),
        "nav": [], "csrf_field": "csrf", "csrf_token": "t", "here": "/reports/sponsors",
    }  # fmt: skip


def template_msgids(folder):
    found = set()
    for template in sorted((TEMPLATES / folder).glob("*.html")):
        with template.open("rb") as source:
            for _, _, message, _ in babel_extract(source, ("_", "gettext", "ngettext"), [], {}):
                found |= {t for t in (message if isinstance(message, tuple) else (message,)) if t}
    return found


def test_every_sentence_of_the_report_pages_and_download_links_is_in_bahasa_indonesia():
    translated = set(load_language("id").messages)
    shown = template_msgids("reports") | set(reports.DOWNLOAD_LABELS.values()) | {INVALID_PERIOD}
    shown |= {text for _, title, summary in REPORTS for text in (title, summary)}
    shown |= {entry.label for entry in NAV if entry.url == "/reports"}
    shown |= {text for folder in ("tenants", "units_leases", "notifications_log", "board")
              for text in template_msgids(folder) if text.startswith("Download")}  # fmt: skip

    assert len(shown) > 50
    assert shown - translated == set()
