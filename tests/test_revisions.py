"""Revision-aware drift on real en-us revisions: the base, three-way drift, causes, gating.

The repositories are built from real revisions (``tests/revisions.py``).  The
seed article's translations were made from its 03/26/2020 revision; the newest
revision (04/03/2025) rewrote "could not" as "couldn't" in two headings (new
anchors: the sections were renamed), and "try and connect", "does not have",
"are not supported" in their subsections: the everyday case of a source that
moved on.  Expectations below come from reading those revisions side by side.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import p2skb
from p2skb.batch import DriftJob, diff_job, with_bases
from p2skb.history import HistoryError, SourceHistory
from p2skb.model import BaseWay, Cause
from p2skb.report.text import text
from tests.conftest import schema_validator
from tests.revisions import SourceRepository, git, revision_text, source_repository

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

SEED = "vpn-gateway-troubleshoot-vpn-point-to-site-connection-problems"
MADE_FROM = dt.date(2020, 3, 26)
"""The seed translations' ms.date: the revision they were made from."""
NEWEST = dt.date(2025, 4, 3)
OLDER = dt.date(2018, 5, 11)


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> SourceRepository:
    return source_repository(tmp_path_factory.mktemp("history") / "docs")


def _three_way(repository: SourceRepository, locale: str) -> p2skb.DriftReport:
    source = p2skb.parse_file(repository.source(SEED))
    translation = p2skb.parse_file(repository.translation(SEED, locale))
    with SourceHistory(repository.root) as history:
        return p2skb.diff(source, translation, history=history)


def test_the_base_is_the_revision_with_the_translations_ms_date(
    repository: SourceRepository,
) -> None:
    report = _three_way(repository, "de-de")
    base = report.translations[0].base
    assert base is not None
    assert base.way is BaseWay.MS_DATE
    assert base.revision == repository.commits[SEED, MADE_FROM]
    assert base.path == f"{SEED}/en-us.md"


def _seen(report: p2skb.DriftReport) -> set[tuple[str, int, str]]:
    return {(f.code, f.translation.line, f.message) for f in report.findings}


def test_translation_defects_are_the_differences_from_the_base_the_source_does_not_explain(
    repository: SourceRepository,
) -> None:
    """The pair checks against the base, less what the current source says too."""
    source = p2skb.parse_file(repository.source(SEED))
    base = p2skb.parse(revision_text(SEED, MADE_FROM), path="base.md")
    for locale in ("de-de", "es-es", "ja-jp"):
        three_way = _three_way(repository, locale)
        translation = p2skb.parse_file(repository.translation(SEED, locale))
        against_base, against_source = (
            _seen(p2skb.diff(base, translation)),
            _seen(p2skb.diff(source, translation)),
        )
        defects = {
            (f.code, f.translation.line, f.message)
            for f in three_way.findings
            if f.cause is Cause.TRANSLATION
        }
        assert defects <= against_base
        for dropped in against_base - defects - {f for f in against_base if f[0] == "P2S401"}:
            # a difference from the base the translation no longer has against the source,
            # or a section it adds or lacks against a base known only by its ms.date
            assert dropped not in against_source or dropped[0] in {"P2S101", "P2S102"}


def test_a_difference_from_the_base_the_source_now_shares_is_no_defect(
    repository: SourceRepository,
) -> None:
    """de-de line 74: the OS update table.

    The 2020 base's delimiter row has 4 cells for 3 header cells (it renders as text);
    de-de has 3 and no empty row, and so has the 2025 source: nothing to fix.
    """
    translation = p2skb.parse_file(repository.translation(SEED, "de-de"))
    base = p2skb.parse(revision_text(SEED, MADE_FROM), path="base.md")
    table = ("P2S201", 74, "table here where the source has paragraph")
    assert table in _seen(p2skb.diff(base, translation))
    assert table not in _seen(p2skb.diff(p2skb.parse_file(repository.source(SEED)), translation))
    three_way = _three_way(repository, "de-de")
    assert not [f for f in three_way.findings if f.translation.line == 74]


def test_what_the_source_changed_since_the_base_is_reported_at_the_translations_sections(
    repository: SourceRepository,
) -> None:
    report = _three_way(repository, "de-de")
    changes = {
        (f.translation.line, f.code): f for f in report.findings if f.cause is Cause.SOURCE_CHANGE
    }
    # de-de line 22: "## <a name="vpn-client-error-a-certificate-could-not-be-found">..."; 2025
    # wrote the heading "couldn't", whose slug is the new anchor: the section was renamed.
    renamed = changes[22, "P2S403"]
    assert "renamed it 'vpn-client-error-a-certificate-couldnt-be-found'" in renamed.message
    assert renamed.diff == (
        "- VPN client error: A certificate could not be found",
        "+ VPN client error: A certificate couldn't be found",
    )
    assert renamed.source is not None
    assert renamed.source.line == 18  # the 2025 heading
    assert renamed.source.path == p2skb.parse_file(repository.source(SEED)).path
    # the network-connection section (de-de 54) was renamed too, and its symptom (56: "try
    # and connect" -> "try to connect"), cause (62: "does not have" -> "doesn't have") and
    # solution (66: "are not supported" -> "aren't supported") were reworded
    assert {line for line, code in changes if code == "P2S403"} >= {22, 54, 56, 62, 66}
    symptom = changes[56, "P2S403"]
    assert any("try and connect" in line for line in symptom.diff if line.startswith("- "))
    assert any("try to connect" in line for line in symptom.diff if line.startswith("+ "))
    # "2. Make sure" became "1. Make sure": list numbering is markup, not a change (de-de 34)
    assert (34, "P2S403") not in changes
    # the dates differ: stale-source is a source change too
    assert (9, "P2S401") in changes
    assert all(f.severity is p2skb.Severity.WARNING for f in changes.values())


def test_without_a_base_the_differences_are_of_unknown_revision(
    repository: SourceRepository,
) -> None:
    source = p2skb.parse_file(repository.source(SEED))
    translation = p2skb.parse_file(repository.translation(SEED, "de-de"))
    report = p2skb.diff(source, translation)
    assert report.translations[0].base is None
    causes = {f.code: f.cause for f in report.findings}
    # the renamed sections: missing and extra sections, the translator's or the source's
    assert causes["P2S101"] is Cause.REVISION_UNKNOWN
    assert causes["P2S102"] is Cause.REVISION_UNKNOWN
    assert causes["P2S401"] is Cause.SOURCE_CHANGE
    assert Cause.TRANSLATION not in {
        f.cause for f in report.findings if f.code[:4] in {"P2S1", "P2S2", "P2S3", "P2S7"}
    }


def test_the_base_by_commit_and_by_blob_on_a_real_translation(
    repository: SourceRepository,
) -> None:
    """The mirror has no commit the translations name: write the fixture's ids into a copy."""
    text = repository.translation(SEED, "de-de").read_text(encoding="utf-8")
    older = repository.commits[SEED, OLDER]
    blob = git(repository.root, "rev-parse", f"{older}:{SEED}/en-us.md")
    by_commit = text.replace("f6e2ea5571e35b9ed3a79a22485eba4d20ae36cc", older)
    by_blob = text.replace("c30dc859a7cfc139d1402eadc3b4e0ae812125c2", blob)
    source = repository.source(SEED)
    with SourceHistory(repository.root) as history:
        for written, way in (
            (by_commit, BaseWay.SOURCE_GIT_COMMIT),
            (by_blob, BaseWay.OPEN_LOC_FILE_HASH),
        ):
            front_matter = p2skb.parse(written).front_matter
            base = history.base(source, front_matter)
            assert base is not None
            assert (base.way, base.revision) == (way, older)
            assert base.text == revision_text(SEED, OLDER)


def test_a_change_injected_in_the_source_is_a_source_change(
    repository: SourceRepository, tmp_path: Path
) -> None:
    """A paragraph rewritten, a section added and a code block changed after the base."""
    root = tmp_path / "docs"
    shutil.copytree(repository.root, root)
    source = root / SEED / "en-us.md"
    text = source.read_text(encoding="utf-8")
    translation = p2skb.parse_file(root / SEED / "de-de.md")
    before = _report(root, translation)
    text = text.replace(
        "### Symptom\n",
        "### Symptom\n\nRun `Get-VpnConnection` first.\n",
        1,
    ).replace(
        "## The network connection",
        "## A new section\n\nNew text.\n\n```powershell\nGet-Date\n```\n\n"
        "## The network connection",
        1,
    )
    source.write_text(text, encoding="utf-8")
    git(root, "commit", "-qam", "injected", date="2026-01-01T12:00:00")
    after = _report(root, translation)
    defects = [f for f in after.findings if f.cause is Cause.TRANSLATION]
    assert defects == [f for f in before.findings if f.cause is Cause.TRANSLATION]
    seen = {_where(f) for f in before.findings}  # (source lines moved: not compared)
    new = [f for f in after.findings if _where(f) not in seen]
    assert {f.cause for f in new} == {Cause.SOURCE_CHANGE}
    added = [f for f in new if f.code == "P2S404"]
    assert [(f.key, f.translation.line) for f in added] == [
        ("a-new-section", 54)  # before de-de's counterpart of the section after it
    ]
    assert any(line == "+ Get-Date" for line in added[0].diff)
    symptom = next(f for f in new if f.code == "P2S403" and f.translation.line == 24)
    assert "+ Run `Get-VpnConnection` first." in symptom.diff


def _where(finding: p2skb.Finding) -> tuple[str, str, int, str]:
    return (finding.code, finding.key, finding.translation.line, finding.message)


def _report(root: Path, translation: p2skb.Article) -> p2skb.DriftReport:
    with SourceHistory(root) as history:
        source = p2skb.parse_file(root / SEED / "en-us.md")
        return p2skb.diff(source, translation, history=history)


def test_a_defect_injected_in_the_translation_is_a_translation_defect(
    repository: SourceRepository, tmp_path: Path
) -> None:
    text = repository.translation(SEED, "de-de").read_text(encoding="utf-8")
    damaged = text.replace("| AzureRoot.cer ", "| AzureRoot .cer", 1)
    assert damaged != text
    copy = tmp_path / "de-de.md"
    copy.write_text(damaged, encoding="utf-8")
    translation = p2skb.parse_file(copy)
    with SourceHistory(repository.root) as history:
        source = p2skb.parse_file(repository.source(SEED))
        three_way = p2skb.diff(source, translation, history=history)
    base = p2skb.parse(revision_text(SEED, MADE_FROM), path="base.md")
    two_way = p2skb.diff(base, translation)
    injected = [f for f in two_way.findings if "AzureRoot" in f.message]
    assert injected
    for finding in injected:
        assert any(
            f.cause is Cause.TRANSLATION
            and (f.code, f.translation.line, f.message)
            == (finding.code, finding.translation.line, finding.message)
            for f in three_way.findings
        )


def test_a_base_given_explicitly(repository: SourceRepository) -> None:
    source = p2skb.parse_file(repository.source(SEED))
    translation = p2skb.parse_file(repository.translation(SEED, "de-de"))
    base = p2skb.parse(revision_text(SEED, MADE_FROM), path="en-us@2020.md")
    report = p2skb.diff(source, translation, base=base)
    ref = report.translations[0].base
    assert ref is not None
    assert (ref.path, ref.revision, ref.way) == ("en-us@2020.md", None, BaseWay.GIVEN)
    with SourceHistory(repository.root) as history:
        found = p2skb.diff(source, translation, history=history)
    assert [(f.code, f.translation.line, f.cause) for f in report.findings] == [
        (f.code, f.translation.line, f.cause) for f in found.findings
    ]


def test_fingerprints_tell_causes_apart() -> None:
    same = ("P2S101", "k", "k")
    assert p2skb.drift.fingerprint(*same) == p2skb.drift.fingerprint(*same, Cause.TRANSLATION)
    assert p2skb.drift.fingerprint(*same) != p2skb.drift.fingerprint(*same, Cause.REVISION_UNKNOWN)


def _cli(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "p2skb", *arguments],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def test_the_cli_on_article_folders_with_source_repo(repository: SourceRepository) -> None:
    done = _cli(
        "drift", SEED, "--source-repo", ".", "--format", "json", "--jobs", "2",
        cwd=repository.root,
    )  # fmt: skip
    assert done.returncode in {0, 1}, done.stderr
    report = json.loads(done.stdout)
    schema_validator("drift-report.schema.json").validate(report)
    bases = {Path(t["path"]).name: t["base"] for t in report["translations"]}
    assert bases["de-de.md"] == {
        "path": f"{SEED}/en-us.md",
        "revision": repository.commits[SEED, MADE_FROM],
        "way": "ms.date",
        "doubtful": False,
    }
    causes = {f["cause"] for f in report["findings"]}
    assert {"source-change"} <= causes <= {"translation", "source-change"}
    # --fail-on counts translation defects: the exit says whether there is an error among them
    errors = [
        f for f in report["findings"] if f["cause"] == "translation" and f["severity"] == "error"
    ]
    assert done.returncode == (1 if errors else 0)


def test_fail_on_counts_translation_defects_unless_widened(tmp_path: Path) -> None:
    """Two revisions of a made-up article: the translation is older, no base is known."""
    source = tmp_path / "en-us.md"
    translation = tmp_path / "de-de.md"
    source.write_text(
        "---\nms.date: 01/01/2021\n---\n# T\n\n## A\n\nText.\n\n## B\n\nMore.\n", encoding="utf-8"
    )
    translation.write_text(
        "---\nms.date: 01/01/2020\nms.translationtype: HT\nms.contentlocale: de-de\n---\n"
        "# T\n\n## A\n\nText.\n",
        encoding="utf-8",
    )
    gated = _cli("drift", str(source), str(translation), cwd=tmp_path)
    assert gated.returncode == 0, gated.stdout  # a missing section, but of unknown revision
    assert "[revision-unknown]" in gated.stdout
    assert "base: not found" in gated.stdout
    widened = _cli("drift", str(source), str(translation), "--fail-cause", "all", cwd=tmp_path)
    assert widened.returncode == 1
    wrong = _cli("drift", str(source), str(translation), "--fail-cause", "typo", cwd=tmp_path)
    assert wrong.returncode == 2
    assert "not a list of causes" in wrong.stderr


def test_the_cli_with_base_file(repository: SourceRepository, tmp_path: Path) -> None:
    base = tmp_path / "base.md"
    base.write_text(revision_text(SEED, MADE_FROM), encoding="utf-8")
    done = _cli(
        "drift", str(repository.source(SEED)), str(repository.translation(SEED, "de-de")),
        "--base", str(base), cwd=tmp_path,
    )  # fmt: skip
    assert f"base: {base} (given)" in done.stdout
    assert "source changes since the base (carry them over):" in done.stdout
    assert "- VPN client error: A certificate could not be found" in done.stdout
    both = _cli(
        "drift", SEED, "--base", str(base), cwd=repository.root,
    )  # fmt: skip
    assert both.returncode == 2
    assert "--base is for one SOURCE TRANSLATION pair" in both.stderr


def test_bad_repositories_are_clear_messages(repository: SourceRepository, tmp_path: Path) -> None:
    not_git = _cli(
        "drift", str(repository.root / SEED), "--source-repo", str(tmp_path), cwd=tmp_path
    )
    assert not_git.returncode == 2
    assert "not a git repository" in not_git.stderr
    assert "Traceback" not in not_git.stderr
    outside = tmp_path / "elsewhere"
    shutil.copytree(repository.root / SEED, outside / SEED)
    out_of_repo = _cli(
        "drift", str(outside / SEED), "--source-repo", str(repository.root), cwd=tmp_path
    )
    assert out_of_repo.returncode == 2
    assert "not in the git repository" in out_of_repo.stderr
    assert "Traceback" not in out_of_repo.stderr


def test_a_shallow_clone_without_the_base_falls_back(
    repository: SourceRepository, tmp_path: Path
) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", repository.root.as_uri(), str(clone)],  # noqa: S607
        check=True,
        capture_output=True,
    )
    for untracked in repository.root.glob(f"{SEED}/*.md"):
        shutil.copy(untracked, clone / SEED / untracked.name)
    with SourceHistory(clone) as history:
        source = p2skb.parse_file(clone / SEED / "en-us.md")
        translation = p2skb.parse_file(clone / SEED / "de-de.md")
        report = p2skb.diff(source, translation, history=history)
    assert report.translations[0].base is None  # the 2020 revision is not in the clone
    assert Cause.REVISION_UNKNOWN in {f.cause for f in report.findings}


def test_a_corpus_run_starts_no_process_per_file(
    repository: SourceRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[list[str]] = []
    real_popen = subprocess.Popen

    def counting(arguments: list[str], *rest: Any, **options: Any) -> subprocess.Popen[bytes]:
        started.append(list(arguments))
        return real_popen(arguments, *rest, **options)

    monkeypatch.setattr(subprocess, "Popen", counting)
    jobs = [
        DriftJob(str(source), tuple(str(t) for t in source.parent.glob("*.md") if t != source))
        for source in sorted(repository.root.glob("*/en-us.md"))
    ]
    translations = sum(len(job.translations) for job in jobs)
    assert translations >= 5
    with SourceHistory(repository.root) as history:
        reports = [diff_job(job) for job in with_bases(jobs, history)]  # type: ignore[arg-type]
    assert all(isinstance(report, p2skb.DriftReport) for report in reports)
    # rev-parse when opened, one git log, one cat-file --batch: however many translations
    assert len(started) == 3, started


def test_a_source_outside_the_repository_is_a_history_error(
    repository: SourceRepository, tmp_path: Path
) -> None:
    with SourceHistory(repository.root) as history, pytest.raises(HistoryError, match="not in"):
        history.relative(tmp_path / "x.md")


def test_parallel_trees_with_source_repo(repository: SourceRepository, tmp_path: Path) -> None:
    """``--source-repo`` applies to the source root: each translation has its own base."""
    translations = tmp_path / "de"
    translations.mkdir()
    shutil.copy(repository.translation(SEED, "de-de"), translations / "en-us.md")
    done = _cli(
        "drift", "--source-root", str(repository.root / SEED),
        "--translation-root", str(translations),
        "--source-repo", str(repository.root), "--format", "sarif", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode in {0, 1}, done.stderr
    run = json.loads(done.stdout)["runs"][0]
    # the source root's other files (the untracked translations beside en-us.md) have no
    # counterpart: each is a missing-translation, with no base
    (artifact,) = [a for a in run["artifacts"] if a["properties"]["base"]]
    assert artifact["location"]["uri"].endswith("de/en-us.md")
    assert artifact["properties"]["base"] == {
        "path": f"{SEED}/en-us.md",
        "revision": repository.commits[SEED, MADE_FROM],
        "way": "ms.date",
        "doubtful": False,
    }
    results = [r for r in run["results"] if r["ruleId"] != "P2S108"]
    causes = {result["properties"]["cause"] for result in results}
    assert {"source-change"} <= causes <= {"translation", "source-change"}
    renamed = next(
        r
        for r in run["results"]
        if r["locations"][0]["physicalLocation"]["region"]["startLine"] == 22
    )
    assert renamed["properties"]["diff"][0].startswith("- VPN client error")


AD_VPN = "troubleshoot-ad-vpn-client"


def test_a_base_of_the_translations_date_that_is_not_theirs_is_doubtful(
    repository: SourceRepository,
) -> None:
    """troubleshoot-ad-vpn-client: the history holds its first 11/04/2019 revision.

    Its three last sections are all anchored "cert" ("Run diagnostics on the VPN
    client", "Status Log" twice); de-de, of that ms.date, has "diagnostics" and
    "logfiles", as the current source has: it was made from a later revision with
    the same date.  Its differences from the revision found are not the translator's.
    """
    source = p2skb.parse_file(repository.source(AD_VPN))
    translation = p2skb.parse_file(repository.translation(AD_VPN, "de-de"))
    with SourceHistory(repository.root) as history:
        report = p2skb.diff(source, translation, history=history)
    base = report.translations[0].base
    assert base is not None
    assert (base.way, base.revision) == (
        BaseWay.MS_DATE,
        repository.commits[AD_VPN, dt.date(2019, 11, 4)],
    )
    assert base.doubtful
    assert "doubtful" in text(report)
    defects = [f for f in report.findings if f.cause is Cause.TRANSLATION]
    assert not [f for f in defects if f.code in {"P2S101", "P2S102"}]
    # the "cert" sections of the base are missing, "diagnostics" is extra: explained, or
    # of unknown revision, never the translator's
    base_two_way = {
        f.code
        for f in p2skb.diff(
            p2skb.parse(revision_text(AD_VPN, dt.date(2019, 11, 4))), translation
        ).findings
    }
    assert {"P2S101", "P2S102"} <= base_two_way


def test_the_history_read_is_that_of_the_paths_given(repository: SourceRepository) -> None:
    """In a large docs repository, only the source root's history is read."""
    with SourceHistory(repository.root, paths=[repository.root / SEED]) as history:
        assert len(history.revisions(repository.source(SEED))) == 4  # 2017, 2018, 2020, 2025
        assert history.revisions(repository.source(AD_VPN)) == []


def test_the_history_of_the_whole_repository_given_as_its_root(
    repository: SourceRepository,
) -> None:
    with SourceHistory(repository.root, paths=[repository.root]) as history:
        assert len(history.revisions(repository.source(SEED))) == 4


def test_sarif_locations_are_relative_to_their_repository(repository: SourceRepository) -> None:
    done = _cli(
        "drift", SEED, "--source-repo", ".", "--format", "sarif", "--fail-on", "never",
        cwd=repository.root,
    )  # fmt: skip
    run = json.loads(done.stdout)["runs"][0]
    assert (
        run["originalUriBaseIds"]["TRANSLATIONS"]["uri"] == repository.root.resolve().as_uri() + "/"
    )
    (provenance,) = run["versionControlProvenance"]
    assert provenance["revisionId"] == git(repository.root, "rev-parse", "HEAD")
    locations = [
        place["physicalLocation"]["artifactLocation"]
        for result in run["results"]
        for place in (*result["locations"], *result.get("relatedLocations", ()))
    ]
    assert all(location["uriBaseId"] == "TRANSLATIONS" for location in locations)
    first = run["results"][0]["locations"][0]["physicalLocation"]
    lines = (repository.root / first["artifactLocation"]["uri"]).read_text(encoding="utf-8")
    assert (
        first["region"]["snippet"]["text"] == lines.splitlines()[first["region"]["startLine"] - 1]
    )
    assert all(not location["uri"].startswith(("/", "file:")) for location in locations)
    # a translation defect's source is in the base revision: the path, and the commit said
    based = [
        related
        for result in run["results"]
        if result["properties"]["cause"] == "translation"
        for related in result.get("relatedLocations", ())
    ]
    assert based
    assert all(
        "@" not in related["physicalLocation"]["artifactLocation"]["uri"] for related in based
    )
    commit = repository.commits[SEED, MADE_FROM][:12]
    assert all(related["message"]["text"].endswith(commit) for related in based)
