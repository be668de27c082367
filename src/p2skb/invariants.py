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
_ERROR_WORDS = r"error|erreur|fehler|errore|erro|fout|hata|エラー|錯誤|错误|오류|ошибка"
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


def extract(
    literal_texts: Iterable[str],
    *,
    link_targets: Iterable[str] = (),
    inline_code: Iterable[str] = (),
) -> Invariants:
    """Find the invariants in some literal texts, link targets and code spans.

    Code spans are searched too (registry keys are usually written in them) and
    are also kept whole in ``inline_code``.
    """
    codes = tuple(inline_code)
    texts = [*literal_texts, *codes]
    error_codes: list[str] = []
    kb_numbers: list[str] = []
    registry_keys: list[str] = []
    paths: list[str] = []
    urls: list[str] = []
    for text in texts:
        if not text:
            continue
        error_codes.extend(match.group(0).lower() for match in _HEX_CODE.finditer(text))
        error_codes.extend(match.group(1).lower() for match in _WORDED_CODE.finditer(text))
        error_codes.extend(match.group(0) for match in _SYMBOLIC_CODE.finditer(text))
        kb_numbers.extend(f"KB{match.group(1)}" for match in _KB_NUMBER.finditer(text))
        registry_keys.extend(_trim(match.group(0)) for match in _REGISTRY_KEY.finditer(text))
        paths.extend(_trim(match.group(0)) for match in _WINDOWS_PATH.finditer(text))
        urls.extend(_trim(match.group(0)) for match in _URL.finditer(text))
    return Invariants(
        error_codes=_distinct(error_codes),
        kb_numbers=_distinct(kb_numbers),
        registry_keys=_distinct(registry_keys),
        paths=_distinct(paths),
        urls=_distinct(urls),
        link_targets=_distinct(link_targets),
        inline_code=_distinct(codes),
    )


_ALL_PATTERNS = (_URL, _REGISTRY_KEY, _WINDOWS_PATH, _HEX_CODE, _SYMBOLIC_CODE, _KB_NUMBER)


def strip_invariants(text: str) -> str:
    """``text`` with URLs, registry keys, paths, hex and symbolic codes and KB numbers blanked."""
    for pattern in _ALL_PATTERNS:
        text = pattern.sub(" ", text)
    return text
