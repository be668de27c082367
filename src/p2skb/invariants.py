r"""Language-independent tokens: what every translation of a passage must keep.

Error codes, hex codes, KB numbers, registry keys, Windows paths and URLs are
found in the *literal* text of inline content: text as rendered plus raw inline
HTML as written, so that ``C:\\Users\\<UserName>\\AppData`` stays one path even
though ``<UserName>`` parses as an HTML tag.  Patterns are ASCII-only
(``re.ASCII``) because CJK text abuts Latin tokens without spaces.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from p2skb.model import Invariants

if TYPE_CHECKING:
    from p2skb.literal import LiteralText

__all__ = [
    "TEXT_INVARIANTS",
    "extract",
    "found_in_text",
    "section_invariants",
    "strip_invariants",
]

TEXT_INVARIANTS = {
    "error_codes": "error code",
    "kb_numbers": "KB number",
    "registry_keys": "registry key",
    "paths": "path",
    "urls": "URL",
    "file_names": "file name",
}
"""The :class:`~p2skb.model.Invariants` fields found by pattern in literal text, each with
what a message calls one of its values (link targets and code spans are taken whole)."""


def found_in_text(found: Invariants) -> dict[str, tuple[str, ...]]:
    """The values of each :data:`TEXT_INVARIANTS` field of ``found``, by field name."""
    return {field: getattr(found, field) for field in TEXT_INVARIANTS}


# Case-blind patterns run on the lower-cased text, which is several times faster than
# re.IGNORECASE on alternations of words.
_FLAGS = re.ASCII
# Error words in the locales we meet; a decimal or bare hex code follows them:
# "(Error 798)", "(エラー 798)", "(錯誤 798)", "Fehler 8007026f".
_ERROR_WORDS = (
    *("error", "erreur", "fehler", "errore", "erro", "fout", "hata", "ошибка"),
    *("エラー", "錯誤", "错误", "오류"),
)
# Windows paths end at whitespace, quotes or CJK text; URLs also at brackets.
_PATH_CHAR = r"[^\s\"'`|*?“”„‘’‚«»\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]"
# Sentence punctuation that follows a token; ">" is not in it: paths end in "<GUID>".
_TRAILING_PUNCTUATION = ".,;:!?)]}'\"、。，．：；！？）“”’»"


_FILE_EXTENSIONS = (
    *("cer", "crt", "pem", "pfx", "p12", "p7b", "exe", "msi", "zip", "xml", "json", "ps1"),
    *("bat", "cmd", "cfg", "config", "ini", "inf", "log", "txt", "csv", "pbk", "ovpn", "yml"),
    "yaml",
)
"""Extensions of the files articles name (certificates, installers, settings, scripts)."""


@attrs.frozen
class _Kind:
    """One kind of invariant: its pattern, and substrings without which it cannot match."""

    pattern: re.Pattern[str]
    needles: tuple[str, ...]
    """Lower-case substrings; the pattern only runs when the folded text has one."""
    group: int = 0
    folded: bool = False
    """Run on the lower-cased text (a case-blind pattern), else on the text as written."""


@functools.cache
def _kinds() -> dict[str, _Kind]:
    """The patterns, compiled on first use (importing p2skb does not pay for them).

    Where a pattern starts with a literal (``0x``, ``kb``, ``HK``), the "not
    inside a word" test is a lookbehind placed after it: the regex engine then
    skips to each occurrence of the literal, as ``str.find`` does, instead of
    trying the pattern at every position.
    """
    return {
        "hex": _Kind(
            re.compile(r"0x(?<![0-9a-z_]0x)[0-9a-f]{2,16}(?![0-9a-z_])", _FLAGS),
            ("0x",),
            folded=True,
        ),
        "worded": _Kind(
            re.compile(
                rf"(?:{'|'.join(_ERROR_WORDS)})\s*(?:code\s*)?[:：]?\s*(?<![0-9a-z_])"
                r"((?=[0-9a-f]*[0-9])[0-9a-f]{3,8})(?![0-9a-z_])",  # a digit, 3+ characters
                _FLAGS,
            ),
            tuple(word for word in _ERROR_WORDS if word != "errore"),  # "erro" covers it
            group=1,
            folded=True,
        ),
        # KDC_ERR_C_PRINCIPAL_UNKNOWN: three or more upper-case words joined by underscores
        # (HKEY_LOCAL_MACHINE is a registry key, not a code).
        "symbolic": _Kind(
            re.compile(
                r"(?:H(?!KEY_)|[A-GI-Z])(?<![A-Za-z0-9_].)[A-Z0-9]*(?:_[A-Z0-9]+){2,}(?![A-Za-z0-9_])"
            ),
            ("_",),
        ),
        "kb": _Kind(
            re.compile(r"kb(?<![0-9a-z_]kb)\s?([0-9]{6,8})(?![0-9])", _FLAGS),
            ("kb",),
            1,
            folded=True,
        ),
        "registry": _Kind(
            re.compile(
                r"HK(?<![A-Za-z0-9_]HK)(?:EY_[A-Z_]+|LM|CU|CR|CC|U)"
                r"(?:\\[^\s`\"'|]*)?(?![A-Za-z0-9_])"
            ),
            ("hk",),
        ),
        "path": _Kind(
            re.compile(
                rf"(?<![A-Za-z0-9_])(?:[A-Za-z]:\\|\\\\[A-Za-z0-9]|%[A-Za-z_]+%\\){_PATH_CHAR}*"
            ),
            (":\\", "\\\\", "%\\"),
        ),
        # AzureRoot.cer, VpnClientSetupAmd64.exe: a name and an extension files have, not part
        # of a path or URL (those are found whole) or of a longer name.  A wildcard (*.cer) is
        # no file name: "the *.cer file" is rightly "die CER-Datei" in German.
        "file": _Kind(
            re.compile(
                r"(?<![\w.*/\\-])[A-Za-z0-9_][\w-]*\.(?:" + "|".join(_FILE_EXTENSIONS) + r")"
                r"(?![\w-])",
                re.ASCII | re.IGNORECASE,
            ),
            tuple(f".{extension}" for extension in _FILE_EXTENSIONS),
        ),
        "url": _Kind(
            re.compile(
                r"https?://[^\s<>\"'`\[\]()\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]+",
                re.IGNORECASE,
            ),
            ("://",),
        ),
    }


@functools.cache
def _trigger(*names: str) -> re.Pattern[str]:
    """One search telling whether a pattern of these kinds (any, if none is named) could match."""
    kinds = _kinds()
    needles = {needle for name in names or kinds for needle in kinds[name].needles}
    return re.compile("|".join(re.escape(needle) for needle in sorted(needles)))


_STRIPPED = ("url", "registry", "path", "file", "hex", "symbolic", "kb")
"""What :func:`strip_invariants` blanks, in this order (URLs before the paths inside them)."""


def _trim(token: str) -> str:
    return token.rstrip(_TRAILING_PUNCTUATION)


def _distinct(values: Sequence[str]) -> tuple[str, ...]:
    if not values:  # the common case, and the cheapest
        return ()
    return tuple(dict.fromkeys(value for value in values if value))


def _matches(written: str, folded: str, present: set[str]) -> dict[str, list[tuple[int, str]]]:
    """Every kind's matches as (offset, value); a pattern runs only if its needles are present."""
    found: dict[str, list[tuple[int, str]]] = {}
    for name, kind in _kinds().items():
        if present.isdisjoint(kind.needles):
            found[name] = []
            continue
        searched = folded if kind.folded else written
        found[name] = [
            (match.start(), match.group(kind.group)) for match in kind.pattern.finditer(searched)
        ]
    return found


def extract(
    literal_texts: Iterable[str],
    *,
    link_targets: Iterable[str] = (),
    inline_code: Iterable[str] = (),
) -> Invariants:
    """Find the invariants in some literal texts, link targets and code spans.

    Code spans are searched too (registry keys are usually written in them) and
    are also kept whole in ``inline_code``.  Error codes keep the order they
    appear in.  One search per call finds the needles the text holds; only the
    kinds whose needles are there run their patterns.
    """
    texts, targets, codes = list(literal_texts), list(link_targets), list(inline_code)
    written = "\n".join([*texts, *codes])
    folded = written.lower()
    present = set(_trigger().findall(folded))
    if present:
        return _search(written, folded, present, targets, codes)
    if targets or codes:
        return Invariants(link_targets=_distinct(targets), inline_code=_distinct(codes))
    return _NOTHING


def section_invariants(literal: LiteralText) -> Invariants:
    """The invariants of a section, found in its literal text (:mod:`p2skb.literal`)."""
    return extract(
        [text for _, text in literal.pieces],
        link_targets=literal.targets,
        inline_code=[text for _, text in literal.code_spans],
    )


_NOTHING = Invariants()


def _search(
    written: str, folded: str, present: set[str], targets: Sequence[str], codes: Sequence[str]
) -> Invariants:
    found = _matches(written, folded, present)
    located_codes = sorted(found["hex"] + found["worded"] + found["symbolic"])
    return Invariants(
        error_codes=_distinct([value for _, value in located_codes]),
        kb_numbers=_distinct([f"KB{value}" for _, value in found["kb"]]),
        registry_keys=_distinct([_trim(value) for _, value in found["registry"]]),
        paths=_distinct([_trim(value) for _, value in found["path"]]),
        urls=_distinct([_trim(value) for _, value in found["url"]]),
        file_names=_distinct([value for _, value in found["file"]]),
        link_targets=_distinct(targets),
        inline_code=_distinct(codes),
    )


def strip_invariants(text: str) -> str:
    """``text`` with URLs, registry keys, paths, hex and symbolic codes and KB numbers blanked."""
    trigger = _trigger(*_STRIPPED)  # without the error words: "error" alone is no invariant
    folded = text.lower()
    first = trigger.search(folded)
    if first is None:
        return text
    present = set(trigger.findall(folded, first.start()))
    for name in _STRIPPED:
        kind = _kinds()[name]
        if not present.isdisjoint(kind.needles):
            flags = re.IGNORECASE if kind.folded else 0  # sub works on the text as written
            text = re.sub(kind.pattern.pattern, " ", text, flags=kind.pattern.flags | flags)
    return text
