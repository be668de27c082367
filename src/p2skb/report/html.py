"""A static HTML site of a drift run: a matrix of articles by locales, a page per translation.

The site needs no server and no network: every asset is a file beside the pages
(``style.css``, ``filter.js``; the chart is inline SVG).  Pages are readable
without JavaScript (the script only filters the matrix).  Templates are Jinja2,
autoescaped: article text is untrusted and only ever appears as text.
"""

from __future__ import annotations

import functools
import html
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path, PurePath
from typing import Any

import attrs

from p2skb._version import __version__
from p2skb.alignment import match_sections
from p2skb.batch import DriftJob, Failure, diff_job, diffed, named_by_locale
from p2skb.checks import checks
from p2skb.config import Config
from p2skb.drift import merge_reports
from p2skb.errors import P2SKBError, WriteError
from p2skb.model import Article, ArticleRef, Cause, DriftReport, Finding, Section, Severity
from p2skb.parsing import DEFAULT_LIMITS, Limits, article_lines, parse_bytes, read_article
from p2skb.report.sarif import help_uri
from p2skb.wording import counted

__all__ = ["PagedReport", "SiteSummary", "SiteWriter", "page_job", "render_pages", "write_site"]

_ASSETS = ("style.css", "filter.js")
STATUSES = ("defects", "changes", "unknown", "clean", "orphan", "missing")
"""A cell's status, worst first: translation defects, source changes to carry over, differences
of unknown revision, nothing found; a translation without a source; a locale lacking it."""


@attrs.frozen
class SiteSummary:
    """What a site holds: its articles, locales and pages."""

    articles: int
    locales: tuple[str, ...]
    pages: int


@functools.cache  # one per process: its compiled templates serve every page
def _environment() -> Any:
    import jinja2  # noqa: PLC0415 -- only the report needs it, not importing p2skb

    return jinja2.Environment(
        loader=jinja2.PackageLoader("p2skb.report", "templates"),
        autoescape=True,  # article text is untrusted: never markup, never script
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _article_name(path: str) -> str:
    pure = PurePath(path)
    if named_by_locale(pure.with_suffix(".md")):  # an article folder's member, any suffix
        return pure.parent.name
    return pure.with_suffix("").as_posix()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "article"


@attrs.define
class _Cell:
    ref: ArticleRef
    source: str
    findings: list[Finding]
    page: str = ""

    @property
    def status(self) -> str:
        codes = {finding.code for finding in self.findings}
        if "P2S108" in codes:  # missing-translation: the source's report, for a locale
            return "missing"
        if "P2S107" in codes:
            return "orphan"
        causes = Counter(finding.cause for finding in self.findings)
        serious = [  # an info alone (machine-translated, a one-word header cell) is no alarm
            finding
            for finding in self.findings
            if finding.cause is Cause.TRANSLATION and finding.severity is not Severity.INFO
        ]
        if serious:
            return "defects"
        if causes[Cause.SOURCE_CHANGE]:
            return "changes"
        return "unknown" if causes[Cause.REVISION_UNKNOWN] else "clean"

    @property
    def article(self) -> str:
        """The article it is a cell of: its source (a translation without one: itself)."""
        return self.source or self.ref.path

    def rank(self) -> int:
        """How bad the cell is, for sorting: its status first, then its findings' count."""
        order = {"defects": 6, "orphan": 5, "changes": 4, "missing": 3, "unknown": 2, "clean": 1}
        return order.get(self.status, 0) * 100_000 + len(self.findings)

    def label(self) -> str:
        severities = Counter(
            finding.severity for finding in self.findings if finding.cause is Cause.TRANSLATION
        )
        changes = sum(finding.cause is Cause.SOURCE_CHANGE for finding in self.findings)
        unknown = sum(finding.cause is Cause.REVISION_UNKNOWN for finding in self.findings)
        parts = []
        if sum(severities.values()):
            by_severity = "/".join(str(severities[severity]) for severity in Severity)
            parts.append(f"{counted(sum(severities.values()), 'defect')} ({by_severity} E/W/I)")
        if changes:
            parts.append(counted(changes, "source change"))
        if unknown:
            parts.append(f"{unknown} unknown")
        if self.status == "orphan":
            return "orphan: no source"
        if self.status == "missing":
            return "missing: not translated"
        return ", ".join(parts) or "up to date"


def _cells(report: DriftReport) -> list[_Cell]:
    """A cell per translation of ``report``, in its order, with that translation's findings."""
    source = report.source.path if report.source else ""
    findings: dict[str, list[Finding]] = {ref.path: [] for ref in report.translations}
    for finding in report.findings:
        if finding.translation.path in findings:
            findings[finding.translation.path].append(finding)
    return [_Cell(ref, source, findings[ref.path]) for ref in report.translations]


@attrs.frozen
class PagedReport:
    """A drift report with the article page of each of its translations, rendered."""

    report: DriftReport
    pages: tuple[str, ...]
    """The HTML page of each of ``report.translations``, in their order."""
    missing: str | None = None
    """For a source without a translation, where the translation would be: its
    cell goes in the column of the translations beside that place."""


def page_job(job: DriftJob, *, config: Config | None = None) -> PagedReport | Failure:
    """Run a drift job and render its translations' pages (in a worker process).

    The pages are made from the articles the drift parsed: nothing is parsed
    twice.  ``config`` adjusts the findings (ignores, severities) before they
    are shown.
    """
    adjust = config.adjust if config is not None else (lambda report: report)
    if job.alone is not None:  # a file without a counterpart: its front matter is read
        found = diff_job(job)
        if isinstance(found, Failure):
            return found
        alone = adjust(found)
        missing = job.alone if not job.translations else None
        return PagedReport(alone, render_pages(alone, limits=job.reading.limits), missing)
    try:
        done = diffed(job)
    except P2SKBError as error:
        return Failure(str(error))
    report = adjust(merge_reports([report for _, report in done.pairs]))
    parsed = {done.source.path: done.source} | {
        translation.path: translation for translation, _ in done.pairs
    }
    pages = render_pages(report, limits=job.reading.limits, parsed=parsed)
    return done.outcome(PagedReport(report, pages))


def render_pages(
    report: DriftReport,
    *,
    limits: Limits = DEFAULT_LIMITS,
    parsed: Mapping[str, Article] | None = None,
) -> tuple[str, ...]:
    """The article page of each translation of ``report``, in its order.

    The files are read again for their lines; those not in ``parsed`` (articles
    by path) are parsed too.
    """
    environment = _environment()
    files: dict[str, tuple[list[str], Article | None]] = {}

    def lines(path: str) -> tuple[list[str], Article | None]:
        if path not in files:
            files[path] = _lines(path, limits, (parsed or {}).get(path))
        return files[path]

    return tuple(
        _article_page(environment, _article_name(cell.article), cell, lines)
        for cell in _cells(report)
    )


def write_site(
    reports: Iterable[DriftReport | PagedReport],
    folder: str | Path,
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> SiteSummary:
    """Write the site of ``reports`` (one per source and its translations) into ``folder``.

    Each translation's page is written as its report comes (see :class:`SiteWriter`).

    Raises:
        WriteError: the folder cannot be written.

    """
    writer = SiteWriter(folder, limits=limits)
    for item in reports:
        writer.add(item)
    return writer.close()


class SiteWriter:
    """A site written as its reports come: each translation's page at once, the overview last.

    Only what the matrix shows of each translation is kept, so a corpus of any
    size is written in the memory of its matrix.
    """

    def __init__(self, folder: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> None:
        """Make ``folder`` (and its ``articles`` folder) for the site.

        Raises:
            WriteError: the folder cannot be written.

        """
        self.target = Path(folder)
        self.limits = limits
        try:
            (self.target / "articles").mkdir(parents=True, exist_ok=True)
        except OSError as error:
            message = f"cannot write the report: {error.strerror}"
            raise WriteError(message, path=str(self.target)) from None
        self._matrix = _Matrix()

    def add(self, item: DriftReport | PagedReport) -> None:
        """Write the pages of one report (rendered here, or already in a :class:`PagedReport`).

        Raises:
            WriteError: a page cannot be written.

        """
        paged = (
            item
            if isinstance(item, PagedReport)
            else PagedReport(item, render_pages(item, limits=self.limits))
        )
        for cell, page in zip(_cells(paged.report), paged.pages, strict=True):
            cell.page = self._matrix.page(cell.article, cell.ref.locale)
            _write(self.target / cell.page, page)
            self._matrix.add(cell.article, cell, missing=paged.missing)

    def close(self) -> SiteSummary:
        """Write the overview and the assets; what the site holds.

        Raises:
            WriteError: a file cannot be written.

        """
        matrix = self._matrix
        matrix.place_missing()
        _write(self.target / "index.html", _overview(_environment(), matrix))
        templates = resources.files("p2skb.report").joinpath("templates")
        for asset in _ASSETS:
            _write(self.target / asset, templates.joinpath(asset).read_text("utf-8"))
        return SiteSummary(len(matrix.rows), tuple(matrix.locales()), matrix.pages + 1)


@attrs.frozen
class _Shown:
    """What the overview shows of a cell (all it keeps of a translation's findings)."""

    status: str
    rank: int
    label: str
    page: str
    checks: tuple[str, ...]
    translation_type: str | None
    handoff: str | None
    base: str | None


_Tally = tuple[tuple[str, int], ...]
"""What a cell adds to its locale's totals: (column, count) pairs."""


@attrs.define
class _Matrix:
    """What the overview shows: a row per article (its source), a cell per locale, totals."""

    rows: dict[str, dict[str, list[_Shown]]] = attrs.field(factory=dict)
    """Per article, per locale, its translations (two into one locale are one cell)."""
    totals: dict[str, Counter[str]] = attrs.field(factory=dict)
    families: Counter[str] = attrs.field(factory=Counter)
    pages: int = 0
    _stems: dict[str, str] = attrs.field(factory=dict)
    """Each article's page name (unique: a second article of the same name gets a number)."""
    _taken: set[str] = attrs.field(factory=set)
    _issued: set[str] = attrs.field(factory=set)
    """The pages given out: a second translation of an article into one locale gets a number."""
    _folders: dict[str, str | None] = attrs.field(factory=dict)
    """The locale of the translations under each folder (``None``: of several locales)."""
    _missing: list[tuple[str, _Shown, _Tally, str, str]] = attrs.field(factory=list)
    """Sources without a translation (article, cell, counts, place, source locale): their
    column is known once the others are in."""

    def page(self, article: str, locale: str) -> str:
        """The page of ``article``'s translation into ``locale``, relative to the site."""
        stem = self._stems.get(article)
        if stem is None:
            wanted = _slug(PurePath(_article_name(article)).name)
            stem, number = wanted, 1
            while stem in self._taken:
                number += 1
                stem = f"{wanted}-{number}"
            self._stems[article] = stem
            self._taken.add(stem)
        page, number = f"articles/{stem}.{_slug(locale)}.html", 1
        while page in self._issued:
            number += 1
            page = f"articles/{stem}.{_slug(locale)}-{number}.html"
        self._issued.add(page)
        return page

    def add(self, article: str, cell: _Cell, *, missing: str | None = None) -> None:
        """Keep what the matrix shows of ``cell``: its status, label, checks, counts.

        A source without a translation (``missing``: where it would be) is placed
        by :meth:`place_missing`.
        """
        base = cell.ref.base
        shown = _Shown(
            status=cell.status,
            rank=cell.rank(),
            label=cell.label(),
            page=cell.page,
            checks=tuple(sorted({sys.intern(finding.code) for finding in cell.findings})),
            translation_type=cell.ref.translation_type,
            handoff=cell.ref.last_handoff,
            base=str(base.way) if base else None,
        )
        tally: Counter[str] = Counter({"missing" if shown.status == "missing" else "files": 1})
        catalogue = checks()
        for finding in cell.findings:
            if finding.cause is Cause.TRANSLATION:
                tally[str(finding.severity)] += 1
            elif finding.cause is Cause.SOURCE_CHANGE:
                tally["changes"] += 1
            else:
                tally["unknown"] += 1
            self.families[catalogue[finding.code].family] += 1
        counts = tuple(tally.items())
        if missing is not None:
            self._missing.append((article, shown, counts, missing, cell.ref.locale))
            return
        for folder in PurePath(cell.ref.path).parents:
            known = self._folders.setdefault(str(folder), cell.ref.locale)
            if known not in {None, cell.ref.locale}:
                self._folders[str(folder)] = None
        self._keep(article, shown, counts, cell.ref.locale)

    def place_missing(self) -> None:
        """Put each missing translation in a column.

        The column is the locale of the translations nearest its place (the
        source's locale when there are none).
        """
        for article, shown, counts, where, source_locale in self._missing:
            locale = next(
                (
                    known
                    for folder in PurePath(where).parents
                    if (known := self._folders.get(str(folder))) is not None
                ),
                source_locale,
            )
            self._keep(article, shown, counts, locale)
        self._missing.clear()

    def _keep(self, article: str, shown: _Shown, counts: _Tally, locale: str) -> None:
        self.rows.setdefault(article, {}).setdefault(sys.intern(locale), []).append(shown)
        self.totals.setdefault(locale, Counter()).update(dict(counts))
        self.pages += 1

    def locales(self) -> list[str]:
        """Every locale of the matrix, sorted."""
        return sorted(self.totals)

    def names(self) -> dict[str, str]:
        """Each article's name in the matrix.

        Its folder's (or file's) name, unless two articles share it: then their paths.
        """
        names = Counter(_article_name(path) for path in self.rows)
        return {
            path: _article_name(path) if names[_article_name(path)] == 1 else path
            for path in self.rows
        }


def _write(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (or its pieces, as they come) to ``path``."""
    try:
        with path.open("w", encoding="utf-8") as file:
            file.writelines([text] if isinstance(text, str) else text)
    except OSError as error:
        raise WriteError(f"cannot write the report: {error.strerror}", path=str(path)) from None


def _overview(environment: Any, matrix: _Matrix) -> Iterator[str]:
    """The overview page, in pieces (a corpus's matrix is never one string in memory)."""
    rows = []
    names = matrix.names()
    for path in sorted(matrix.rows, key=names.__getitem__):
        cells = {locale: _column(shown) for locale, shown in matrix.rows[path].items()}
        checks_here = sorted({code for cell in cells.values() for code in cell["checks"]})
        rows.append({"name": names[path], "cells": cells, "checks": checks_here})
    columns = ("files", "missing", "error", "warning", "info", "changes", "unknown")
    locales = matrix.locales()
    totals_rows = [
        {"locale": locale, **{column: matrix.totals[locale][column] for column in columns}}
        for locale in locales
    ]
    pieces: Iterator[str] = environment.get_template("overview.html.j2").generate(
        title="Localization health",
        root="",
        version=__version__,
        articles=rows,
        locales=locales,
        statuses=STATUSES,
        checks=[(code, check.name) for code, check in checks().items()],
        totals=totals_rows,
        families=sorted(matrix.families.items()),
        chart=_chart(totals_rows),
    )
    return pieces


def _column(shown: list[_Shown]) -> dict[str, Any]:
    """A matrix cell: its translations, worst first, and what sorting and filters read."""
    entries = sorted(shown, key=lambda entry: -entry.rank)
    return {
        "entries": entries,
        "status": entries[0].status,
        "statuses": list(dict.fromkeys(entry.status for entry in entries)),
        "rank": entries[0].rank,
        "checks": sorted({code for entry in entries for code in entry.checks}),
    }


def _chart(rows: list[dict[str, Any]]) -> str:
    """An inline SVG bar chart: translation defects and source changes per locale."""
    width, bar, gap = 480, 12, 8
    sizes = [max(row["error"] + row["warning"] + row["info"], row["changes"]) for row in rows]
    most = max(sizes, default=0) or 1
    height = len(rows) * (2 * bar + gap) + 30
    opening = (
        f'<svg role="img" aria-labelledby="chart-title" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
    )
    title = (
        '<title id="chart-title">Translation defects (red) and source changes (amber) '
        "per locale</title>"
    )
    parts = [opening, title]
    for index, row in enumerate(rows):
        y = 10 + index * (2 * bar + gap)
        defects = row["error"] + row["warning"] + row["info"]
        for offset, value, colour in ((0, defects, "#c5221f"), (bar, row["changes"], "#e3a008")):
            length = int((width - 180) * value / most)
            rectangle = (
                f'<rect x="90" y="{y + offset}" width="{length}" height="{bar - 2}" '
                f'fill="{colour}"/>'
            )
            label = f'<text x="{96 + length}" y="{y + offset + bar - 4}">{value}</text>'
            parts.append(rectangle + label)
        parts.append(f'<text x="0" y="{y + bar + 2}">{html.escape(row["locale"])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _lines(path: str, limits: Limits, parsed: Article | None) -> tuple[list[str], Article | None]:
    """A file's lines and its article (``None``, and no lines, when it cannot be read)."""
    try:
        data = read_article(path, limits=limits)
        article = parsed or parse_bytes(data, path=path, limits=limits)
    except P2SKBError:
        return [], None
    return article_lines(data), article


def _side(
    rows: Any, side: str, lines: list[str], section: Section | None
) -> list[tuple[int, str, list[Any]]]:
    """The rows of one side of a section pair (none for a section that side lacks)."""
    if section is None:
        return []
    result: list[tuple[int, str, list[Any]]] = rows(
        side, lines, section.span.start_line, _own_end(section)
    )
    return result


def _own_end(section: Section) -> int:
    return section.sections[0].span.start_line - 1 if section.sections else section.span.end_line


def _article_page(
    environment: Any,
    name: str,
    cell: _Cell,
    lines: Callable[[str], tuple[list[str], Article | None]],
) -> str:
    source_lines, source = lines(cell.source) if cell.source else ([], None)
    translation_lines, translation = lines(cell.ref.path)
    by_line: dict[tuple[str, int], list[Finding]] = {}
    for finding in cell.findings:
        by_line.setdefault(("t", finding.translation.line), []).append(finding)
        if finding.source is not None and finding.source.path == cell.source:
            by_line.setdefault(("s", finding.source.line), []).append(finding)

    def rows(
        side: str, lines: list[str], first: int, last: int
    ) -> list[tuple[int, str, list[Any]]]:
        return [
            (number, lines[number - 1], [
                {"code": f.code, "message": f.message, "severity": str(f.severity)}
                for f in by_line.get((side, number), ())
            ])
            for number in range(first, min(last, len(lines)) + 1)
        ]  # fmt: skip

    parts = []
    if source is not None and translation is not None:
        matched = match_sections(source, translation)
        pieces: list[tuple[str, Section | None, Section | None]] = [
            (pair.source.key, pair.source, pair.translation) for pair in matched.parts
        ]
        pieces += [(section.key, section, None) for section, _ in matched.missing]
        pieces += [(section.key, None, section) for section in matched.extra]
        for key, was, now in pieces:
            parts.append(
                {
                    "key": key,
                    "source": _side(rows, "s", source_lines, was),
                    "translation": _side(rows, "t", translation_lines, now),
                }
            )
    else:  # no source (an orphan), or a file that cannot be read: the lines as they are
        parts.append({
            "key": "",
            "source": [],
            "translation": rows("t", translation_lines, 1, len(translation_lines)),
        })  # fmt: skip
    base = cell.ref.base
    findings = [
        {
            "line": f.translation.line,
            "severity": str(f.severity),
            "cause": str(f.cause),
            "code": f.code,
            "name": f.name,
            "message": f.message,
            "diff": list(f.diff),
            "help": help_uri(checks()[f.code]),
        }
        for f in cell.findings
    ]
    return str(
        environment.get_template("article.html.j2").render(
            title=f"{name} ({cell.ref.locale})",
            root="../",
            version=__version__,
            translation_path=cell.ref.path,
            source_path=cell.source or "(no source)",
            locale=cell.ref.locale,
            base=f"{base.path}@{(base.revision or '')[:12]} (by {base.way})" if base else None,
            findings=findings,
            parts=parts,
        )
    )
