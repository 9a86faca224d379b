"""`roundtable partnership create --slug SLUG --name NAME [--la GSS_CODE]`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.geography import rules as geography_rules
from roundtable.geography.queries import local_authorities
from roundtable.partnership.services import create_partnership

# The service's field names, as this command's options.
OPTIONS = {
    "name": "--name",
    "slug": "--slug",
    "short_name": "--short-name",
    "place": "--place",
    "administrator_email": "--admin-email",
    "administrator_name": "--admin-name",
    "__all__": "Problem",
}


class Command(BaseCommand):
    help = "Set up a partnership (and invite its administrator); all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", required=True, help="Begins its addresses: /SLUG/")
        parser.add_argument("--name", required=True, help="Its full name")
        parser.add_argument("--short-name", default="", help="For example, Ealing LSP")
        parser.add_argument("--place", default="", help="Default: the local authority's name")
        parser.add_argument(
            "--la",
            default="",
            metavar="GSS_CODE",
            help="Its local authority, already loaded (roundtable geography load --la CODE)",
        )
        parser.add_argument("--admin-email", default="", help="Invite its administrator")
        parser.add_argument("--admin-name", default="", help="The administrator's full name")

    def handle(self, *args: Any, **options: Any) -> None:
        area = None
        if options["la"]:
            try:
                code = geography_rules.validate_local_authority_code(options["la"])
            except ValueError as error:
                raise CommandError(f"--la: {error}") from None
            area = local_authorities().filter(code=code).first()
            if area is None:
                raise CommandError(
                    f"--la: {code} is not loaded; load it first with "
                    f"roundtable geography load --la {code}"
                )
        try:
            created = create_partnership(
                None,
                name=options["name"],
                slug=options["slug"],
                short_name=options["short_name"],
                place=options["place"],
                area=area,
                administrator_email=options["admin_email"],
                administrator_name=options["admin_name"],
            )
        except ValidationError as error:
            problems = [
                f"{OPTIONS.get(field, field)}: {message}"
                for field, messages in error.message_dict.items()
                for message in messages
            ]
            raise CommandError("Nothing was created:\n" + "\n".join(problems)) from None
        partnership = created.partnership
        done = f"Created {partnership.name} at /{partnership.slug}/"
        if partnership.area is not None:
            done += f", for {partnership.area.name} ({partnership.area.code})"
        if created.administrator is not None:
            done += f"; invited {created.administrator.email} as its administrator"
        self.stdout.write(done + ".")
