"""Script injection: hostile article text, titles, file names, URLs and outlet names never run in
graph.html, and show as text. Checked in a real headless Chromium, offline.

The page is built through the public API (``citetrack.scan`` + ``citetrack.write_outputs``) from
articles and an ``--outlets`` file full of payloads. Every payload, if it ever ran, would set the
attribute ``data-pwned`` on the root element. A small harness script appended to a copy of the page
clicks every button, table row and non-web link (several rounds, so the details of nodes and the
links inside them are opened too), then records what it finds; the test reads that from the DOM
Chromium dumps. The harness looks only for generic things (buttons, rows, links, attributes), so
it does not depend on the page's layout.

Skipped, with the reason, where no chromium is installed (.ci/run installs Debian's package).
"""
from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import citetrack
from citetrack.export import FORMULA_STARTS
from conftest import invoke

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1280,900", "--virtual-time-budget=15000",
         "--enable-logging=stderr", "--v=0"]


def pwn(tag: str) -> str:
    """JavaScript that marks the page as compromised by ``tag`` (no slash: it goes into file names)."""
    return f"document.documentElement.setAttribute('data-pwned','{tag}')"


def payloads(tag: str) -> list[str]:
    return [
        f"<script>{pwn(tag + '-script')}</script>",
        f"<img src=x onerror=\"{pwn(tag + '-img')}\">",
        f"</script><script>{pwn(tag + '-close')}</script>",
        f"javascript:{pwn(tag + '-js-url')}",
        f"\" onmouseover=\"{pwn(tag + '-attr')}\" x=\"",
        f"' onfocus='{pwn(tag + '-attr1')}' autofocus '",
        f"\\\"; {pwn(tag + '-json')}; //\\",
        f"\u2028{pwn(tag + '-ls')}\u2029",
        "<!--",
    ]


EVIL_OUTLETS = f"""\
[[outlet]]
id = "evil-img"
name = "Zorblatt <img src=x onerror={pwn('outlet-img')}> Courier"
type = "newspaper"

[[outlet]]
id = "evil-script"
name = "Gazette </script><script>{pwn('outlet-script')}</script>"
type = "newspaper"
country = "=HYPERLINK(\\"http://x.test\\")"

[[outlet]]
id = "evil-quotes"
name = "Quoted \\"Herald\\" \\\\ Backslash \\u2028 Line"
type = "magazine"
"""
OUTLET_NAMES = [
    f"Zorblatt <img src=x onerror={pwn('outlet-img')}> Courier",
    f"Gazette </script><script>{pwn('outlet-script')}</script>",
    "Quoted \"Herald\" \\ Backslash \u2028 Line",
]


def _article(tag: str) -> str:
    p = payloads(tag)
    return (
        f"Reuters reported on Monday that {p[0]} and {p[1]} were found.\n\n"
        f"\u201c{p[2]} {p[4]}\u201d, a spokesman told the Financial Times. {p[6]}\n\n"
        f"The minister told the {OUTLET_NAMES[0]} on Tuesday that {p[7]} was fine.\n\n"
        f"In an interview with the {OUTLET_NAMES[1]}, she said {p[5]} {p[8]}.\n\n"
        f"According to the {OUTLET_NAMES[2]}, the plan {p[3]} was dropped.\n"
    )


@pytest.fixture(scope="module")
def hostile_scan(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    news = root / "news"
    (news / "<").mkdir(parents=True)
    # a path that contains </script>: the folder "<" and a file starting "script>"
    (news / "<" / f"script><img src=x onerror={pwn('file-img')}>.txt").write_text(
        f"<script>{pwn('title-script')}</script> Budget row\n\n" + _article("text"), encoding="utf-8")
    (news / f"quote' \" back\\slash \u2028 {pwn('file-js')}.md").write_text(
        "# " + payloads("md-title")[1] + "\n\n" + _article("md"), encoding="utf-8")
    records = [
        {"id": payloads("id")[0], "title": payloads("title")[1], "url": payloads("url")[3],
         "outlet": payloads("publisher")[2], "date": payloads("date")[4], "text": _article("rec1")},
        {"id": "r2", "title": payloads("title2")[7], "url": "https://example.test/a?q=\"><script>" + pwn("url2"),
         "text": _article("rec2")},
    ]
    (news / "records.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    outlets = root / "evil.toml"
    outlets.write_text(EVIL_OUTLETS, encoding="utf-8")
    result = citetrack.scan(news, outlets_files=[outlets], jobs=1)
    out = root / "out"
    citetrack.write_outputs(result, out)
    return result, out, news, outlets


def test_the_payloads_reach_the_page_data(hostile_scan):
    """The corpus really carries payloads into every field the page shows (else the browser test proves nothing)."""
    result, out, _, _ = hostile_scan
    outlets = {c.outlet for c in result.citations}
    assert set(OUTLET_NAMES) <= outlets and "Reuters" in outlets
    assert any("<script>" in c.sentence for c in result.citations)
    assert any(c.quote and "</script>" in c.quote for c in result.citations)
    assert any("</script>" in a.file for a in result.articles)
    assert any(a.title and "onerror" in a.title for a in result.articles)
    assert any(a.url and a.url.startswith("javascript:") for a in result.articles)
    page = (out / "graph.html").read_text(encoding="utf-8")
    data = page.split('id="citetrack-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and "\u2028" not in data, "the data block must not contain raw < or U+2028"
    assert "data-pwned" not in page.split("<body", 1)[1].split('id="citetrack-data"', 1)[0]


HARNESS = r"""
<script>
(function () {
  "use strict";
  var clicked = new Set(), errors = [];
  window.addEventListener("error", function (e) { errors.push(String(e.message)); });
  function web(el) { return /^\s*https?:/i.test(el.getAttribute("href") || ""); }
  function round() {
    var els = Array.prototype.slice.call(document.querySelectorAll("button, tr, a, [role=button], summary, [tabindex]"));
    var n = 0;
    els.forEach(function (el) {
      if (clicked.has(el) || (el.tagName === "A" && web(el))) { return; }
      clicked.add(el); n += 1;
      try { el.click(); } catch (err) { errors.push("click: " + err); }
      el.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
      if (el.focus) { el.focus(); }
    });
    return n;
  }
  function finish() {
    var links = Array.prototype.slice.call(document.querySelectorAll("[href], [src], [action], [formaction]"));
    var result = {
      pwned: document.documentElement.getAttribute("data-pwned"),
      clicked: clicked.size,
      handlers: document.querySelectorAll("[onerror], [onload], [onclick], [onmouseover], [onfocus]").length,
      images: document.querySelectorAll("img, iframe, object, embed").length,
      scripts: document.scripts.length,
      jsLinks: links.filter(function (e) {
        return /^\s*javascript:/i.test(e.getAttribute("href") || e.getAttribute("src") || e.getAttribute("action") || "");
      }).length,
      text: document.body.innerText,
      errors: errors
    };
    var pre = document.createElement("pre");
    pre.id = "harness-result";
    pre.textContent = JSON.stringify(result);
    document.body.appendChild(pre);
  }
  window.addEventListener("load", function () {
    var rounds = 0;
    (function next() {
      rounds += 1;
      if (round() > 0 && rounds < 6) { setTimeout(next, 200); } else { setTimeout(finish, 500); }
    }());
  });
}());
</script>
"""


def _count_scripts(page: str) -> int:
    """``<script>`` elements as an HTML parser sees them (script text is not parsed as tags)."""
    from html.parser import HTMLParser

    class Counter(HTMLParser):
        n = 0

        def handle_starttag(self, tag, attrs):
            self.n += tag == "script"

    parser = Counter()
    parser.feed(page)
    return parser.n


def _browse(page: Path, tmp: Path, inject: str = "") -> tuple[dict, subprocess.CompletedProcess]:
    """Open a copy of ``page`` with the harness (and ``inject``, raw HTML) in Chromium; the harness's findings."""
    html = page.read_text(encoding="utf-8")
    end = html.rindex("</body>")
    harnessed = page.with_name(f"harnessed-{len(inject)}.html")
    harnessed.write_text(html[:end] + inject + HARNESS + html[end:], encoding="utf-8")
    proc = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'profile'}", "--dump-dom", harnessed.as_uri()],
                          capture_output=True, text=True, timeout=180, check=False)
    m = re.search(r'<pre id="harness-result">(.*?)</pre>', proc.stdout, re.S)
    assert m, f"the harness did not finish:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    import html as htmllib
    return json.loads(htmllib.unescape(m.group(1))), proc


@pytest.fixture(scope="module")
def browsed(hostile_scan, tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("no chromium on this machine (.ci/run installs Debian's chromium)")
    _, out, _, _ = hostile_scan
    page = out / "graph.html"
    result, proc = _browse(page, tmp_path_factory.mktemp("browser"))
    return result, proc, _count_scripts(page.read_text(encoding="utf-8"))


def test_the_harness_catches_an_injection(hostile_scan, tmp_path):
    """Control: markup put into the page raw is caught, so a clean result above means something."""
    if CHROMIUM is None:
        pytest.skip("no chromium on this machine (.ci/run installs Debian's chromium)")
    _, out, _, _ = hostile_scan
    result, _ = _browse(out / "graph.html", tmp_path, f'<a href="javascript:{pwn("control-link")}">x</a>')
    assert result["pwned"] == "control-link" and result["jsLinks"] == 1
    result, _ = _browse(out / "graph.html", tmp_path, f'<img src=x onerror="{pwn("control-img")}">')
    assert result["pwned"] == "control-img" and result["handlers"] == 1


def test_no_injected_script_runs(browsed):
    result, proc, original_scripts = browsed
    assert result["pwned"] is None, f"injected script ran: {result['pwned']}"
    assert 'data-pwned="' not in proc.stdout
    assert result["clicked"] > 10, "the harness clicked almost nothing: is the page empty?"
    assert result["handlers"] == 0 and result["images"] == 0 and result["jsLinks"] == 0
    assert result["scripts"] == original_scripts + 1  # the page's own and the harness, nothing injected


def test_payloads_show_as_text(browsed):
    result, _, _ = browsed
    text = result["text"]
    assert "Zorblatt <img src=x onerror=" in text  # the outlet name, in the table, as typed
    assert "Gazette </script><script>" in text
    assert 'Quoted "Herald" \\ Backslash' in text
    assert "<script>document.documentElement" in text  # evidence sentences or titles, opened by the clicks


def test_page_has_no_console_errors(browsed):
    result, proc, _ = browsed
    assert result["errors"] == []
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    assert not console, "\n".join(console)


# -- CSV injection ----------------------------------------------------------------------------

def _csv_cells(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as f:
        return [cell for row in csv.reader(f) for cell in row]


def _formula(cell: str) -> bool:
    if not cell.startswith(FORMULA_STARTS):
        return False
    try:
        float(cell)  # a negative number is a number, not a formula
        return False
    except ValueError:
        return True


def test_no_csv_output_holds_a_formula(tmp_path, monkeypatch):
    """outlets.csv, articles.csv and ``counts --format csv``: every text cell starting with = + - @
    (or tab, carriage return) is written with a leading ' so spreadsheets show it as text."""
    news = tmp_path / "news"
    news.mkdir()
    (news / "=cmd|' -C calc'!A0.txt").write_text(
        "=HYPERLINK(\"http://x.test\",\"click\")\n\nThe minister told the Financial Times on Monday it was over.\n",
        encoding="utf-8")
    (news / "recs.jsonl").write_text(json.dumps({
        "id": "@SUM(1+1)*cmd|' /C calc'!A0", "title": "+1+1", "url": "-2+3", "outlet": "\t=1+1", "date": "=1",
        "text": "Dana Roe told the Formula Daily on Monday that taxes would rise.",
    }) + "\n", encoding="utf-8")
    outlets = tmp_path / "formula.toml"
    outlets.write_text('[[outlet]]\nid = "formula-daily"\nname = "Formula Daily"\ntype = "newspaper"\n'
                       'country = "=1+1"\naliases = ["=Formula Daily"]\n', encoding="utf-8")
    (tmp_path / "evil.toml").write_text(EVIL_OUTLETS, encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.chdir(news)  # file names and ids as typed: "=cmd|..." starts a cell
    result = invoke(["scan", ".", "-o", str(out), "--outlets", str(outlets), "-j", "1"])
    assert result.exit_code == 0, result.output
    counts = invoke(["counts", ".", "-f", "csv", "--outlets", str(outlets), "-j", "1"])
    assert counts.exit_code == 0, counts.output
    (out / "counts.csv").write_text(counts.stdout, encoding="utf-8")
    for name in ("outlets.csv", "articles.csv", "counts.csv"):
        cells = _csv_cells(out / name)
        bad = [c for c in cells if _formula(c)]
        assert not bad, f"{name}: {bad}"
    articles = _csv_cells(out / "articles.csv")
    # the publisher "\t=1+1" becomes an unknown outlet named "1+1" (outlet names lose leading punctuation)
    # the date "=1" is no date: the article is undated, so the cell is empty
    for shown in ("'@SUM(1+1)*cmd|' /C calc'!A0", "'+1+1", "'-2+3", "1+1"):
        assert shown in articles, shown
    assert "'=cmd|' -C calc'!A0.txt" in articles  # the file and the id of the text article
    assert "'=1+1" in _csv_cells(out / "outlets.csv")
