"""The domain speaks neither HTTP nor terminal: no URL building, no templates, no CLI flags."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import parting.core.domain

DOMAIN = Path(parting.core.domain.__file__).parent
FLAG = re.compile(r"(^|\s|\()--[a-z]")
WEB_IMPORTS = ("django.urls", "django.template", "django.http", "django.shortcuts", "parting.web")


def modules() -> list[tuple[str, ast.Module]]:
    return [(p.name, ast.parse(p.read_text())) for p in sorted(DOMAIN.glob("*.py"))]


def test_no_domain_module_imports_the_web():
    found = [
        f"{name}: {node.module}"
        for name, tree in modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and _is_web(node.module or "")
    ]
    assert found == []


def _is_web(module: str) -> bool:
    """A web package or one inside it (parting.webhooks is not the web door)."""
    return any(module == name or module.startswith(name + ".") for name in WEB_IMPORTS)


def test_the_web_check_sees_the_web_and_only_it():
    assert _is_web("parting.web.links") and _is_web("django.urls")
    assert not _is_web("parting.webhooks.models")


def test_no_domain_message_names_a_cli_flag():
    found = []
    for name, tree in modules():
        docs = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        found += [
            f"{name}: {node.value!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docs
            and (FLAG.search(node.value) or "`parting " in node.value)
        ]
    assert found == []
