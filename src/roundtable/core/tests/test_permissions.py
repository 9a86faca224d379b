"""The permission mechanism: `can` asks the one registered policy, and core knows no app."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from roundtable.core import permissions
from roundtable.core.permissions import Action, SignInRequired, can, register_policy, require
from roundtable.partnership.access import role_policy


class SignedIn:
    is_authenticated = True
    is_active = True


def test_can_asks_the_policy_the_partnership_app_registered():
    assert permissions._policy is role_policy


def test_can_without_a_policy_says_how_to_register_one(monkeypatch):
    monkeypatch.setattr(permissions, "_policy", None)
    with pytest.raises(ImproperlyConfigured, match="register_policy"):
        can(AnonymousUser(), Action.VIEW, object())


def test_can_answers_what_the_policy_answers(monkeypatch):
    monkeypatch.setattr(permissions, "_policy", None)
    register_policy(lambda user, action, obj: action == Action.VIEW)
    assert can(SignedIn(), Action.VIEW, object())
    assert not can(SignedIn(), Action.CHANGE, object())


def test_a_second_different_policy_is_refused_unless_replacing(monkeypatch):
    monkeypatch.setattr(permissions, "_policy", role_policy)
    register_policy(role_policy)  # a second ready() is harmless
    with pytest.raises(ImproperlyConfigured, match="already registered"):
        register_policy(lambda user, action, obj: True)
    assert register_policy(lambda user, action, obj: True, replace=True) is role_policy


def test_require_sends_anonymous_visitors_to_sign_in_and_refuses_others(monkeypatch):
    monkeypatch.setattr(permissions, "_policy", lambda user, action, obj: False)
    with pytest.raises(SignInRequired):
        require(AnonymousUser(), Action.VIEW, object())
    with pytest.raises(PermissionDenied) as refused:
        require(SignedIn(), Action.VIEW, object())
    assert not isinstance(refused.value, SignInRequired)


def test_core_imports_no_app():
    """import-linter checks this for the whole project (tests/test_layers.py); this
    names the offending line in core itself, without the tool."""
    core = Path(permissions.__file__).parent
    offending = []
    for path in core.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                if name.startswith("roundtable.") and not name.startswith("roundtable.core"):
                    offending.append(f"{path.relative_to(core)}:{node.lineno} imports {name}")
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "get_model":
                offending.append(f"{path.relative_to(core)}:{node.lineno} calls get_model")
    assert offending == []
