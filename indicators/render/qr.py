"""Audience QR code: the public URL of the current view, as SVG text and PNG bytes, made offline.

The dashboard usually runs on the presenter's laptop (127.0.0.1), which the audience's phones cannot
open, so the QR code needs the address where the same dashboard is published. The presenter gives
it in one of three ways (first one wins):

1. the command-line option ``streamlit run dashboard.py -- --public-url https://example.org/wb6``;
2. the environment variable ``WB6_PUBLIC_URL``;
3. ``public_url = "https://..."`` in ``presenter.toml`` at the project root (or the file named by
   ``WB6_PRESENTER_CONFIG``). This file is independent of ``.streamlit/config.toml``.

Without a usable public base URL the functions return ``None`` and a reason the setup page shows
(and the QR code stays hidden). QR codes are drawn by ``segno`` (pure Python, no network).
"""

from __future__ import annotations

import io
import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno

from indicators.model.paths import PROJECT_ROOT
from indicators.model.vocabulary import _

ENV_VAR = "WB6_PUBLIC_URL"
CONFIG_ENV_VAR = "WB6_PRESENTER_CONFIG"
CONFIG_FILE = "presenter.toml"
CLI_OPTION = "--public-url"
# Parameters that drive the presenter's screen only: a phone should not auto-advance.
PRESENTER_ONLY_PARAMS = ("auto",)
LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "::1")


@dataclass(frozen=True)
class PublicBase:
    url: str  # normalised, always ends with "/"
    origin: str  # "command line", "environment variable WB6_PUBLIC_URL" or "presenter.toml"


@dataclass(frozen=True)
class ViewQr:
    url: str
    svg: str
    png: bytes


def check_base_url(raw: str | None) -> tuple[str | None, str | None]:
    """A usable base URL (normalised with a trailing "/") or None and why not. Never raises."""
    if raw is None or not str(raw).strip():
        return None, _("no public URL is set")
    text = str(raw).strip()
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None, _("the public URL is not a valid address")
    if parts.scheme not in ("http", "https"):
        return None, _("the public URL must start with https:// (or http://)")
    if not host:
        return None, _("the public URL has no host name")
    if host in LOCAL_HOSTS or host.startswith("127."):
        return None, _(
            "the public URL points to this computer only ({host}); the audience's phones cannot open it"
        ).format(host=host)
    if parts.query or parts.fragment:
        return None, _("the public URL must not carry ?parameters or a #fragment")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", "")), None


def url_from_argv(argv: Sequence[str]) -> str | None:
    """The value of ``--public-url URL`` or ``--public-url=URL`` in a script's arguments."""
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == CLI_OPTION and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(CLI_OPTION + "="):
            return arg.split("=", 1)[1]
    return None


def url_from_config(text: str | None) -> tuple[str | None, str | None]:
    """``public_url`` from presenter.toml text (or its ``[presenter]`` table); (None, reason) if unusable."""
    if text is None:
        return None, None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, _("{file} is not valid TOML ({error})").format(file=CONFIG_FILE, error=exc)
    value = doc.get("public_url")
    if value is None and isinstance(doc.get("presenter"), dict):
        value = doc["presenter"].get("public_url")
    if value is not None and not isinstance(value, str):
        return None, _("public_url in {file} must be a text").format(file=CONFIG_FILE)
    return value, None


def resolve_public_base(
    argv: Sequence[str] = (), environ: Mapping[str, str] | None = None, config_text: str | None = None
) -> tuple[PublicBase | None, str | None]:
    """Pure: the public base URL from the command line, the environment or presenter.toml text.

    Returns (PublicBase, None) or (None, reason to show on the setup page)."""
    environ = environ or {}
    candidates = [
        (
            url_from_argv(argv),
            f"command line ({CLI_OPTION})",
            _("the command line ({option})").format(option=CLI_OPTION),
        ),
        (
            environ.get(ENV_VAR),
            f"environment variable {ENV_VAR}",
            _("the environment variable {name}").format(name=ENV_VAR),
        ),
    ]
    cfg_value, cfg_problem = url_from_config(config_text)
    candidates.append((cfg_value, CONFIG_FILE, CONFIG_FILE))
    for raw, origin, origin_shown in candidates:
        if raw is None or not str(raw).strip():
            continue
        url, reason = check_base_url(raw)
        if url is None:
            return None, _("{reason} (set by {origin})").format(reason=reason, origin=origin_shown)
        return PublicBase(url, origin), None
    if cfg_problem:
        return None, cfg_problem
    return None, _("no public URL is set: start with {command}, set {variable}, or write {setting} in {file}").format(
        command=f"`streamlit run dashboard.py -- {CLI_OPTION} https://...`",
        variable=f"`{ENV_VAR}`",
        setting='`public_url = "https://..."`',
        file=f"`{CONFIG_FILE}`",
    )


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    return Path(environ.get(CONFIG_ENV_VAR) or PROJECT_ROOT / CONFIG_FILE)


def load_public_base(
    argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None
) -> tuple[PublicBase | None, str | None]:
    """Read the real command line, environment and presenter.toml, then :func:`resolve_public_base`."""
    import sys

    environ = os.environ if environ is None else environ
    try:
        text = config_path(environ).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = None
    return resolve_public_base(sys.argv[1:] if argv is None else argv, environ, text)


def view_url(
    base: PublicBase | str,
    page_path: str,
    params: Mapping[str, object] | None = None,
    lang: str | None = None,
    drop: Sequence[str] = PRESENTER_ONLY_PARAMS,
) -> str:
    """The public URL of a view: base + page path + query parameters (``lang`` included when given).

    ``params`` maps a name to a value or a list of values (repeated keys); order is kept."""
    if isinstance(base, PublicBase):
        root = base.url
    else:
        root, reason = check_base_url(base)
        if root is None:
            raise ValueError(reason)
    page = str(page_path or "").strip().lstrip("/")
    pairs: list[tuple[str, str]] = []
    for key, value in (params or {}).items():
        if key in drop or key == "lang":
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        pairs += [(str(key), str(v)) for v in values if v is not None]
    if lang:
        pairs.append(("lang", str(lang)))
    query = urlencode(pairs, safe=",")
    return root + page + ("?" + query if query else "")


def qr_svg(url: str, scale: int = 4, title: str | None = None) -> str:
    """An SVG element (text) of the QR code, dark on white with the quiet zone, no XML declaration."""
    out = io.BytesIO()
    _code(url).save(
        out,
        kind="svg",
        scale=scale,
        border=4,
        dark="#000000",
        light="#ffffff",
        xmldecl=False,
        svgns=True,
        title=title or url,
        nl=False,
    )
    return out.getvalue().decode("utf-8")


def qr_png(url: str, scale: int = 8) -> bytes:
    """PNG bytes of the QR code (``scale`` pixels per module, 4-module quiet zone)."""
    out = io.BytesIO()
    _code(url).save(out, kind="png", scale=scale, border=4, dark="#000000", light="#ffffff")
    return out.getvalue()


def view_qr(
    base: PublicBase | None,
    page_path: str,
    params: Mapping[str, object] | None = None,
    lang: str | None = None,
    reason: str | None = None,
) -> tuple[ViewQr | None, str | None]:
    """The QR code of a view, or (None, reason) when there is no public base URL."""
    if base is None:
        return None, reason or _("no public URL is set")
    url = view_url(base, page_path, params, lang)
    return ViewQr(url=url, svg=qr_svg(url), png=qr_png(url)), None


def _code(url: str) -> segno.QRCode:
    # Error correction M (15 %): robust on a projector and still small for a URL of ~100 characters.
    return segno.make_qr(url, error="m", boost_error=False)
