"""``p2skb report``: the static HTML site — its matrix, its pages, and in a real browser."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT
from tests.test_cli import run

SCREENSHOTS = ROOT / "tests" / "screenshots"
"""Where the browser test leaves its screenshots (ignored by git), to look at."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    code, out = run("report", str(CORPUS), "--output", str(folder), "--fail-on", "never")
    assert code == 0, out
    return folder


def test_the_matrix_has_a_cell_per_translation_matching_drift(site: Path) -> None:
    _, out = run("drift", str(CORPUS), "--format", "json", "--fail-on", "never")
    report = json.loads(out)
    overview = (site / "index.html").read_text(encoding="utf-8")
    cells = re.findall(r'<td class="cell (\w+)" data-locale="([\w-]+)"', overview)
    present = [(status, locale) for status, locale in cells if status != "absent"]
    assert len(present) == len(report["translations"])
    defects = {
        finding["translation"]["path"]
        for finding in report["findings"]
        if finding["cause"] == "translation"
    }
    statuses = {status for status, _ in present}
    assert ("defects" in statuses) == bool(defects)
    for ref in report["translations"]:
        page = site / "articles"
        assert any(page.glob(f"*.{ref['locale']}.html"))


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
        # sorting by a locale puts its worst cell first
        browser.find_element(By.CSS_SELECTOR, "button.sort[data-column='1']").click()  # type: ignore[attr-defined]
        ranks = [
            int(row.find_elements(By.CSS_SELECTOR, "td")[0].get_attribute("data-rank"))
            for row in browser.find_elements(By.CSS_SELECTOR, "#health tbody tr")  # type: ignore[attr-defined]
        ]
        assert ranks == sorted(ranks, reverse=True)
        SCREENSHOTS.mkdir(exist_ok=True)
        browser.save_screenshot(str(SCREENSHOTS / "overview.png"))  # type: ignore[attr-defined]
        # a filter hides rows: the rows without a clean cell
        Select(browser.find_element(By.NAME, "status")).select_by_visible_text("clean")  # type: ignore[attr-defined]
        shown = [row for row in rows if row.is_displayed()]
        assert len(shown) < len(rows)
        Select(browser.find_element(By.NAME, "status")).select_by_visible_text("all")  # type: ignore[attr-defined]
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
