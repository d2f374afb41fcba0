"""``python -m etl fetch eurostat`` without a network: a stub of Eurostat's API on 127.0.0.1 answers with
SDMX-CSV in the API's layout (tests/fixtures/eurostat_api, flags b/u/p/e and a ':' value set for the test),
and the written files are compared with expected files."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import io
import re
import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
import yaml

from etl import fetch
from etl.build import check
from etl.cli import main
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "eurostat_api"
EXPECTED = FIXTURES / "expected"
TODAY = date(2026, 12, 7)


class Stub:
    """Eurostat's SDMX 2.1 data endpoint on 127.0.0.1: ``answers[dataset] = (status, body)``."""

    def __init__(self):
        self.answers = {ds: (200, (FIXTURES / f"{ds}.csv").read_bytes()) for ds in fetch.DATASETS}
        self.requests: list[str] = []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                stub.requests.append(self.path)
                dataset = self.path.split("/")[2] if self.path.count("/") >= 3 else ""
                status, body = stub.answers.get(dataset, (404, b"No results found"))
                self.send_response(status)
                self.send_header("Content-Type", "application/vnd.sdmx.data+csv; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/data"

    @contextlib.contextmanager
    def running(self):
        thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.httpd.shutdown()
            self.httpd.server_close()


@pytest.fixture
def stub(monkeypatch):
    s = Stub()
    monkeypatch.setenv(fetch.API_ENV, s.base)
    with s.running():
        yield s


def copy_eurostat(folder: Path) -> Path:
    """folder/data with a copy of the bundled Eurostat datasets (also used by tests/test_flags.py)."""
    d = folder / "data"
    for ds in fetch.DATASETS:
        shutil.copytree(ROOT / "data" / "raw" / f"eurostat_{ds}", d / "raw" / f"eurostat_{ds}")
    return d


@pytest.fixture
def eurostat_dir(tmp_path) -> Path:
    return copy_eurostat(tmp_path)


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / "raw").rglob("*"))
        if p.is_file()
    }


def _run(root: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = fetch.fetch_eurostat(root, out, err, today=TODAY)
    return code, out.getvalue(), err.getvalue()


def test_query_urls():
    base = "https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data"
    assert fetch.query_url("isoc_cisci_prv20", base) == (
        f"{base}/isoc_cisci_prv20/A....AL+BA+ME+MK+RS+XK+EU27_2020?format=SDMX-CSV&lang=en"
    )
    assert fetch.query_url("isoc_cisce_ra", base) == (
        f"{base}/isoc_cisce_ra/A.....AL+BA+ME+MK+RS+XK+EU27_2020?format=SDMX-CSV&lang=en"
    )


def test_fetch_writes_the_answers_unchanged_with_sidecars_and_notes_as_expected(stub, eurostat_dir):
    code, out, err = _run(eurostat_dir)
    assert code == 0, err
    assert [r.split("?")[0] for r in stub.requests] == [
        "/data/isoc_cisci_prv20/A....AL+BA+ME+MK+RS+XK+EU27_2020",
        "/data/isoc_cisce_ra/A.....AL+BA+ME+MK+RS+XK+EU27_2020",
        "/data/isoc_cisce_ic/A.....AL+BA+ME+MK+RS+XK+EU27_2020",
    ]
    assert "isoc_cisce_ra: 95 rows (3 flagged)" in out and out.rstrip().endswith("are `verified`).")
    for ds in fetch.DATASETS:
        folder = eurostat_dir / "raw" / f"eurostat_{ds}"
        data_file = next(folder.glob("*_wb6.csv"))
        assert data_file.read_bytes() == (FIXTURES / f"{ds}.csv").read_bytes()  # unchanged, flags included
        expected = (EXPECTED / ds / "EXCLUDED.md").read_text(encoding="utf-8")
        assert (folder / "EXCLUDED.md").read_text(encoding="utf-8") == expected, ds
        # the sidecar as YAML data (the stub's port changes where long lines wrap)
        expected = (EXPECTED / ds / "source.yaml").read_text(encoding="utf-8").replace("{base}", stub.base)
        assert yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8")) == yaml.safe_load(expected), ds


def test_fetched_values_are_verified_and_keep_their_flags(stub, eurostat_dir):
    assert _run(eurostat_dir)[0] == 0
    extracted, problems = check([eurostat_dir / "raw"], root=eurostat_dir)
    assert problems == []
    obs = {ex.meta["dataset"]: ex.observations for ex in extracted}
    ra = obs["eurostat_isoc_cisce_ra"]
    assert set(ra["confidence"]) == {"verified"}
    srb = ra[(ra["economy"] == "SRB") & (ra["indicator_id"] == "eurostat_e_itsec3") & (ra["group"] == "all")]
    row = srb[srb["period"] == 2022].iloc[0]
    assert row["value"] == 84.23 and row["status"] == "observed"
    assert "b = break in time series" in row["note"]
    bih = ra[(ra["economy"] == "BIH") & (ra["indicator_id"] == "eurostat_e_itsec3") & (ra["group"] == "all")]
    assert "u = low reliability" in bih[bih["period"] == 2022].iloc[0]["note"]
    mkd = ra[(ra["economy"] == "MKD") & (ra["indicator_id"] == "eurostat_e_itsec3") & (ra["group"] == "all")]
    missing = mkd[mkd["period"] == 2022].iloc[0]
    assert missing["status"] == "not_assessed" and missing["value"] != missing["value"]  # ':' is missing, not 0
    assert not any("copy lost them" in n for n in ra["note"])  # the flags-lost note is gone


def test_offline_says_so_and_changes_nothing(eurostat_dir, monkeypatch):
    s = Stub()
    port = s.httpd.server_address[1]
    s.httpd.server_close()  # nothing listens there now
    monkeypatch.setenv(fetch.API_ENV, f"http://127.0.0.1:{port}/data")
    before = _snapshot(eurostat_dir)
    code, out, err = _run(eurostat_dir)
    assert code == 1 and out == ""
    assert err.startswith("error: offline: cannot reach http://127.0.0.1:") and "Nothing was written" in err
    assert err.count("cannot reach") == 1  # the other datasets are not tried
    assert _snapshot(eurostat_dir) == before


@pytest.mark.parametrize(
    ("answer", "needle"),
    [
        ((200, b""), "empty answer (no header, no rows)"),
        (
            (200, b"DATAFLOW,LAST UPDATE,freq,size_emp,nace_r2,indic_is,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"),
            "empty answer (no row for AL, BA, ME, MK, RS or XK)",
        ),
        ((404, b"No results found"), "Eurostat has no data for this query (HTTP 404)"),
        ((500, b"oops"), "HTTP 500"),
        ((200, b"<html>maintenance</html>\n"), "not the SDMX-CSV layout expected"),
    ],
    ids=["empty-body", "header-only", "404", "500", "html"],
)
def test_an_unusable_answer_for_one_dataset_writes_nothing_at_all(stub, eurostat_dir, answer, needle):
    stub.answers["isoc_cisce_ic"] = answer
    before = _snapshot(eurostat_dir)
    code, out, err = _run(eurostat_dir)
    assert code == 1 and needle in err and "Nothing was written" in err
    assert _snapshot(eurostat_dir) == before


def test_a_fetched_file_that_fails_the_check_is_rolled_back(stub, eurostat_dir):
    body = (FIXTURES / "isoc_cisce_ra.csv").read_text(encoding="utf-8").replace(",84.23,b,", ",84.23,x,")
    stub.answers["isoc_cisce_ra"] = (200, body.encode("utf-8"))
    before = _snapshot(eurostat_dir)
    code, out, err = _run(eurostat_dir)
    assert code == 2
    assert "unknown Eurostat flag 'x'" in err and "previous files were put back" in err
    assert _snapshot(eurostat_dir) == before


def test_cli_fetch_eurostat(stub, eurostat_dir, capsys, monkeypatch):
    monkeypatch.setattr(fetch, "today_utc", lambda: TODAY)
    assert main(["--data-dir", str(eurostat_dir), "fetch", "eurostat"]) == 0
    assert "OK: checked" in capsys.readouterr().out
    meta = (eurostat_dir / "raw" / "eurostat_isoc_cisce_ic" / "source.yaml").read_text(encoding="utf-8")
    assert "last_checked: '2026-12-07'" in meta and "confidence: verified" in meta


def _row(rows, **kw):
    (got,) = [r for r in rows if all(r.get(k) == v for k, v in kw.items())]
    return got


def test_the_parser_reads_the_recorded_answers_with_flags_a_break_and_a_missing_value():
    texts = {ds: (FIXTURES / f"{ds}.csv").read_text(encoding="utf-8") for ds in fetch.DATASETS}
    parsed = {ds: fetch.parse_response(ds, f"http://stub/{ds}", t) for ds, t in texts.items()}
    for ds, got in parsed.items():
        assert got.text == texts[ds]  # kept unchanged, to be written as it came
        assert len(got.rows) == len(texts[ds].splitlines()) - 1
    ra = parsed["isoc_cisce_ra"].rows
    head = dict(size_emp="GE10", indic_is="E_ITSEC3", TIME_PERIOD="2022")
    assert _row(ra, geo="BA", **head)["OBS_FLAG"] == "u" and _row(ra, geo="BA", **head)["OBS_VALUE"] == "83.33"
    assert _row(ra, geo="RS", **head)["OBS_FLAG"] == "b"  # a break in series, value kept: 84.23
    assert _row(ra, geo="RS", **head)["OBS_VALUE"] == "84.23"
    assert _row(ra, geo="ME", **head)["OBS_FLAG"] == "p"
    assert _row(ra, geo="MK", **head)["OBS_VALUE"] == ":"  # missing, not 0 (the check makes it not_assessed)
    ic = parsed["isoc_cisce_ic"].rows
    assert _row(ic, geo="RS", size_emp="GE10", indic_is="E_SEC2IANY", TIME_PERIOD="2024")["OBS_FLAG"] == "e"
    flagged = sum(1 for got in parsed.values() for r in got.rows if r["OBS_FLAG"])
    assert flagged == 7
    assert fetch.last_update(ra, TODAY) == "2026-03-27"  # the newest LAST UPDATE, dd/mm/yy


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "empty answer (no header, no rows)"),
        ("\n", "empty answer (no header, no rows)"),
        (
            "DATAFLOW,LAST UPDATE,freq,size_emp,nace_r2,indic_is,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n",
            "empty answer (no row for AL, BA, ME, MK, RS or XK)",
        ),
        (
            "DATAFLOW,LAST UPDATE,freq,size_emp,nace_r2,indic_is,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
            "ESTAT:ISOC_CISCE_RA(1.0),27/03/26 23:00:00,A,GE10,C10-S951_X_K,E_ITSEC3,PC_ENT,DE,2022,90.1,,\n",
            "empty answer (no row for AL, BA, ME, MK, RS or XK)",
        ),
        ("DATAFLOW,freq,geo,OBS_VALUE\nx,A,AL,1\n", "missing columns: LAST UPDATE, TIME_PERIOD, OBS_FLAG"),
    ],
    ids=["empty", "blank-line", "header-only", "no-wb6-row", "other-layout"],
)
def test_the_parser_refuses_an_empty_or_unusable_answer(text, needle):
    with pytest.raises(fetch.FetchFailed, match=re.escape(needle)):
        fetch.parse_response("isoc_cisce_ra", "http://stub/isoc_cisce_ra", text)
