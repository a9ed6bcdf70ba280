"""The catalog's declarations: complete, bilingual, consistent, and every input a known name."""

from __future__ import annotations

import pytest

from kpixl.catalog import fields
from kpixl.catalog.expr import inputs_of, params_of, to_text
from kpixl.catalog.kpi import (
    AGGREGATIONS,
    AREAS,
    DERIVED,
    INTERACTIONS,
    NETWORK_INTERACTIONS,
    NETWORK_RATE_BASIS,
    UNITS,
    Kpi,
    Text,
    Variant,
    catalog,
    get,
    interactions_for,
)
from kpixl.errors import BadInputError, UnknownKpiError
from kpixl.text.labels import LABELS

KPIS = list(catalog().values())
IDS = [k.id for k in KPIS]

CANONICAL = set(fields.POST_METRIC_FIELDS) | set(fields.DAILY_FIELDS)
EXTRA_INPUTS = {
    "active_followers", "brand_engagements", "brand_impressions", "brand_mentions", "competitor_engagements",
    "competitor_impressions", "competitor_mentions", "customers", "followers_end", "followers_start", "leads",
    "mentions", "messages", "negative", "neutral", "positive", "posts", "previous_mentions",
    "rating", "response_seconds", "responses", "reviews", "session_seconds", "sessions", "social_sessions",
    "weeks",
}
"""Inputs the catalog reads that are not canonical table fields: period figures, analytics, listening, reviews."""


def _filled(text: Text) -> bool:
    return bool(text.en.strip()) and bool(text.es.strip())


def test_catalog_size_and_unique_ids():
    assert len(KPIS) == 54
    assert len(set(IDS)) == len(IDS)
    assert all(k.id == k.id.lower().strip() and " " not in k.id for k in KPIS)


def test_catalog_is_grouped_by_area_in_plan_order():
    areas = [k.area for k in KPIS]
    assert sorted(areas, key=AREAS.index) == areas
    assert set(areas) == set(AREAS)


@pytest.mark.parametrize("kpi", KPIS, ids=IDS)
def test_declaration_is_complete_and_bilingual(kpi: Kpi):
    assert _filled(kpi.name) and _filled(kpi.description)
    assert kpi.name.en != kpi.name.es
    assert kpi.unit in UNITS and kpi.direction in ("higher", "lower") and kpi.aggregation in AGGREGATIONS
    assert kpi.area in AREAS
    assert kpi.variants and len(set(kpi.variant_ids)) == len(kpi.variant_ids)
    for variant in kpi.variants:
        assert isinstance(variant, Variant) and _filled(variant.label)
        assert not variant.source or variant.source.startswith(("https://", "http://"))
    for network, variant in kpi.network_variants.items():
        assert network in NETWORK_INTERACTIONS and variant in kpi.variant_ids


@pytest.mark.parametrize("kpi", KPIS, ids=IDS)
def test_every_kpi_has_actions_in_both_languages(kpi: Kpi):
    actions = (*kpi.actions.below, *kpi.actions.above)
    assert actions, f"{kpi.id} has no action"
    assert all(_filled(a) and a.en != a.es for a in actions)


@pytest.mark.parametrize("kpi", KPIS, ids=IDS)
def test_every_input_is_known(kpi: Kpi):
    for variant in kpi.variants:
        for name in inputs_of(variant.expr):
            assert name in CANONICAL or name in DERIVED or name in EXTRA_INPUTS, f"{kpi.id}:{variant.id} {name!r}"
        expanded = kpi.expression(variant.id)
        assert not set(inputs_of(expanded)) & {"emv"}, "derived inputs are expanded"
        to_text(expanded)  # every node renders


def test_extra_inputs_are_all_used():
    used = {name for k in KPIS for v in k.variants for name in inputs_of(v.expr)}
    assert used >= EXTRA_INPUTS
    assert not EXTRA_INPUTS & CANONICAL


def test_units_directions_and_areas_have_labels_in_both_languages():
    for key in (*UNITS, "higher", "lower", *AREAS):
        assert key in LABELS and LABELS[key]["en"] and LABELS[key]["es"], key


def test_network_defaults_are_consistent():
    assert set(NETWORK_RATE_BASIS) == set(NETWORK_INTERACTIONS)
    assert all(set(fields_) <= set(INTERACTIONS) for fields_ in NETWORK_INTERACTIONS.values())
    rate = get("engagement_rate")
    for network, basis in NETWORK_RATE_BASIS.items():
        assert rate.variant_for(network=network).id == basis
        assert basis in rate.inputs(network=network)


def test_params_have_defaults():
    assert get("emv").params("cpm") == {"emv_cpm": 10.8}
    assert set(get("emv").params("actions")) == {"emv_like", "emv_comment", "emv_share", "emv_vpm"}
    assert all(isinstance(v, (int, float)) for k in KPIS for v in params_of(k.expression()).values())


def test_lookup_is_case_insensitive_and_suggests():
    assert get(" CTR ").id == "ctr"
    with pytest.raises(UnknownKpiError, match="did you mean"):
        get("engagment_rate")
    with pytest.raises(UnknownKpiError, match="kpixl kpis"):
        get("zzzzzz")
    with pytest.raises(BadInputError, match="choose one of"):
        get("ctr").variant_for("followers")


def test_interaction_sets():
    assert interactions_for("instagram") == ("likes", "comments", "shares", "saves")
    assert interactions_for(None) == ("likes", "comments", "shares")
    assert interactions_for(None, available=["saves", "likes", "reach"]) == ("likes", "saves")
    assert interactions_for("x", ["likes"]) == ("likes",)
    with pytest.raises(BadInputError, match="unknown interaction"):
        interactions_for(None, ["hearts"])
    with pytest.raises(BadInputError, match="unknown network"):
        interactions_for("myspace")


def test_declaration_validation():
    base = dict(id="t", area="engagement", name=Text("a", "b"), description=Text("a", "b"), unit="count",
                direction="higher", variants=(get("reach").variants[0],))
    Kpi(**base)
    for bad, message in ((dict(unit="percent"), "unit"), (dict(direction="up"), "direction"),
                         (dict(aggregation="avg"), "aggregation"), (dict(variants=()), "variant")):
        with pytest.raises(ValueError, match=message):
            Kpi(**{**base, **bad})
