"""Byte clean-up before a strict XML parse, and the one parser allowed to read foreign XML."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

# Characters XML 1.0 forbids (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF), and lone
# surrogates left by undecodable bytes (surrogateescape maps each bad byte to U+DC80..U+DCFF).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ROOT_START = re.compile(rb"<[A-Za-z_]")
_HTML = re.compile(rb"^\s*(<!DOCTYPE\s+html|<html)", re.IGNORECASE)

# Strict: no recovery, no DTD, no entity expansion, no network; large documents allowed
# (libxml2 would otherwise truncate text nodes over 10 MB without saying so).
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=True,
    recover=False,
    remove_comments=True,
    remove_pis=True,
)


class XMLSafetyError(ValueError):
    """The bytes are not XML we are willing to parse (HTML, a DTD, not well-formed)."""


@dataclass
class Cleaned:
    data: bytes
    removed: int  # bytes or characters dropped because XML 1.0 does not allow them


def clean_xml_bytes(data: bytes) -> Cleaned:
    """Drop undecodable bytes and characters XML forbids, counting what was dropped.

    libxml2's recover mode drops the same bytes but also, silently, unrelated text near them;
    cleaning first keeps the rest of the text intact and makes the loss visible.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    match = _DECLARED_ENCODING.match(data[:200])
    encoding = match.group(1).decode("ascii").lower() if match else "utf-8"
    if encoding in ("utf-8", "utf8"):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="surrogateescape")
    else:
        try:
            text = data.decode(encoding, errors="surrogateescape")
        except LookupError:
            raise XMLSafetyError(f"declares an unknown encoding {encoding!r}") from None
        text = re.sub(r"""(<\?xml[^>]*encoding\s*=\s*["'])[^"']+""", r"\1UTF-8", text, count=1)
    removed = 0
    if _ILLEGAL.search(text):
        text, removed = _ILLEGAL.subn("", text)
    if removed == 0 and encoding in ("utf-8", "utf8"):
        return Cleaned(data, 0)
    return Cleaned(text.encode("utf-8"), removed)


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML.match(data[:1024].lstrip(b"\xef\xbb\xbf")))


def check_prolog(head: bytes, *, where: str) -> None:
    """Refuse, from the first bytes alone, what is not XML we parse: an HTML page, or a DTD
    (which can only stand before the root element, so the prolog is all that needs a look)."""
    if looks_like_html(head):
        title = re.search(rb"<title[^>]*>(.*?)</title>", head[:20000], re.IGNORECASE | re.DOTALL)
        shown = f" titled {title.group(1).decode('utf-8', 'replace').strip()[:80]!r}" if title else ""
        raise XMLSafetyError(f"{where}: got an HTML page{shown}, not XML")
    root = _ROOT_START.search(head)
    if _DOCTYPE.search(head, 0, root.start() if root else len(head)):
        raise XMLSafetyError(
            f"{where}: the document declares a DTD (<!DOCTYPE>); refused, since a DTD can define "
            "entities that expand without bound or read local files"
        )


def parse_xml(data: bytes, *, where: str) -> etree._Element:
    """Parse cleaned bytes strictly; `where` (URL and page, or file) goes into every error."""
    check_prolog(data, where=where)
    try:
        return etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        line = f" line {exc.lineno}" if getattr(exc, "lineno", None) else ""
        raise XMLSafetyError(f"{where}:{line}: not well-formed XML ({exc.msg})") from None
