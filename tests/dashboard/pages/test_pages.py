"""Every registered page (dash.page_registry) as a component tree, without a browser, in both languages: its
layout renders (no notice, JSON as Dash sends it), its headings are in its language, its links go to
registered pages in the same language (or to the app's own files). The navigation and the warm-up are
made from the registry's custom keys (dashboard/pages/__init__.py); a component id a
page shares is a constant, never a string repeated elsewhere."""
from __future__ import annotations

import io
import re
import sys
import tokenize
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import dash
import yaml
from dash import dcc, html
from dash.development.base_component import Component
from plotly.io.json import to_json_plotly

from dashboard import i18n, shell
from dashboard.server.warmup import page_paths, warm_paths
from dashboard.state import catalog
from tests.dashboard.trees import app, headings, name, text, walk

ROOT = Path(__file__).resolve().parents[3]
LOCALES = Path(i18n.__file__).with_name("locales")
NEW_KEYS = ("nav", "warm", "embeddable")  # the custom keys every page sets (and Dash's `order`)


def pytest_generate_tests(metafunc):
    if "module" in metafunc.fixturenames:
        app()
        modules = list(dash.page_registry)
        metafunc.parametrize("module", modules, ids=[name(m) for m in modules])
    if "lang" in metafunc.fixturenames:
        metafunc.parametrize("lang", i18n.LANGS)


# ---------------------------------------------------------------- component trees

def variables(module: str) -> dict[str, str]:
    """What a page's path_template needs: the first of its common views (none for a plain path)."""
    if not dash.page_registry[module].get("path_template"):
        return {}
    return sys.modules[module].path_variables(catalog())[0]


@cache
def render(module: str, lang: str) -> Component:
    return dash.page_registry[module]["layout"](lang=lang, **variables(module))


def other(lang: str) -> str:
    return next(x for x in i18n.LANGS if x != lang)


@cache
def locale(lang: str) -> dict:
    return yaml.safe_load((LOCALES / f"{lang}.yaml").read_text(encoding="utf-8"))


@cache
def vocabulary(lang: str) -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    """The texts a page in `lang` may show as headings: its locale strings (templates as patterns) and the
    catalogue's names of indicators and themes."""
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, list | dict):
            for item in value.values() if isinstance(value, dict) else value:
                yield from strings(item)
    found = list(strings(locale(lang)))
    c = catalog()
    plain = {s for s in found if "{" not in s} | {c.name(i, lang) for i in c.indicators.index} | {
        c.theme_name(t, lang) for t in c.themes.index}
    templates = tuple(re.compile(re.sub(r"\\\{\w+\\\}", ".+", re.escape(s)) + r"\Z") for s in found if "{" in s)
    return frozenset(plain), templates


def speaks(heading: str, lang: str) -> bool:
    plain, templates = vocabulary(lang)
    return heading in plain or any(t.match(heading) for t in templates)


# ---------------------------------------------------------------- every page, both languages

def test_a_page_renders_in_its_language_without_a_notice(module, lang):
    tree = render(module, lang)
    assert isinstance(tree, html.Div) and tree.lang == lang  # the shell's page, in this language
    assert to_json_plotly(tree)  # what Dash sends
    components = list(walk(tree))
    assert not [c for c in components if "notice" in (getattr(c, "className", None) or "").split()]
    main = [c for c in components if isinstance(c, html.Main)]
    assert len(main) == 1 and main[0].id == shell.MAIN


def test_its_headings_are_in_its_language(module):
    """One H1 per page, different in each language and said in it; no heading in the other language."""
    h1 = {}
    for lang in i18n.LANGS:
        found = headings(render(module, lang))
        ones = [t for kind, t in found if kind == "H1"]
        assert len(ones) == 1 and ones[0], found
        h1[lang] = ones[0]
        assert speaks(h1[lang], lang) and not speaks(h1[lang], other(lang)), (lang, h1[lang])
        foreign = [t for _, t in found if speaks(t, other(lang)) and not speaks(t, lang)]
        assert foreign == [], f"{lang} page with {other(lang)} headings"
    assert h1["es"] != h1["en"]


def page_of(path: str) -> dict | None:
    """The registered page a path opens (a plain path, or a path_template's pattern), as Dash routes it."""
    for page in dash.page_registry.values():
        template = page.get("path_template")
        if template and re.fullmatch(re.sub(r"<\w+>", "[^/]+", template), path) or path == page["path"]:
            return page
    return None


def test_its_links_go_to_registered_pages_in_its_language(module, lang):
    """Every internal link (dcc.Link, html.A with an href from "/") opens a registered page with ?lang= the
    page's language (the language switch: the other one), or one of the app's own routes (downloads)."""
    adapter = app().server.url_map.bind("localhost")
    dash_index = {adapter.match("/")[0], adapter.match("/no/such/page")[0]}  # Dash answers any other path
    problems, pages = [], 0
    for link in walk(render(module, lang)):
        href = getattr(link, "href", None) if isinstance(link, dcc.Link | html.A) else None
        if not isinstance(href, str) or not href.startswith("/"):
            continue
        url = urlsplit(href)
        wanted = other(lang) if getattr(link, "id", None) == shell.LANG_SWITCH else lang
        if page_of(url.path) is not None:
            pages += 1
            if parse_qs(url.query).get("lang") != [wanted]:
                problems.append(f"{href}: not lang={wanted}")
        elif adapter.match(url.path)[0] in dash_index:
            problems.append(f"{href}: no such page or route")
    assert problems == []
    assert pages >= 1 + len(shell.navigation())  # at least the brand, the navigation and the switch


# ---------------------------------------------------------------- the registry's keys, and what reads them

def test_a_page_sets_the_registrys_custom_keys(module):
    page = dash.page_registry[module]
    orders = [p["order"] for p in dash.page_registry.values()]
    assert isinstance(page["order"], int) and orders.count(page["order"]) == 1
    assert all(key in page for key in NEW_KEYS)
    assert page["nav"] is None or all(page["nav"] in locale(lang) for lang in i18n.LANGS)
    assert isinstance(page["warm"], bool) and isinstance(page["embeddable"], bool)
    if page.get("path_template"):
        names = set(re.findall(r"<(\w+)>", page["path_template"]))
        views = sys.modules[module].path_variables(catalog())
        assert views and all(set(v) == names for v in views)


def test_the_navigation_is_the_pages_with_a_nav_label_in_their_order(lang):
    registered = [p for p in dash.page_registry.values() if p["nav"]]
    assert [p["order"] for p in registered] == sorted(p["order"] for p in registered)
    for page in registered:
        nav = next(c for c in walk(render(page["module"], lang)) if isinstance(c, html.Nav))
        links = [(text(link), link.href, link.className) for link in nav.children]
        assert links == [(i18n.t(lang, p["nav"]), f"{p['path']}?lang={lang}", "active" if p is page else "")
                         for p in registered]


def test_the_warm_up_fills_the_pages_registered_warm_in_both_languages():
    warmed = set(warm_paths(catalog()))
    assert ("/", "") in warmed
    for page in dash.page_registry.values():
        paths = {(path, f"?lang={lang}") for path in page_paths(page, catalog()) for lang in i18n.LANGS}
        assert paths <= warmed if page["warm"] else not paths & warmed, page["module"]


# ---------------------------------------------------------------- ids are constants

def string_literals(path: Path):
    """(line, literal) of a module's strings, but class names (a class may share its name with an id)."""
    before: list[str] = ["", ""]
    for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        if token.type == tokenize.STRING and before != ["className", "="]:
            yield token.start[0], token.string
        if token.type not in (tokenize.NL, tokenize.COMMENT):
            before = [before[1], token.string]


def test_a_shared_component_id_is_written_once():
    """Every id the pages render (those with a hyphen: "main" is also a word) is a string only where it is
    defined (a page's *_ids.py, dashboard/shell.py); the rest of dashboard/ and these tests use the constant."""
    ids = {c.id for module in dash.page_registry for lang in i18n.LANGS for c in walk(render(module, lang))
           if isinstance(getattr(c, "id", None), str) and "-" in c.id}
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True))) + r")(?![\w-])")
    files = [*(ROOT / "dashboard").rglob("*.py"), *(ROOT / "tests" / "browser").glob("*.py"),
             *(ROOT / "tests" / "dashboard").rglob("*.py")]
    defined = {ROOT / "dashboard" / "shell.py", *(ROOT / "dashboard" / "pages").glob("*_ids.py")}
    repeated = [f"{path.relative_to(ROOT)}:{line}: {found[0]}" for path in files if path not in defined
                for line, literal in string_literals(path) for found in [pattern.findall(literal)] if found]
    assert repeated == []
