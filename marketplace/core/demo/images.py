"""Product pictures drawn with Pillow: deterministic, no downloads."""

import io
import math

from PIL import Image, ImageDraw, ImageFont

from marketplace.core.text import fold

GROUP_COLOURS = {
    "food": ((190, 60, 40), (250, 200, 120)),
    "beverages": ((40, 90, 160), (160, 210, 240)),
    "herbal": ((40, 120, 70), (180, 230, 170)),
    "handicrafts": ((130, 85, 45), (230, 200, 150)),
    "ornamental": ((170, 50, 120), (245, 190, 220)),
    "tourism": ((20, 110, 120), (170, 225, 220)),
}


def _star(cx, cy, r):
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    return points


def product_picture(*, title: str, group_key: str, stars: int, size: int = 600) -> bytes:
    """A square JPEG: two-tone background, the product's initials and its OCOP stars."""
    dark, light = GROUP_COLOURS.get(group_key, ((90, 90, 90), (220, 220, 220)))
    image = Image.new("RGB", (size, size), light)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, size * 0.72, size, size], fill=dark)
    initials = "".join(word[0] for word in fold(title).split()[:3] if word[0].isalnum()).upper()
    font = ImageFont.load_default(size=size // 4)
    draw.text((size / 2, size * 0.38), initials, fill=dark, font=font, anchor="mm")
    for i in range(stars):
        draw.polygon(
            _star(size / 2 + (i - (stars - 1) / 2) * size * 0.12, size * 0.86, size * 0.05), fill=(255, 205, 40)
        )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()
