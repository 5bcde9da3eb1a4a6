"""Draw packaging/reviewdesk.ico (a document with a check mark on a blue tile) with Pillow.

    .venv/bin/python packaging/make_icon.py

The .ico is committed; rerun only to change the design. Sizes 16-256 px in one file.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = 256) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = size / 256
    d.rounded_rectangle((8 * s, 8 * s, 248 * s, 248 * s), radius=44 * s, fill=(27, 94, 166, 255))
    # the page, with a folded corner
    page = [
        (64 * s, 40 * s),
        (160 * s, 40 * s),
        (196 * s, 76 * s),
        (196 * s, 216 * s),
        (64 * s, 216 * s),
    ]
    d.polygon(page, fill=(255, 255, 255, 255))
    d.polygon([(160 * s, 40 * s), (160 * s, 76 * s), (196 * s, 76 * s)], fill=(190, 210, 235, 255))
    for y in (96, 120, 144):
        d.rounded_rectangle(
            (84 * s, y * s, 176 * s, (y + 10) * s), radius=5 * s, fill=(160, 180, 205, 255)
        )
    # the check mark
    d.line(
        [(92 * s, 178 * s), (122 * s, 204 * s), (220 * s, 112 * s)],
        fill=(46, 160, 67, 255),
        width=max(2, round(24 * s)),
        joint="curve",
    )
    return img


def main() -> None:
    draw().save(HERE / "reviewdesk.ico", sizes=SIZES)
    print(HERE / "reviewdesk.ico")


if __name__ == "__main__":
    main()
