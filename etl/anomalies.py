"""The anomaly flag: values the data's own sidecar or rows mark as anomalous are kept and shown, never scored.

How a value is flagged (machine-readable, never a text match on notes):

- ``observations_csv`` rows: the optional column ``anomaly`` holds the reason (for example "internally
  inconsistent: ..."); a row with a non-empty ``anomaly`` keeps its value but gets no score.
- Eurostat SDMX sidecars (``source.yaml``): the list ``anomalies`` (``geo``, ``period``, optional
  ``indic_is`` codes, ``note``) that already puts "Known anomaly: ..." in the note. This module maps each
  entry onto the observations of the series the sidecar declares (``series``: ``indicator_id`` ->
  ``indic_is``) and sets their ``anomaly`` column to the entry's note and their ``score`` to nothing.

Scoring (``indicators.method.scoring``) then leaves those rows out of pillar scores, gap tables and ranks
(score missing), while every view still shows the value with the note (``scoring.anomaly_text``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Eurostat geo codes of the six economies (as in the SDMX adapter; repeated here so the flag does not
# depend on the adapter's internals).
EUROSTAT_GEO = {"AL": "ALB", "BA": "BIH", "ME": "MNE", "MK": "MKD", "RS": "SRB", "XK": "XKX"}


def sidecar_anomalies(meta: dict) -> list[tuple[str, int, set[str] | None, str]]:
    """(economy, period, indicator ids or None for every series, note) for each well-formed sidecar
    ``anomalies`` entry (malformed entries are reported by the format's adapter)."""
    by_code: dict[str, set[str]] = {}
    for s in meta.get("series") or []:
        if isinstance(s, dict) and s.get("indicator_id") and s.get("indic_is"):
            by_code.setdefault(str(s["indic_is"]), set()).add(str(s["indicator_id"]))
    out = []
    for a in meta.get("anomalies") or []:
        if not isinstance(a, dict) or not a.get("note") or not str(a.get("period", "")).isdigit():
            continue
        economy = EUROSTAT_GEO.get(str(a.get("geo", "")), a.get("economy"))
        if not economy:
            continue
        codes = a.get("indic_is")
        ids: set[str] | None = None
        if codes:
            ids = set()
            for code in [codes] if isinstance(codes, str) else codes:
                ids |= by_code.get(str(code), set())
        out.append((str(economy), int(a["period"]), ids, " ".join(str(a["note"]).split())))
    return out


def apply_anomalies(meta: dict, observations: pd.DataFrame | None) -> pd.DataFrame | None:
    """``observations`` with the sidecar's anomalies flagged (column ``anomaly``) and their scores removed;
    rows flagged in their own ``anomaly`` column lose their score too.

    The flag is worked out on one array of notes (the text test only on the rows that have a note): the same
    frame as setting the notes through ``.loc``, with less CPU per dataset folder read (docs/performance.md, "h27build (sixth round)")."""
    if observations is None or not len(observations):
        return observations
    obs = observations.copy()
    notes = (
        obs["anomaly"].to_numpy(dtype=object, copy=True) if "anomaly" in obs else np.full(len(obs), None, dtype=object)
    )
    for economy, period, ids, note in sidecar_anomalies(meta):
        hit = (obs["economy"] == economy) & (obs["period"] == period)
        if ids is not None:
            hit &= obs["indicator_id"].isin(ids)
        notes[hit.to_numpy(dtype=bool, na_value=False)] = note  # a missing comparison: not a hit, as in .loc
    flagged = np.zeros(len(notes), dtype=bool)
    present = np.flatnonzero(pd.notna(notes))
    if len(present):
        flagged[present] = [str(notes[i]).strip() != "" for i in present]
    notes[~flagged] = None
    obs["anomaly"] = pd.Series(notes, index=obs.index, dtype=object)
    obs.loc[flagged, "score"] = None  # (with no row flagged too: it makes a whole-number score a float, as before)
    return obs
