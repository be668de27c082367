"""``p2skb report``: the static HTML site — its matrix, its pages, and in a real browser."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path, PurePath

import pytest

from tests.conftest import CORPUS, ROOT
from tests.revisions import source_repository
from tests.test_cli import run

SCREENSHOTS = ROOT / "tests" / "screenshots"
"""Where the browser test leaves its screenshots (ignored by git), to look at."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    code, out = run("report", str(CORPUS), "--output", str(folder), "--fail-on", "never")
    assert code == 0, out
    return folder


def _cells(overview: str) -> dict[tuple[str, str], tuple[str, str]]:
    """The matrix's cells: (article, locale) to (status, label)."""
    cells = {}
    for row in re.findall(r"<tr data-checks.*?</tr>", overview, re.DOTALL):
        name = re.search(r'<th scope="row"[^>]*>([^<]*)</th>', row).group(1)  # type: ignore[union-attr]
        cell = r'<td class="cell (\w+)" data-locale="([\w-]+)"[^>]*>\s*(?:<a [^>]*>([^<]*)</a>)?'
        for status, locale, label in re.findall(cell, row):
            cells[PurePath(name).name, locale] = (status, label)
    return cells


def test_the_matrix_matches_drift_cell_by_cell(site: Path) -> None:
    """Each cell's status and counts are those of the drift JSON's findings for it.

    The status: "orphan" for an orphan-translation; "defects" when a translation
    defect is an error or a warning; else "changes" for a source change; else
    "unknown" for a difference of unknown revision; else "clean".
    """
    _assert_matches(site, str(CORPUS))


def test_the_report_is_a_drift_run_gated_as_drift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One run writes the site, lists the findings, writes SARIF and fails as drift does."""
    site, sarif = tmp_path / "site", tmp_path / "out.sarif"
    code, out = run("report", str(CORPUS), "-o", str(site), "--format", "json",
                    "--sarif", str(sarif))  # fmt: skip
    assert code == 1  # the corpus has translation errors: --fail-on error, as drift
    assert "index.html:" in capsys.readouterr().err  # stdout is the JSON alone
    drift_code, drift_out = run("drift", str(CORPUS), "--format", "json")
    assert (code, json.loads(out)) == (drift_code, json.loads(drift_out))
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert len(results) == len(json.loads(out)["findings"])
    code, out = run("report", str(CORPUS), "-o", str(site), "--exit-zero")
    assert code == 0
    assert out.startswith(f"{site / 'index.html'}: ")  # without --format, only the site's line


def test_with_the_source_history_the_matrix_still_matches_drift(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``--source-repo``, cells with source changes to carry over ("changes") too."""
    repository = source_repository(tmp_path / "docs")
    monkeypatch.chdir(repository.root)
    site = tmp_path / "site"
    assert run("report", ".", "--source-repo", ".", "-o", str(site), "--fail-on", "never")[0] == 0
    _assert_matches(site, ".", "--source-repo", ".")
    statuses = {status for status, _ in _cells((site / "index.html").read_text("utf-8")).values()}
    assert "changes" in statuses  # a translation whose only to-do is carrying changes over


def _assert_matches(site: Path, *drift: str) -> None:
    _, out = run("drift", *drift, "--format", "json", "--fail-on", "never")
    report = json.loads(out)
    cells = _cells((site / "index.html").read_text(encoding="utf-8"))
    present = {key: value for key, value in cells.items() if value[0] != "absent"}
    assert len(present) == len(report["translations"])
    for ref in report["translations"]:
        mine = [f for f in report["findings"] if f["translation"]["path"] == ref["path"]]
        defects = [f for f in mine if f["cause"] == "translation"]
        causes = {f["cause"] for f in mine}
        if any(f["code"] == "P2S107" for f in mine):
            status = "orphan"
        elif any(f["severity"] != "info" for f in defects):
            status = "defects"
        else:
            status = next(
                (name for cause, name in (("source-change", "changes"),
                 ("revision-unknown", "unknown")) if cause in causes),
                "clean",
            )  # fmt: skip
        shown, label = cells[PurePath(ref["path"]).parent.name, ref["locale"]]
        assert shown == status, ref["path"]
        if defects:
            counts = "/".join(
                str(sum(f["severity"] == severity for f in defects))
                for severity in ("error", "warning", "info")
            )
            assert f"{len(defects)} defect" in label
            assert f"({counts} E/W/I)" in label, ref["path"]
        changes = sum(f["cause"] == "source-change" for f in mine)
        assert (f"{changes} source change" in label) == bool(changes), ref["path"]
        page = (site / "articles").glob(f"{PurePath(ref['path']).parent.name}.{ref['locale']}.html")
        assert any(page)


def test_article_text_is_never_markup_or_script(tmp_path: Path) -> None:
    folder = tmp_path / "corpus" / "hostile"
    folder.mkdir(parents=True)
    text = (
        '# T\n\n## <a name="a"></a>A\n\n'
        "See [x](javascript:alert(1)) and <script>alert(1)</script>.\n"
    )
    (folder / "en-us.md").write_text(text, encoding="utf-8")
    (folder / "de-de.md").write_text(
        "---\nms.contentlocale: de-de\nms.translationtype: HT\n---\n"
        + text.replace("See", "Siehe"),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    assert run("report", str(tmp_path / "corpus"), "-o", str(site), "--fail-on", "never")[0] == 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html
        assert 'href="javascript:' not in html
        # every script and stylesheet is a file of the site: nothing is fetched from elsewhere
        for asset in re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', html):
            assert not re.match(r"[a-z]+:|//", asset), asset
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (
        site / "articles" / "hostile.de-de.html"
    ).read_text(encoding="utf-8")


def _browser() -> object:
    """Headless Chromium through Selenium, or a skip saying what is missing."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install ...)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=driver)
    return webdriver.Chrome(options=options, service=service)


def test_the_site_in_a_real_browser(site: Path) -> None:
    from selenium.webdriver.common.by import By  # noqa: PLC0415 -- skipped without selenium
    from selenium.webdriver.support.ui import Select  # noqa: PLC0415

    browser = _browser()
    try:
        browser.get((site / "index.html").as_uri())  # type: ignore[attr-defined]
        rows = browser.find_elements(By.CSS_SELECTOR, "#health tbody tr")  # type: ignore[attr-defined]
        locales = browser.find_elements(By.CSS_SELECTOR, "#health thead th[data-locale]")  # type: ignore[attr-defined]
        cells = browser.find_elements(By.CSS_SELECTOR, "#health tbody td")  # type: ignore[attr-defined]
        assert len(cells) == len(rows) * len(locales)
        SCREENSHOTS.mkdir(exist_ok=True)
        browser.save_screenshot(str(SCREENSHOTS / "overview.png"))  # type: ignore[attr-defined]
        # sorting by a locale puts its worst cell first
        browser.find_element(By.CSS_SELECTOR, "button.sort[data-column='1']").click()  # type: ignore[attr-defined]
        ranks = [
            int(row.find_elements(By.CSS_SELECTOR, "td")[0].get_attribute("data-rank"))
            for row in browser.find_elements(By.CSS_SELECTOR, "#health tbody tr")  # type: ignore[attr-defined]
        ]
        assert ranks == sorted(ranks, reverse=True)
        browser.save_screenshot(str(SCREENSHOTS / "matrix.png"))  # type: ignore[attr-defined]
        # a filter hides rows: the rows without a clean cell
        Select(browser.find_element(By.NAME, "status")).select_by_visible_text("clean")  # type: ignore[attr-defined]
        shown = [row for row in rows if row.is_displayed()]
        assert len(shown) < len(rows)
        Select(browser.find_element(By.NAME, "status")).select_by_visible_text("all")  # type: ignore[attr-defined]
        assert all(row.is_displayed() for row in rows)
        # typing part of an article's name keeps the rows whose name holds it
        names = [row.find_element(By.CSS_SELECTOR, "th").text for row in rows]
        wanted = "point-to-site"
        browser.find_element(By.NAME, "article").send_keys("Point-To-Site")  # type: ignore[attr-defined]
        shown = [row.find_element(By.CSS_SELECTOR, "th").text for row in rows if row.is_displayed()]
        assert shown == [name for name in names if wanted in name.lower()]
        assert 0 < len(shown) < len(rows)
        browser.find_element(By.NAME, "article").clear()  # type: ignore[attr-defined]
        browser.execute_script(  # type: ignore[attr-defined]
            "document.getElementById('filter').dispatchEvent(new Event('input'))"
        )
        assert all(row.is_displayed() for row in rows)
        link = browser.find_element(By.CSS_SELECTOR, "td.cell.defects a")  # type: ignore[attr-defined]
        link.click()
        columns = browser.find_elements(By.CSS_SELECTOR, ".column h4")  # type: ignore[attr-defined]
        assert {column.text for column in columns} == {"Source", "Translation"}
        assert browser.find_elements(By.CSS_SELECTOR, ".finding")  # type: ignore[attr-defined]
        browser.save_screenshot(str(SCREENSHOTS / "article.png"))  # type: ignore[attr-defined]
        errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]  # type: ignore[attr-defined]
        assert errors == []
        # every request the pages made stayed in the site's folder
        requested = browser.execute_script(  # type: ignore[attr-defined]
            "return performance.getEntriesByType('navigation')"
            ".concat(performance.getEntriesByType('resource'))"
            ".map(function (e) { return e.name; })"
        )
        assert requested
        assert all(name.startswith(site.as_uri()) for name in requested), requested
    finally:
        browser.quit()  # type: ignore[attr-defined]


def test_two_articles_of_one_name_get_a_page_each(tmp_path: Path) -> None:
    for tree in ("one", "two"):
        folder = tmp_path / tree / "vpn"
        folder.mkdir(parents=True)
        (folder / "en-us.md").write_text(f"# {tree}\n\nText.\n", encoding="utf-8")
        (folder / "de-de.md").write_text(f"# {tree}\n\nText.\n", encoding="utf-8")
    site = tmp_path / "site"
    arguments = ("report", str(tmp_path / "one"), str(tmp_path / "two"), "-o", str(site))
    assert run(*arguments, "--fail-on", "never")[0] == 0
    pages = sorted(path.name for path in (site / "articles").iterdir())
    assert pages == ["vpn-2.de-de.html", "vpn.de-de.html"]
    for page, tree in (("vpn.de-de.html", "one"), ("vpn-2.de-de.html", "two")):
        html = (site / "articles" / page).read_text(encoding="utf-8")
        assert str(tmp_path / tree / "vpn" / "en-us.md") in html
    overview = (site / "index.html").read_text(encoding="utf-8")
    assert str(tmp_path / "one" / "vpn") in overview
    assert str(tmp_path / "two" / "vpn") in overview


def test_parallel_trees_show_missing_and_orphan_cells_in_the_locales_column(
    tmp_path: Path,
) -> None:
    """A source without a translation is a "missing" cell of that tree's locale, not en-us."""
    for tree, name, locale in (("en", "x", ""), ("en", "y", ""), ("de", "x", "de-de"),
                               ("de", "z", "de-de"), ("ja", "y", "ja-jp")):  # fmt: skip
        path = tmp_path / tree / "articles" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        front = f"---\nms.contentlocale: {locale}\n---\n" if locale else ""
        path.write_text(f"{front}# {name.upper()}\n\nText.\n", encoding="utf-8")
    site = tmp_path / "site"
    arguments = ("report", "--source-root", str(tmp_path / "en" / "articles"),
                 "--translation-root", str(tmp_path / "de" / "articles"),
                 "--translation-root", str(tmp_path / "ja" / "articles"),
                 "-o", str(site), "--fail-on", "never")  # fmt: skip
    assert run(*arguments)[0] == 0
    overview = (site / "index.html").read_text(encoding="utf-8")
    cells = {key: status for key, (status, _) in _cells(overview).items()}
    assert cells == {
        ("x", "de-de"): "clean",
        ("x", "ja-jp"): "missing",
        ("y", "de-de"): "missing",
        ("y", "ja-jp"): "clean",
        ("z", "de-de"): "orphan",
        ("z", "ja-jp"): "absent",
    }
