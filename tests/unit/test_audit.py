"""What an audit entry may hold: an action named "<target type>.<verb>", and never personal data
in its details, so the log can outlive the erasure of a tenant's contact."""

import pytest

from shared.audit.log import StaffAction


def test_the_target_type_is_what_the_action_is_done_to():
    action = StaffAction("manager:ayu", "closure.reopen", "c-1")
    assert action.target_type == "closure"


@pytest.mark.parametrize("key", ["name", "email", "phone", "contact", "display_name"])
def test_details_that_would_hold_personal_data_are_refused(key):
    with pytest.raises(ValueError, match=key):
        StaffAction("staff", "tenant.update_profile", "t-1", details={key: "Asep"})


def test_ids_codes_and_figures_are_accepted():
    details = {"tenant_id": "t-1", "plan_code": "startup", "monthly_fee_idr": 250_000}
    assert StaffAction("staff", "plan.edit", "startup", details=details).details == details
