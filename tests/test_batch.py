"""Corpus mode: layouts, parallel runs in input order, unreadable files reported at the end."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import p2skb
from p2skb.batch import DriftJob, Failure, diff_job, folder_jobs, markdown_files, run, tree_jobs
from p2skb.cli import main
from tests.conftest import SEED_DIR
from tests.test_cli import run as cli


@pytest.fixture
def article_folders(tmp_path: Path) -> Path:
    """Three article folders: the seed pair (ja-jp as the source) copied under two names."""
    for name in ("a", "b", "c"):
        folder = tmp_path / "corpus" / name
        folder.mkdir(parents=True)
        shutil.copy(SEED_DIR / "ja-jp.md", folder / "ja-jp.md")
        shutil.copy(SEED_DIR / "zh-tw.md", folder / "zh-tw.md")
    return tmp_path / "corpus"


def test_markdown_files_walks_folders_in_order(article_folders: Path) -> None:
    found = list(markdown_files([article_folders]))
    names = [
        path.relative_to(article_folders).as_posix() for path in found if isinstance(path, Path)
    ]
    assert len(names) == len(found)
    assert names == [
        "a/ja-jp.md",
        "a/zh-tw.md",
        "b/ja-jp.md",
        "b/zh-tw.md",
        "c/ja-jp.md",
        "c/zh-tw.md",
    ]


def test_folder_jobs_pair_the_source_locale_with_the_rest(article_folders: Path) -> None:
    listed = list(folder_jobs([article_folders], source_locale="ja-jp"))
    jobs = [job for job in listed if isinstance(job, DriftJob)]
    assert len(jobs) == len(listed)
    assert [Path(job.source).parent.name for job in jobs] == ["a", "b", "c"]
    assert all(len(job.translations) == 1 for job in jobs)
    # no en-us.md anywhere: each translation is reported, and there is no pair to check
    orphans = list(folder_jobs([article_folders]))
    assert all(isinstance(job, DriftJob) and job.alone for job in orphans)
    assert len(orphans) == 6


def test_tree_jobs_pair_the_same_relative_paths(tmp_path: Path) -> None:
    for root, name in (("ja/articles/vpn", "ja-jp.md"), ("zh/articles/vpn", "zh-tw.md")):
        (tmp_path / root).mkdir(parents=True)
        shutil.copy(SEED_DIR / name, tmp_path / root / "troubleshoot.md")
    (tmp_path / "ja/articles/vpn/only-in-source.md").write_text("# x\n", encoding="utf-8")
    (tmp_path / "zh/articles/vpn/only-translated.md").write_text("# x\n", encoding="utf-8")
    jobs = [
        job
        for job in tree_jobs(tmp_path / "ja/articles", tmp_path / "zh/articles")
        if isinstance(job, DriftJob)
    ]
    pairs = [job for job in jobs if job.alone is None]
    assert [(Path(j.source).name, Path(j.translations[0]).parts[-4]) for j in pairs] == [
        ("troubleshoot.md", "zh")
    ]
    # each file without a counterpart is a job that reports it, at its line 1
    alone = {Path(job.alone or "").name: diff_job(job) for job in jobs if job.alone}
    missing, orphan = alone["only-in-source.md"], alone["only-translated.md"]
    assert isinstance(missing, p2skb.DriftReport)
    assert isinstance(orphan, p2skb.DriftReport)
    assert [(f.code, f.name, Path(f.translation.path).name) for f in missing.findings] == [
        ("P2S108", "missing-translation", "only-in-source.md")
    ]
    assert [(f.code, f.name, f.translation.line) for f in orphan.findings] == [
        ("P2S107", "orphan-translation", 1)
    ]


def test_run_keeps_input_order_with_any_executor() -> None:
    with ThreadPoolExecutor(max_workers=3) as executor:
        assert list(run(lambda n: n * n, iter(range(50)), executor=executor, window=4)) == [
            n * n for n in range(50)
        ]
    assert list(run(str, [1, 2])) == ["1", "2"]


def test_an_unreadable_file_is_a_failure_not_an_exception(tmp_path: Path) -> None:
    result = diff_job(DriftJob(str(SEED_DIR / "ja-jp.md"), (str(tmp_path / "missing.md"),)))
    assert isinstance(result, Failure)
    assert "missing.md" in result.message


def test_drift_over_folders_in_parallel_equals_one_process(article_folders: Path) -> None:
    arguments = ("drift", str(article_folders), "--source-locale", "ja-jp", "--format", "json")
    one = cli(*arguments, "--jobs", "1")
    two = cli(*arguments, "--jobs", "2")
    assert one == two
    assert one[0] == 1
    report = json.loads(one[1])
    assert [Path(ref["path"]).parent.name for ref in report["translations"]] == ["a", "b", "c"]
    assert {f["name"] for f in report["findings"]} >= {"malformed-table", "html-swallowed"}


def test_a_corpus_run_reports_unreadable_files_at_the_end_and_exits_2(
    article_folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (article_folders / "b" / "zh-tw.md").write_bytes(b"# x\n\xff\n")
    code, out = cli("lint", str(article_folders), "--jobs", "2", "--format", "json")
    assert code == 2
    linted = [Path(ref["path"]).parent.name for ref in json.loads(out)["translations"]]
    assert linted == ["a", "a", "b", "c", "c"]  # every other file was still checked
    err = capsys.readouterr().err
    assert "b/zh-tw.md:2:1: not UTF-8" in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_unreadable_translation_leaves_its_siblings_checked(
    article_folders: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, jobs: str
) -> None:
    # b's source has three translations; two cannot be read, one can
    (article_folders / "b" / "ko-kr.md").write_bytes(b"# x\n\xff\n")
    (article_folders / "b" / "de-de.md").write_bytes(b"---\ntitle: [\n---\n# x\n")
    arguments = ("--source-locale", "ja-jp", "--jobs", jobs)
    code, out = cli("drift", str(article_folders), *arguments, "--format", "json")
    assert code == 2
    drifted = [Path(ref["path"]).parent.name for ref in json.loads(out)["translations"]]
    assert drifted == ["a", "b", "c"]  # b's zh-tw.md is still checked
    err = capsys.readouterr().err.splitlines()
    assert sum("b/ko-kr.md:2:1: not UTF-8" in line for line in err) == 1
    assert sum("b/de-de.md" in line for line in err) == 1
    assert err[-1] == "p2skb: 2 inputs could not be read"
    code, out = cli("report", str(article_folders), *arguments, "-o", str(tmp_path / "site"))
    assert code == 2
    assert sorted(path.name for path in (tmp_path / "site" / "articles").iterdir()) == [
        "a.zh-tw.html",
        "b.zh-tw.html",
        "c.zh-tw.html",
    ]
    assert capsys.readouterr().err.splitlines()[-1] == "p2skb: 2 inputs could not be read"
    # from Python: the failure holds the report of what could be read
    job = next(job for job in folder_jobs([article_folders / "b"], source_locale="ja-jp"))
    assert isinstance(job, DriftJob)
    result = diff_job(job)
    assert isinstance(result, Failure)
    assert len(result.message.splitlines()) == 2
    assert isinstance(result.partial, p2skb.DriftReport)
    assert [Path(ref.path).name for ref in result.partial.translations] == ["zh-tw.md"]


def test_parse_a_folder_to_json_lines(article_folders: Path) -> None:
    code, out = cli("parse", str(article_folders / "a"), "--format", "jsonl", "--jobs", "2")
    assert code == 0
    assert [json.loads(line)["locale"] for line in out.splitlines()] == ["ja-jp", "zh-tw"]


def test_drift_roots_take_only_files_under_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    roots = ["--source-root", str(tmp_path / "a"), "--translation-root", str(tmp_path / "b")]
    assert main(["drift", str(tmp_path / "x.md"), *roots]) == 2
    assert "is under neither --source-root nor --translation-root" in capsys.readouterr().err
    assert main(["drift", "--source-root", str(tmp_path / "a")]) == 2
    assert "go together" in capsys.readouterr().err
