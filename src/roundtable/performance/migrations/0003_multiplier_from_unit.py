"""Give existing rate indicators the multiplier their unit names ("rate per 10,000"
→ 10,000); every other indicator keeps 1. Units themselves are kept as they are."""

from __future__ import annotations

from django.db import migrations

MULTIPLIERS = {"rate per 10,000": 10_000, "rate per 1,000": 1_000}


def _indicators(apps, schema_editor):  # noqa: ANN001 - migration signature
    """The indicators of the database being migrated (not always the default one)."""
    return apps.get_model("performance", "Indicator").objects.using(schema_editor.connection.alias)


def set_multipliers(apps, schema_editor):  # noqa: ANN001 - migration signature
    indicators = _indicators(apps, schema_editor)
    for unit, multiplier in MULTIPLIERS.items():
        indicators.filter(unit=unit, multiplier=1).update(multiplier=multiplier)


def unset_multipliers(apps, schema_editor):  # noqa: ANN001 - migration signature
    _indicators(apps, schema_editor).filter(unit__in=MULTIPLIERS).update(multiplier=1)


class Migration(migrations.Migration):
    dependencies = [("performance", "0002_valid_range_free_units_and_return_settings")]

    operations = [migrations.RunPython(set_multipliers, unset_multipliers)]
