"""Pinned accuracy floors: CI fails when a score drops below one.

The floors live in ``floors.json`` next to this module, keyed by ``<corpus>-<split>`` and
then by metric name (``<field>_<mode>_<precision|recall|f1>``, see
:meth:`~claimledger.evaluation.runner.Report.metric`). They apply to the claimledger system
only. A floor is raised when the extraction improves and is never lowered silently: a
change to this file is a reviewed decision, not a way to make CI pass.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from typing import Any

from claimledger.evaluation.runner import Report

FLOORS_FILE = "floors.json"
# Float noise: a score equal to its floor passes.
_TOLERANCE = 1e-9


def load_floors() -> dict[str, dict[str, float]]:
    raw: dict[str, Any] = json.loads(
        resources.files("claimledger.evaluation").joinpath(FLOORS_FILE).read_text("utf-8")
    )
    return {key: value for key, value in raw.items() if not key.startswith("_")}


def check_floors(report: Report, floors: dict[str, dict[str, float]] | None = None) -> list[str]:
    """One message per metric below its floor; empty when the report passes (or has none)."""
    return check_metrics(f"{report.corpus}-{report.split}", report.metric, floors)


def check_metrics(
    key: str,
    metric: Callable[[str], float | None],
    floors: dict[str, dict[str, float]] | None = None,
) -> list[str]:
    """Floors pinned under ``key``, checked against ``metric(name)`` (KeyError: unknown)."""
    table = load_floors() if floors is None else floors
    pinned = table.get(key, {})
    violations = []
    for name, floor in sorted(pinned.items()):
        try:
            value = metric(name)
        except KeyError:
            violations.append(f"{name}: no such metric (floors.json has a typo?)")
            continue
        if value is None:
            violations.append(f"{name}: nothing to measure")
            continue
        if value + _TOLERANCE < floor:
            violations.append(f"{name}: {value:.3f} is below the floor {floor:.3f}")
    return violations


def attribute_metric(report: object) -> Callable[[str], float | None]:
    """Metrics read as attributes of a report (``recall``, ``speaker_precision``)."""

    def metric(name: str) -> float | None:
        if not hasattr(report, name):
            raise KeyError(name)
        value = getattr(report, name)
        return None if value is None else float(value)

    return metric


def timex_metric(report: object) -> Callable[[str], float | None]:
    """Time-expression metrics: ``<mode>_f1`` for strict, relaxed and value (TempEval-3),
    and ``value_accuracy``."""
    attributes = attribute_metric(report)

    def metric(name: str) -> float | None:
        mode, _, rest = name.partition("_")
        if rest == "f1" and mode in {"strict", "relaxed", "value"}:
            return float(report.f1(mode))  # type: ignore[attr-defined]
        return attributes(name)

    return metric
