"""The CKAN Action API, read-only: `/api/3/action/<name>` and `/api/action/<name>`.

CKAN's clients (`ckanapi`, CKAN harvesters, portals' scripts) read the LIS as they
read a CKAN site: GET with query parameters, or POST with a JSON (or form) body;
answers in CKAN's envelope `{"help", "success", "result"}`, refusals as CKAN's
error object with its status codes (404 Not Found Error, 409 Validation Error,
403 Authorization Error) and an unknown action as 400 "Bad request - Action name
not known". Open data only, for everyone, whoever signs in: the reads are in
`ckan_queries.py`; docs/lis.md ("CKAN Action API") maps the catalogue to CKAN's
packages, organizations, groups and resources.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from roundtable.lis import ckan_queries as ckan
from roundtable.lis.ckan_queries import Invalid, NotFound

CKAN_VERSION = "2.10.0"  # the CKAN API these actions answer as
MAX_ROWS = 1000  # package_search, as CKAN's ckan.search.rows_max
MAX_RECORDS = 32000  # datastore_search, as CKAN's ckan.datastore.search.rows_max
MAX_OFFSET = 1_000_000_000  # databases refuse an OFFSET past a 64-bit integer

Params = dict[str, Any]

# CKAN's actions that write: refused as CKAN refuses a caller with no right to them.
WRITE_ACTIONS = frozenset(
    f"{thing}_{verb}"
    for thing in ("package", "resource", "organization", "group", "tag", "datastore", "user")
    for verb in ("create", "update", "patch", "delete", "purge", "upsert")
)


def _int(params: Params, name: str, default: int, *, most: int = MAX_OFFSET) -> int:
    value = params.get(name, default)
    if value in ("", None):
        return default
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None or number < 0 or number > most:
        raise Invalid(name, f"enter a whole number from 0 to {most:,}, like {default}")
    return number


def _bool(params: Params, name: str, default: bool) -> bool:
    value = params.get(name, default)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off", ""):
        return False
    raise Invalid(name, "enter true or false")


def _json(params: Params, name: str, kind: type, example: str) -> Any:
    """A parameter that is a list or an object: given as JSON in a query string or
    a form, or as itself in a JSON body."""
    value = params.get(name)
    if value in (None, ""):
        return kind()
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = None
    if not isinstance(value, kind):
        what = "a JSON list" if kind is list else "a JSON object"
        raise Invalid(name, f"enter {what}, like {example}")
    return value


def _text(params: Params, name: str) -> str:
    value = params.get(name, "")
    if not isinstance(value, str):
        raise Invalid(name, "enter text")
    return value.strip()


def _id(params: Params, name: str = "id") -> str:
    value = params.get(name)
    if value in (None, ""):
        raise Invalid(name, "Missing value")
    return str(value).strip()


def _names_or_dicts(items: list[dict[str, Any]], params: Params) -> list[Any]:
    offset = _int(params, "offset", 0)
    limit = _int(params, "limit", len(items), most=MAX_ROWS)
    page = items[offset : offset + limit]
    if _bool(params, "all_fields", False):
        return page
    return [item["name"] for item in page]


def _sorted(items: list[dict[str, Any]], params: Params) -> list[dict[str, Any]]:
    sort = _text(params, "sort") or "title asc"
    name, _, direction = sort.partition(" ")
    keys = {"name": "name", "title": "title", "package_count": "package_count"}
    if name not in keys or direction.strip().lower() not in ("", "asc", "desc"):
        raise Invalid("sort", "sort by name, title or package_count, then asc or desc")
    ordered = sorted(items, key=lambda item: item["name"])
    ordered.sort(
        key=lambda item: str(item[keys[name]]).lower() if name != "package_count" else item[name],
        reverse=direction.strip().lower() == "desc",
    )
    return ordered


# The actions ----------------------------------------------------------------------


def status_show(request: HttpRequest, params: Params) -> Any:
    """The site and the CKAN API it answers as."""
    return {
        "site_title": "Roundtable Local Information System",
        "site_description": "Open local statistics of the partnerships on this site.",
        "site_url": request.build_absolute_uri("/"),
        "ckan_version": CKAN_VERSION,
        "error_emails_to": None,
        "locale_default": settings.LANGUAGE_CODE,
        "extensions": ["datastore"],
    }


def package_list(request: HttpRequest, params: Params) -> Any:
    """The names (slugs) of the published datasets."""
    names = [p["name"] for p in _catalogue(request).packages]
    offset = _int(params, "offset", 0)
    limit = _int(params, "limit", len(names))
    return names[offset : offset + limit]


def package_show(request: HttpRequest, params: Params) -> Any:
    """A published dataset, by `id` (its slug or its id)."""
    return _catalogue(request).package(_id(params))


def package_search(request: HttpRequest, params: Params) -> Any:
    """Datasets matching `q` and `fq` (words, and key:value terms), with facets."""
    search = ckan.PackageSearch(
        q=_text(params, "q"),
        fq=_text(params, "fq"),
        rows=_int(params, "rows", 10, most=MAX_ROWS),
        start=_int(params, "start", 0),
        sort=_text(params, "sort"),
        facet_fields=[str(f) for f in _json(params, "facet.field", list, '["organization"]')],
        facet_limit=_facet_limit(params),
    )
    return ckan.search_packages(_catalogue(request), search)


def _facet_limit(params: Params) -> int:
    value = params.get("facet.limit", 50)
    if str(value).strip() == "-1":
        return -1
    return _int(params, "facet.limit", 50)


def organization_list(request: HttpRequest, params: Params) -> Any:
    """The publishers of published datasets: names, or whole with `all_fields`."""
    organizations = list(_catalogue(request).organizations.values())
    return _names_or_dicts(_sorted(organizations, params), params)


def organization_show(request: HttpRequest, params: Params) -> Any:
    """A publisher, by name or id; its datasets too with `include_datasets`."""
    found = _catalogue(request)
    org = dict(found.organization(_id(params)))
    if _bool(params, "include_datasets", False):
        org["packages"] = [
            p for p in found.packages if p["organization"] and p["organization"]["id"] == org["id"]
        ]
    return org


def group_list(request: HttpRequest, params: Params) -> Any:
    """The themes of published datasets: names, or whole with `all_fields`."""
    return _names_or_dicts(_sorted(list(_catalogue(request).groups.values()), params), params)


def group_show(request: HttpRequest, params: Params) -> Any:
    """A theme, by name; its datasets too with `include_datasets`."""
    found = _catalogue(request)
    group = dict(found.group(_id(params)))
    if _bool(params, "include_datasets", False):
        group["packages"] = [
            p for p in found.packages if any(g["name"] == group["name"] for g in p["groups"])
        ]
    return group


def tag_list(request: HttpRequest, params: Params) -> Any:
    """The tags (themes) of published datasets; `query` keeps those containing it."""
    query = (_text(params, "query") or _text(params, "q")).lower()
    tags = [t for t in _catalogue(request).tags() if query in t.lower()]
    if _bool(params, "all_fields", False):
        return [{"id": t, "name": t, "display_name": t, "vocabulary_id": None} for t in tags]
    return tags


def resource_show(request: HttpRequest, params: Params) -> Any:
    """A download of a published dataset: `<slug>-csv` or `<slug>-observations`."""
    return ckan.resource(_catalogue(request), _id(params))


def datastore_search(request: HttpRequest, params: Params) -> Any:
    """A dataset's observations (`<slug>-observations`): filters, q, fields, sort,
    limit and offset as CKAN's DataStore takes them."""
    q = params.get("q", "")
    if isinstance(q, str) and q.strip().startswith("{"):
        q = _json(params, "q", dict, '{"area_name": "Ealing"}')
    elif not isinstance(q, str | dict):
        raise Invalid("q", 'enter words, or a JSON object like {"area_name": "Ealing"}')
    fields = params.get("fields", [])
    if isinstance(fields, str):
        fields = [f.strip() for f in fields.split(",") if f.strip()]
    if not isinstance(fields, list):
        raise Invalid("fields", "enter field names separated by commas, like area_code,value")
    if _text(params, "records_format") not in ("", "objects"):
        raise Invalid("records_format", "only objects is supported; leave it out")
    search = ckan.DatastoreSearch(
        resource_id=_id(params, "resource_id"),
        filters=_json(params, "filters", dict, '{"period": "2011"}'),
        q=q,
        fields=[str(f) for f in fields],
        sort=_text(params, "sort"),
        limit=_int(params, "limit", 100, most=MAX_RECORDS),
        offset=_int(params, "offset", 0),
        include_total=_bool(params, "include_total", True),
    )
    return ckan.datastore_search(search, request.path)


def help_show(request: HttpRequest, params: Params) -> Any:
    """How to call an action (`name`)."""
    name = _id(params, "name")
    if name not in ACTIONS:
        raise NotFound(f"Action function not found: {name}")
    return ACTIONS[name].__doc__


ACTIONS: dict[str, Callable[[HttpRequest, Params], Any]] = {
    f.__name__: f
    for f in (
        status_show,
        package_list,
        package_show,
        package_search,
        organization_list,
        organization_show,
        group_list,
        group_show,
        tag_list,
        resource_show,
        datastore_search,
        help_show,
    )
}


def _catalogue(request: HttpRequest) -> ckan.Catalogue:
    """The public catalogue, built once a request."""
    if not hasattr(request, "ckan_catalogue"):
        request.ckan_catalogue = ckan.catalogue(request.build_absolute_uri)
    return request.ckan_catalogue


def _params(request: HttpRequest) -> Params:
    """The query string's parameters, then the body's: a JSON object, or a form."""
    params: Params = {key: request.GET.get(key) for key in request.GET}
    if request.method != "POST" or not request.body:
        return params
    if request.content_type == "application/json" or request.body.lstrip()[:1] == b"{":
        body = json.loads(request.body)
        if not isinstance(body, dict):
            raise ValueError("Request data JSON decoded to a list but a dictionary is expected")
        params.update(body)
    else:
        params.update({key: request.POST.get(key) for key in request.POST})
    return params


def _help_url(request: HttpRequest, name: str) -> str:
    """Where to read how to call `name` (CKAN's `help_show`), at this API's address."""
    base = request.path.rsplit("/action/", 1)[0]
    return request.build_absolute_uri(f"{base}/action/help_show?name={name}")


def _answer(help_url: str, status: int, **content: Any) -> JsonResponse:
    return JsonResponse({"help": help_url, **content}, status=status)


@csrf_exempt
def action(request: HttpRequest, name: str) -> HttpResponse:
    """Run the action `name` and answer in CKAN's envelope."""
    if name in WRITE_ACTIONS:
        error_object = {
            "__type": "Authorization Error",
            "message": f"Access denied: this site's CKAN API is read-only, so {name} is refused",
        }
        return _answer(_help_url(request, name), 403, success=False, error=error_object)
    if name not in ACTIONS:
        return JsonResponse(f"Bad request - Action name not known: {name}", status=400, safe=False)
    if request.method not in ("GET", "HEAD", "POST"):
        return JsonResponse("Bad request - use GET or POST", status=400, safe=False)
    help_url = _help_url(request, name)
    try:
        params = _params(request)
    except (ValueError, UnicodeDecodeError) as error:
        return JsonResponse(f"Bad request - JSON Error: {error}", status=400, safe=False)
    try:
        result = ACTIONS[name](request, params)
    except NotFound as error:
        error_object = {"__type": "Not Found Error", "message": f"Not found: {error}"}
        return _answer(help_url, 404, success=False, error=error_object)
    except Invalid as error:
        error_object = {
            "__type": "Validation Error",
            "message": f"{error.field}: {error.message}",
            error.field: [error.message],
        }
        return _answer(help_url, 409, success=False, error=error_object)
    return _answer(help_url, 200, success=True, result=result)
