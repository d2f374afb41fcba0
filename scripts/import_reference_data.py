"""One-off provenance script: how data/raw/ was derived from the team's reference data.

Run once by hand (``python scripts/import_reference_data.py ../shared/reference-data``) when the
reference files change; the ETL never runs it. It turns each reference row the dashboard uses into
one tidy observation row and records the row's own source (title, URL, where it was read,
confidence) in the dataset's ``source.yaml`` sidecar. Categorical facts (treaty status, law
status, ...) are mapped to the catalog's category codes here, one explicit decision per row, with
the reference wording kept in ``note``. Nothing is estimated: rows whose value or date was not read
are left out and listed in the dataset's ``EXCLUDED.md``.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root, for its vocabulary
from indicators.model.vocabulary import RAW_OBSERVATION_COLUMNS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
COLUMNS = list(RAW_OBSERVATION_COLUMNS[:12])  # the required columns; last_checked and internal_note where known


# Research notes ("verify ... before publishing", repository columns, commit dates) never reach a page or an
# export: sentences of a reference note that match go to the row's internal_note instead of its note.
INTERNAL = re.compile(
    r"verify (?:against|on)|before publishing|commit is dated|is_sovereign_like|the repo flags|"
    r"settle on|check CoE chart|check it on|^As above",
    re.I,
)


# Sources that must name their real publisher and the dataset they copied (not the site that relayed it).
SOURCE_FIXES = {
    "albinfo.ch report of PM Edi Rama podcast statement": {
        "publisher_fix": "albinfo.ch (news site), relaying the Albanian Prime Minister"
    },
    "NCSI 2026 snapshot as used in 'When Cybersecurity Policy Scores and Competitive CTF Performance Diverge' "
    "replication package": {
        "source_title": "National Cyber Security Index (e-Governance Academy), 2026 download, read in a "
        "third-party copy (a research replication package on GitHub)",
        "publisher_fix": "e-Governance Academy (eGA), Estonia (read in a third-party copy)",
    },
}


def split_note(note: str) -> tuple[str, str]:
    """(public note, internal note) of a reference note, sentence by sentence."""
    parts = re.split(r"(?<=[.;])\s+", note.strip())
    public = [x for x in parts if x and not INTERNAL.search(x)]
    internal = [x for x in parts if x and INTERNAL.search(x)]
    return " ".join(public).rstrip(";").strip(), " ".join(internal).strip()


class Dataset:
    def __init__(self, folder: str, meta: dict):
        self.folder = folder
        self.meta = meta
        self.rows: list[dict] = []
        self.sources: dict[tuple, dict] = {}
        self.excluded: list[str] = []

    def source(self, ref: dict, publisher: str | None = None) -> str:
        ref = {**ref, **SOURCE_FIXES.get(ref["source_title"], {})}
        publisher = ref.get("publisher_fix") or publisher
        key = (ref["source_title"], ref["source_url"])
        if key not in self.sources:
            sid = f"{self.folder}.s{len(self.sources) + 1:02d}"
            self.sources[key] = {
                "id": sid,
                "title": ref["source_title"],
                "publisher": publisher or self.meta["publisher"],
                "url": ref["source_url"].split(" ; ")[0].strip() or None,
                "other_urls": [u.strip() for u in ref["source_url"].split(" ; ")[1:] if u.strip()],
                "where_found": ref.get("where_found", ""),
            }
        return self.sources[key]["id"]

    def add(
        self,
        ref: dict,
        economy: str,
        indicator_id: str,
        period: int,
        *,
        value=None,
        value_text=None,
        status="observed",
        preferred=True,
        note=None,
        sex="total",
        group="all",
        confidence=None,
        publisher=None,
        last_checked=None,
        internal_note=None,
    ):
        self.rows.append(
            {
                "economy": economy,
                "indicator_id": indicator_id,
                "period": period,
                "value": "" if value is None else value,
                "value_text": value_text or "",
                "sex": sex,
                "group": group,
                "status": status,
                "confidence": confidence or ref["confidence"],
                "source_id": self.source(ref, publisher),
                "preferred": "true" if preferred else "false",
                "last_checked": last_checked or "",
            }
        )
        public, internal = split_note(note if note is not None else ref.get("notes", ""))
        self.rows[-1]["note"] = public
        self.rows[-1]["internal_note"] = " ".join(x for x in (internal, internal_note or "") if x)

    def write(self):
        out = RAW / self.folder
        out.mkdir(parents=True, exist_ok=True)
        data_file = f"{self.folder}.csv"
        with open(out / data_file, "w", newline="", encoding="utf-8") as fh:
            extra = [c for c in ("last_checked", "internal_note") if any(r[c] for r in self.rows)]
            w = csv.DictWriter(fh, fieldnames=COLUMNS + extra, lineterminator="\n", extrasaction="ignore")
            w.writeheader()
            w.writerows(self.rows)
        meta = {**self.meta, "format": "observations_csv", "files": [data_file], "sources": list(self.sources.values())}
        with open(out / "source.yaml", "w", encoding="utf-8") as fh:
            yaml.safe_dump(meta, fh, sort_keys=False, allow_unicode=True, width=100)
        if self.excluded:
            (out / "EXCLUDED.md").write_text(
                "# Reference rows not loaded\n\n" + "\n".join(f"- {e}" for e in self.excluded) + "\n", encoding="utf-8"
            )
        print(f"{self.folder}: {len(self.rows)} rows, {len(self.sources)} sources")


def read(ref_dir: Path, name: str) -> list[dict]:
    with open(ref_dir / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def edition_year(edition: str) -> int:
    return int(re.search(r"GCI (\d{4})", edition).group(1))


def gci(ref_dir: Path):
    ds = Dataset(
        "itu_gci_overall",
        {
            "dataset": "itu_gci_overall",
            "title": "ITU Global Cybersecurity Index: overall score, rank and tier by edition",
            "publisher": "International Telecommunication Union (ITU)",
            "url": "https://www.itu.int/en/ITU-D/Cybersecurity/Pages/global-cybersecurity-index.aspx",
            "licence": "ITU publication; figures quoted for non-commercial comparison with attribution",
            "as_of": "2024-09-12",
            "description": "Overall GCI scores for the 2014, 2017, 2018, 2020 and 2024 editions. Each "
            "edition has its own methodology and is its own indicator; values were read "
            "in secondary sources that quote ITU (see each source).",
        },
    )
    for r in read(ref_dir, "gci.csv"):
        eco, ind = r["economy_iso3"], r["indicator"]
        if eco == "XKX":
            for ed in (2014, 2017, 2018, 2020, 2024):
                ds.add(
                    r,
                    eco,
                    f"gci_{ed}_overall",
                    ed,
                    status="not_covered",
                    note="Kosovo* is not an ITU Member State and is not covered by the ITU GCI.",
                )
            ds.add(
                r,
                eco,
                "gci_2024_tier",
                2024,
                status="not_covered",
                note="Kosovo* is not an ITU Member State and is not covered by the ITU GCI.",
            )
            continue
        ed = edition_year(r["gci_edition"])
        if ind == "overall_score":
            ds.add(r, eco, f"gci_{ed}_overall", ed, value=float(r["value"]))
            if r["global_rank"] and ed != 2024:
                ds.add(r, eco, f"gci_{ed}_rank", ed, value=int(r["global_rank"]))
        elif ind.startswith("overall_score (World Bank Data360"):
            ds.add(
                r,
                eco,
                "gci_2024_overall",
                ed,
                value=float(r["value"]),
                preferred=False,
                publisher="World Bank Data360 (distributing ITU data)",
                note="Alternative value: World Bank Data360 gives 33.61 where the transcription "
                "of the ITU report gives 33.76. The dashboard shows 33.76 (closer to the ITU "
                "report) and lists this value beside it.",
            )
        elif ind == "tier":
            tier = int(re.search(r"Tier (\d)", r["tier"]).group(1))
            ds.add(
                r,
                eco,
                "gci_2024_tier",
                ed,
                value_text=f"tier_{tier}",
                note=r["tier"] + (". " + r["notes"] if r["notes"] else ""),
            )
        else:
            ds.excluded.append(f"{eco} {ind}: not an official ITU figure ({r['notes'][:90]})")
    ds.write()


PILLAR_NAMES = {
    "legal": "legal",
    "technical": "technical",
    "organizational": "organisational",
    "capacity_development": "capacity",
    "cooperation": "cooperation",
}


def gci_pillars(ref_dir: Path):
    ds = Dataset(
        "itu_gci_pillars",
        {
            "dataset": "itu_gci_pillars",
            "title": "ITU Global Cybersecurity Index: pillar scores (0-20), editions 2020 and 2024",
            "publisher": "International Telecommunication Union (ITU)",
            "url": "https://www.itu.int/en/ITU-D/Cybersecurity/Pages/global-cybersecurity-index.aspx",
            "licence": "ITU publication; World Bank Data360 redistributes under CC BY 4.0",
            "as_of": "2024-09-12",
            "description": "Five pillar scores (legal, technical, organisational, capacity development, "
            "cooperation), each 0-20, for GCI 2020 (machine extraction of the ITU report) "
            "and GCI 2024 (World Bank Data360 series).",
        },
    )
    for r in read(ref_dir, "gci_pillars.csv"):
        eco = r["economy_iso3"]
        if eco == "XKX":
            for ed in (2020, 2024):
                for p in PILLAR_NAMES.values():
                    ds.add(
                        r,
                        eco,
                        f"gci_{ed}_{p}",
                        ed,
                        status="not_covered",
                        note="Kosovo* is not an ITU Member State and is not covered by the ITU GCI.",
                    )
            continue
        ed = edition_year(r["gci_edition"])
        ds.add(r, eco, f"gci_{ed}_{PILLAR_NAMES[r['pillar']]}", ed, value=float(r["value"]))
    ds.write()


def ncsi(ref_dir: Path):
    ds = Dataset(
        "ega_ncsi",
        {
            "dataset": "ega_ncsi",
            "title": "National Cyber Security Index (NCSI): legacy index and current methodology",
            "publisher": "e-Governance Academy (eGA), Estonia",
            "url": "https://ncsi.ega.ee/",
            "licence": "eGA NCSI public data; quoted with attribution",
            "as_of": "2026-06-19",
            "description": "Legacy NCSI (2016-2023, archived) and NCSI current methodology (2023 onwards, "
            "updated continuously). The two are separate series; ranks move as countries "
            "are added, so every value carries its version or snapshot year.",
        },
    )
    cats = {
        "category 1. Cyber security policy development": "ncsi_legacy_policy_development",
        "category 2. Cyber threat analysis and information": "ncsi_legacy_threat_analysis",
        "category 5. Protection of digital services": "ncsi_legacy_digital_services",
    }
    for r in read(ref_dir, "ncsi.csv"):
        eco, ind, meth = r["economy_iso3"], r["indicator"], r["ncsi_methodology"]
        ver = r["snapshot_or_version_date"]
        year = re.search(r"(20\d\d)", ver)
        legacy = meth.startswith("legacy")
        if ind in cats:
            if not year:
                ds.excluded.append(f"{eco} {ind}: version date not in the excerpt read")
                continue
            ds.add(
                r,
                eco,
                cats[ind],
                int(year.group(1)),
                value=float(r["value"]),
                note=f"{ver}; {r['value']} of {r['max']} points. {r['notes']}",
            )
            continue
        if ind != "ncsi_score":
            ds.excluded.append(
                f"{eco} NCSI {ind} ({ver}): rank without a dated score; ranks depend on "
                "the number of countries at the time"
            )
            continue
        if not year:
            ds.excluded.append(f"{eco} NCSI score {r['value']} ({ver}): snapshot date unknown")
            continue
        period = int(year.group(1))
        series = "ncsi_legacy_score" if legacy else "ncsi_score"
        if eco == "ALB" and series == "ncsi_score" and period == 2026:
            # Conflicting: a third-party copy of a 2026 download against the agency's own statement.
            ds.add(
                r,
                eco,
                series,
                period,
                status="not_assessed",
                last_checked="2026-11-30",
                note="CONFLICTING, not assessed: a third-party copy of a 2026 NCSI download gives 94.17 "
                "(rank 6 of 145), which could not be checked on ncsi.ega.ee; Albania's cyber security "
                "authority (AKSK) announced 85.00 (rank 15) in September 2025.",
            )
            ds.add(
                r,
                eco,
                "ncsi_rank",
                period,
                status="not_assessed",
                last_checked="2026-11-30",
                note="CONFLICTING, not assessed: see the 2026 score.",
            )
            continue
        if eco == "ALB" and series == "ncsi_score" and period == 2025:
            ds.add(
                r,
                eco,
                series,
                period,
                value=float(r["value"]),
                last_checked="2026-11-30",
                note="September 2025: 85.00 points, announced by Albania's National Cyber Security Authority "
                "(AKSK press release, reported by timebalkan.mk and javanews.al, 26 Sep 2025) and by the "
                "Prime Minister. 2023 value 62.34, rank 54.",
            )
            ds.add(
                r,
                eco,
                "ncsi_rank",
                period,
                status="not_assessed",
                last_checked="2026-11-30",
                note="CONFLICTING, not assessed: rank 15 per AKSK and the Deputy Prime Minister (26 Sep 2025) "
                "against rank 18 per the Prime Minister's podcast (albinfo.ch).",
            )
            continue
        ds.add(r, eco, series, period, value=float(r["value"]), note=f"{ver}. {r['notes']}")
        if r["rank"] and r["rank"] != "N/A":
            ds.add(
                r,
                eco,
                series.replace("score", "rank"),
                period,
                value=int(r["rank"]),
                note=f"{ver}. Rank among the countries in that version.",
            )
    ds.write()


def legislation(ref_dir: Path):
    ds = Dataset(
        "legislation",
        {
            "dataset": "legislation",
            "title": "Cyber legislation and policy: Budapest Convention, strategies, cyber laws, NIS2, data protection",
            "publisher": "Various (Council of Europe, national governments, law firms)",
            "url": "https://www.coe.int/en/web/conventions/full-list/-/conventions/treaty/185/signatures",
            "licence": "Facts from public documents; see each source",
            "as_of": "2026-11-27",
            "description": "One row per economy and legal fact. Category codes are defined in the "
            "indicator catalog; the wording read in the source is kept in the note.",
        },
    )
    rows = read(ref_dir, "legislation.csv")

    def pick(i):
        return rows[i]

    # Budapest Convention (CETS 185): party status, dated by entry into force / ratification.
    ds.add(
        pick(0),
        "ALB",
        "budapest_convention",
        2004,
        last_checked="2026-11-27",
        value_text="party",
        note="Signed 23/11/2001, ratified 20/06/2002, in force 01/07/2004.",
    )
    ds.add(
        pick(1),
        "BIH",
        "budapest_convention",
        2006,
        last_checked="2026-11-27",
        value_text="party",
        note="Signed 09/02/2005, ratified 19/05/2006, in force 01/09/2006.",
    )
    ds.add(
        pick(31),
        "MNE",
        "budapest_convention",
        2010,
        last_checked="2026-11-27",
        value_text="party",
        note="Signed 07/04/2005, ratified 03/03/2010, in force 01/07/2010.",
    )
    ds.add(
        pick(26),
        "MKD",
        "budapest_convention",
        2005,
        last_checked="2026-11-27",
        value_text="party",
        note="Entered into force 01/01/2005; ratification law Official Gazette 41/2004.",
    )
    ds.add(
        pick(32),
        "SRB",
        "budapest_convention",
        2009,
        last_checked="2026-11-27",
        value_text="party",
        note="Signed 2005, ratified by the National Assembly 2009 (years only); ratification law "
        "Sl. glasnik RS 19/2009. First state to ratify the Second Additional Protocol (2023).",
    )
    ds.add(
        pick(5),
        "XKX",
        "budapest_convention",
        2015,
        last_checked="2026-11-27",
        status="not_applicable",
        value_text="not_party",
        note="Not a party: Kosovo* is not a Council of Europe member and cannot become a party in "
        "the ordinary way (CoE chart, status as of 03/12/2015).",
    )
    # Main cybersecurity law, NIS2 alignment included (one ordinal item; one row per economy and change).
    # last_checked: the day the fact was last read in a source (2026-11-30: re-checked with the search
    # tool in the publisher's or a law firm's own text; 2026-11-27: read in pass 3 of the reference data).
    srb_2025 = next(
        r
        for r in read(ref_dir, "updates_2026-11.csv")
        if r["economy"] == "SRB" and r["indicator"].startswith("new Law on Information Security")
    )
    srb_2025 = {**srb_2025, "notes": srb_2025["note"]}
    ds.add(
        pick(6),
        "ALB",
        "cyber_law",
        2017,
        value_text="national_law",
        last_checked="2026-11-27",
        note="Law No. 2/2017 'On Cybersecurity' (repealed by Law 25/2024).",
    )
    ds.add(
        pick(7),
        "ALB",
        "cyber_law",
        2024,
        value_text="national_law",
        last_checked="2026-11-30",
        note="Law No. 25/2024 'On Cybersecurity' (replaced Law 2/2017): full NIS1 and partial NIS2 "
        "alignment (draft as published for consultation, April-May 2023; ARS Firm); the authority is "
        "the national CSIRT (PwC Albania). Partial NIS2 alignment counts as a national law, not as "
        "NIS2-aligned.",
    )
    ds.add(
        pick(11),
        "BIH",
        "cyber_law",
        2011,
        value_text="entity_level_only",
        last_checked="2026-11-27",
        note="No state-level law; Republika Srpska Law on Information Security (2011), entity level. "
        "The Reform Agenda targets a framework fully aligned with NIS2 (a target, not a status).",
    )
    ds.add(
        pick(47),
        "XKX",
        "cyber_law",
        2023,
        value_text="national_law",
        last_checked="2026-11-27",
        note="Law No. 08/L-173 on Cyber Security (February 2023); partly transposes NIS1. No NIS2-aligned "
        "law or draft found in the sources read.",
    )
    ds.add(
        pick(38),
        "MNE",
        "cyber_law",
        2024,
        value_text="nis2_aligned_law",
        last_checked="2026-11-30",
        note="Law on Information Security, Sl. list CG 113/2024 of 27.11.2024, in force 5 Dec 2024; the "
        "law's own footnote states alignment with Directive (EU) 2022/2555 (NIS2). First law of its "
        "kind in Montenegro (Ministry of Public Administration, 2023).",
    )
    ds.add(
        pick(21),
        "MKD",
        "cyber_law",
        2025,
        value_text="nis2_aligned_law",
        last_checked="2026-11-30",
        note="Security of Network and Information Systems Act, Official Gazette 135 of 04.07.2025, applies "
        "from 1 Jan 2026; harmonises national law with NIS2 (law firm BDK Advokati). Before it, "
        "cybersecurity was only partly regulated through several sectoral acts (same source).",
    )
    ds.add(
        pick(23),
        "SRB",
        "cyber_law",
        2016,
        value_text="national_law",
        last_checked="2026-11-27",
        note="Law on Information Security (OG RS 6/2016, 94/2017, 77/2019). The Government adopted a "
        "NIS2-style bill on 27 Feb 2025; the law stayed in force until the 2025 law replaced it.",
    )
    ds.add(
        srb_2025,
        "SRB",
        "cyber_law",
        2025,
        value_text="nis2_aligned_law",
        last_checked="2026-11-30",
        publisher="Prica & Partners (law firm)",
        note="Law on Information Security, Official Gazette RS 91/2025, in force 31 Oct 2025, replacing the "
        "2016 law (Arts 6a-11b, 30 and 31 of the old law stay in force to 31 Dec 2025); its stated "
        "objective is alignment with NIS2 (Prica & Partners). CONFLICTING DATE: another law firm "
        "(Tasic & Partners, 20 Nov 2025) says the new law becomes applicable on 1 Jan 2027.",
    )
    # Data protection.
    ds.add(
        pick(9),
        "ALB",
        "data_protection_law",
        2024,
        value_text="gdpr_aligned",
        last_checked="2026-11-27",
        note="Law No. 124/2024 'On the Protection of Personal Data' (GDPR-aligned).",
    )
    ds.add(
        pick(45),
        "BIH",
        "data_protection_law",
        last_checked="2026-11-27",
        period=2025,
        value_text="gdpr_aligned",
        note="Law on Personal Data Protection of BiH, OG 12/25, applied from 4 Oct 2025.",
    )
    ds.add(
        pick(46),
        "XKX",
        "data_protection_law",
        last_checked="2026-11-27",
        period=2019,
        value_text="gdpr_aligned",
        note="Law No. 06/L-082 on Protection of Personal Data (2019), transposes GDPR per law firm.",
    )
    ds.add(
        pick(39),
        "MNE",
        "data_protection_law",
        last_checked="2026-11-27",
        period=2008,
        value_text="not_aligned",
        note="Law on Protection of Personal Data (2008, amended 2017), not GDPR-aligned; EC 2025: "
        "'still not aligned with the EU acquis'.",
    )
    ds.add(
        pick(44),
        "MKD",
        "data_protection_law",
        last_checked="2026-11-27",
        period=2020,
        value_text="partly_aligned",
        note="Law on Personal Data Protection (OG 42/2020) 'largely harmonized' with GDPR per law "
        "firm; EC 2025 calls the framework 'insufficient'.",
    )
    ds.add(
        pick(35),
        "SRB",
        "data_protection_law",
        last_checked="2026-11-27",
        period=2018,
        value_text="gdpr_aligned",
        note="Law on Personal Data Protection (Nov 2018), modelled on GDPR, applied from Aug 2019.",
    )

    # National strategy, with the earlier strategies, so an "as of" year shows what was true then. An
    # 'expired' row is dated the year after a strategy's own period ended, when no successor was adopted.
    def find(eco, *words):
        hits = [r for r in rows if r["economy_iso3"] == eco and all(w in r["item"] for w in words)]
        assert len(hits) == 1, (eco, words, len(hits))
        return hits[0]

    lc = "2026-11-27"
    ds.add(
        find("ALB", "2020-2025"),
        "ALB",
        "national_strategy",
        2020,
        value_text="current",
        last_checked=lc,
        note="National Cybersecurity Strategy 2020-2025 (built on the Cybersecurity Policy Paper 2014-2017).",
    )
    ds.add(
        pick(40),
        "ALB",
        "national_strategy",
        2025,
        value_text="current",
        last_checked="2026-11-30",
        note="National Cybersecurity Strategy 2025-2030 and Action Plan 2025-2027, approved by the Council of "
        "Ministers (AKSK); approval year taken from the strategy period, exact date not read.",
    )
    ds.add(
        pick(10),
        "BIH",
        "national_strategy",
        2019,
        value_text="guidelines_only",
        last_checked=lc,
        note="No state-level strategy; OSCE-supported 'Guidelines for a Strategic Cybersecurity "
        "Framework in BiH' (Oct 2019).",
    )
    ds.add(
        find("XKX", "2016-2019"),
        "XKX",
        "national_strategy",
        2016,
        value_text="current",
        last_checked=lc,
        note="Cybersecurity Strategy 2016-2019.",
    )
    ds.add(
        find("XKX", "2016-2019"),
        "XKX",
        "national_strategy",
        2020,
        value_text="expired",
        last_checked=lc,
        note="The 2016-2019 strategy's period ended; the next strategy (2023-2027) dates from 2023.",
    )
    ds.add(
        pick(15),
        "XKX",
        "national_strategy",
        2023,
        value_text="current",
        last_checked=lc,
        note="National Cyber Security Strategy 2023-2027.",
    )
    ds.add(
        find("MNE", "2013-2017"),
        "MNE",
        "national_strategy",
        2013,
        value_text="current",
        last_checked=lc,
        note="National Cyber Security Strategy for Montenegro 2013-2017 (July 2013), the first strategy.",
    )
    ds.add(
        find("MNE", "2018-2021"),
        "MNE",
        "national_strategy",
        2017,
        value_text="current",
        last_checked=lc,
        note="Cybersecurity Strategy of Montenegro 2018-2021 (Ministry of Public Administration, Dec 2017).",
    )
    ds.add(
        pick(36),
        "MNE",
        "national_strategy",
        2021,
        value_text="current",
        last_checked=lc,
        note="Cybersecurity Strategy of Montenegro 2022-2026, adopted December 2021.",
    )
    ds.add(
        find("MKD", "2018-2022", "approved"),
        "MKD",
        "national_strategy",
        2018,
        value_text="current",
        last_checked=lc,
        note="National Cyber Security Strategy 2018-2022 (adopted July 2018 per GCSCC and "
        "NCSI; 'approved in December 2018' per the CoE Octopus profile).",
    )
    ds.add(
        pick(42),
        "MKD",
        "national_strategy",
        2023,
        value_text="expired",
        last_checked=lc,
        note="The 2018-2022 strategy's period ended; the minister said in January 2025 that the country "
        "had had no national strategy for more than three years (MIA).",
    )
    ds.add(
        pick(42),
        "MKD",
        "national_strategy",
        2025,
        value_text="current",
        last_checked=lc,
        note="National Cyber Security Strategy 2025-2028, adopted January 2025 (MIA). CONFLICTING DATE: "
        "Diplo Digital Watch gives October 2024 as the document date, probably the drafting date.",
    )
    ds.add(
        find("SRB", "Combating"),
        "SRB",
        "national_strategy",
        2017,
        value_text="current",
        last_checked=lc,
        note="Strategy for the Development of Information Security 2017-2020, adopted 30 May 2017 (CoE Octopus).",
    )
    ds.add(
        pick(24),
        "SRB",
        "national_strategy",
        2021,
        value_text="current",
        last_checked=lc,
        note="Information Society and Information Security Development Strategy 2021-2026.",
    )
    ds.excluded.append(
        "ALB NCSS 2025-2030 approval date: not in the excerpt read (row kept with the strategy's first year as period)."
    )
    ds.excluded.append(
        "MKD strategy 2018-2022 adoption month: July (GCSCC, NCSI) vs December 2018 "
        "(CoE Octopus); unresolved, both named in the note of the 2018 row (year is the same)."
    )
    ds.excluded.append(
        "NIS/NIS2 alignment rows (ALB 2023 draft, BIH Reform Agenda 2024 target, MNE 2024, MKD "
        "2025, SRB 2025 bill): merged into the one 'cyber_law' item; a draft, a target or a bill "
        "next to a law in force does not change the law's status and is kept in the note."
    )
    ds.excluded.append(
        "MNE Budapest Convention 'NOT FOUND in this pass' row: a search record, not a fact "
        "(the dated row from the CoE Octopus wiki is loaded)."
    )
    ds.excluded.append(
        "BIH and MKD data protection EC/BIRN wording rows without a law title or year: the "
        "category follows the law-firm summary of the law in force (the rule for all six); the "
        "EC wording is kept in the note."
    )
    ds.excluded.append(
        "XKX Law 03/L-172 (2010) on personal data: superseded by Law 06/L-082 (2019), which is "
        "loaded; the 2010 law's GDPR status is not applicable (it predates the GDPR)."
    )
    ds.excluded.append("XKX EC 2022 report wording ('basic capabilities'): a description, not a legal fact.")
    ds.excluded.append(
        "SRB Second Additional Protocol (CETS 224, 2023): no catalog item; named in the note of "
        "Serbia's Budapest Convention row."
    )
    ds.excluded.append(
        "updates_2026-11.csv SRB register of ICT systems (2025), MNE GSOC/government CIRT "
        "(2025), MKD NIS Act entity lists (2026), MKD strategy document date (Oct 2024, in the "
        "note of the 2025 row), BIH CERT decision 2017 and Budapest dates per Octopus "
        "(conflicts with the Treaty Office chart, which stays authoritative), XKX training "
        "centre, WB3C events and trainings (regional), EC 2024 report (chapter not read): "
        "institutional events and provisions without a catalog item; not loaded."
    )
    ds.write()


def csirt(ref_dir: Path):
    ds = Dataset(
        "csirts",
        {
            "dataset": "csirts",
            "title": "National CSIRTs/CERTs: existence, host and FIRST membership",
            "publisher": "Various (national CSIRTs, regulators, Energy Community)",
            "url": "https://www.first.org/members/teams/",
            "licence": "Facts from public pages; see each source",
            "as_of": "2026-11-27",
            "description": "Whether a national CSIRT exists (and at which level) and whether it is a "
            "FIRST member. 'Not verified' is kept as not assessed, never as 'no'.",
        },
    )
    rows = read(ref_dir, "csirt.csv")
    ds.add(
        rows[8],
        "ALB",
        "national_csirt",
        2011,
        last_checked="2026-11-27",
        value_text="national",
        note="ALCIRT set up by DCM No. 766/2011; Law 25/2024 makes the National Cyber Security "
        "Authority (AKSK) the national CSIRT.",
    )
    ds.add(
        rows[9],
        "BIH",
        "national_csirt",
        2015,
        last_checked="2026-11-27",
        value_text="entity_level_only",
        note="No state-level national CERT; CERT RS (Republika Srpska) operational 1 Jun 2015.",
    )
    ds.add(
        rows[11],
        "XKX",
        "national_csirt",
        2013,
        last_checked="2026-11-27",
        value_text="national",
        note="KOS-CERT at ARKEP under Law No. 04/L-109 (establishment year not found; period is the "
        "year of the ARKEP news read).",
    )
    ds.add(
        rows[1],
        "MNE",
        "national_csirt",
        2013,
        last_checked="2026-11-27",
        value_text="national",
        note="CIRT.ME, national CIRT (FIRST member since Feb 2013).",
    )
    ds.add(
        rows[7],
        "MKD",
        "national_csirt",
        2012,
        last_checked="2026-11-27",
        value_text="national",
        note="Government decision of 8 Aug 2012 to establish a National CIRT (MKD-CIRT at the AEC).",
    )
    ds.add(
        rows[12],
        "SRB",
        "national_csirt",
        2016,
        last_checked="2026-11-27",
        value_text="national",
        note="National CERT at RATEL under the Law on Information Security (2016).",
    )
    ds.add(
        rows[0],
        "SRB",
        "first_membership",
        2020,
        last_checked="2026-11-27",
        value_text="full_member",
        note="Full FIRST member since 21 Feb 2020.",
    )
    ds.add(
        rows[1],
        "MNE",
        "first_membership",
        2013,
        last_checked="2026-11-27",
        value_text="full_member",
        note="Full FIRST member since Feb 2013 (Steering Committee decision reported 25 Feb 2013).",
    )
    ds.add(
        rows[6],
        "ALB",
        "first_membership",
        2024,
        status="not_assessed",
        last_checked="2026-11-30",
        note="AKSK reports 'Albania's membership in international forums (FIRST)' (OSCE meeting, 12 Mar "
        "2024) without the membership type or a join date: not assessed (not the same as 'not a "
        "member').",
        internal_note="Settle on first.org/members/teams before publishing a membership type.",
    )
    ds.excluded.append(
        "ALB 'National CSIRT under the National Cyber Security Authority' (PwC on Law 25/2024): the "
        "same fact as the ALCIRT row (2011), whose note names the Authority as national CSIRT; year "
        "of establishment not read, so no second dated row."
    )
    ds.excluded.append(
        "BIH 'no state-level national CERT; CERT of Republika Srpska' (CESS 2025): the same fact as "
        "the entity-level row dated 2015 (CERT RS operational 1 Jun 2015)."
    )
    ds.excluded.append(
        "MNE CIRT.ME 'About us' (year not stated on the team page; 'since 2012' only in a "
        "secondary quote): the national CIRT row dated 2013 (FIRST membership) stays."
    )
    for i, eco in ((2, "MKD"), (4, "XKX"), (9, "BIH")):
        ds.add(
            rows[i],
            eco,
            "first_membership",
            2026,
            status="not_assessed",
            last_checked="2026-11-27",
            note="FIRST membership not verified in the sources read (not the same as 'not a member').",
        )
    ds.write()


def cmm(ref_dir: Path):
    ds = Dataset(
        "oxford_cmm",
        {
            "dataset": "oxford_cmm",
            "title": "Oxford GCSCC Cybersecurity Capacity Maturity Model (CMM) national reviews",
            "publisher": "Global Cyber Security Capacity Centre (GCSCC), University of Oxford",
            "url": "https://gcscc.ox.ac.uk/cmm-reviews",
            "licence": "Facts from public pages; see each source",
            "as_of": "2026-11-27",
            "description": "Year of the latest CMM review found per economy. Stage tables per dimension "
            "were not retrieved, so no stage is loaded.",
        },
    )
    years = {"ALB": 2019, "BIH": 2019, "XKX": 2015, "MNE": 2015, "MKD": 2018, "SRB": 2019}
    for r in read(ref_dir, "cmm.csv"):
        eco = r["economy_iso3"]
        ds.add(
            r,
            eco,
            "cmm_review_year",
            years[eco],
            value=years[eco],
            note=f"{r['review_title']} ({r['review_year']}); conducted by {r['conducted_by']}",
        )
    # Kosovo*'s second review (update assessment), report dated 2019 (reference update of 30 Nov 2026).
    upd = [r for r in read(ref_dir, "updates_2026-11.csv") if r["topic"] == "cmm"]
    second = next(r for r in upd if r["economy"] == "XKX" and r["indicator"].startswith("second CMM review"))
    ds.add(
        {**second, "notes": second["note"]},
        "XKX",
        "cmm_review_year",
        2019,
        value=2019,
        publisher="India Education Diary / Emerging Europe (news)",
        last_checked="2026-11-30",
        note="Second CMM review (update assessment) of Kosovo*, GCSCC with the World Bank, report dated 2019; "
        "read in a news report; stages per dimension not read.",
    )
    ds.excluded.append(
        "updates_2026-11.csv: the dates of Kosovo*'s first review (consultation 9-11 Feb 2015, report "
        "launched 25 Jun 2015) and Montenegro's 2015 review with the World Bank confirm the 2015 rows "
        "already loaded; no stage per dimension was read for any review, so none is loaded."
    )
    ds.write()


def gender(ref_dir: Path):
    ds = Dataset(
        "gender_tfvaw",
        {
            "dataset": "gender_tfvaw",
            "title": "Technology-facilitated and other violence against women: UN Women 2023, OSCE 2018",
            "publisher": "UN Women; OSCE",
            "url": "https://albania.unwomen.org/en/stories/press-release/2023/12/new-regional-research-"
            "unveiled-a-step-closer-to-understanding-the-complex-dynamics-of-technology-"
            "facilitated-violence-against-women",
            "licence": "Figures quoted from public press releases and reports",
            "as_of": "2023-12-01",
            "description": "Economy-level figures only. Regional averages (13 countries; OSCE-8) do not "
            "belong to a single economy: they are loaded as reference values in "
            "data/raw/gender_regional (see EXCLUDED.md).",
        },
    )
    for r in read(ref_dir, "gender.csv"):
        eco = r["economy_iso3"]
        ind = r["indicator"]
        if eco == "ALB" and ind.startswith("women active online"):
            ds.add(r, eco, "tfvaw_lifetime_share", 2023, value=float(r["value"]), sex="female")
        elif eco == "XKX" and ind.startswith("women who experienced sexual harassment"):
            ds.add(
                r,
                eco,
                "osce_sexual_harassment_share",
                2018,
                value=float(r["value"]),
                sex="female",
                note="OSCE-led survey 2018 fieldwork; not cyber-specific. " + r["notes"],
            )
        elif eco == "XKX" and ind.startswith("women who experienced stalking"):
            ds.add(
                r,
                eco,
                "osce_stalking_share",
                2018,
                value=float(r["value"]),
                sex="female",
                note="OSCE-led survey 2018 fieldwork; not cyber-specific.",
            )
        elif eco.startswith("REGION"):
            ds.excluded.append(
                f"{eco}: {ind} = {r['value']} {r['unit']} ({r['year']}; {r['confidence']}): "
                "not an economy's value; loaded as a regional reference value in "
                "data/raw/gender_regional"
            )
        else:
            ds.excluded.append(
                f"{eco}: {ind} = {r['value']} {r['unit']} ({r['year']}; {r['confidence']}; {r['source_title'][:80]})"
            )
    ds.write()


def hygiene(ref_dir: Path):
    ds = Dataset(
        "hygiene_national",
        {
            "dataset": "hygiene_national",
            "title": "Cyber hygiene: national survey figures and Eurostat 2019 items quoted in the press",
            "publisher": "Various (RNIDS, national statistical offices, Eurostat via press)",
            "url": "https://ec.europa.eu/eurostat/databrowser/view/isoc_cisci_prv20/default/table",
            "licence": "Figures quoted from public pages; see each source",
            "as_of": "2022-12-31",
            "description": "Survey values that were actually read. They come from different surveys and "
            "questions and are not comparable across economies unless the indicator says so.",
        },
    )
    rnids = {
        "respondents infected with a virus or other malware at least once": "rnids_malware_infected_share",
        "internet users who clicked at least once on a link in an email from an unknown person (phishing)": "rnids_phishing_click_share",
    }
    for r in read(ref_dir, "hygiene.csv"):
        eco, ind = r["economy_iso3"], r["indicator_code"]
        if ind in rnids:
            ds.add(r, eco, rnids[ind], 2022, value=float(r["value"]))
        elif ind.startswith("internet users in last 12 months who did not give personal"):
            ds.add(r, eco, "mkd_sso_no_personal_info_share", 2016, value=float(r["value"]))
        elif r["value"]:
            ds.excluded.append(
                f"{eco}: {ind[:90]} = {r['value']} ({r['year'][:40]}; survey year not confirmed or item not comparable)"
            )
    for r in read(ref_dir, "eurostat_hygiene.csv"):
        eco, val = r["economy_iso3"], r["value"]
        if r["source_url"].startswith("https://biznisinfo.mk"):
            ds.add(
                r,
                eco,
                "eurostat_2019_security_concern_personal_info",
                2019,
                value=float(val),
                note="AMBIGUOUS ITEM: most likely 'did not provide personal information to social or "
                "professional networks because of security concerns'; quoted by biznisinfo.mk, "
                "not read in Eurostat's own table.",
            )
        elif val.isdigit() and "online shopping" in r["notes"]:
            ds.add(r, eco, "eurostat_2019_security_limited_shopping", 2019, value=float(val))
        elif val.isdigit() and "downloading" in r["notes"]:
            ds.add(r, eco, "eurostat_2019_security_limited_downloading", 2019, value=float(val))
        else:
            ds.excluded.append(f"{eco}: {r['notes'][:100]} (value '{val}' is not a number)")
    ds.write()


# --- Eurostat ICT-security extract (files copied unchanged; catalog generated from codelist labels) ---
EUROSTAT_TABLES = {
    "isoc_cisci_prv20": (
        "isoc_cisci_prv20_wb6.csv",
        "individuals",
        "Privacy and protection of personal data (from 2020 onwards)",
    ),
    "isoc_cisce_ra": (
        "isoc_cisce_ra_wb6.csv",
        "enterprises",
        "Security policy, measures, risks and staff awareness (enterprises, 10+ persons employed)",
    ),
    "isoc_cisce_ic": (
        "isoc_cisce_ic_wb6.csv",
        "enterprises",
        "Security related incidents and consequences (enterprises, 10+ persons employed)",
    ),
}
EUROSTAT_UNITS = {
    "PC_IND": "% of individuals 16-74",
    "PC_IND_IU3": "% of internet users (last 3 months)",
    "PC_ENT": "% of enterprises (10+ persons employed)",
}
# A small, defensible set scored in the pillars (index lens); everything else is shown, not scored.
CAPACITY_SCORED = {("I_MAPS", "PC_IND"), ("E_SECPOL2", "PC_ENT"), ("E_SECAWANY", "PC_ENT")}
INCLUSION_SCORED = {  # indicator id -> (ind_type, name)
    "eurostat_i_maps_women": ("F_Y16_74", "Women: manage personal data online"),
    "eurostat_i_maps_age_65_74": ("Y65_74", "Aged 65-74: manage personal data online"),
    "eurostat_i_maps_low_education": ("I0_2", "Low education: manage personal data online"),
}
LOWER_IS_BETTER = ("E_SEC2I", "E_SECAWNONE")
# Short names for the indicators scored in the pillars (they appear in gap tables and on slides).
SHORT_NAMES = {
    ("I_MAPS", "PC_IND"): "Individuals: manage personal data online",
    ("E_SECPOL2", "PC_ENT"): "Enterprises: documented ICT security measures",
    ("E_SECAWANY", "PC_ENT"): "Enterprises: staff made aware of ICT security",
}
EUROSTAT_ANOMALIES = {
    "isoc_cisci_prv20": [
        {
            "geo": "AL",
            "period": 2020,
            "indic_is": [
                "I_MAPS",
                "I_MAPS_3",
                "I_MAPS_5",
                "I_MAPS_LAP",
                "I_MAPS_RAAD",
                "I_MAPS_RRGL",
                "I_MAPS_CWSC",
                "I_MAPS_RPS",
                "I_MAPS_APD",
            ],
            "note": "Albania 2020 looks internally inconsistent (managed access to personal data = "
            "100 % of internet users while several of its parts are 0-2 %); read with care.",
        }
    ],
    "isoc_cisce_ic": [
        {
            "geo": "BA",
            "period": 2024,
            "note": "Bosnia and Herzegovina: enterprises with incidents "
            "fall from 20.8 % (2022) to 6.5 % (2024), a possible "
            "break in series (flags not available to confirm).",
        }
    ],
}


def eurostat(ref_dir: Path):
    src_dir = ref_dir / "eurostat"
    labels = {(r["dimension"], r["code"]): r["label_en"] for r in read(src_dir, "codelist_labels.csv")}
    catalog = {"individuals": [], "enterprises": []}
    for table, (fname, layout, title) in EUROSTAT_TABLES.items():
        folder = RAW / f"eurostat_{table}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / fname).write_bytes((src_dir / fname).read_bytes())  # unchanged copy
        rows = read(src_dir, fname)
        combos = sorted({(r["indic_is"], r["unit"]) for r in rows})
        series, excluded_units = [], {}
        for code, unit in combos:
            if unit not in EUROSTAT_UNITS:
                excluded_units.setdefault(unit, []).append(code)
                continue
            ind_id = f"eurostat_{code.lower()}" + ("_iu3" if unit == "PC_IND_IU3" else "")
            series.append({"indicator_id": ind_id, "indic_is": code, "unit": unit})
            scored = (code, unit) in CAPACITY_SCORED
            catalog[layout].append(
                {
                    "id": ind_id,
                    "name": SHORT_NAMES.get((code, unit)) or labels[("indic_is", code)] + f" ({EUROSTAT_UNITS[unit]})",
                    "description": f"Eurostat {table}, indicator {code}, unit {unit} "
                    f"({labels[('unit', unit)]}). Secondary: a checked copy of Eurostat's data "
                    "whose flags were lost.",
                    "family": f"eurostat_{layout}",
                    "pillar": "capacity",
                    "in_pillar_score": scored,
                    "lens": "index",
                    "unit": EUROSTAT_UNITS[unit],
                    "scale": {"min": 0, "max": 100},
                    "direction": "lower_is_better" if code.startswith(LOWER_IS_BETTER) else "higher_is_better",
                    "sources": [f"eurostat_{table}"],
                    "crosswalk": {
                        "cmm_dimension": "D2 Cybersecurity culture and society"
                        if layout == "individuals"
                        else "D3 Cybersecurity education, training and skills"
                    },
                }
            )
        if layout == "individuals":
            for ind_id, (ind_type, name) in INCLUSION_SCORED.items():
                series.append(
                    {
                        "indicator_id": ind_id,
                        "indic_is": "I_MAPS",
                        "unit": "PC_IND",
                        "ind_type": ind_type,
                        "as_total": True,
                    }
                )
                catalog[layout].append(
                    {
                        "id": ind_id,
                        "name": name,
                        "description": f"Eurostat {table}, I_MAPS (at least one way of managing access to personal "
                        f"data), unit PC_IND, breakdown {ind_type} ({labels[('ind_type', ind_type)]}). "
                        "How far the practice reaches a group at risk of exclusion; the gap to the "
                        "whole population and to the EU is shown beside it, not scored.",
                        "family": "eurostat_individuals",
                        "pillar": "inclusion",
                        "in_pillar_score": True,
                        "lens": "index",
                        "unit": "% of the group",
                        "scale": {"min": 0, "max": 100},
                        "direction": "higher_is_better",
                        "sources": [f"eurostat_{table}"],
                        "crosswalk": {"cmm_dimension": "D2 Cybersecurity culture and society"},
                    }
                )
        meta = {
            "dataset": f"eurostat_{table}",
            "title": f"Eurostat ({table})",
            "publisher": "Eurostat",
            "url": f"https://ec.europa.eu/eurostat/databrowser/view/{table}/default/table",
            "licence": f"Eurostat copyright notice: reuse with attribution (CC BY 4.0); Source: Eurostat ({table})",
            "as_of": "2026-01-30",
            "confidence": "secondary",
            "format": "eurostat_sdmx_csv",
            "layout": layout,
            "files": [fname],
            "flags_available": False,
            "description": "Eurostat's SDMX-CSV 1.0 figures for the six economies and EU27_2020, read in a "
            "faithful copy (public repository amanfucci/sistemi-informativi, my_db.duckdb at "
            "commit a7ec261, a pandasdmx pull of the ESTAT API), checked against Eurostat's own "
            "published EU figures. Eurostat's observation flags were lost in that copy.",
            "reference_geos": ["EU27_2020"],
            "sources": [
                {
                    "id": f"eurostat_{table}.s01",
                    "title": f"Eurostat ({table}): {title}",
                    "publisher": "Eurostat",
                    "url": f"https://ec.europa.eu/eurostat/databrowser/view/{table}/default/table",
                    "where_found": "a faithful copy of Eurostat's data (GitHub amanfucci/sistemi-informativi, "
                    "commit a7ec261), checked against Eurostat's published EU figures",
                }
            ],
            "series": series,
        }
        if layout == "enterprises":
            meta["nace_r2"] = "C10-S951_X_K"
        if table in EUROSTAT_ANOMALIES:
            meta["anomalies"] = EUROSTAT_ANOMALIES[table]
        if table == "isoc_cisci_prv20":
            (folder / "codelist_labels.csv").write_bytes((src_dir / "codelist_labels.csv").read_bytes())
            meta["codelists"] = "codelist_labels.csv"
        with open(folder / "source.yaml", "w", encoding="utf-8") as fh:
            yaml.safe_dump(meta, fh, sort_keys=False, allow_unicode=True, width=100)
        lines = [
            f"# Reference rows not loaded as observations ({fname})",
            "",
            f"The file is copied unchanged: all {len(rows)} rows are read and kept in the warehouse table "
            "`eurostat_sdmx` with their codes. Rows that do not become observations, and why:",
            "",
        ]
        empty = sum(1 for r in rows if not r["OBS_VALUE"].strip())
        lines.append(
            f"- {empty} rows have an empty OBS_VALUE: the copy has no value. They are loaded with status "
            "`not_assessed` (never 0), so they appear as missing, not as figures."
        )
        eu = sum(1 for r in rows if r["geo"] == "EU27_2020")
        lines.append(
            f"- {eu} rows are EU27_2020: loaded as reference lines (`reference_values`, headline "
            "breakdown only), never as an economy."
        )
        for unit, codes in sorted(excluded_units.items()):
            n = sum(1 for r in rows if r["unit"] == unit)
            lines.append(
                f"- {n} rows in unit {unit} ({labels[('unit', unit)]}; {len(codes)} items): a "
                "denominator other than all enterprises, so not comparable with the PC_ENT indicators; "
                "kept in `eurostat_sdmx` only, not catalog indicators."
            )
        lines.append(
            "- Eurostat's flags (OBS_FLAG) and LAST UPDATE are empty in every row: lost in the copy. "
            "Nothing is excluded for that reason; every row's note says flags are not available."
        )
        (folder / "EXCLUDED.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"eurostat_{table}: {len(rows)} rows, {len(series)} series")
    for layout, entries in catalog.items():
        path = ROOT / "indicators" / "catalog" / f"eurostat_{layout}.yaml"
        head = (
            f"# Eurostat ICT-security indicators ({layout}), generated by scripts/import_reference_data.py from\n"
            "# Eurostat's codelist labels (codelist_labels.csv). Index-lens measurements; EU27_2020 is a\n"
            "# reference line, never an economy.\n"
        )
        path.write_text(
            head + yaml.safe_dump({"indicators": entries}, sort_keys=False, allow_unicode=True, width=110),
            encoding="utf-8",
        )


def main(argv):
    ref_dir = Path(argv[1] if len(argv) > 1 else ROOT.parent / "shared" / "reference-data")
    steps = {f.__name__: f for f in (gci, gci_pillars, ncsi, legislation, csirt, cmm, gender, hygiene, eurostat)}
    for name in argv[2:] or steps:
        steps[name](ref_dir)


if __name__ == "__main__":
    main(sys.argv)
