"""The demo's catalogue entries held by a partner, not published: Ealing's, from its
LSP Executive board pack of 16 January 2012 (`/work/shared/seeds/
ealing-lsp-executive-board-pack-2012.txt`).

The Board agreed "to make the audit of data available to people to ensure awareness
of what is available and where from" (item 5c, Data Efficiency). The pack names three
sources of data that are not published: Experian's household data and Blue Sky's
data on the people it works with (community budgets, Appendix A: External Support
Offers), and the Joint Strategic Needs Assessment being updated (the Strategic Needs
Assessment progress report). Quoted words are the pack's; how to ask, the contact
and the sharing agreements were written for the demonstration, and each entry's
description says so ("Illustrative catalogue entry"). Loading twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from roundtable.core.records import Outcome, upsert
from roundtable.lis.models import Dataset
from roundtable.partnership.models import Organisation

if TYPE_CHECKING:
    from roundtable.partnership.models import Partnership

PACK = "the Ealing LSP Executive board pack of 16 January 2012"
ILLUSTRATIVE = (
    "Illustrative catalogue entry: the words in quotation marks are from {pack} ({where}); "
    "the rest of this entry (how to ask, the contact, the sharing agreement) was written "
    "for the Roundtable demonstration."
)


@dataclass(frozen=True)
class HeldEntry:
    slug: str  # after the partnership's slug
    title: str
    where: str  # where in the board pack
    quote: str
    publisher: str  # an organisation of the demo, by name
    holder: str
    how_to_ask: str
    sharing_agreement: str
    theme: str

    def description(self) -> str:
        return f"{ILLUSTRATIVE.format(pack=PACK, where=self.where)}\n\n“{self.quote}”"


APPENDIX_A = "community budgets, Appendix A: External Support Offers"
ENTRIES = (
    HeldEntry(
        slug="experian-households-in-need",
        title="Households likely to be at risk of poverty (Experian)",
        where=f"{APPENDIX_A}, Data and analysis",
        quote=(
            "Experian – can use their databases to identify households likely to be at "
            "risk of poverty, and identify households locally experiencing a range of "
            "indicators of ‘need’ – cost c. £12k"
        ),
        publisher="Experian",
        holder="Experian",
        how_to_ask=(
            "Illustrative: ask the community budgets project team, which made the contact "
            "with Experian; the data is bought, not shared (the board pack gives its cost "
            "as c. £12k)."
        ),
        sharing_agreement="Illustrative: none yet; a purchase would need a contract.",
        theme="Prosperity",
    ),
    HeldEntry(
        slug="blue-sky-people-worked-with",
        title="People Blue Sky works with (ex-offenders)",
        where=f"{APPENDIX_A}, Partnership working",
        quote=(
            "Blue Sky, who work with ex-offenders locally, have data sharing arrangements "
            "with their employees that would enable them to share info about who they are "
            "working with, to support our understanding of total picture of services "
            "working with families"
        ),
        publisher="Blue Sky",
        holder="Blue Sky",
        how_to_ask=(
            "Illustrative: ask Blue Sky through the Think Family Board's coordinator; "
            "information about people is shared only under the agreement below."
        ),
        sharing_agreement=(
            "The board pack says Blue Sky has “data sharing arrangements with their "
            "employees”. Illustrative: an agreement with the partnership would be needed too."
        ),
        theme="Safety",
    ),
    HeldEntry(
        slug="joint-strategic-needs-assessment",
        title="Joint Strategic Needs Assessment (being updated)",
        where="Strategic Needs Assessment progress report",
        quote=(
            "work has started on updating the Joint Strategic Needs Assessment which will "
            "inform the SNA"
        ),
        publisher="NHS Ealing",
        holder="NHS Ealing with Ealing Council",
        how_to_ask=(
            "Illustrative: ask NHS Ealing's public health team, which is updating it with "
            "Ealing Council; the Strategic Needs Assessment group receives its drafts."
        ),
        sharing_agreement="Illustrative: shared between the partners for the needs assessment.",
        theme="Health",
    ),
)
CONTACT = "Illustrative: the Local Information System team, Ealing Council"


def load_demo_catalogue(partnership: Partnership) -> list[str]:
    """Catalogue Ealing's held datasets; what was done, in lines (none for the other
    demo places, whose papers name no such data)."""
    if partnership.slug != "ealing":
        return []
    publishers = {
        o.name: o
        for o in Organisation.objects.filter(
            partnership=partnership, name__in={e.publisher for e in ENTRIES}
        )
    }
    said = []
    for entry in ENTRIES:
        dataset, outcome = upsert(
            Dataset,
            None,
            {"partnership": partnership, "slug": f"{partnership.slug}-{entry.slug}"},
            {
                "title": entry.title,
                "description": entry.description(),
                "publisher": publishers.get(entry.publisher),
                "source": f"Named in {PACK}",
                "themes": [entry.theme],
                "contact": CONTACT,
                "published": False,
                "holder": entry.holder,
                "how_to_ask": entry.how_to_ask,
                "sharing_agreement": entry.sharing_agreement,
            },
            validate=True,
        )
        if outcome is not Outcome.UNCHANGED:
            said.append(f"catalogue entry “{dataset.title}” {outcome.value}")
    return said
