"""Characters that text from the data may not hold, shared by the policy and workbook loaders.

Control characters (C0 and DEL) are invisible, break the XML of a downloaded workbook and the YAML of a copied
value, and the bidirectional overrides (U+202A–U+202E, U+2066–U+2069) make text display in a different order
from the one it is read in (the "Trojan Source" trick): an id could look like another. Tab and newline are
allowed where text may run over several lines.
"""

from __future__ import annotations

import re

_ALWAYS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069"
_MULTILINE = re.compile(f"[{_ALWAYS}\r]")
_SINGLE_LINE = re.compile(f"[{_ALWAYS}\t\n\r]")

_NAMES = {
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a carriage return",
    "\x7f": "the control character DEL",
}


def describe(char: str) -> str:
    """``\\x07`` → ``the control character U+0007``; ``\\u202e`` → ``a bidirectional override (U+202E)``."""
    if char in _NAMES:
        return _NAMES[char]
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return f"a bidirectional override (U+{ord(char):04X})"
    return f"the control character U+{ord(char):04X}"


def forbidden_character(text: str, *, multiline: bool) -> tuple[int, str] | None:
    """The first character ``text`` may not hold, as (offset, description), or None.

    ``multiline`` allows tab and newline (text that may run over several lines); ids and names allow neither.
    """
    match = (_MULTILINE if multiline else _SINGLE_LINE).search(text)
    if match is None:
        return None
    return match.start(), describe(match.group())
