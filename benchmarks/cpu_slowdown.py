"""Lighthouse's CPU slowdown calibrated to the machine it runs on.

Lighthouse emulates a mid-tier phone by running the page on the host's CPU slowed down by a
multiplier: 4x by default, right for a high-end desktop. On a slower or busier host, 4x emulates
a slower phone than intended and the performance score drops with the machine's load, not with
the site. Lighthouse measures the host at the start of every run (`environment.benchmarkIndex`
in its result), and its throttling docs ("Calibrating the CPU slowdown") map that index to the
multiplier with the CPU throttling calculator: piecewise linear through 150 -> 1x, 800 -> 2x,
1300 -> 3x, 1533 -> 4x and 2000 -> 6x, with a range of multipliers that fit the index equally
well. Below 150 the host is slower than the phone itself and no multiplier can emulate it.
"""

from __future__ import annotations

from dataclasses import dataclass

# (lowest benchmarkIndex of the segment, multiplier there, index points per 1x) from the top.
SEGMENTS = ((1300.0, 3.0, 233.0), (800.0, 2.0, 500.0), (150.0, 1.0, 650.0))
# How wide the calculator's range of fitting multipliers is on the two lower segments.
RANGE_WIDTH = {800.0: 1.5, 150.0: 0.5}


@dataclass(frozen=True)
class Slowdown:
    """The multiplier that emulates Lighthouse's target phone on a host, and the range of
    multipliers that fit the host's benchmarkIndex as well."""

    benchmark_index: float
    multiplier: float
    low: float
    high: float

    @property
    def host_too_slow(self) -> bool:
        """The host is slower than the target phone: even 1x emulates a slower device."""
        return self.benchmark_index < SEGMENTS[-1][0]

    def fits(self, used: float) -> bool:
        """A run made with multiplier `used` emulated the target phone on this host."""
        return self.low <= used <= self.high


def calibrated_slowdown(benchmark_index: float) -> Slowdown:
    """The CPU slowdown for a host whose Lighthouse benchmarkIndex is `benchmark_index`."""
    for floor, base, points_per_step in SEGMENTS:
        if benchmark_index >= floor:
            excess = (benchmark_index - floor) / points_per_step
            multiplier = base + excess
            width = RANGE_WIDTH.get(floor) or max(excess, 1.5, multiplier * 0.3)
            return Slowdown(benchmark_index, multiplier, multiplier - width / 2,
                            multiplier + width / 2)
    return Slowdown(benchmark_index, 1.0, 1.0, 1.0)
