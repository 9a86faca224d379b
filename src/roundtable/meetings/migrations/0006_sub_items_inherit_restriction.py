"""Restrict the sub-items saved open under a restricted item, and their actions (#10).

The sub-item form used to leave "restricted" unticked under a restricted item, so
a sub-item's own flag could say open while its parent was restricted. The
`visible_to` querysets now treat such a sub-item as restricted whatever its flag
says; this makes the stored flags say the same, with the parent's reason. It
cannot be undone (nothing records which sub-items were open), so going back
leaves them restricted.
"""

from __future__ import annotations

from django.db import migrations
from django.db.models import OuterRef, Subquery


def restrict_sub_items(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated
    items = apps.get_model("meetings", "AgendaItem").objects.using(db)
    actions = apps.get_model("meetings", "Action").objects.using(db)
    under_restricted = items.filter(parent__restricted=True, restricted=False)
    reason = items.filter(pk=OuterRef("parent_id")).values("restriction_category")
    under_restricted.update(restricted=True, restriction_category=Subquery(reason[:1]))
    actions.filter(item__parent__restricted=True, restricted=False).update(restricted=True)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_item_position_constraints")]

    operations = [migrations.RunPython(restrict_sub_items, migrations.RunPython.noop)]
