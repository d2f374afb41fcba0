"""Audience QR code (indicators/render/qr.py): public base URL resolution and a PNG that decodes back to the URL."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from PIL import Image

from indicators.render.qr import (
    ENV_VAR,
    PublicBase,
    check_base_url,
    load_public_base,
    qr_png,
    qr_svg,
    resolve_public_base,
    view_qr,
    view_url,
)

BASE = "https://forum.example.org/wb6"


def decode(png: bytes) -> list[str]:
    image = Image.open(io.BytesIO(png)).convert("L")
    return [r.text for r in zxingcpp.read_barcodes(image)]


def test_png_decodes_back_to_the_view_url():
    base, reason = resolve_public_base(["--public-url", BASE])
    assert reason is None and base.url == BASE + "/"
    qr, reason = view_qr(base, "/profile", {"economy": "XKX", "focus": "legal"}, lang="en")
    assert reason is None
    assert qr.url == "https://forum.example.org/wb6/profile?economy=XKX&focus=legal&lang=en"
    assert decode(qr.png) == [qr.url]
    assert Image.open(io.BytesIO(qr.png)).format == "PNG"


def test_long_deck_url_with_lists_decodes_too():
    url = view_url(
        BASE,
        "present",
        {
            "present": "1",
            "economies": ["SRB", "XKX", "BIH", "ALB", "MNE", "MKD"],
            "focus": "technical",
            "slide": "4",
            "auto": "30",
            "lang": "fr",
        },
        lang="en",
    )
    assert url == (
        BASE + "/present?present=1&economies=SRB&economies=XKX&economies=BIH&economies=ALB"
        "&economies=MNE&economies=MKD&focus=technical&slide=4&lang=en"
    )  # auto dropped, lang once
    assert decode(qr_png(url, scale=4)) == [url]


def test_svg_is_well_formed_and_titled():
    svg = qr_svg("https://a.example/x?economy=ALB&lang=en")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert root.find("{http://www.w3.org/2000/svg}title").text == "https://a.example/x?economy=ALB&lang=en"
    assert not svg.startswith("<?xml")


def test_without_a_public_url_there_is_no_qr_and_a_reason():
    base, reason = resolve_public_base([], {}, None)
    assert base is None and "no public URL is set" in reason and ENV_VAR in reason
    assert view_qr(base, "profile", reason=reason) == (None, reason)


@pytest.mark.parametrize(
    "raw, why",
    [
        ("http://127.0.0.1:8501", "this computer only"),
        ("http://localhost:8501/", "this computer only"),
        ("ftp://example.org", "https://"),
        ("https://", "no host"),
        ("https://example.org/?a=1", "?parameters"),
        ("https://[bad", "not a valid address"),
    ],
)
def test_unusable_base_urls_say_why(raw, why):
    url, reason = check_base_url(raw)
    assert url is None and why in reason


def test_precedence_command_line_then_environment_then_config():
    env = {ENV_VAR: "https://env.example.org"}
    cfg = 'public_url = "https://cfg.example.org/base/"'
    assert resolve_public_base(["--public-url=https://cli.example.org"], env, cfg)[0] == PublicBase(
        "https://cli.example.org/", "command line (--public-url)"
    )
    assert resolve_public_base([], env, cfg)[0].url == "https://env.example.org/"
    assert resolve_public_base([], {}, cfg)[0].url == "https://cfg.example.org/base/"
    assert (
        resolve_public_base([], {}, '[presenter]\npublic_url = "https://t.example.org"')[0].url
        == "https://t.example.org/"
    )
    base, reason = resolve_public_base([], {ENV_VAR: "http://localhost:8501"}, cfg)
    assert base is None and "environment variable" in reason
    base, reason = resolve_public_base([], {}, "public_url = [")
    assert base is None and "not valid TOML" in reason


def test_load_reads_the_presenter_config_file(tmp_path):
    cfg = tmp_path / "presenter.toml"
    cfg.write_text('public_url = "https://file.example.org"\n', encoding="utf-8")
    base, reason = load_public_base([], {"WB6_PRESENTER_CONFIG": str(cfg)})
    assert reason is None and base.url == "https://file.example.org/" and base.origin == "presenter.toml"
    base, reason = load_public_base([], {"WB6_PRESENTER_CONFIG": str(tmp_path / "none.toml")})
    assert base is None and reason


def test_view_url_normalises_a_text_base_and_refuses_a_local_one():
    assert (
        view_url("https://a.example.org/sub", "/map", {"economies": "ALB,SRB"})
        == "https://a.example.org/sub/map?economies=ALB,SRB"
    )
    with pytest.raises(ValueError):
        view_url("http://127.0.0.1:8501", "map")
