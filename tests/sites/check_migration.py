#!/usr/bin/env python3
"""Check a migrated site: images local, internal links alive, redirects true.

    check_migration.py uploads EXPORT DIR MISSING
        Makes DIR a stand-in for the site's wp-content/uploads: a small file
        at every uploads path EXPORT references, except every tenth, whose
        URLs go to the file MISSING (left out on purpose).
    check_migration.py check --built SITE/public --site-root SITE
        --export EXPORT --missing MISSING --log UNPRESS_STDERR --json JSONDIR

The check, over every page the generator built:
  - no image, audio, video or file reference (img src and srcset, source,
    video, audio, poster, and links to uploads) points at the old host's
    uploads, except the files left out on purpose, and unpress's warnings
    name each of those;
  - every root-relative link and image leads to a file of the built site;
  - redirects.csv (in SITE) lists every published document (by the path it
    now has) and every target it names was built.
Exits 1 on any failure, naming the page. Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import csv
import html.parser
import json
import pathlib
import re
import sys
import urllib.parse

UPLOADS = re.compile(
    r"https?://[^\s\"'<>()\[\]]*?(?:/wp-content/uploads/|\.files\.wordpress\.com/)[^\s\"'<>()\[\]]+"
)


def upload_urls(export: str) -> list[str]:
    text = pathlib.Path(export).read_text(encoding="utf-8", errors="replace")
    urls = {u.split("?")[0].split("#")[0].rstrip(".,;") for u in UPLOADS.findall(text)}
    return sorted(urls)


def under_uploads(url: str) -> str | None:
    """The path under the uploads folder a URL names, if it names one
    (http, https or protocol-relative: a broken `ttps://` is text)."""
    if not url.lower().startswith(("http://", "https://", "//")):
        return None
    for mark in ("/wp-content/uploads/", ".files.wordpress.com/"):
        if mark in url:
            return urllib.parse.unquote(url.split(mark, 1)[1].split("?")[0].split("#")[0])
    return None


def make_uploads(export: str, out: str, missing: str) -> None:
    root = pathlib.Path(out)
    left_out = []
    for i, url in enumerate(upload_urls(export)):
        rel = under_uploads(url)
        if not rel or ".." in rel.split("/"):
            continue
        if i % 10 == 3:
            left_out.append(url)
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        # Distinct bytes per file: identical files would be stored once.
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + rel.encode())
    pathlib.Path(missing).write_text("".join(u + "\n" for u in left_out), encoding="utf-8")
    print(f"uploads: {len(upload_urls(export)) - len(left_out)} files, {len(left_out)} left out")


class Refs(html.parser.HTMLParser):
    """Every URL a page references: (kind, url)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for attr in ("src", "poster"):
            if a.get(attr) and tag in ("img", "source", "video", "audio", "track"):
                self.refs.append(("media", a[attr]))
        if a.get("srcset") and tag in ("img", "source"):
            for candidate in a["srcset"].split(","):
                url = candidate.strip().split(" ")[0]
                if url:
                    self.refs.append(("media", url))
        if tag == "a" and a.get("href"):
            self.refs.append(("link", a["href"]))

    handle_startendtag = handle_starttag


def resolves(built: pathlib.Path, url: str) -> bool:
    path = urllib.parse.unquote(url.split("#")[0].split("?")[0])
    if not path.startswith("/") or path.startswith("//"):
        return True
    rel = path.lstrip("/")
    candidates = [built / rel] if rel else []
    candidates += [built / rel / "index.html", built / (rel.rstrip("/") + ".html")]
    return any(c.is_file() for c in candidates)


def published(doc: dict) -> bool:
    fm = doc.get("front_matter") or {}
    get = lambda k: doc.get(k) if doc.get(k) is not None else fm.get(k)  # noqa: E731
    if get("draft") is True or get("password_protected") is True or get("published") is False:
        return False
    return get("status") in (None, "publish")


def check(args) -> int:
    built = pathlib.Path(args.built)
    failures: list[str] = []
    missing = set(pathlib.Path(args.missing).read_text(encoding="utf-8").split())
    log = pathlib.Path(args.log).read_text(encoding="utf-8", errors="replace")
    old_media = 0
    links = 0
    for page in sorted(built.rglob("*.html")):
        refs = Refs()
        refs.feed(page.read_text(encoding="utf-8", errors="replace"))
        rel = page.relative_to(built).as_posix()
        for kind, url in refs.refs:
            if under_uploads(url) is not None:
                bare = url.split("?")[0].split("#")[0]
                old_media += 1
                if bare not in missing:
                    failures.append(f"{rel}: {kind} {url} still on the old host, though its file was given")
                elif bare not in log:
                    failures.append(f"{rel}: {url} is missing and unpress did not say so")
                continue
            if url.startswith("/") and not url.startswith("//"):
                links += 1
                if not resolves(built, url):
                    failures.append(f"{rel}: {kind} {url} leads to nothing in the built site")

    # redirects.csv: every published document, every target built.
    site_root = pathlib.Path(args.site_root)
    rows = []
    redirects = site_root / "redirects.csv"
    if not redirects.is_file():
        failures.append("no redirects.csv")
    else:
        with redirects.open(encoding="utf-8", newline="") as f:
            table = list(csv.reader(f))
        if not table or table[0] != ["from", "to", "status"]:
            failures.append("redirects.csv has no header 'from,to,status'")
        rows = [(r[0], r[1]) for r in table[1:] if len(r) == 3]
        for r in table[1:]:
            if len(r) != 3 or r[2] not in ("301", "kept") or not r[0].startswith("/") \
                    or r[0].startswith("//"):
                failures.append(f"redirects.csv: a bad row {r}")
        for frm, to in rows:
            if not resolves(built, to):
                failures.append(f"redirects.csv: {frm} -> {to}, which was not built")
    targets = {to for _, to in rows}
    pinned = set()
    docs = 0
    for path in pathlib.Path(args.json).rglob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(doc, dict) or "text" not in doc or not published(doc):
            continue
        docs += 1
        md = site_root / path.relative_to(args.json).with_suffix(".md")
        url = None
        if md.is_file():
            m = re.search(r"^(?:url|permalink): (.+)$", md.read_text(encoding="utf-8"), re.M)
            url = m and m.group(1).strip().strip("'\"")
        if not url:
            failures.append(f"{md}: no url/permalink pinned")
            continue
        pinned.add(url)
        if not resolves(built, url):
            failures.append(f"{md}: pinned at {url}, which was not built")
        if url not in targets:
            failures.append(f"redirects.csv: no row leads to {url} ({md.name})")

    for f in failures:
        print(f)
    print(f"migration: {docs} published documents, {len(rows)} redirects, "
          f"{links} site links and images checked, {old_media} references to "
          f"missing uploads (of {len(missing)} left out), {len(failures)} failures")
    return 1 if failures else 0


def main() -> int:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    u = sub.add_parser("uploads")
    u.add_argument("export")
    u.add_argument("dir")
    u.add_argument("missing")
    c = sub.add_parser("check")
    for flag in ("--built", "--site-root", "--missing", "--log", "--json"):
        c.add_argument(flag, required=True)
    args = p.parse_args()
    if args.cmd == "uploads":
        make_uploads(args.export, args.dir, args.missing)
        return 0
    return check(args)


if __name__ == "__main__":
    sys.exit(main())
