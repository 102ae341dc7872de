"""The topics' durability settings: production defaults, refused combinations, and what setup
applies to a topic it finds (never lowering min-ISR, keeping settings it does not own)."""

import pytest

from bitc.topic_durability import SINGLE_BROKER, DurabilityError, TopicDurability


def test_production_defaults_are_three_copies_two_of_which_hold_each_write(monkeypatch):
    monkeypatch.delenv("KAFKA_REPLICATION_FACTOR", raising=False)
    monkeypatch.delenv("KAFKA_MIN_INSYNC_REPLICAS", raising=False)
    assert TopicDurability.from_environment() == TopicDurability(3, 2)


def test_the_environment_sets_both(monkeypatch):
    monkeypatch.setenv("KAFKA_REPLICATION_FACTOR", "5")
    monkeypatch.setenv("KAFKA_MIN_INSYNC_REPLICAS", "3")
    assert TopicDurability.from_environment() == TopicDurability(5, 3)


@pytest.mark.parametrize(
    ("factor", "min_isr", "says"),
    [("2", "3", "more than"), ("0", "1", "1 or more"), ("three", "2", "not a whole number")],
)
def test_settings_no_write_could_meet_are_refused_naming_the_setting(
    monkeypatch, factor, min_isr, says
):
    monkeypatch.setenv("KAFKA_REPLICATION_FACTOR", factor)
    monkeypatch.setenv("KAFKA_MIN_INSYNC_REPLICAS", min_isr)
    with pytest.raises(DurabilityError, match=says):
        TopicDurability.from_environment()


def test_a_new_topic_gets_its_spec_and_the_min_isr_setting():
    applied = TopicDurability(3, 2).configs_to_apply({"retention.ms": "-1"}, {})
    assert applied == {"retention.ms": "-1", "min.insync.replicas": "2"}


def test_a_higher_min_isr_found_on_a_topic_is_kept():
    found = {"min.insync.replicas": "3", "retention.ms": "-1"}
    assert TopicDurability(3, 2).configs_to_apply({"retention.ms": "-1"}, found) is None


def test_settings_the_kafka_team_added_stay_and_the_spec_wins_on_its_own_keys():
    found = {"max.message.bytes": "2097152", "retention.ms": "86400000", "min.insync.replicas": "1"}
    applied = TopicDurability(3, 2).configs_to_apply({"retention.ms": "-1"}, found)
    assert applied == {
        "max.message.bytes": "2097152",
        "retention.ms": "-1",
        "min.insync.replicas": "2",
    }


def test_a_topic_already_in_line_is_left_alone():
    found = {"retention.ms": "-1", "min.insync.replicas": "1"}
    assert SINGLE_BROKER.configs_to_apply({"retention.ms": "-1"}, found) is None
