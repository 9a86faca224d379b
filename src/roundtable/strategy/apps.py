from __future__ import annotations

from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "roundtable.strategy"
    label = "strategy"
    verbose_name = "Strategy"
