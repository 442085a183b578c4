"""The browser harness itself, on small pages written here: it must see what it claims to see.

These run without the site, so the server, Chromium, the request and console watch, and the
axe-core injection are proven before the site's own tests depend on them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import PageFactory
from tests.browser.harness import StaticServer, describe_violations, is_local

HEAD = (
    '<meta charset="utf-8"><meta name="viewport" content="width=device-width">'
    '<link rel="icon" href="data:,">'
)
GOOD = f"""<!doctype html><html lang="zh-CN"><head>{HEAD}<title>好页面</title>
<link rel="stylesheet" href="/style.css"></head>
<body><main><h1>专利代理</h1><img src="/logo.svg" alt="蓝天">
<label for="q">查找机构</label><input id="q" type="search">
<ul id="out" aria-live="polite"></ul></main>
<script src="/app.js"></script></body></html>"""
APP_JS = """document.getElementById('q').addEventListener('input', e => {
  const li = document.createElement('li'); li.textContent = '找到：' + e.target.value;
  document.getElementById('out').replaceChildren(li);
});"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><circle r="4"/></svg>'
NOISY = f"""<!doctype html><html lang="zh-CN"><head>{HEAD}<title>坏页面</title></head>
<body><main><h1>坏</h1><img src="missing.png" alt="缺">
<img src="http://cdn.example.invalid/pixel.gif" alt="外">
<script>console.error('出错了'); fetch('https://api.example.invalid/x').catch(() => {{}});</script>
</main></body></html>"""
INACCESSIBLE = f"""<!doctype html><html><head>{HEAD}<title>无障碍差</title></head>
<body><main><h1>表单</h1><img src="/logo.svg"><input type="text"></main></body></html>"""


@pytest.fixture
def tiny_site(tmp_path: Path) -> Iterator[StaticServer]:
    root = tmp_path / "www"
    root.mkdir()
    (root / "index.html").write_text(GOOD, encoding="utf-8")
    (root / "style.css").write_text("body { font-family: sans-serif; }", encoding="utf-8")
    (root / "app.js").write_text(APP_JS, encoding="utf-8")
    (root / "logo.svg").write_text(SVG, encoding="utf-8")
    (root / "noisy.html").write_text(NOISY, encoding="utf-8")
    (root / "bad-a11y.html").write_text(INACCESSIBLE, encoding="utf-8")
    (root / "中文").mkdir()
    (root / "中文" / "index.html").write_text(GOOD.replace("好页面", "中文路径"), encoding="utf-8")
    with StaticServer(root) as server:
        yield server


def test_is_local_only_accepts_loopback_and_non_network_schemes() -> None:
    assert is_local("http://127.0.0.1:8000/x.js")
    assert is_local("data:image/gif;base64,R0lGOD")
    assert is_local("blob:http://127.0.0.1:8000/uuid")
    assert is_local("chrome://new-tab-page/")
    assert not is_local("https://fonts.googleapis.com/css?family=Roboto")
    assert not is_local("http://127.0.0.2/")
    assert not is_local("http://localhost.example/")
    assert not is_local("wss://example.com/socket")


def test_a_clean_page_loads_with_only_local_requests(
    new_page: PageFactory, tiny_site: StaticServer
) -> None:
    page = new_page(tiny_site)
    page.open("/")
    assert page.driver.title == "好页面"
    page.driver.find_element(By.ID, "q").send_keys("华岳")
    page.wait_for(lambda d: "找到：华岳" in d.find_element(By.ID, "out").text, "the typed result")
    assert page.problems() == []
    loaded = {u.removeprefix(tiny_site.base_url) for u in page.requests}
    assert {"/", "/style.css", "/app.js", "/logo.svg"} <= loaded


def test_console_errors_and_outside_requests_are_caught(
    new_page: PageFactory, tiny_site: StaticServer
) -> None:
    page = new_page(tiny_site)
    page.open("/noisy.html")
    page.wait_for(lambda d: len(page.outside_requests()) >= 2, "both outside requests")
    assert sorted(page.outside_requests()) == [
        "http://cdn.example.invalid/pixel.gif",
        "https://api.example.invalid/x",
    ]
    problems = "\n".join(page.problems())
    assert "出错了" in problems  # console.error
    assert "missing.png" in problems  # a 404 is a console error too
    assert "request left 127.0.0.1: http://cdn.example.invalid/pixel.gif" in problems


def test_non_ascii_paths_are_served(new_page: PageFactory, tiny_site: StaticServer) -> None:
    page = new_page(tiny_site)
    page.open("/中文/")
    assert page.driver.title == "中文路径"
    assert page.problems() == []


def test_axe_passes_a_good_page_and_names_what_is_wrong_on_a_bad_one(
    new_page: PageFactory, tiny_site: StaticServer
) -> None:
    page = new_page(tiny_site)
    page.open("/")
    assert page.axe() == []
    page.open("/bad-a11y.html")
    violations = page.axe()
    ids = {v.id for v in violations}
    assert {"html-has-lang", "image-alt", "label"} <= ids
    text = describe_violations("/bad-a11y.html", violations)
    assert "image-alt [critical]" in text
    assert 'at img: <img src="/logo.svg">' in text
    assert page.problems() == []  # injecting axe-core loads nothing and logs no error
