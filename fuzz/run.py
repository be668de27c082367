"""Coverage-guided fuzzing of parse and diff with atheris (libFuzzer).

    pip install atheris
    python fuzz/run.py -runs=1000000 -max_len=512   # seeds: article openings from the corpora
    python fuzz/run.py -runs=500000 -max_len=512 -jobs=2 -workers=2   # both cores

Each input is split into a source and a translation text.  What must hold:
parse raises nothing but P2SKBError; the JSON round trip is exact; spans and
finding lines lie inside the file; an article diffed with itself has no pair
findings; diff never raises.  Every p2skb module is instrumented; the
language checks are left out (see ``LANGUAGE``).  A crash stops the run and leaves the input in
``crash-*`` for libFuzzer's usual reproduction (``python fuzz/run.py crash-...``).
"""

from __future__ import annotations

import importlib
import pkgutil
import shlex
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["p2skb"]):
    import p2skb
    from p2skb.checks import Scope, checks

    # p2skb loads its modules on first use: import every one here, so all are instrumented
    # (instrumenting only what the import above loads left coverage at ~150 edges).
    for module in pkgutil.walk_packages(p2skb.__path__, "p2skb."):
        if not module.name.endswith(".__main__"):  # which would run the command line
            importlib.import_module(module.name)

ROOT = Path(__file__).resolve().parent.parent
PAIR_CODES = {
    code
    for code, check in checks().items()
    if check.scope in {Scope.SECTION_PAIR, Scope.ARTICLE_PAIR}
}
# The language checks spend ~70% of an input in langdetect's naive Bayes loop (a library,
# not instrumented here); tests/test_properties.py covers them.  Left out, four times the
# inputs reach p2skb's own code.
LANGUAGE = tuple(code for code, check in checks().items() if check.family == "language")


def parse(text: str, path: str) -> p2skb.Article | None:
    """Parse and check the spans; ``None`` for input p2skb refuses with a P2SKBError."""
    try:
        article = p2skb.parse(text, path=path)
    except p2skb.P2SKBError:
        return None
    last = max(article.line_count, 1)
    stack = list(article.sections)
    while stack:
        section = stack.pop()
        assert 1 <= section.span.start_line <= section.span.end_line <= last, section.span
        stack.extend(section.sections)
    for diagnostic in article.diagnostics:
        assert 1 <= diagnostic.span.start_line <= diagnostic.span.end_line <= last
    return article


def one_input(data: bytes) -> None:
    """The properties, on a source and a translation cut from ``data``."""
    provider = atheris.FuzzedDataProvider(data)
    source_text = provider.ConsumeUnicodeNoSurrogates(provider.ConsumeIntInRange(0, len(data)))
    translation_text = provider.ConsumeUnicodeNoSurrogates(len(data))
    source = parse(source_text, "en-us.md")
    translation = parse(translation_text, "ja-jp.md")
    if source is not None:
        assert p2skb.from_json(p2skb.to_json(source), p2skb.Article) == source
        own = p2skb.diff(source, source, ignore=LANGUAGE)
        assert not [f for f in own.findings if f.code in PAIR_CODES], own.findings
    if source is not None and translation is not None:
        report = p2skb.diff(source, translation, ignore=LANGUAGE)
        for finding in report.findings:
            assert 1 <= finding.translation.line <= max(translation.line_count, 1), finding


def seeds() -> str:
    """A folder of seed inputs: the first 2 KB of each real article (short inputs run fast)."""
    folder = Path(tempfile.mkdtemp(prefix="p2skb-fuzz-"))
    articles = sorted((ROOT / "corpus").glob("*/*.md"))
    shared = ROOT.parent / "shared" / "corpus"
    if shared.is_dir():
        articles += sorted(shared.glob("*/*.md"))
    for index, path in enumerate(articles):
        (folder / f"seed-{index:03d}").write_bytes(path.read_bytes()[:2048])
    return str(folder)


if __name__ == "__main__":
    # libFuzzer starts -jobs=N copies through the shell with argv[0]: make it this interpreter.
    arguments = [f"{shlex.quote(sys.executable)} {shlex.quote(__file__)}", *sys.argv[1:]]
    if not any(not argument.startswith("-") for argument in arguments[1:]):
        arguments = [*arguments, seeds()]
    atheris.Setup(arguments, one_input)
    atheris.Fuzz()
