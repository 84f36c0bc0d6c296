"""The quality report's CPU calibration: Lighthouse's slowdown follows the machine's
benchmarkIndex, and a run made with a slowdown the machine no longer fits is made again."""

from __future__ import annotations

import pytest
import quality_report
from cpu_slowdown import calibrated_slowdown


@pytest.mark.parametrize(("index", "multiplier"), [
    (2000, 6.0), (1533, 4.0), (1300, 3.0), (1050, 2.5), (800, 2.0), (475, 1.5), (150, 1.0),
])
def test_slowdown_follows_lighthouses_calculator(index: float, multiplier: float) -> None:
    assert calibrated_slowdown(index).multiplier == pytest.approx(multiplier, abs=0.01)


def test_a_slowdown_fits_the_indexes_near_it() -> None:
    desktop = calibrated_slowdown(1533)
    assert desktop.fits(4.0) and desktop.fits(3.3) and not desktop.fits(2.0)
    busy = calibrated_slowdown(600)
    assert busy.fits(1.7) and not busy.fits(4.0)


def test_a_host_slower_than_the_phone_gets_no_slowdown() -> None:
    slow = calibrated_slowdown(90)
    assert slow.multiplier == 1.0 and slow.host_too_slow
    assert not calibrated_slowdown(150).host_too_slow


def fake_lighthouse(indexes: list[float], scores: list[float]):
    """Stands in for a Lighthouse run: the machine measures `indexes` one run after another."""
    made: list[float] = []

    def run(url: str, slowdown: float) -> quality_report.LighthouseRun:
        lhr = {"environment": {"benchmarkIndex": indexes[len(made)]},
               "categories": {"performance": {"score": scores[len(made)]}}}
        made.append(slowdown)
        return quality_report.LighthouseRun(lhr, slowdown, load=1.0)

    return run, made


def test_runs_on_a_busy_machine_are_made_again_with_its_slowdown(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The first run, at Lighthouse's default 4x, finds a machine as busy as index 700.
    run, made = fake_lighthouse([700, 690, 720, 710], [0.81, 0.97, 0.99, 0.96])
    monkeypatch.setattr(quality_report, "lighthouse_run", run)
    runs, next_slowdown = quality_report.calibrated_runs("http://127.0.0.1/", 4.0)
    assert made == [4.0, 1.8, 1.8, 1.9]
    assert [run.calibrated for run in runs] == [False, True, True, True]
    assert quality_report.median_run(runs).performance == 97
    assert next_slowdown == 1.9


def test_calibration_gives_up_after_a_bounded_number_of_runs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The machine's speed swings between every two runs: no run ever fits.
    swings = [1900, 300] * 4
    run, made = fake_lighthouse(swings, [0.5] * len(swings))
    monkeypatch.setattr(quality_report, "lighthouse_run", run)
    runs, _ = quality_report.calibrated_runs("http://127.0.0.1/", 4.0)
    assert len(made) == quality_report.LIGHTHOUSE_RUNS + quality_report.MAX_RECALIBRATIONS
    assert not any(run.calibrated for run in runs)
    assert quality_report.median_run(runs).performance == 50


def audit(performance_runs: list[tuple[float, float]]) -> quality_report.Audit:
    """A page audited by calibrated runs of (performance score, load average)."""
    runs = [quality_report.LighthouseRun(
        {"environment": {"benchmarkIndex": 1533},
         "categories": {"performance": {"score": score}}}, 4.0, load)
        for score, load in performance_runs]
    median = quality_report.median_run(runs).performance
    return quality_report.Audit(
        label="Page", path="page/", metrics={}, transferred=100_000, requests=20, runs=runs,
        scores={"performance": median, "accessibility": 100, "best-practices": 100, "seo": 100})


def test_a_low_score_on_a_busy_machine_is_not_judged() -> None:
    busy = audit([(0.89, 13.2), (0.88, 14.0), (0.90, 12.5)])
    verdict = quality_report.judge([busy, busy], cores=2)
    assert not verdict.missed and len(verdict.unjudged) == 2
    assert verdict.exit_status() == 3


def test_a_low_score_on_a_quiet_machine_misses_the_budget() -> None:
    quiet = audit([(0.89, 13.2), (0.88, 1.4), (0.90, 12.5)])
    verdict = quality_report.judge([quiet, audit([(0.99, 1.0)] * 3)], cores=2)
    assert verdict.missed == ["Page: performance 89 < 95"] and not verdict.unjudged
    assert verdict.exit_status() == 1


def test_a_busy_machine_does_not_excuse_other_budgets() -> None:
    page = audit([(0.99, 13.0)] * 3)
    page.scores["accessibility"] = 97
    verdict = quality_report.judge([page, page], cores=2)
    assert verdict.missed == ["Page: accessibility 97 < 100"] * 2
    assert quality_report.judge([audit([(0.99, 13.0)] * 3)] * 2, cores=2).exit_status() == 0
