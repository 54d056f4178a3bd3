#!/usr/bin/env python3
"""Check a site that Hugo, Jekyll or Hexo built from unpress's --site output.

    check.py --site hugo --json JSONDIR --built SITE/public --label EXPORT
    check.py --table SUMMARY.tsv

JSONDIR is `unpress EXPORT --site X -t json -o JSONDIR`: one JSON document
(docs/json.md) at each path where the Markdown run put its `.md`. The test
layouts (tests/sites/<site>/) print into every page the file it was built
from (Hugo `.File.Path`, Jekyll `page.path`, Hexo `page.source`), its title,
date and last modification, so a built page maps back to its document.

Per document:
  - published (not a draft, not private, pending or future, no password):
    exactly one page, whose text holds every word of the JSON `text`, with
    the JSON's title, date and updated date as the generator read them;
  - not published: no page.
Per site: Hugo's `raw HTML omitted` nowhere; no page built from a file that
is no document; no two documents on one URL (a page per document).

Prints one line per failure, naming the document, and a summary row; with
--summary FILE also appends the row there (--table prints those rows as a
table). Exits 1 on any failure. Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import html
import html.parser
import json
import pathlib
import re
import sys
import unicodedata

# Where each generator's source path starts, inside the site folder.
SOURCE_ROOT = {"hugo": "content/", "jekyll": "", "hexo": "source/"}

# Elements that end a run of text: the words on either side are two words
# even when no white space stands between the tags.
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details",
    "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "img", "li", "main", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
SKIP = {"script", "style", "template"}

# Typographic changes the generators make on their own (Hugo's Goldmark
# typographer, kramdown's smart quotes, marked's smartypants when on):
# curly quotes, dashes, ellipses and guillemets become their plain forms.
TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u00ab": "<<", "\u00bb": ">>", "\u2013": "-", "\u2014": "-", "\u2026": "...",
    "\u00a0": " ",
})
WORD = re.compile(r"\w+")


def words(text: str) -> set[str]:
    text = unicodedata.normalize("NFKC", text).translate(TYPOGRAPHY).casefold()
    return set(WORD.findall(text))


class Page(html.parser.HTMLParser):
    """The meta tags the test layouts print, and the text of the content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.parts: list[str] = []
        self.depth = 0  # inside <main id="unpress-content">: nesting of <main>
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("name") or "").startswith("unpress-"):
            self.meta[a["name"][len("unpress-"):]] = a.get("content") or ""
        if tag == "main" and (self.depth or a.get("id") == "unpress-content"):
            self.depth += 1
        if tag in SKIP:
            self.skip += 1
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in SKIP:
            self.skip -= 1

    def handle_endtag(self, tag):
        if tag == "main" and self.depth:
            self.depth -= 1
        if tag in SKIP and self.skip:
            self.skip -= 1
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def instant(value) -> dt.datetime | None:
    """A date as the JSON or a layout prints it, as an aware datetime (a
    date without a zone is UTC: the skeletons set timezone UTC)."""
    if value in (None, ""):
        return None
    text = str(value).strip().replace(" ", "T", 1)
    text = re.sub(r"T(\d\d:\d\d:\d\d(?:\.\d+)?) ?([+-]\d\d):?(\d\d)$", r"T\1\2:\3", text)
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            when = dt.datetime.combine(dt.date.fromisoformat(text[:10]), dt.time())
        except ValueError:
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when


def field(doc: dict, key: str):
    """A key of the JSON document, else of its front matter."""
    if doc.get(key) is not None:
        return doc[key]
    return (doc.get("front_matter") or {}).get(key)


def published(doc: dict) -> bool:
    """What the site shows to everyone: WordPress's `publish` without a
    password (drafts, pending, private and future posts are not shown)."""
    if field(doc, "draft") is True or field(doc, "password_protected") is True:
        return False
    if field(doc, "published") is False:
        return False
    return field(doc, "status") in (None, "publish")


def check(site: str, json_dir: pathlib.Path, built: pathlib.Path, label: str):
    failures: list[str] = []
    root = SOURCE_ROOT[site]

    docs: dict[str, tuple[str, dict]] = {}  # source path -> (JSON path, document)
    for path in sorted(json_dir.rglob("*.json")):
        rel = path.relative_to(json_dir).as_posix()
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            failures.append(f"{rel}: not a JSON document: {err}")
            continue
        if not isinstance(doc, dict) or "text" not in doc:
            continue  # not a document (a snippet or an index)
        source = rel[: -len(".json")] + ".md"
        if root and source.startswith(root):
            source = source[len(root):]
        elif root:
            failures.append(f"{rel}: outside {root} where {site} reads content")
        docs[source] = (rel, doc)

    pages: dict[str, list[tuple[str, Page]]] = collections.defaultdict(list)
    raw_omitted = 0
    for path in sorted(built.rglob("*.html")):
        body = path.read_text(encoding="utf-8", errors="replace")
        raw_omitted_here = body.count("raw HTML omitted")
        raw_omitted += raw_omitted_here
        page = Page()
        page.feed(body)
        page.close()
        rel = path.relative_to(built).as_posix()
        source = page.meta.get("source", "")
        if raw_omitted_here:
            who = docs[source][0] if source in docs else rel
            failures.append(f"{who}: 'raw HTML omitted' {raw_omitted_here} times in {rel}")
        if source:
            pages[source].append((rel, page))

    for source, rendered in pages.items():
        if source not in docs:
            failures.append(
                f"{rendered[0][0]}: built from {source}, which is no document of the JSON run")

    shown = 0
    missing_total = 0
    for source, (rel, doc) in sorted(docs.items()):
        rendered = pages.get(source, [])
        if not published(doc):
            if rendered:
                failures.append(
                    f"{rel}: not published (status {field(doc, 'status')}, draft "
                    f"{field(doc, 'draft')}, password {field(doc, 'password_protected')}) "
                    f"but built as {', '.join(r for r, _ in rendered)}")
            continue
        shown += 1
        if not rendered:
            failures.append(f"{rel}: published but no page was built from {source} "
                            "(skipped by the generator, or its URL taken by another document)")
            continue
        if len(rendered) > 1:
            failures.append(f"{rel}: {len(rendered)} pages: {', '.join(r for r, _ in rendered)}")
        url, page = rendered[0]

        missing = words(doc.get("text") or "") - words(page.text)
        if missing:
            missing_total += len(missing)
            shown_words = " ".join(sorted(missing)[:40])
            more = f" (+{len(missing) - 40} more)" if len(missing) > 40 else ""
            failures.append(f"{rel}: {len(missing)} words missing from {url}: {shown_words}{more}")

        title = field(doc, "title")
        if title and html.unescape(page.meta.get("title", "")).strip() != title.strip():
            failures.append(f"{rel}: title {page.meta.get('title')!r} in {url}, "
                            f"{title!r} in the JSON")

        date = instant(field(doc, "date"))
        got = instant(page.meta.get("date"))
        if date and got != date:
            failures.append(f"{rel}: date {page.meta.get('date')!r} in {url}, "
                            f"{field(doc, 'date')!r} in the JSON")

        # What each generator does without an update date: Hugo's .Lastmod
        # falls back to .Date; Hexo's `updated` to the date (the skeleton's
        # updated_option); Jekyll's last_modified_at is only front matter.
        updated = instant(field(doc, "updated"))
        want = updated or (date if site in ("hugo", "hexo") else None)
        got = instant(page.meta.get("updated"))
        if (updated or site != "jekyll") and want and got != want:
            failures.append(f"{rel}: updated {page.meta.get('updated')!r} in {url}, "
                            f"{field(doc, 'updated') or field(doc, 'date')!r} expected")

    row = {
        "site": site, "export": label, "documents": len(docs), "published": shown,
        "pages": sum(len(r) for s, r in pages.items() if s in docs),
        "missing_words": missing_total, "raw_html_omitted": raw_omitted,
        "failures": len(failures),
    }
    return failures, row


COLUMNS = ["site", "export", "documents", "published", "pages", "missing_words",
           "raw_html_omitted", "failures"]


def table(rows: list[dict]) -> str:
    cells = [COLUMNS] + [[str(r.get(c, "")) for c in COLUMNS] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(COLUMNS))]
    return "\n".join(
        "  ".join(cell.ljust(w) if i < 2 else cell.rjust(w)
                  for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
        for row in cells)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", choices=sorted(SOURCE_ROOT))
    parser.add_argument("--json", type=pathlib.Path, help="unpress --site X -t json -o DIR")
    parser.add_argument("--built", type=pathlib.Path, help="the generator's output folder")
    parser.add_argument("--label", default="", help="the export's name, for the summary")
    parser.add_argument("--target", help="the site's name in the summary (hugo+keep), else --site")
    parser.add_argument("--summary", type=pathlib.Path, help="append the summary row here")
    parser.add_argument("--table", type=pathlib.Path, help="print the rows of a summary file")
    args = parser.parse_args()

    if args.table:
        rows = [json.loads(line) for line in args.table.read_text().splitlines() if line]
        print(table(rows))
        return 0
    if not (args.site and args.json and args.built):
        parser.error("--site, --json and --built are needed (or --table)")
    for folder in (args.json, args.built):
        if not folder.is_dir():
            parser.error(f"{folder} is no folder")

    failures, row = check(args.site, args.json, args.built, args.label)
    row["site"] = args.target or args.site
    for failure in failures:
        print(f"{row['site']} {args.label}: {failure}")
    print(table([row]))
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as out:
            out.write(json.dumps(row) + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
