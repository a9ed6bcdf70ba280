"""DataFrame helpers: per-row network defaults in add_kpis, and summarize per network and period."""

from __future__ import annotations

import math

import pytest

import kpixl
from kpixl.errors import BadInputError

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")


@pytest.fixture
def posts() -> pd.DataFrame:
    return pd.DataFrame({
        "network": ["x", "instagram", "instagram", "x", "linkedin", "instagram"],
        "published_at": ["2026-01-05T10:00:00Z", "2026-01-20T08:00:00+01:00", "2026-02-03", "2026-02-14",
                         "2026-02-20", "2026-02-28"],
        "likes": [10, 100, 50, 4, 20, None],
        "comments": [2, 10, 5, 0, 3, 1],
        "shares": [3, 5, 0, 1, 2, 1],
        "saves": [0, 20, 5, 0, 0, 2],
        "clicks": [5, 30, 10, 2, 8, 0],
        "follows": [0, 0, 0, 0, 1, 0],
        "impressions": [400, 3000, 1000, 100, 500, 0],
        "reach": [np.nan, 2000, 0, np.nan, 300, 0],
        "spend": [0.0, 50.0, 10.0, 0.0, 20.0, 5.0],
    })


def test_add_kpis_uses_each_rows_network_defaults(posts):
    out = kpixl.add_kpis(posts, ["engagements", "engagement_rate"])
    # X: likes + replies + reposts + clicks over impressions
    assert out.loc[0, "engagements"] == 20
    assert out.loc[0, "engagement_rate"] == pytest.approx(20 / 400)
    # Instagram: likes + comments + shares + saves over reach
    assert out.loc[1, "engagements"] == 135
    assert out.loc[1, "engagement_rate"] == pytest.approx(135 / 2000)
    # LinkedIn adds clicks and follows, over impressions
    assert out.loc[4, "engagement_rate"] == pytest.approx((20 + 3 + 2 + 8 + 1) / 500)
    assert len(out) == len(posts) and list(out.index) == list(posts.index)
    assert "engagement_rate" not in posts.columns  # a copy


def test_add_kpis_keeps_no_value_as_nan_never_zero(posts):
    out = kpixl.add_kpis(posts, ["engagement_rate", "ctr", "cpc"])
    assert math.isnan(out.loc[2, "engagement_rate"])  # Instagram reach 0
    assert math.isnan(out.loc[5, "engagement_rate"])  # likes missing
    assert math.isnan(out.loc[5, "ctr"])  # impressions 0
    assert out.loc[2, "ctr"] == pytest.approx(0.01)
    assert out["engagement_rate"].dtype == float


def test_add_kpis_with_explicit_variant_and_interactions(posts):
    out = kpixl.add_kpis(posts, ["engagement_rate"], variant="impressions", interactions=["likes"])
    assert out.loc[1, "engagement_rate"] == pytest.approx(100 / 3000)
    assert out.loc[0, "engagement_rate"] == pytest.approx(10 / 400)


def test_add_kpis_skips_or_raises_when_columns_are_missing(posts):
    out = kpixl.add_kpis(posts, ["cpa", "ctr"])
    assert "cpa" not in out and "ctr" in out
    with pytest.raises(BadInputError, match="cpa"):
        kpixl.add_kpis(posts, ["cpa"], strict=True)


def test_add_kpis_without_network_column(posts):
    out = kpixl.add_kpis(posts.drop(columns="network"), ["engagements"])
    assert out.loc[1, "engagements"] == 100 + 10 + 5 + 20 + 30 + 0  # every interaction column the table has


def test_summarize_per_month_equals_aggregate_on_the_subset(posts):
    table = kpixl.summarize(posts, ["engagement_rate", "ctr", "cpc"], period="M")
    stamps = pd.to_datetime(posts["published_at"], utc=True, format="mixed")
    months = stamps.dt.tz_localize(None).dt.to_period("M").astype(str)
    assert set(table["period"]) == {"2026-01", "2026-02"}  # mixed ISO date and timestamp strings all parse
    assert len(table) == posts.assign(month=months).groupby(["network", "month"]).ngroups
    for _, row in table.iterrows():
        part = posts[(posts["network"] == row["network"]) & (months == row["period"])]
        assert row["posts"] == len(part)
        for kpi_id in ("engagement_rate", "ctr", "cpc"):
            inputs = kpixl.get(kpi_id).inputs(network=row["network"])
            expected = kpixl.aggregate(kpi_id, network=row["network"], **{n: part[n] for n in inputs})
            if expected is None:
                assert math.isnan(row[kpi_id]), (row["network"], row["period"], kpi_id)
            else:
                assert row[kpi_id] == pytest.approx(expected), (row["network"], row["period"], kpi_id)


def test_summarize_ratio_of_sums_by_default_and_mean_on_request(posts):
    instagram = posts[posts["network"] == "instagram"].iloc[:2]
    pooled = kpixl.summarize(instagram, ["ctr"]).iloc[0]["ctr"]
    assert pooled == pytest.approx((30 + 10) / (3000 + 1000))
    mean = kpixl.summarize(instagram, ["ctr"], how="mean").iloc[0]["ctr"]
    assert mean == pytest.approx((30 / 3000 + 10 / 1000) / 2)


def test_summarize_by_network_only(posts):
    table = kpixl.summarize(posts, ["engagements"])
    assert list(table["network"]) == ["instagram", "linkedin", "x"]
    assert table.set_index("network").loc["x", "engagements"] == 20 + 7


NORMALIZED = ["facebook_posts_en.csv", "instagram_posts_en.csv", "linkedin_content.xlsx", "x_content.csv",
              "tiktok_content.csv", "meta_ads.csv"]


def test_readme_recipe_on_a_normalized_csv_fills_blank_engagements(tmp_path, run_kpixl):
    """`kpixl normalize` always writes an engagements column, blank for exports without their own total: the blank
    rows get engagements (and so engagement rate) from their components, the filled ones keep the export's value."""
    from pathlib import Path


    exports = Path(__file__).parents[1] / "fixtures" / "exports"
    out = tmp_path / "posts.csv"
    result = run_kpixl("normalize", *(str(exports / n) for n in NORMALIZED), "-o", str(out), "--year", "2026")
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out)
    assert frame["engagements"].isna().sum() > 10  # the bug's premise: mostly blank
    kpis = kpixl.add_kpis(frame, ["engagements", "engagement_rate"])
    rated = set()
    for i, row in frame.iterrows():
        inputs = {k: (None if pd.isna(v) else v) for k, v in row.items() if k != "engagements"}
        inputs = {k: v for k, v in inputs.items() if k not in ("network", "post_id", "published_at", "post_type",
                                                             "text", "permalink", "currency")}
        if pd.isna(row["engagements"]):
            want = kpixl.compute("engagement_rate", network=row["network"], **inputs)
        else:  # the export's own total is kept
            assert kpis.loc[i, "engagements"] == row["engagements"]
            want = kpixl.compute("engagement_rate", network=row["network"], engagements=row["engagements"],
                                 **inputs)
        got = kpis.loc[i, "engagement_rate"]
        if want is None:
            assert math.isnan(got), (row["network"], i)
        else:
            assert got == pytest.approx(want), (row["network"], i)
            rated.add(row["network"])
    assert {"facebook", "instagram", "linkedin", "tiktok", "x"} <= rated
    summary = kpixl.summarize(frame, ["engagement_rate"]).set_index("network")
    assert summary["engagement_rate"].notna().all()


def test_blank_derived_cells_are_computed_per_network(posts):
    frame = posts.assign(engagements=[np.nan, 999, np.nan, np.nan, np.nan, np.nan],
                         emv=[np.nan, 5.0, np.nan, np.nan, np.nan, np.nan])
    out = kpixl.add_kpis(frame, ["engagements", "emv_ratio"])
    assert out.loc[0, "engagements"] == 20  # X: likes + replies + reposts + clicks
    assert out.loc[1, "engagements"] == 999 and out.loc[1, "emv_ratio"] == 5.0 / 50  # given values win
    assert out.loc[4, "engagements"] == 34  # LinkedIn adds clicks and follows
    assert out.loc[5, "engagements"] == 4  # likes blank: not reported on that post, the others count
    linkedin_emv = kpixl.compute("emv", network="linkedin", likes=20, comments=3, shares=2, impressions=500,
                                 clicks=8, saves=0, follows=1, reach=300, spend=20.0)
    assert out.loc[4, "emv_ratio"] == pytest.approx(linkedin_emv / 20)
    assert math.isnan(frame.loc[0, "engagements"])  # the caller's frame is not changed
