"""core.testing.DatabaseSnapshot: the rows, the id sequences and the files come back
as they were taken, whatever was written in between."""

from __future__ import annotations

from pathlib import Path

import pytest

from roundtable.core.testing import DatabaseSnapshot
from roundtable.partnership.models import Partnership
from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_rows_sequences_and_files_come_back_as_taken(tmp_path):
    kept, media = tmp_path / "kept", tmp_path / "media"
    (kept / "papers").mkdir(parents=True)
    (kept / "papers" / "one.pdf").write_bytes(b"%PDF-1.7 one")
    ealing = PartnershipFactory(name="Ealing", slug="ealing")
    council = OrganisationFactory(partnership=ealing, name="Ealing Council")
    snapshot = DatabaseSnapshot.take(kept)

    ealing.name = "Changed"
    ealing.save()
    council.delete()
    PartnershipFactory(name="Warwick", slug="warwick")
    snapshot.restore(media)

    assert list(Partnership.objects.values_list("name", flat=True)) == ["Ealing"]
    assert ealing.organisations.get().name == "Ealing Council"
    # The next record takes the id after the snapshot's last, not after Warwick's.
    assert PartnershipFactory(slug="next").pk == ealing.pk + 1
    assert (media / "papers" / "one.pdf").read_bytes() == b"%PDF-1.7 one"


def test_a_snapshot_goes_back_again_and_again(tmp_path):
    PartnershipFactory(name="Ealing", slug="ealing")
    snapshot = DatabaseSnapshot.take(tmp_path)
    for name in ("Warwick", "Westminster"):
        PartnershipFactory(name=name, slug=name.lower())
        snapshot.restore(Path(tmp_path / "media"))
        assert list(Partnership.objects.values_list("slug", flat=True)) == ["ealing"]
