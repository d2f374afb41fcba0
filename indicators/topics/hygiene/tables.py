"""Survey estimates as a reader sees them: shares, intervals and gaps as text (a suppressed cell reads
'suppressed', never a number), display tables, the CSV download and the one-sentence text summaries.
"""

from __future__ import annotations

import math

import pandas as pd

from indicators.model.economies import ECONOMY_CODES, KOSOVO_FOOTNOTE, display_name
from indicators.text.i18n import _, format_number
from indicators.topics.hygiene.stats import DEMO_NOTE


def fmt_share(share, status: str, digits: int = 0) -> str:
    """A share as text; a suppressed cell reads 'suppressed', never a number."""
    if status == "suppressed":
        return _("suppressed")
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return _("no data")
    return f"{share:.{digits}f} %"


def fmt_interval(lo, hi, status: str, unit: str = "%") -> str:
    if status != "observed" or lo is None or (isinstance(lo, float) and math.isnan(lo)):
        return "—"
    return f"{format_number(lo, 1)}–{format_number(hi, 1)}{' ' if unit == '%' else ''}{unit}"


def fmt_gap(gap, status: str) -> str:
    if status == "suppressed":
        return _("suppressed")
    if gap is None or (isinstance(gap, float) and math.isnan(gap)):
        return _("no data")
    return f"{gap:+.1f} pp"


def export_frame(est: pd.DataFrame, labels: dict[str, str], meta: dict, kind: str = "share") -> pd.DataFrame:
    """The CSV a reader downloads: names with Kosovo*, labels, status, provenance and the demo note.

    Suppressed cells have empty numbers (the SQL returns none) and status 'suppressed'. ``meta`` is the
    survey_datasets row.
    """
    out = est.copy()
    out.insert(1, "economy_name", [display_name(e) for e in out["economy"]])
    out.insert(out.columns.get_loc("question") + 1, "question_label", [labels.get(q, q) for q in out["question"]])
    for col in [c for c in out.columns if c.startswith(("share", "ci_", "gap", "n_eff"))]:
        out[col] = out[col].astype("float64").round(2)  # suppressed cells are already empty (NULL in SQL)
    out["dataset"] = meta["dataset"]
    out["confidence"] = meta["confidence"]
    out["source_id"] = meta["source_id"]
    out["source_title"] = meta["source_title"]
    out["min_n"] = int(meta["min_n"])
    out["note"] = DEMO_NOTE if meta["confidence"] == "synthetic" else ""
    out["footnote"] = [KOSOVO_FOOTNOTE if e == "XKX" else "" for e in out["economy"]]
    return out


def text_summary_practices(est: pd.DataFrame, labels: dict[str, str], question: str) -> str:
    """One sentence per economy for the chosen question (the table alternative to the heatmap)."""
    rows = est[est["question"] == question].sort_values("economy", key=lambda s: s.map(ECONOMY_CODES.index))
    parts = [
        f"{display_name(r.economy)} {fmt_share(r.share, r.status)}"
        + (f" ({fmt_interval(r.ci_low, r.ci_high, r.status)})" if r.status == "observed" else "")
        for r in rows.itertuples()
    ]
    return f"{labels.get(question, question)}: " + "; ".join(parts) + "."


def text_summary_gaps(gaps: pd.DataFrame, labels: dict[str, str], name_col: str = "economy") -> str:
    parts = []
    for r in gaps.itertuples():
        name = (
            display_name(getattr(r, name_col))
            if name_col == "economy"
            else labels.get(getattr(r, name_col), getattr(r, name_col))
        )
        if r.status != "observed":
            parts.append(f"{name}: {_('suppressed')}")
            continue
        sig = _("interval excludes zero") if (r.gap_low > 0 or r.gap_high < 0) else _("interval includes zero")
        parts.append(f"{name}: {r.gap:+.1f} pp ({r.gap_low:+.1f} to {r.gap_high:+.1f}; {sig})")
    return "; ".join(parts) + "."


def share_table(est: pd.DataFrame, labels: dict, extra: tuple[tuple[str, str], ...] = ()) -> pd.DataFrame:
    """Display table of survey shares: economy, [extra], question, share (or 'suppressed'), interval, respondents."""
    out = pd.DataFrame({_("Economy"): [display_name(e) for e in est["economy"]]})
    for col, title in extra:
        out[title] = list(est[col])
    out[_("Question")] = [labels.get(q, q) for q in est["question"]]
    out[_("Share")] = [fmt_share(s, st, 1) for s, st in zip(est["share"], est["status"])]
    out[_("95% interval")] = [
        fmt_interval(lo, hi, st) for lo, hi, st in zip(est["ci_low"], est["ci_high"], est["status"])
    ]
    out[_("Respondents")] = [
        format_number(int(n)) if st == "observed" else _("fewer than the minimum")
        for n, st in zip(est["n"], est["status"])
    ]
    return out


def side_text(share, n) -> str:
    """One side of a difference: its share, 'suppressed' (too few respondents) or 'no data' (none)."""
    if pd.isna(n):
        return _("no data")
    return fmt_share(share, "observed" if pd.notna(share) else "suppressed", 1)


def gap_table(gaps: pd.DataFrame, labels: dict, left: str, right: str, key_col: str = "economy") -> pd.DataFrame:
    """Display table of differences (share_1/share_2, n_1/n_2, gap, gap_low/high, status)."""
    names = (
        [display_name(e) for e in gaps["economy"]]
        if key_col == "economy"
        else [labels.get(q, q) for q in gaps[key_col]]
    )
    first = _("Economy") if key_col == "economy" else _("Question")
    return pd.DataFrame(
        {
            first: names,
            left: [side_text(s, n) for s, n in zip(gaps["share_1"], gaps["n_1"])],
            right: [side_text(s, n) for s, n in zip(gaps["share_2"], gaps["n_2"])],
            _("Difference"): [fmt_gap(g, st) for g, st in zip(gaps["gap"], gaps["status"])],
            _("95% interval (pp)"): [
                f"{lo:+.1f} to {hi:+.1f}" if st == "observed" else "—"
                for lo, hi, st in zip(gaps["gap_low"], gaps["gap_high"], gaps["status"])
            ],
        }
    )
