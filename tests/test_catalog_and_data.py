"""The catalog and the bundled data agree both ways, and the bundled build meets its promises."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from etl.build import check
from indicators.model.economies import ECONOMY_CODES
from tests.conftest import ROOT


def raw_indicator_ids() -> set[str]:
    ids = set()
    for sidecar in (ROOT / "data" / "raw").glob("*/source.yaml"):
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        if meta["format"] != "observations_csv":
            continue
        for name in meta["files"]:
            with open(sidecar.parent / name, encoding="utf-8") as fh:
                ids |= {r["indicator_id"] for r in csv.DictReader(fh)}
    return ids


def test_every_raw_indicator_is_in_the_catalog(catalog):
    assert raw_indicator_ids() - set(catalog.indicators) == set()


def test_every_catalog_indicator_has_data(catalog, bundled_obs):
    assert set(catalog.indicators) - set(bundled_obs["indicator_id"]) == set()


def test_catalog_indicators_name_existing_datasets(catalog):
    datasets = {p.parent.name for p in (ROOT / "data" / "raw").glob("*/source.yaml")}
    for ind in catalog.indicators.values():
        assert set(ind.sources) <= datasets, ind.id


def test_bundled_raw_data_is_valid(catalog):
    extracted, problems = check([ROOT / "data" / "raw"], catalog, ROOT / "data")
    assert problems == []
    assert len(extracted) >= 5


def test_bundled_build_has_enough_real_data(bundled_data_dir, bundled_obs):
    import json

    manifest = json.loads((bundled_data_dir / "warehouse" / "manifest.json").read_text())
    real = bundled_obs[bundled_obs["confidence"] != "synthetic"]
    assert len(real) >= 150
    assert real["dataset"].nunique() >= 5
    assert set(real["economy"]) == set(ECONOMY_CODES)
    assert manifest["real_observations"] == len(real)
    assert all(len(i["sha256"]) == 64 for i in manifest["inputs"])
    assert set(manifest["tables"]) >= {"economies", "indicators", "sources", "observations"}


def test_conflicting_sources_are_both_kept(bundled_obs):
    bih = bundled_obs[(bundled_obs["economy"] == "BIH") & (bundled_obs["indicator_id"] == "gci_2024_overall")]
    assert sorted(bih["value"]) == [33.61, 33.76]
    assert bih.set_index("value").loc[33.76, "preferred"] and not bih.set_index("value").loc[33.61, "preferred"]


def test_secondary_stays_secondary(bundled_obs):
    srb = bundled_obs[(bundled_obs["economy"] == "SRB") & (bundled_obs["indicator_id"] == "gci_2024_overall")]
    assert srb.iloc[0]["value"] == 96.82 and srb.iloc[0]["confidence"] == "secondary"


def test_kosovo_is_not_covered_by_gci_and_has_no_value(bundled_obs):
    x = bundled_obs[(bundled_obs["economy"] == "XKX") & bundled_obs["indicator_id"].str.startswith("gci_")]
    assert len(x) > 0 and set(x["status"]) == {"not_covered"} and x["value"].isna().all()


def test_observation_interface_columns(bundled_obs):
    assert {"economy", "indicator_id", "period", "value", "value_text", "status", "confidence", "source_id"} <= set(
        bundled_obs.columns
    )


def test_parquet_matches_duckdb(bundled_data_dir, bundled_obs):
    import pandas as pd

    pq = pd.read_parquet(Path(bundled_data_dir) / "warehouse" / "parquet" / "observations.parquet")
    assert len(pq) == len(bundled_obs)


def test_eurostat_copy_loads_all_six_with_sex_and_age_and_published_values(bundled_data_dir, bundled_obs):
    from indicators.model.warehouse import Warehouse

    es = bundled_obs[bundled_obs["dataset"].str.startswith("eurostat_") & (bundled_obs["status"] == "observed")]
    assert len(es) >= 1000 and set(es["economy"]) == set(ECONOMY_CODES)
    assert {"female", "male"} <= set(es["sex"])
    assert len({g for g in es["group"] if g.startswith("age_")}) >= 3
    assert set(es["confidence"]) == {"secondary"} and es["note"].str.contains("flags are not available").all()
    # Kosovo* has 2020 only; the ALB 2020 anomaly is carried in the note, not hidden
    assert set(es.loc[es["economy"] == "XKX", "period"]) == {2020}
    alb = es[
        (es["economy"] == "ALB")
        & (es["indicator_id"] == "eurostat_i_maps_iu3")
        & (es["period"] == 2020)
        & (es["group"] == "all")
        & (es["sex"] == "total")
    ]
    assert alb["value"].tolist() == [100.0] and "Known anomaly" in alb["note"].iloc[0]
    wh = Warehouse(bundled_data_dir)
    try:
        ref = wh.table("reference_values").set_index(["area", "indicator_id", "period"])
        # EU figures Eurostat itself published (Data Protection Day 2026; ICT security in enterprises 2024)
        assert ref.loc[("EU27_2020", "eurostat_i_maps_5_iu3", 2025), "value"] == 76.88
        assert ref.loc[("EU27_2020", "eurostat_e_secawany", 2024), "value"] == 59.97
        labels = wh.table("eurostat_labels").set_index(["dimension", "code"])["label"]
        assert labels[("ind_type", "F_Y16_74")] == "Females, 16 to 74 years old"
    finally:
        wh.close()


def test_every_dataset_folder_accounts_for_rows_not_loaded():
    folders = [f for f in (ROOT / "data" / "raw").iterdir() if f.is_dir()]
    assert folders and all((f / "EXCLUDED.md").exists() for f in folders), [
        f.name for f in folders if not (f / "EXCLUDED.md").exists()
    ]
