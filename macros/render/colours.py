"""Text colours that stay legible on colours a policy chooses (tier badges): WCAG 2 relative luminance and contrast.

Of black and white, one always reaches at least 4.58:1 against any opaque colour, so choosing the better of the two
meets the 4.5:1 that normal-size text needs, whatever the policy says.
"""

from __future__ import annotations

BLACK = "#000000"
WHITE = "#ffffff"


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """Relative luminance of a ``#rrggbb`` colour, from 0 (black) to 1 (white)."""
    digits = colour.lstrip("#")
    if len(digits) != 6:
        raise ValueError(f"expected a #rrggbb colour, got {colour!r}")
    red, green, blue = (_channel(int(digits[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(background: str) -> str:
    """Black or white, whichever contrasts more with ``background``; white wins a tie."""
    return WHITE if contrast_ratio(WHITE, background) >= contrast_ratio(BLACK, background) else BLACK
