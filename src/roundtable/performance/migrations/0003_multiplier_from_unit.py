"""Give existing rate indicators the multiplier their unit names ("rate per 10,000"
→ 10,000); every other indicator keeps 1. Units themselves are kept as they are."""

from __future__ import annotations

from django.db import migrations

MULTIPLIERS = {"rate per 10,000": 10_000, "rate per 1,000": 1_000}


def set_multipliers(apps, schema_editor):  # noqa: ANN001, ARG001 - migration signature
    indicator = apps.get_model("performance", "Indicator")
    for unit, multiplier in MULTIPLIERS.items():
        indicator.objects.filter(unit=unit, multiplier=1).update(multiplier=multiplier)


def unset_multipliers(apps, schema_editor):  # noqa: ANN001, ARG001 - migration signature
    indicator = apps.get_model("performance", "Indicator")
    indicator.objects.filter(unit__in=MULTIPLIERS).update(multiplier=1)


class Migration(migrations.Migration):
    dependencies = [("performance", "0002_valid_range_free_units_and_return_settings")]

    operations = [migrations.RunPython(set_multipliers, unset_multipliers)]
