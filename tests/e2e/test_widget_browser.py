"""The embeddable widget in Debian's Chromium, against the real app (`live_server`).

Every test drives the real widget.js served by the real FastAPI app over a small real
index. Playwright locators pierce the widget's open shadow root, so `get_by_test_id`
finds the widget's `data-testid` hooks directly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot.text import sentence_pieces

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # A real embassy page on a public host loads widget.js from a public host. Here the
    # server is on 127.0.0.1, and Chromium's Local Network Access checks would block a
    # page on a fake public origin from reaching it at all.
    "--disable-features=LocalNetworkAccessChecks",
]
REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "bot" / "channels" / "web" / "static" / "demo.html"
ARTIFACTS = REPO / "tests" / "artifacts"
XSS = "<img src=x onerror=alert(1)>"
DISALLOWED = "http://not-allowed.example"  # in no site's allow-list


@dataclass
class Visit:
    """A page plus what it did that a test may want to refuse."""

    page: Page
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def base(live_server: str) -> str:
    return str(live_server).rstrip("/")


def open_page(browser: Browser, **context: object) -> Visit:
    ctx = browser.new_context(
        **{"viewport": {"width": 1280, "height": 800}, "locale": "en-US", **context}
    )
    visit = Visit(ctx.new_page())
    visit.page.on("dialog", lambda d: (visit.dialogs.append(d.message), d.dismiss()))
    visit.page.on("pageerror", lambda e: visit.errors.append(str(e)))
    visit.page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
    return visit


@pytest.fixture
def visit(browser: Browser) -> Iterator[Visit]:
    v = open_page(browser)
    yield v
    v.page.context.close()


def demo_html(**replace: str) -> str:
    html = DEMO.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in html
        html = html.replace(old, new)
    return html


def serve(page: Page, url: str, html: str) -> None:
    """Serve `html` at `url` (any origin) from the test itself."""
    page.route(
        url,
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
    )


def stream_replies(page: Page, events: list[tuple[str, dict[str, Any]]]) -> None:
    """Answer every streamed question with these Server-Sent Events."""
    body = "".join(
        f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n" for name, data in events
    )
    page.route(
        "**/api/chat/stream",
        lambda route: route.fulfill(status=200, content_type="text/event-stream", body=body),
    )


def open_widget(page: Page, base: str) -> None:
    """Open the demo page and the widget's panel."""
    page.goto(base + "/")
    page.get_by_test_id("launcher").click()


def ask(page: Page, question: str, answers_before: int = 0) -> None:
    page.get_by_test_id("input").fill(question)
    page.get_by_test_id("input").press("Enter")
    expect(page.locator("[data-testid=answer][data-state=done]")).to_have_count(
        answers_before + 1, timeout=30_000
    )


def shadow_active(page: Page) -> str | None:
    """Return the data-testid of the focused element inside the widget's shadow root."""
    return page.evaluate(
        """() => { const host = document.querySelector('askvn-widget');
                   if (document.activeElement !== host) return null;
                   const a = host.shadowRoot.activeElement; return a ? a.dataset.testid || a.tagName : null; }"""
    )


def watch_streaming(page: Page) -> None:
    """Record the answer bubble's text each time it changes while it is still streaming."""
    page.evaluate(
        """() => { window.__streamed = [];
                   const log = document.querySelector('askvn-widget').shadowRoot.querySelector('[data-testid=messages]');
                   new MutationObserver(() => {
                     const b = log.querySelector('[data-testid=answer][data-state=streaming]');
                     if (b && b.textContent.trim()) window.__streamed.push(b.textContent);
                   }).observe(log, {subtree: true, childList: true, characterData: true}); }"""
    )


def test_question_streams_a_cited_answer_with_working_links(visit: Visit, base: str) -> None:
    page = visit.page
    page.context.route(
        "https://evisa.gov.vn/**",
        lambda r: r.fulfill(content_type="text/html", body="<title>e-visa portal</title>ok"),
    )
    page.goto(base + "/")
    launcher = page.get_by_test_id("launcher")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    launcher.click()
    expect(page.get_by_test_id("panel")).to_be_visible()
    expect(page.get_by_test_id("panel")).to_have_attribute("role", "dialog")
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_test_id("input")).to_be_focused()
    expect(page.get_by_test_id("greeting")).to_contain_text("Hello! Ask me about Viet Nam.")
    expect(page.get_by_test_id("suggestion")).to_have_count(2)
    watch_streaming(page)

    question = "What is the e-visa fee for a single entry?"
    with page.expect_response("**/api/chat/stream") as streamed:
        ask(page, question)
    response = streamed.value
    assert response.status == 200 and response.headers["content-type"].startswith(
        "text/event-stream"
    )
    # The text appeared while the answer was still streaming, before the final render.
    assert page.evaluate("window.__streamed.length") >= 1
    # Chromium keeps no copy of a body the page read as a stream: ask the same question
    # through the JSON endpoint (the extractive answer is deterministic) for the sources.
    sources = page.request.post(f"{base}/api/chat", data={"message": question}).json()["sources"]
    answer = page.get_by_test_id("answer")
    expect(answer).to_contain_text("25 USD")
    expect(page.get_by_test_id("suggestion")).to_have_count(0)

    citation = answer.get_by_test_id("citation").first
    marker = int(citation.inner_text().strip("[]"))
    assert citation.get_attribute("href") == sources[marker - 1]["url"] == "https://evisa.gov.vn/"
    assert citation.get_attribute("target") == "_blank"
    assert set(citation.get_attribute("rel").split()) >= {"noopener", "noreferrer"}
    links = answer.get_by_test_id("source-link")
    expect(links).to_have_count(
        len([s for s in sources if s["url"].startswith(("http://", "https://", "/"))])
    )
    expect(links.first).to_have_text(sources[0]["title"])
    with page.expect_popup() as popup:
        citation.click()
    popup.value.wait_for_load_state()
    assert popup.value.url == "https://evisa.gov.vn/"
    popup.value.close()

    with page.expect_response("**/api/feedback") as fb:
        answer.get_by_test_id("feedback-up").click()
    assert fb.value.status == 200 and fb.value.json() == {"ok": True}
    expect(answer.get_by_test_id("feedback-thanks")).to_be_visible()
    expect(answer.get_by_test_id("feedback-up")).to_have_attribute("aria-pressed", "true")

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-open.png"))
    assert not visit.dialogs and not visit.errors


def test_keyboard_only(visit: Visit, base: str) -> None:
    page = visit.page
    page.goto(base + "/")
    page.wait_for_selector("askvn-widget", state="attached")
    for _ in range(40):  # the page's links come first, then the launcher
        page.keyboard.press("Tab")
        if shadow_active(page) == "launcher":
            break
    assert shadow_active(page) == "launcher"
    launcher = page.get_by_test_id("launcher")
    page.keyboard.press("Enter")
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_test_id("input")).to_be_focused()
    page.keyboard.type("What is the e-visa fee?")
    page.keyboard.press("Enter")
    expect(page.locator("[data-testid=answer][data-state=done]")).to_have_count(1, timeout=30_000)
    expect(page.get_by_test_id("input")).to_have_value("")

    # Tab from the input goes round the page and back: every control is reachable,
    # and each shows a visible focus outline.
    seen: set[str] = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        tid = shadow_active(page)
        if tid == "input":
            break
        if tid:
            seen.add(tid)
            outline = page.evaluate(
                "() => { const a = document.querySelector('askvn-widget').shadowRoot.activeElement;"
                " const s = getComputedStyle(a); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
            )
            assert outline[0] != "none" and outline[1] >= 2, (tid, outline)
    assert tid == "input"
    assert {
        "launcher",
        "lang-select",
        "new-conversation",
        "close",
        "messages",
        "citation",
        "source-link",
        "feedback-up",
        "feedback-down",
        "send",
    } <= seen

    page.get_by_test_id("input").focus()
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("panel")).to_be_hidden()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    assert shadow_active(page) == "launcher"
    assert not visit.errors


def test_accessible_names_roles_and_contrast(visit: Visit, base: str) -> None:
    page = visit.page
    open_widget(page, base)
    ask(page, "What is the e-visa fee?")
    expect(page.get_by_test_id("panel")).to_have_attribute("aria-label", re.compile(r"\S"))
    log = page.get_by_test_id("messages")
    expect(log).to_have_attribute("role", "log")
    expect(log).to_have_attribute("aria-live", "polite")
    for tid in [
        "launcher",
        "lang-select",
        "new-conversation",
        "close",
        "input",
        "send",
        "feedback-up",
        "feedback-down",
    ]:
        expect(page.get_by_test_id(tid).first).to_have_accessible_name(re.compile(r"\S"))
    ratios = page.evaluate(
        """() => {
          const root = document.querySelector('askvn-widget').shadowRoot;
          const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
          const lum = c => { const v = rgb(c).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
                             return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
          const bg = el => { for (; el; el = el.parentElement || el.getRootNode().host) {
                               const b = getComputedStyle(el).backgroundColor; if (!/rgba\\(.*, 0\\)|transparent/.test(b)) return b; }
                             return 'rgb(255, 255, 255)'; };
          const out = [];
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let n; (n = walker.nextNode());) {
            const el = n.parentElement;
            if (!n.textContent.trim() || !el.offsetParent || el.closest('.sr')) continue;
            const a = lum(getComputedStyle(el).color), b = lum(bg(el));
            out.push([(Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), n.textContent.trim().slice(0, 30)]);
          }
          const input = root.querySelector('[data-testid=input]');
          const ph = getComputedStyle(input, '::placeholder').color;
          out.push([(Math.max(lum(ph), lum(bg(input))) + 0.05) / (Math.min(lum(ph), lum(bg(input))) + 0.05), 'placeholder']);
          return out;
        }"""
    )
    low = [(round(r, 2), text) for r, text in ratios if r < 4.5]
    assert len(ratios) >= 8 and not low, low


def test_arabic_is_right_to_left(visit: Visit, base: str) -> None:
    page = visit.page
    serve(
        page,
        base + "/ar-demo",
        demo_html(**{'data-site="default"': 'data-site="default" data-lang="ar"'}),
    )
    page.goto(base + "/ar-demo")
    page.get_by_test_id("launcher").click()
    panel = page.get_by_test_id("panel")
    expect(panel).to_have_attribute("dir", "rtl")
    expect(panel).to_have_attribute("lang", "ar")
    assert panel.evaluate("el => getComputedStyle(el).direction") == "rtl"
    expect(page.get_by_test_id("lang-select")).to_have_value("ar")
    expect(page.get_by_test_id("greeting")).to_contain_text("مرحبًا")
    expect(page.get_by_test_id("input")).to_have_attribute("placeholder", "اكتب سؤالك عن فيت نام")
    with page.expect_request("**/api/chat/stream") as req:
        ask(page, "ما رسوم التأشيرة الإلكترونية؟")
    assert req.value.post_data_json["lang"] == "ar"
    # The panel sits on the left in a right-to-left layout.
    box = panel.bounding_box()
    assert box is not None and box["x"] < 640
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-open-ar.png"))


def test_phone_width_panel_is_full_width(browser: Browser, base: str) -> None:
    v = open_page(browser, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = v.page
    try:
        page.goto(base + "/")
        page.get_by_test_id("launcher").click()
        box = page.get_by_test_id("panel").bounding_box()
        assert box == {"x": 0, "y": 0, "width": 360, "height": 740}
        # It covers the page, so screen readers are told the page behind is out of reach.
        expect(page.get_by_test_id("panel")).to_have_attribute("aria-modal", "true")
        page.get_by_test_id("suggestion").first.click()
        expect(page.locator("[data-testid=answer][data-state=done]")).to_have_count(
            1, timeout=30_000
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "widget-open-360.png"))
    finally:
        page.context.close()


def test_language_switch_changes_ui_and_questions(visit: Visit, base: str) -> None:
    page = visit.page
    open_widget(page, base)
    page.get_by_test_id("lang-select").select_option("fr")
    expect(page.get_by_test_id("greeting")).to_contain_text("Bonjour")
    expect(page.get_by_test_id("send")).to_have_attribute("aria-label", "Envoyer")
    expect(page.get_by_test_id("suggestion")).to_have_text(["Combien coûte un e-visa ?"])
    with page.expect_request("**/api/chat/stream") as req:
        page.get_by_test_id("suggestion").click()
    assert req.value.post_data_json["lang"] == "fr"
    assert req.value.post_data_json["site"] == "default"


def test_xss_in_a_question_stays_text(visit: Visit, base: str) -> None:
    page = visit.page
    open_widget(page, base)
    ask(page, f"{XSS} <script>alert(2)</script> visa fee?")
    expect(page.get_by_test_id("message-user")).to_contain_text(f"{XSS} <script>alert(2)</script>")
    page.wait_for_timeout(300)
    assert (
        page.evaluate(
            "document.querySelector('askvn-widget').shadowRoot.querySelectorAll('img, script').length"
        )
        == 0
    )
    assert not visit.dialogs


def test_xss_in_a_document_stays_text(visit: Visit, base: str) -> None:
    page = visit.page
    open_widget(page, base)
    ask(page, "What does the test notice about script tags say?")
    answer = page.get_by_test_id("answer")
    expect(answer).to_contain_text(XSS)
    expect(answer.get_by_test_id("source-link").first).to_have_text("Test notice about script tags")
    page.wait_for_timeout(300)
    assert (
        page.evaluate(
            "document.querySelector('askvn-widget').shadowRoot.querySelectorAll('img, script').length"
        )
        == 0
    )
    assert not visit.dialogs and not visit.errors


def test_disallowed_origin_is_refused(visit: Visit, base: str) -> None:
    page = visit.page
    html = demo_html(**{'src="/widget.js"': f'src="{base}/widget.js"'})
    serve(page, DISALLOWED + "/", html)
    page.goto(DISALLOWED + "/")
    page.get_by_test_id("launcher").click()
    error = page.get_by_test_id("error")
    expect(error).to_have_attribute("data-kind", "denied")
    expect(error).to_have_text("The assistant is not available on this website.")
    page.get_by_test_id("input").fill("What is the e-visa fee?")
    page.get_by_test_id("input").press("Enter")
    expect(error).to_have_attribute("data-kind", "denied")
    expect(page.get_by_test_id("input")).to_have_value("What is the e-visa fee?")
    expect(page.get_by_test_id("answer")).to_have_count(0)
    # The refusal itself is readable by the page (it says only that), so the widget can
    # tell "not allowed here" from "server unreachable".
    refused = page.request.get(f"{base}/api/sites/default", headers={"Origin": DISALLOWED})
    assert refused.status == 403
    refused = page.request.post(
        f"{base}/api/chat/stream", headers={"Origin": DISALLOWED}, data={"message": "visa"}
    )
    assert refused.status == 403


def test_an_unreachable_api_is_not_taken_for_a_refusal(visit: Visit, base: str) -> None:
    """A proxy's 502 without CORS headers looks like a network error to an embassy page."""
    page = visit.page
    embassy = "https://embassy-fr.example"
    html = demo_html(
        **{'src="/widget.js" data-site="default"': f'src="{base}/widget.js" data-site="embassy-fr"'}
    )
    serve(page, embassy + "/", html)
    page.route(f"{base}/api/sites/**", lambda route: route.fulfill(status=502, body="Bad Gateway"))
    page.goto(embassy + "/")
    launcher, error = page.get_by_test_id("launcher"), page.get_by_test_id("error")
    launcher.click()
    expect(page.get_by_test_id("panel")).to_be_visible()
    page.wait_for_timeout(500)
    expect(error).not_to_have_attribute("data-kind", "denied")
    page.unroute(f"{base}/api/sites/**")
    launcher.click()  # close, and open again: the site's settings are fetched again
    launcher.click()
    # The embassy's own greeting (English: the browser's language), not the default one.
    expect(page.get_by_test_id("greeting")).to_have_text(re.compile(r"^\s*Hello!\s*$"))
    ask(page, "horaires ambassade Paris")
    expect(error).to_be_hidden()


def test_conversation_survives_reload_and_can_be_cleared(visit: Visit, base: str) -> None:
    page = visit.page
    open_widget(page, base)
    ask(page, "What is the e-visa fee?")
    session_id = page.evaluate("JSON.parse(sessionStorage.getItem('askvn:default')).sid")
    assert session_id
    page.get_by_test_id("input").fill("an unsent draft")

    page.reload()
    expect(page.get_by_test_id("panel")).to_be_visible()
    expect(page.get_by_test_id("message-user")).to_contain_text("What is the e-visa fee?")
    expect(page.get_by_test_id("answer")).to_contain_text("25 USD")
    expect(page.get_by_test_id("input")).to_have_value("an unsent draft")
    with page.expect_request("**/api/chat/stream") as follow:
        ask(page, "And for multiple entries?", answers_before=1)
    assert follow.value.post_data_json["session_id"] == session_id

    page.get_by_test_id("new-conversation").click()
    expect(page.get_by_test_id("answer")).to_have_count(0)
    expect(page.get_by_test_id("suggestion")).to_have_count(2)
    page.get_by_test_id("close").click()
    page.reload()
    page.wait_for_selector("askvn-widget", state="attached")
    expect(page.get_by_test_id("panel")).to_be_hidden()
    stored = page.evaluate("JSON.parse(sessionStorage.getItem('askvn:default'))")
    assert stored["msgs"] == [] and stored["sid"] is None and stored["open"] is False


def test_error_states_keep_the_question(visit: Visit, base: str) -> None:
    page = visit.page
    open_widget(page, base)
    box, error = page.get_by_test_id("input"), page.get_by_test_id("error")

    too_long = "Is a visa needed? " * 80  # over the server's 1000-character limit
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/api/chat" in r.url else None)
    # Said while typing, before sending; a pasted question is kept whole, never cut.
    box.fill(too_long)
    expect(error).to_have_attribute("data-kind", "long")
    box.press("Enter")
    page.wait_for_timeout(200)
    assert not sent
    expect(box).to_have_value(too_long)
    # Shortened under the limit, the notice goes away.
    box.fill(too_long[:900])
    expect(error).to_be_hidden()

    def refused(question: str, kind: str, status: int, body: str, **reply: Any) -> None:
        """Send `question` to a server that answers so; the widget says `kind`, keeps it."""
        page.route(
            "**/api/chat/stream",
            lambda route: route.fulfill(
                status=status, body=body, **{"content_type": "application/json", **reply}
            ),
        )
        box.fill(question)
        box.press("Enter")
        expect(error).to_have_attribute("data-kind", kind)
        expect(box).to_have_value(question)
        page.unroute("**/api/chat/stream")

    # The server's own refusal is explained the same way (a page that sends it anyway).
    too_long_reply = '{"detail": "message is too long: 1200 characters, the limit is 1000"}'
    refused("a question the server finds too long", "long", 422, too_long_reply)
    expose = {"Retry-After": "42", "Access-Control-Expose-Headers": "Retry-After"}
    refused("rate limited question", "rate", 429, '{"detail": "x"}', headers=expose)
    expect(error).to_contain_text("42 seconds")
    stream_error = (
        'event: meta\ndata: {"session_id": "s1234567", "answer_id": "a1"}\n\n'
        'event: error\ndata: {"detail": "boom", "status": 500}\n\n'
    )
    refused("server trouble", "error", 200, stream_error, content_type="text/event-stream")

    page.context.set_offline(True)
    box.fill("offline question")
    box.press("Enter")
    expect(error).to_have_attribute("data-kind", "offline")
    expect(box).to_have_value("offline question")
    page.context.set_offline(False)
    expect(error).to_be_hidden()

    page.route("**/api/chat/stream", lambda route: route.abort("internetdisconnected"))
    box.press("Enter")
    expect(error).to_have_attribute("data-kind", "offline")
    expect(box).to_have_value("offline question")
    page.unroute("**/api/chat/stream")

    expect(page.get_by_test_id("message-user")).to_have_count(0)
    box.fill("What is the e-visa fee?")
    box.press("Enter")
    expect(page.locator("[data-testid=answer][data-state=done]")).to_have_count(1, timeout=30_000)
    expect(error).to_be_hidden()
    assert not visit.dialogs


def test_isolated_single_global_and_loaded_once(visit: Visit, base: str) -> None:
    page = visit.page
    page.goto(base + "/")
    page.add_style_tag(
        content="* { color: lime !important; font-size: 40px !important; } button { display: none !important; }"
    )
    page.evaluate(
        """() => new Promise(resolve => { const s = document.createElement('script');
             s.src = '/widget.js'; s.dataset.site = 'default'; s.async = true; s.onload = resolve;
             document.body.appendChild(s); })"""
    )
    expect(page.locator("askvn-widget")).to_have_count(1)
    launcher = page.get_by_test_id("launcher")
    expect(launcher).to_be_visible()
    style = launcher.evaluate("el => [getComputedStyle(el).color, getComputedStyle(el).fontSize]")
    assert style != ["rgb(0, 255, 0)", "40px"] and style[1] == "15px"
    leaked = page.evaluate(
        """() => { const f = document.createElement('iframe'); document.body.appendChild(f);
                   const clean = new Set(Object.getOwnPropertyNames(f.contentWindow)); f.remove();
                   return Object.getOwnPropertyNames(window).filter(k => !clean.has(k)); }"""
    )
    assert leaked == ["AskVietNam"]
    assert page.evaluate("document.querySelector('askvn-widget').shadowRoot.mode") == "open"


def test_without_streams_the_json_endpoint_is_used(visit: Visit, base: str) -> None:
    page = visit.page
    page.add_init_script("delete window.ReadableStream")
    open_widget(page, base)
    with page.expect_response("**/api/chat") as r:
        ask(page, "What is the e-visa fee?")
    assert r.value.status == 200
    expect(page.get_by_test_id("citation").first).to_have_attribute("href", "https://evisa.gov.vn/")


def test_unanswered_question_shows_the_site_contact(visit: Visit, base: str) -> None:
    page = visit.page
    open_widget(page, base)
    ask(page, "What is the best pizza topping on Mars?")
    contact = page.get_by_test_id("contact")
    expect(contact).to_contain_text("Ministry of Foreign Affairs of Viet Nam")
    expect(
        contact.get_by_role("link", name="Ministry of Foreign Affairs of Viet Nam")
    ).to_have_attribute("href", "https://mofa.gov.vn/")
    expect(contact.get_by_role("link", name="contact@example.org")).to_have_attribute(
        "href", "mailto:contact@example.org"
    )


def test_api_docs_render_without_a_cdn(visit: Visit, base: str) -> None:
    # The browser reaches nothing but this server: the docs must come from it.
    page = visit.page
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(base) else route.abort(),
    )
    page.goto(base + "/docs")
    expect(page.locator(".opblock-summary-path", has_text="/api/chat").first).to_be_visible()
    assert not visit.errors


def test_the_streamed_answer_is_shown_exactly_as_sent(visit: Visit, base: str) -> None:
    # Japanese sentences gain no spaces, and a list keeps one item per line.
    text = "首都はハノイです。最大の都市はホーチミン市です。[1]\n\nAirports:\nNội Bài;\nĐà Nẵng."
    pieces = sentence_pieces(text)
    assert len(pieces) >= 5
    events = [("meta", {"session_id": "s" * 16, "answer_id": "a1"})]
    events += [("delta", {"text": piece}) for piece in pieces]
    events += [
        # No whole `answer` here: the bubble is built from the deltas alone.
        ("sources", {"sources": [], "answered": True, "language": "ja"}),
        ("done", {}),
    ]
    page = visit.page
    stream_replies(page, events)
    open_widget(page, base)
    ask(page, "ベトナムの首都はどこですか？")
    shown = page.get_by_test_id("answer").locator("p").all_inner_texts()
    assert shown == [line for line in re.split(r"\n+", text) if line]
    assert not visit.errors


def test_a_hostile_page_style_and_high_contrast_keep_the_widget_usable(
    browser: Browser, base: str
) -> None:
    v = open_page(browser, forced_colors="active")
    page = v.page
    try:
        # A transform on <body> would pin a fixed launcher inside <body>, off-screen.
        html = demo_html(
            **{"</head>": "<style>body{transform:translateZ(0);min-height:3000px}</style></head>"}
        )
        serve(page, base + "/styled-demo", html)
        page.goto(base + "/styled-demo")
        launcher = page.get_by_test_id("launcher")
        box = launcher.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 800
        launcher.click()
        expect(page.get_by_test_id("panel")).to_have_attribute("aria-modal", "false")
        # Forced colours drop backgrounds: the launcher, panel and send button keep an edge.
        for test_id in ("launcher", "panel", "send"):
            width = page.get_by_test_id(test_id).evaluate("e => getComputedStyle(e).borderTopWidth")
            assert width == "1px", test_id
    finally:
        page.context.close()


def test_a_message_of_invisible_characters_is_not_sent(visit: Visit, base: str) -> None:
    page = visit.page
    open_widget(page, base)
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/api/chat" in r.url else None)
    page.get_by_test_id("input").fill("\u200b\u200f\u200d\u00ad\u2066")
    page.get_by_test_id("input").press("Enter")
    page.wait_for_timeout(300)
    assert not sent
    expect(page.get_by_test_id("message-user")).to_have_count(0)
    expect(page.get_by_test_id("error")).to_be_hidden()


def test_a_long_answer_is_shown_from_its_start(visit: Visit, base: str) -> None:
    lines = [
        f"Step {n}: an official step that takes a whole line of the panel to say."
        for n in range(40)
    ]
    text = "\n".join(lines)
    events = [
        ("meta", {"session_id": "s" * 16, "answer_id": "a1"}),
        ("delta", {"text": text}),
        ("sources", {"sources": [], "answered": True, "language": "en", "answer": text}),
        ("done", {}),
    ]
    page = visit.page
    stream_replies(page, events)
    open_widget(page, base)
    ask(page, "What are the steps?")
    log = page.get_by_test_id("messages").bounding_box()
    first = page.get_by_text("Step 0:").bounding_box()
    assert log is not None and first is not None
    assert log["y"] <= first["y"] < log["y"] + log["height"]  # its first line is in view
