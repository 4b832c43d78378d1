"""services.kpis.definitions: every KPI is defined once, named in the catalogue, and computed."""

from __future__ import annotations

from services.i18n import all_messages
from services.kpis import definitions
from services.kpis import engine as kpis


def test_codes_are_unique_and_every_definition_is_complete():
    codes = [d.code for d in definitions.DEFINITIONS]
    assert len(codes) == len(set(codes)) == 22
    for d in definitions.DEFINITIONS:
        assert d.unit in definitions.UNITS, d.code
        assert d.counts in definitions.COUNTS, d.code
        assert set(d.breakdowns) <= set(kpis.BREAKDOWNS), d.code
        assert bool(d.kinds) == (d.counts == "served"), d.code
        assert (d.clock is not None) == (d.counts == "complaints"), d.code


def test_every_kpi_has_a_name_and_a_definition_in_both_languages():
    messages = all_messages()
    for d in definitions.DEFINITIONS:
        for key in (d.name_key, d.help_key):
            assert set(messages[key]) >= {"zh-CN", "en"}, key


def test_the_engine_computes_each_definition_in_order():
    assert [k.definition for k in kpis.KPIS] == list(definitions.DEFINITIONS)
    assert kpis.kpi("offhours_fairness").higher_is_better is False
    assert kpis.kpi("rectified_on_time").breakdowns == ()
    assert kpis.kpi("complaints_3d").trend_facts is not None
    assert kpis.kpi("offhours_fairness").distribution is not None
    assert kpis.kpi("tours").distribution is None
