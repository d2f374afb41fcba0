"""The one place that makes data safe to put in page markup. Pure, no Streamlit.

Text from the data (team names, catalog names, source titles, notes, plan actions) is never trusted:

- :func:`md` for text placed inside Streamlit markdown (``st.markdown``, ``st.caption``, subheaders,
  badges, messages): every markdown/HTML punctuation character is backslash-escaped, so a title such as
  ``[x](http://evil)`` or ``![img](...)`` or ``<b>`` shows as those characters and never becomes a link,
  an image or an element; Streamlit's ``:colour[...]``, ``:material/...:`` and ``$math$`` are defused too,
  and bare addresses (``http://...``, ``www...``, ``a@b.org``) get an invisible word joiner so that
  markdown does not turn them into links.
- :func:`html` for text placed in HTML (``st.html``, or ``st.markdown(..., unsafe_allow_html=True)`` on slides,
  tooltips and cards): entities for ``& < > " '``, and, because that HTML passes through the markdown parser
  first, numeric entities for the markdown of links, images and code, for line breaks (a blank line would end the HTML block
  and turn the rest into live markdown, e.g. an image) and inside bare addresses (no autolink).
- :func:`safe_url` for an address taken from the data: only ``http(s)`` addresses pass, others give None.
"""

from __future__ import annotations

import html as _html
import re
from urllib.parse import quote

# Every character with a meaning in CommonMark, GitHub-flavoured markdown or Streamlit's extensions.
# ':' only before a non-space (':material/x:').
MD_SPECIAL = "\\`*_[]<>!|~$"
_MD_RE = re.compile("([" + re.escape(MD_SPECIAL) + "]|:(?=\\S))")
# GitHub-flavoured markdown turns bare addresses into links after escapes are resolved, so a backslash does
# not stop it: an invisible WORD JOINER (U+2060) inside '://', 'www.' and before '@' does.
JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(?=://)|(?<=\bwww)(?=\.)|(?=@)")
_BLOCK_START = re.compile(r"^(\s*)([#+=-])|^(\s*\d+)([.)])")  # a heading, list or rule at the start


def md(text: object) -> str:
    """``text`` as literal characters inside markdown (newlines become spaces)."""
    if text is None:
        return ""
    out = _MD_RE.sub(r"\\\1", _AUTOLINK.sub(JOINER, " ".join(str(text).splitlines())))
    return _BLOCK_START.sub(lambda m: (m.group(1) or m.group(3) or "") + "\\" + (m.group(2) or m.group(4)), out)


# Links, images, code and line breaks; emphasis (* _) stays: cosmetic at worst, and "Kosovo*" or ids with
# underscores read as they are in the HTML.
_HTML_MD = {ord(c): f"&#{ord(c)};" for c in "\\`[]!"} | {ord("\n"): "&#10;", ord("\r"): ""}
_HTML_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9]):(?=//)|(?<=\bwww)\.|@")


def html(text: object) -> str:
    """``text`` as literal characters inside HTML, also when that HTML is read by the markdown parser first."""
    if text is None:
        return ""
    out = _html.escape(str(text), quote=True).translate(_HTML_MD)
    return _HTML_AUTOLINK.sub(lambda m: f"&#{ord(m.group(0))};", out)


def safe_url(url: object) -> str | None:
    """An http(s) address from the data, percent-quoted so it cannot close a markdown link; else None."""
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return None
    return quote(url, safe=":/?&=#%+,;@~")


def md_link(title: object, url: object) -> str:
    """A markdown link whose label is escaped data and whose target is an http(s) address from the data;
    just the escaped label when the address is not http(s)."""
    target = safe_url(url)
    return f"[{md(title)}]({target})" if target else md(title)
