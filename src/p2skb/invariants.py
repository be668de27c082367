r"""Language-independent tokens: what every translation of a passage must keep.

Error codes, hex codes, KB numbers, registry keys, Windows paths and URLs are
found in the *literal* text of inline content: text as rendered plus raw inline
HTML as written, so that ``C:\\Users\\<UserName>\\AppData`` stays one path even
though ``<UserName>`` parses as an HTML tag.  Patterns are ASCII-only
(``re.ASCII``) because CJK text abuts Latin tokens without spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from p2skb.model import Invariants

__all__ = ["extract", "strip_invariants"]

_FLAGS = re.ASCII | re.IGNORECASE

_HEX_CODE = re.compile(r"(?<![0-9a-z_])0x[0-9a-f]{2,16}(?![0-9a-z_])", _FLAGS)
# An error word in the locales we meet, then a decimal or bare hex code: "(Error 798)",
# "(エラー 798)", "(錯誤 798)", "Fehler 8007026f".  The code needs a digit and 3+ characters.
_ERROR_WORD_LIST = (
    "error",
    "erreur",
    "fehler",
    "erro",
    "fout",
    "hata",
    "エラー",
    "錯誤",
    "错误",
    "오류",
    "ошибка",
)
_ERROR_WORDS = "|".join(_ERROR_WORD_LIST)
_WORDED_CODE = re.compile(
    rf"(?:{_ERROR_WORDS})\s*(?:code\s*)?[:：]?\s*(?<![0-9a-z_])"
    r"((?=[0-9a-f]*[0-9])[0-9a-f]{3,8})(?![0-9a-z_])",
    _FLAGS,
)
# KDC_ERR_C_PRINCIPAL_UNKNOWN: three or more upper-case words joined by underscores.
_SYMBOLIC_CODE = re.compile(
    r"(?<![A-Za-z0-9_])(?!HKEY_)[A-Z][A-Z0-9]*(?:_[A-Z0-9]+){2,}(?![A-Za-z0-9_])"
)
_KB_NUMBER = re.compile(r"(?<![0-9a-z_])KB\s?([0-9]{6,8})(?![0-9])", _FLAGS)
_REGISTRY_KEY = re.compile(
    r"(?<![A-Za-z0-9_])(?:HKEY_[A-Z_]+|HKLM|HKCU|HKCR|HKCC|HKU)(?:\\[^\s`\"'|]*)?(?![A-Za-z0-9_])"
)
# Windows paths: drive, UNC and %VARIABLE% roots.  They end at whitespace, quotes or CJK text.
_PATH_CHAR = r"[^\s\"'`|*?“”„‘’‚«»\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]"
_WINDOWS_PATH = re.compile(
    rf"(?<![A-Za-z0-9_])(?:[A-Za-z]:\\|\\\\[A-Za-z0-9]|%[A-Za-z_]+%\\){_PATH_CHAR}*"
)
# URLs end at whitespace, brackets, quotes, or CJK text and punctuation (which abut them).
_URL = re.compile(
    r"https?://[^\s<>\"'`\[\]()\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]+", re.IGNORECASE
)
# Sentence punctuation that follows a token; ">" is not in it: paths end in "<GUID>".
_TRAILING_PUNCTUATION = ".,;:!?)]}'\"、。，．：；！？）“”’»"


def _trim(token: str) -> str:
    return token.rstrip(_TRAILING_PUNCTUATION)


def _distinct(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))


def _may_match(pattern: re.Pattern[str], folded: str) -> bool:
    """A cheap substring test that rules a pattern out before the regex scans the text."""
    if pattern is _WORDED_CODE:
        return any(word in folded for word in _ERROR_WORD_LIST)
    needles = _NEEDLES[pattern]
    return any(needle in folded for needle in needles)


def extract(
    literal_texts: Iterable[str],
    *,
    link_targets: Iterable[str] = (),
    inline_code: Iterable[str] = (),
) -> Invariants:
    """Find the invariants in some literal texts, link targets and code spans.

    Code spans are searched too (registry keys are usually written in them) and
    are also kept whole in ``inline_code``.  Error codes keep the order they
    appear in.
    """
    codes = tuple(inline_code)
    text = "\n".join(part for part in (*literal_texts, *codes) if part)
    folded = text.lower()
    if _TRIGGER.search(folded) is None:  # most sections: nothing any pattern could match
        return Invariants(link_targets=_distinct(link_targets), inline_code=_distinct(codes))

    def found(pattern: re.Pattern[str], group: int = 0) -> list[tuple[int, str]]:
        if not _may_match(pattern, folded):
            return []
        return [(match.start(), match.group(group)) for match in pattern.finditer(text)]

    located_codes = sorted(
        [(start, value.lower()) for start, value in found(_HEX_CODE)]
        + [(start, value.lower()) for start, value in found(_WORDED_CODE, 1)]
        + found(_SYMBOLIC_CODE)
    )
    return Invariants(
        error_codes=_distinct(value for _, value in located_codes),
        kb_numbers=_distinct(f"KB{value}" for _, value in found(_KB_NUMBER, 1)),
        registry_keys=_distinct(_trim(value) for _, value in found(_REGISTRY_KEY)),
        paths=_distinct(_trim(value) for _, value in found(_WINDOWS_PATH)),
        urls=_distinct(_trim(value) for _, value in found(_URL)),
        link_targets=_distinct(link_targets),
        inline_code=_distinct(codes),
    )


_NEEDLES: dict[re.Pattern[str], tuple[str, ...]] = {
    _HEX_CODE: ("0x",),
    _SYMBOLIC_CODE: ("_",),
    _KB_NUMBER: ("kb",),
    _REGISTRY_KEY: ("hk",),
    _WINDOWS_PATH: (":\\", "\\\\", "%\\"),
    _URL: ("://",),
}


# One search that finds whether any pattern could match at all.
_TRIGGER = re.compile(
    "|".join(re.escape(needle) for needles in _NEEDLES.values() for needle in needles)
    + "|"
    + "|".join(re.escape(word) for word in _ERROR_WORD_LIST)
)


def strip_invariants(text: str) -> str:
    """``text`` with URLs, registry keys, paths, hex and symbolic codes and KB numbers blanked."""
    folded = text.lower()
    if _TRIGGER.search(folded) is None:
        return text
    for pattern in _NEEDLES:
        if _may_match(pattern, folded):
            text = pattern.sub(" ", text)
    return text
