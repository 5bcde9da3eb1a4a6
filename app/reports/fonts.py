"""A CJK font for reportlab: embedded TrueType when available, else the built-in CID font.

reportlab embeds TrueType (glyf) fonts, so the PDF's Chinese text is selectable and
searchable; it cannot use the CFF-based Noto CJK files. Search order: a font shipped in
resources/fonts, Windows fonts, common Linux TrueType CJK fonts, then STSong-Light (a CID
font every PDF viewer has; text stays searchable but the font is not embedded).
"""

from __future__ import annotations

import logging
import os
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources" / "fonts"
WINDOWS_FONTS = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
CANDIDATES: tuple[tuple[Path, int], ...] = (
    (RESOURCES / "cjk.ttf", 0),
    (RESOURCES / "cjk.ttc", 0),
    (WINDOWS_FONTS / "simsun.ttc", 0),
    (WINDOWS_FONTS / "msyh.ttc", 0),
    (WINDOWS_FONTS / "simhei.ttf", 0),
    (WINDOWS_FONTS / "simfang.ttf", 0),
    (Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0),
    (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
    (Path("/usr/share/fonts/truetype/arphic/uming.ttc"), 0),
)
FALLBACK = "STSong-Light"


@cache
def cjk_font() -> str:
    """Register and return the name of the CJK font to use in reportlab styles."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    for path, index in CANDIDATES:
        if not path.exists():
            continue
        try:
            pdfmetrics.registerFont(TTFont("ReviewDeskCJK", str(path), subfontIndex=index))
        except (TTFError, OSError) as exc:
            log.info("font %s not usable: %s", path, exc)
            continue
        log.info("PDF font: %s", path)
        return "ReviewDeskCJK"
    log.warning("no embeddable CJK TrueType font found; using the CID font %s", FALLBACK)
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return FALLBACK
