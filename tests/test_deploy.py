"""deploy/: the nginx configuration rendered from its template, and replicas that never build on start."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from ui import data

sys.path.insert(0, str(ROOT / "deploy"))
import serve  # noqa: E402 (deploy/ is a folder of scripts, not a package)


def rendered(tmp_path: Path, upstreams=("127.0.0.1:8511", "127.0.0.1:8512")) -> str:
    return serve.render_config(
        upstreams=list(upstreams),
        listen="127.0.0.1:8080",
        run_dir=tmp_path,
        static_root=tmp_path / "www",
        app_static=tmp_path / "app-static",
        mime_types=Path(serve.MIME_TYPES),
    )


def test_the_template_renders_every_replica_and_the_rules_of_the_room(tmp_path):
    text = rendered(tmp_path)
    assert "{{" not in text
    assert text.count("server 127.0.0.1:851") == 2 and "server 127.0.0.1:8511 max_fails=2" in text
    assert "hash $wb6_affinity consistent;" in text and "ip_hash;" not in text
    assert "listen 127.0.0.1:8080;" in text  # loopback only
    assert f"pid {tmp_path}/nginx.pid;" in text and f"root {tmp_path}/www;" in text
    assert "location = /_stcore/stream" in text and "proxy_set_header Upgrade $http_upgrade;" in text
    assert "gzip_static on;" in text and 'add_header X-Served-By "nginx-static" always;' in text
    assert "# (not started as root" in text
    with pytest.raises(ValueError):
        serve.render_config(
            upstreams=[], listen="x", run_dir=tmp_path, static_root=tmp_path, app_static=tmp_path, mime_types=tmp_path
        )


@pytest.mark.skipif(serve.find_nginx() is None or not Path(serve.MIME_TYPES).exists(), reason="nginx not installed")
def test_nginx_accepts_the_rendered_configuration(tmp_path):
    for sub in ("logs", "temp", "www", "app-static"):
        (tmp_path / sub).mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(rendered(tmp_path))
    check = subprocess.run(
        [serve.find_nginx(), "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "logs/error.log"), "-t"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr


def test_prepare_static_writes_a_gzip_twin_of_each_text_file(tmp_path):
    src = tmp_path / "src"
    (src / "js").mkdir(parents=True)
    (src / "js" / "a.js").write_text("let a = 1;\n" * 200)
    (src / "icon.png").write_bytes(b"\x89PNG")
    plain, packed = serve.prepare_static(src, tmp_path / "out")
    assert gzip.decompress((tmp_path / "out/js/a.js.gz").read_bytes()) == (src / "js/a.js").read_bytes()
    assert not (tmp_path / "out/icon.png.gz").exists() and (tmp_path / "out/icon.png").read_bytes() == b"\x89PNG"
    assert plain == 2200 and 0 < packed < plain


def test_a_replica_never_builds_on_start(monkeypatch):
    calls = []
    monkeypatch.setattr(
        data, "_startup_build", lambda root, progress=None: calls.append(root) or data.BuildNotice("built")
    )
    monkeypatch.setenv(data.BUILD_ON_START_ENV, "0")
    assert data.ensure_warehouse() == data.BuildNotice() and calls == []
    monkeypatch.setenv(data.BUILD_ON_START_ENV, "1")
    assert data.ensure_warehouse().text == "built" and len(calls) == 1
    assert serve.BUILD_ON_START_ENV == data.BUILD_ON_START_ENV
