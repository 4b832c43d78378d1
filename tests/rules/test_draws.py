from datetime import date

import pytest

from rules.draws import excluded, period_bounds, unit_rule


def test_period_bounds_for_months_and_quarters():
    assert period_bounds("2027-01") == (date(2027, 1, 1), date(2027, 2, 1))
    assert period_bounds("2027-12") == (date(2027, 12, 1), date(2028, 1, 1))
    assert period_bounds("2027-Q4") == (date(2027, 10, 1), date(2028, 1, 1))
    for bad in ("2027-13", "2027-1", "2027Q1", "x"):
        with pytest.raises(ValueError):
            period_bounds(bad)


def test_each_ground_of_exclusion_alone():
    ok = dict(last_inspectors=[], conflicts=[], districts=["白塔区"])
    assert not excluded("E1", "U1", "白塔区", **ok)
    assert excluded("E1", "U1", "白塔区", **{**ok, "last_inspectors": ["E1"]})
    assert excluded("E1", "U1", "白塔区", **{**ok, "conflicts": ["U1"]})
    assert excluded("E1", "U1", "文圣区", **ok)


@pytest.mark.parametrize(
    ("key_unit", "open_hazard", "key_rule", "hazard_rule", "treated"),
    [
        (False, False, "always", "always", "share"),  # neither rule applies
        (True, False, "always", "never", "always"),
        (False, True, "never", "always", "always"),
        (False, True, "share", "never", "never"),
        (True, True, "always", "never", "never"),  # a "never" wins
        (True, True, "never", "always", "never"),
        (True, True, "share", "share", "share"),
    ],
)
def test_the_key_unit_and_hazard_rules_combine(
    key_unit, open_hazard, key_rule, hazard_rule, treated
):
    assert unit_rule(key_unit, open_hazard, key_rule, hazard_rule) == treated
