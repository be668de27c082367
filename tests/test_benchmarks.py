"""The benchmark script keeps working (a smoke run on tiny sizes; no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_the_benchmark_runs_and_writes_its_json(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--json", str(output)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "parse / bare" in result.stdout
    data = json.loads(output.read_text(encoding="utf-8"))
    assert set(data["budgets"]) <= set(data["ratios"])
    assert all(value > 0 for value in data["ratios"].values())
    for name, (first, third) in data["quartiles"].items():
        assert first <= third, name
        assert name in data["ratios"]
