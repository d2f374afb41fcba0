"""Eurostat ICT-security tables (individuals and enterprises), read from the warehouse table ``eurostat_sdmx``
(every row as it came, with its note). EU27_2020 is a reference line, never an economy; each chart names the
period actually shown for each economy. The figures: :mod:`indicators.render.hygiene_figures`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from indicators.model.economies import ECONOMY_CODES, KOSOVO_FOOTNOTE, display_name
from indicators.model.vocabulary import flag_label as vocab_flag_label
from indicators.render import flags as fl
from indicators.text.i18n import N_, _

EU_GEO = "EU27_2020"


EU_LABEL = "EU27"


EU_COLOUR = "#8c8c8c"


HEADLINE_SIZE = "GE10"


SIZE_CLASSES = ("10-49", "50-249", "GE250")


SIZE_COLOURS = {"10-49": "#9ecae1", "50-249": "#3182bd", "GE250": "#08306b", "GE10": "#333333"}


# Group compared, reference group, and what the gap is called (codes of Eurostat's IND_TYPE codelist).
GAP_PAIRS = {
    "sex": ("F_Y16_74", "M_Y16_74"),
    "age": ("Y65_74", "Y16_24"),
    "education": ("I0_2", "I5_8"),
    "unemployed": ("UNE", "SAL_SELF_FAM"),
    "retired": ("RETIR_OTHER", "SAL_SELF_FAM"),
    "students": ("STUD", "SAL_SELF_FAM"),
    "foreign_born": ("CB_FOR", "CB_NAT"),
}


# Eurostat's own code labels (the sidecars' codelist files -> warehouse table eurostat_labels) that this page shows,
# by dimension (None: every code): every item, the size classes and the groups of GAP_PAIRS. Their English labels
# are messages of the ``notes`` domain (scripts/extract_note_strings.py); the view shows them through label_text.
LABEL_FILES = "eurostat_*/codelist_labels.csv"
LABELS_SHOWN = {
    "indic_is": None,
    "size_emp": (HEADLINE_SIZE, *SIZE_CLASSES),
    "ind_type": tuple(dict.fromkeys(c for pair in GAP_PAIRS.values() for c in pair)),
}


FLAGS_LOST_TEXT = N_(  # English message id: shown translated
    "Eurostat's flags (u = low reliability, b = break in series) are not available for these rows: "
    "the copy they come from lost them."
)


ANOMALY_MARK = "Known anomaly: "


FLAGS_LOST_MARK = "(the copy lost them)"  # in the note of every row of a copy without flags (etl/formats/sdmx.py)
ES_COLUMNS = ["geo", "economy", "breakdown", "period", "value", "status", "note", "flags"]


def es_rows(
    raw: pd.DataFrame, indic_is: str, unit: str, breakdowns: Sequence[str], dataset: str | None = None
) -> pd.DataFrame:
    """Rows of one Eurostat item for some breakdowns (``ind_type`` codes for individuals, ``size_emp``
    codes for enterprises, headline activity only), WB6 economies and the EU27 reference."""
    if raw is None or not len(raw):
        return pd.DataFrame(columns=ES_COLUMNS)
    rows = raw[(raw["indic_is"] == indic_is) & (raw["unit"] == unit)]
    if dataset:
        rows = rows[rows["dataset"] == dataset]
    enterprise = "size_emp" in rows.columns and rows["size_emp"].notna().any()
    col = "size_emp" if enterprise else "ind_type"
    rows = rows[rows[col].isin(list(breakdowns)) & (rows["economy"].notna() | (rows["geo"] == EU_GEO))]
    if enterprise and "nace_r2" in rows.columns:
        rows = rows[rows["nace_r2"] == "C10-S951_X_K"]
    rows = rows if "flags" in rows.columns else rows.assign(flags=None)
    out = rows.assign(breakdown=rows[col])[ES_COLUMNS].copy()
    out["period"] = out["period"].astype(int)
    return out.reset_index(drop=True)


def es_pick(rows: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """One row per (geo, breakdown): the given year, or the latest year with an observed value."""
    if not len(rows):
        return rows
    got = rows[rows["status"] == "observed"]
    got = got[got["period"] == year] if year is not None else got
    return got.sort_values("period").groupby(["geo", "breakdown"], as_index=False).tail(1).reset_index(drop=True)


def es_gap(rows: pd.DataFrame, left: str, right: str, year: int | None = None) -> pd.DataFrame:
    """Per geo, the latest year (or the given one) where both groups have an observed value:
    left, right and the difference left minus right in percentage points."""
    got = rows[rows["status"] == "observed"]
    if year is not None:
        got = got[got["period"] == year]
    out = []
    for geo, g in got.groupby("geo"):
        wide = g.pivot_table(index="period", columns="breakdown", values="value", aggfunc="first")
        if left not in wide or right not in wide:
            continue
        both = wide[[left, right]].dropna()
        if not len(both):
            continue
        period = int(both.index.max())
        notes = " ".join(dict.fromkeys(g.loc[g["period"] == period, "note"]))
        flag = g[g["period"] == period].set_index("breakdown")["flags"] if "flags" in g else pd.Series(dtype=str)
        out.append(
            {
                "geo": geo,
                "economy": g["economy"].iloc[0],
                "period": period,
                "left": both.loc[period, left],
                "right": both.loc[period, right],
                "gap": round(both.loc[period, left] - both.loc[period, right], 2),
                "note": notes,
                "left_flag": fl.letters(flag.get(left)),
                "right_flag": fl.letters(flag.get(right)),
            }
        )
    return pd.DataFrame(
        out, columns=["geo", "economy", "period", "left", "right", "gap", "note", "left_flag", "right_flag"]
    )


def area_name(geo: str, economy) -> str:
    return EU_LABEL if geo == EU_GEO else display_name(economy)


def period_text(frame: pd.DataFrame) -> str:
    """'Albania 2023 · ... · Kosovo* 2020' for the economies shown, 'no data' for those missing."""
    years = (
        {e: sorted(set(frame.loc[frame["economy"] == e, "period"].astype(int))) for e in ECONOMY_CODES}
        if len(frame)
        else {e: [] for e in ECONOMY_CODES}
    )
    return " · ".join(
        f"{display_name(e)} " + ("/".join(str(y) for y in ys) if ys else _("no data")) for e, ys in years.items()
    )


def anomaly_notes(frame: pd.DataFrame) -> list[str]:
    """The known anomalies carried in the notes of the rows shown (each once)."""
    out = []
    for note in frame.get("note", pd.Series(dtype=str)).dropna():
        if ANOMALY_MARK in note:
            out.append(note.split(ANOMALY_MARK, 1)[1].split(" " + ANOMALY_MARK)[0].strip())
    return list(dict.fromkeys(out))


def es_export(
    frame: pd.DataFrame, item: str, unit: str, dataset: str, labels: dict[str, str], confidence: str = "secondary"
) -> pd.DataFrame:
    """A download of Eurostat rows with their provenance: source, confidence, and their flags with the flags'
    meaning (or the note that the copy lost them)."""
    out = frame.copy()
    out.insert(0, "area", [area_name(g, e) for g, e in zip(out["geo"], out["economy"])])
    out["breakdown_label"] = [labels.get(b, b) for b in out["breakdown"]] if "breakdown" in out else None
    out["indicator"] = f"{item} ({labels.get(item, item)})"
    out["unit"] = unit
    out["source"] = f"Eurostat ({dataset.replace('eurostat_', '')})"
    out["confidence"] = confidence
    if flags_lost(out):
        out["flags"] = FLAGS_LOST_TEXT
    else:  # the letters as Eurostat gave them, and their meaning in English like every download column
        got = (
            out["flags"] if "flags" in out else [fl.combined(a, b) for a, b in zip(out["left_flag"], out["right_flag"])]
        )
        out["flags"] = [fl.letters(f) for f in got]
        out["flag_meaning"] = [vocab_flag_label(f, translate=False) for f in out["flags"]]
    if "economy" in out:
        out["economy_footnote"] = [KOSOVO_FOOTNOTE if e == "XKX" else "" for e in out["economy"]]
    return out


# The areas of a Eurostat table, in page order: (Eurostat geo, economy code); EU27 last, no economy.
AREAS_SHOWN = tuple(
    (geo, code)
    for geo, code in (("AL", "ALB"), ("BA", "BIH"), ("XK", "XKX"), ("ME", "MNE"), ("MK", "MKD"), ("RS", "SRB"))
) + ((EU_GEO, None),)


def es_size_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Every size class of an area at that area's latest headline (10+ persons employed) year."""
    head = es_pick(rows)
    head = head[head["breakdown"] == HEADLINE_SIZE].set_index("geo")["period"]
    picked = rows[(rows["status"] == "observed") & rows["geo"].isin(head.index)]
    return picked[picked["period"] == picked["geo"].map(head)]


def flags_lost(frame: pd.DataFrame) -> bool:
    """Whether the rows come from a copy that lost Eurostat's flags (their note says so; etl/formats/sdmx.py)."""
    return any(FLAGS_LOST_MARK in str(n) for n in frame.get("note", pd.Series(dtype=str)))


def dataset_confidence(obs: pd.DataFrame, dataset: str) -> str:
    """The confidence of a Eurostat dataset's values in the warehouse: 'verified' once fetched from Eurostat's
    own service (python -m etl fetch eurostat), else 'secondary' (a checked copy)."""
    got = set(obs.loc[obs["dataset"] == dataset, "confidence"]) if "dataset" in obs else set()
    return "verified" if got == {"verified"} else "secondary"
