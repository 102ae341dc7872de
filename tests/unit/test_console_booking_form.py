"""The booking form offers the slots a person could really book: on the space's grid, inside
a free interval of the chosen day, after the lead time, in the lengths its rules allow."""

from datetime import date, datetime, timedelta

from services.console.domain.booking_form import SlotRules, chosen_slot, days_offered, free_slots
from services.console.domain.formatting import WIB

DAY = date(2026, 12, 15)
EARLY = datetime(2026, 12, 1, 8, 0, tzinfo=WIB)


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB)


def starts(slots) -> list[str]:
    return [slot.starts_at.strftime("%H:%M") for slot in slots]


def test_slots_are_every_grid_start_from_which_the_length_fits_in_a_free_interval():
    free = [(at(9), at(11)), (at(13, 30), at(14, 30))]

    slots = free_slots(free, DAY, 60, SlotRules(granularity=30), EARLY)

    assert starts(slots) == ["09:00", "09:30", "10:00", "13:30"]
    assert all(slot.ends_at - slot.starts_at == timedelta(hours=1) for slot in slots)


def test_a_free_interval_off_the_grid_offers_its_first_start_on_the_grid():
    slots = free_slots([(at(9, 10), at(11))], DAY, 60, SlotRules(granularity=30), EARLY)

    assert starts(slots) == ["09:30", "10:00"]


def test_no_slot_starts_before_the_lead_time_is_over():
    now = at(9, 5)
    rules = SlotRules(granularity=30, lead_minutes=60)

    slots = free_slots([(at(8), at(13))], DAY, 60, rules, now)

    assert starts(slots)[0] == "10:30"


def test_no_slot_is_offered_further_ahead_than_the_rules_allow():
    now = at(10) - timedelta(days=2)

    slots = free_slots([(at(8), at(13))], DAY, 60, SlotRules(days_ahead=2), now)

    assert starts(slots) == ["08:00", "08:30", "09:00", "09:30", "10:00"]


def test_only_the_chosen_days_part_of_an_interval_over_midnight_counts():
    free = [(at(22, 0, DAY - timedelta(days=1)), at(1))]

    slots = free_slots(free, DAY, 30, SlotRules(granularity=30), EARLY)

    assert starts(slots) == ["00:00", "00:30"]


def test_the_lengths_on_offer_follow_the_rules_and_stay_few():
    assert SlotRules(min_minutes=60, max_minutes=180, granularity=30).lengths() == [
        60,
        90,
        120,
        150,
        180,
    ]
    many = SlotRules(min_minutes=30, max_minutes=720, granularity=30).lengths()
    assert many[:3] == [30, 60, 120]
    assert len(many) == 8


def test_a_length_not_on_offer_falls_back_to_the_first_of_at_least_an_hour():
    rules = SlotRules(min_minutes=30, max_minutes=240, granularity=30)

    assert rules.length_or_default(90) == 90
    assert rules.length_or_default(95) == 60
    assert rules.length_or_default(None) == 60


def test_the_rules_are_read_from_bookings_effective_rules():
    effective = {
        "min_duration_min": 60,
        "max_duration_min": 240,
        "granularity_min": 30,
        "min_lead_min": 120,
        "max_days_ahead": 60,
    }

    assert SlotRules.of(effective) == SlotRules(60, 240, 30, 120, 60)


def test_the_chosen_slot_is_read_back_in_wib_and_a_time_without_offset_is_refused():
    slot = chosen_slot("2026-12-15T02:00:00+00:00", 90)

    assert slot is not None
    assert (slot.starts_at, slot.ends_at) == (at(9), at(10, 30))
    assert chosen_slot("2026-12-15T09:00:00", 90) is None
    assert chosen_slot("nine o'clock", 90) is None


def test_the_day_links_start_today():
    assert days_offered(DAY, 3) == [DAY, DAY + timedelta(days=1), DAY + timedelta(days=2)]
