from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import p2skb
from p2skb.checks import checks
from p2skb.drift import diff
from p2skb.report import WRITERS, github_annotations, sarif, text
from tests.conftest import ROOT, schema_validator

SARIF_SCHEMA = ROOT.parent / "shared" / "external" / "sarif-2.1.0-rtm.5.json"


@pytest.fixture
def seed_report(seed_ja: Path, seed_zh: Path) -> p2skb.DriftReport:
    return diff(p2skb.parse_file(seed_ja), p2skb.parse_file(seed_zh))


def test_json_report_validates_and_round_trips(seed_report: p2skb.DriftReport) -> None:
    data = json.loads(WRITERS["json"](seed_report))
    schema_validator("drift-report.schema.json").validate(data)
    # Two errors are zh-tw's "AzureRoot .cer" (line 45) and "( * .cer 檔案)" (line 47):
    # a file name and a wildcard split by a space.
    # The 14 warnings of zh-tw's visible literal ** (lines 28 ... 375) are broken-emphasis
    # only: emphasis-lost no longer reports the same markers a second time.
    # Five errors are placeholders: zh-tw pads four with spaces ("&lt; *閘道名稱* &gt;",
    # lines 181 and 218) and its line-344 heading has one <VPN Connection Name> where
    # ja-jp writes two.
    assert data["summary"] == {"error": 16, "warning": 16, "info": 3}
    assert p2skb.from_json(json.dumps(data), p2skb.DriftReport) == seed_report


def test_alignment_json_validates(seed_ja: Path, seed_zh: Path) -> None:
    alignment = p2skb.align([p2skb.parse_file(seed_ja), p2skb.parse_file(seed_zh)], "ja-jp")
    schema_validator("alignment.schema.json").validate(json.loads(p2skb.to_json(alignment)))


def test_sarif_is_valid_and_complete(seed_report: p2skb.DriftReport) -> None:
    log = json.loads(sarif(seed_report))
    if SARIF_SCHEMA.is_file():
        schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
        jsonschema.Draft4Validator(schema).validate(log)
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(checks())
    assert all(rule["help"]["text"] and rule["name"] for rule in rules)
    results = run["results"]
    assert len(results) == len(seed_report.findings)
    first = results[0]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("zh-tw.md")
    assert location["region"]["startLine"] == seed_report.findings[0].translation.line
    assert {r["level"] for r in results} == {"error", "warning", "note"}


def test_sarif_snippets_are_the_lines_the_parser_numbers(tmp_path: Path) -> None:
    """A line separator (U+2028) and CRLF are not line breaks of their own: line 5 is line 5."""
    path = tmp_path / "x.md"
    path.write_bytes(
        "# Title\n\nA line\u2028with a line separator.\r\n\r\nSome **broken emphasis.\n".encode()
    )
    report = p2skb.lint(p2skb.parse_file(path), select="broken-emphasis")
    (result,) = json.loads(sarif(report))["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 5, "snippet": {"text": "Some **broken emphasis."}}


def test_github_annotations_escape_and_locate(seed_report: p2skb.DriftReport) -> None:
    lines = github_annotations(seed_report).splitlines()
    assert len(lines) == len(seed_report.findings)
    table = next(line for line in lines if "P2S501" in line)
    assert table.startswith("::error file=")
    assert ",line=74,title=P2S501 malformed-table::" in table
    assert any(line.startswith("::notice ") for line in lines)
    finding = seed_report.findings[0]
    tricky = p2skb.DriftReport(
        None,
        (),
        (
            p2skb.Finding(
                finding.code,
                finding.name,
                finding.severity,
                "k",
                "50% done\nnext",
                p2skb.Location("a,b:c.md", 3, "ja-jp"),
                None,
                "f",
            ),
        ),
    )
    assert github_annotations(tricky) == (
        "::warning file=a%2Cb%3Ac.md,line=3,title=P2S401 stale-source::50%25 done%0Anext\n"
    )


def test_text_report_groups_by_section(seed_report: p2skb.DriftReport) -> None:
    out = text(seed_report)
    assert out.splitlines()[0].endswith("(zh-tw) against " + seed_report.source.path + " (ja-jp)")  # type: ignore[union-attr]
    assert "  vpn-client-error-a-certificate-could-not-be-found/cause\n" in out
    assert "P2S501 malformed-table: the table's header has 3 cells" in out
    # see the JSON test; the two stale-source findings are source changes
    assert out.endswith(
        "35 findings: 16 errors, 16 warnings, 3 info (33 translation, 2 source-change)\n"
    )


def test_text_report_of_nothing() -> None:
    article = p2skb.parse("# T\n", path="en-us.md")
    assert text(diff(article, article)) == "No findings in en-us.md.\n"
