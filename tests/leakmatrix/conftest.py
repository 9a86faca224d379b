"""The leak matrix's world, built once for the module inside a transaction that is
rolled back at its end (as Django's `setUpTestData`), and a client per role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.leakmatrix.world import World, build_world


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    media = tmp_path_factory.mktemp("leak-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_world()
            # Per role: one client that never names a partnership (it sees its
            # own, or the default) and one for `?partnership=` requests.
            built.clients = {
                role: {"plain": _client(user), "showing": _client(user)}
                for role, user in built.users.items()
            }
            built.api_client = Client(raise_request_exception=False)
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
