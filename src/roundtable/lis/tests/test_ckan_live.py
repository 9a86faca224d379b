"""The CKAN Action API read by CKAN's own client, `ckanapi`, against a live server:
as a portal's harvester or an analyst's script would read a CKAN site."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ckanapi import NotFound, RemoteCKAN, ValidationError

from roundtable.lis.tests.test_ckan import SECRET_DENOMINATOR, SECRET_VALUE, make_catalogue

pytestmark = pytest.mark.django_db(transaction=True)

SECRETS = ("987654", "8765431", "876.0625", "secret-note", "Held by the police", "Secret theme")


@pytest.fixture
def site(live_server, partnership):
    make_catalogue(partnership)
    with RemoteCKAN(live_server.url, user_agent="roundtable-tests") as ckan:
        yield ckan


@pytest.fixture
def get_only_site(live_server, partnership):
    make_catalogue(partnership)
    with RemoteCKAN(live_server.url, get_only=True) as ckan:
        yield ckan


def test_ckanapi_lists_and_shows_the_published_datasets(site):
    assert site.action.package_list() == ["crime", "stroke"]
    package = site.action.package_show(id="stroke")
    assert package["title"] == "Stroke admissions"
    assert package["organization"]["name"] == "council"
    assert [r["id"] for r in package["resources"]] == ["stroke-csv", "stroke-observations"]


def test_ckanapi_reads_with_get_requests_too(get_only_site):
    found = get_only_site.action.package_search(fq="tags:Health", **{"facet.field": '["tags"]'})
    assert [p["name"] for p in found["results"]] == ["stroke"]
    assert found["facets"]["tags"] == {"Health": 1, "Older people": 1}


def test_ckanapi_searches_the_catalogue(site):
    found = site.action.package_search(
        q="stroke", fq="organization:council", rows=5, **{"facet.field": ["license_id"]}
    )
    assert found["count"] == 1
    assert found["facets"] == {"license_id": {"OGL-UK-3.0": 1}}


def test_ckanapi_raises_its_own_errors(site):
    with pytest.raises(NotFound):
        site.action.package_show(id="held")
    with pytest.raises(ValidationError) as raised:
        site.action.package_search(rows="abc")
    assert "rows" in raised.value.error_dict


def test_ckanapi_reads_the_observations_from_the_datastore(site):
    found = site.action.datastore_search(
        resource_id="stroke-observations",
        filters={"period": "2012"},
        sort="area_code asc",
        fields=["area_code", "value", "note"],
    )
    assert found["total"] == 2
    assert [r["area_code"] for r in found["records"]] == ["E01000001", "E01000003"]
    assert found["records"][0]["value"] == 90.0
    assert found["records"][1]["value"] is None
    assert found["records"][1]["note"].startswith("Suppressed")
    assert (
        site.action.datastore_search(resource_id="stroke-observations", q=str(SECRET_VALUE))[
            "records"
        ]
        == []
    )
    assert (
        site.action.datastore_search(
            resource_id="stroke-observations", filters={"denominator": SECRET_DENOMINATOR}
        )["records"]
        == []
    )


def test_ckanapi_dump_datasets_all_writes_every_published_dataset(live_server, partnership):
    make_catalogue(partnership)
    scripts = str(Path(sys.executable).parent)  # its workers run `ckanapi` from the PATH
    env = {**os.environ, "PATH": scripts + os.pathsep + os.environ.get("PATH", "")}
    done = subprocess.run(  # noqa: S603 - our own venv's script with fixed arguments
        [
            str(Path(scripts) / "ckanapi"),
            "dump",
            "datasets",
            "--all",
            "-p",
            "1",
            "-q",
            "-r",
            live_server.url,
        ],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    lines = done.stdout.decode().splitlines()
    packages = [json.loads(line) for line in lines]
    assert [p["name"] for p in packages] == ["crime", "stroke"]
    assert packages[1]["resources"][1]["datastore_active"] is True
    assert packages[1]["license_title"] == "Open Government Licence v3.0"
    assert not [secret for secret in SECRETS if secret in done.stdout.decode()]
