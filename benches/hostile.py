#!/usr/bin/env python3
"""Hostile input shapes for the linear-time checks (docs/performance.md,
"Linear time on hostile input"): deep nesting of every element kind and of
shortcodes, long chains that the HTML5 algorithms handle specially, huge
single lines, attributes and entity counts, front matter and wpautop.

    hostile.py list                  the shape names, one a line
    hostile.py gen NAME N FILE       writes shape NAME with N repetitions;
                                     FILE gets the shape's extension
                                     (.html, .md or .xml) appended

Used by benches/scaling.sh (the table) and .ci/linear.sh (the CI guard).
Inputs are generated, never committed.
"""

import sys


def rep(unit, n):
    return unit * n


def numbered(fmt, n):
    return "".join(fmt % i for i in range(n))


def html(f):
    return ("html", f)


def md(f):
    return ("md", f)


def wxr(f):
    """One classic-editor export item whose content is f(n): it goes
    through wpautop and the shortcode parser, as WordPress would show it."""

    def whole(n):
        body = f(n).replace("]]>", "]]]]><![CDATA[>")
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n'
            "<channel><title>T</title><link>https://ex.com</link>"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
            "<item><title>P</title><link>https://ex.com/?p=1</link>"
            "<content:encoded><![CDATA[" + body + "]]></content:encoded>"
            "<wp:post_id>1</wp:post_id><wp:post_date>2020-01-02 03:04:05</wp:post_date>"
            "<wp:post_name>p</wp:post_name><wp:status>publish</wp:status>"
            "<wp:post_type>post</wp:post_type></item>\n</channel></rss>\n"
        )

    return ("xml", whole)


def front(f):
    return ("md", lambda n: "---\n" + f(n) + "---\nbody text\n")


SHAPES = {
    # Nesting, every element kind: N start tags, then a word.
    "div": html(lambda n: rep("<div>", n) + "x"),
    "span": html(lambda n: rep("<span>", n) + "x"),
    "b": html(lambda n: rep("<b>", n) + "x"),
    "b-distinct": html(lambda n: numbered('<b class="c%d">', n) + "x"),
    "p-span": html(lambda n: rep("<p><span>", n) + "x"),
    "pre": html(lambda n: rep("<pre>", n) + "x"),
    "pre-code": html(lambda n: rep("<pre><code>", n) + "x"),
    "listing": html(lambda n: rep("<listing>", n) + "x"),
    "blockquote": html(lambda n: rep("<blockquote>", n) + "x"),
    "table": html(lambda n: rep("<table><tr><td>", n) + "x"),
    "table-th": html(lambda n: rep("<table><thead><tr><th>", n) + "x"),
    "table-bare": html(lambda n: rep("<table>", n) + "x"),
    "table-caption": html(lambda n: rep("<table><caption>", n) + "x"),
    "table-text": html(lambda n: rep("<table>x", n)),
    "table-div": html(lambda n: rep("<table><tr><td><div>", n) + "x"),
    "ul-li": html(lambda n: rep("<ul><li>", n) + "x"),
    "ol-li": html(lambda n: rep("<ol><li>x", n)),
    "dl": html(lambda n: rep("<dl><dt>x<dd>", n) + "x"),
    "h1": html(lambda n: rep("<h1>x<div>", n)),
    "button": html(lambda n: rep("<button>x", n)),
    "select": html(lambda n: rep("<select><option>x", n)),
    "svg": html(lambda n: rep("<svg><g>", n) + "x"),
    "svg-foreign": html(lambda n: rep("<svg><foreignObject><div>", n) + "x"),
    "math": html(lambda n: rep("<math><mi>", n) + "x"),
    "template": html(lambda n: rep("<template>", n) + "x"),
    "object": html(lambda n: rep("<object>x", n)),
    "marquee": html(lambda n: rep("<marquee>x", n)),
    "nobr": html(lambda n: rep("<nobr>x", n)),
    "font": html(lambda n: rep('<font color="red">x<div>', n)),
    "form": html(lambda n: rep("<form><div>x", n)),
    "figure": html(lambda n: rep('<figure><img src="a.png" alt="a"><figcaption>c', n) + "x"),
    "wp-caption": html(
        lambda n: rep(
            '<div class="wp-caption"><img src="a.png" alt="a"><p class="wp-caption-text">c', n
        )
        + "x"
    ),
    "gallery-div": html(lambda n: rep('<div class="gallery"><figure><img src="a.png">', n)),
    "code": html(lambda n: rep("<code>x", n)),
    "q": html(lambda n: rep("<q>x", n)),
    "sup": html(lambda n: rep("<sup>x", n)),
    "a": html(lambda n: rep('<a href="#">x', n)),
    "a-div": html(lambda n: rep('<a href="#">x<div>y', n)),
    "b-div": html(lambda n: rep("<b>x<div>y", n)),
    "b-p": html(lambda n: rep("<b>x<p>y", n)),
    "misnest-b-p": html(lambda n: rep("<p><b>x</p>y", n)),
    "misnest-i-div": html(lambda n: rep("<i>x<div>y</i>z", n)),
    "em-span-close": html(lambda n: rep("<span>", n) + rep("</em>", n)),
    "div-close": html(lambda n: rep("<div>", n) + rep("</div>", n)),
    "li-in-divs": html(lambda n: rep("<div>", n) + rep("<li>x</li>", n)),
    "dd-in-divs": html(lambda n: rep("<div>", n) + rep("<dd>x</dd>", n)),
    "p-in-object": html(lambda n: "<p><object>" + rep("<span><div>", n) + "x"),
    "p-close-spans": html(lambda n: "<p><button>" + rep("<span>", n) + rep("<hr>", n)),
    "reconstruct": html(lambda n: numbered('<p><i class="c%d">x</p>', n)),
    "iframe": html(lambda n: rep("<iframe>x</iframe>", n)),
    "noscript": html(lambda n: rep("<noscript>", n) + "x"),
    "textarea": html(lambda n: rep("<textarea>x</textarea>", n)),
    # Flat but large: siblings, long lines, attributes, entities.
    "p": html(lambda n: rep("<p>word word</p>\n", n)),
    "p-unclosed": html(lambda n: rep("<p>x", n)),
    "li": html(lambda n: "<ul>" + rep("<li>x", n)),
    "words": html(lambda n: rep("word ", n)),
    "long-attr": html(lambda n: '<a href="https://e.x/' + rep("x", 10 * n) + '">y</a>'),
    "many-attrs": html(lambda n: "<div " + numbered('a%d="1" ', n) + ">x</div>"),
    "dup-attrs": html(lambda n: "<div" + rep(' a="1"', n) + ">x</div>"),
    "b-many-attrs": html(lambda n: rep("<b " + numbered('a%d="1" ', 200) + ">x", n // 100)),
    "entities": html(lambda n: rep("&amp;", n)),
    "num-entities": html(lambda n: rep("&#x41;&#0;&#xD800;", n)),
    "bad-entity": html(lambda n: "&" + rep("a", 10 * n)),
    "comment": html(lambda n: "<!--" + rep("x", 10 * n) + "-->"),
    "comments": html(lambda n: rep("<!--more-->x", n)),
    "ids": html(lambda n: rep('<h2 id="a">x</h2>', n)),
    "links": html(lambda n: numbered('<a href="#a%d">x</a> ', n)),
    "imgs": html(lambda n: numbered('<p><img src="a%d.png" alt="a"></p>', n)),
    "headings": html(lambda n: rep("<h2>x</h2>", n)),
    # Shortcodes.
    "sc-caption-nested": html(lambda n: rep("[caption]", n) + "x" + rep("[/caption]", n)),
    "sc-caption-unclosed": html(lambda n: rep("[caption]x", n)),
    "sc-caption-seq": html(
        lambda n: rep('[caption id="a" width="1"]<img src="a.png"> c[/caption]', n)
    ),
    "sc-gallery": html(lambda n: rep('[gallery ids="1,2,3"]', n)),
    "sc-embed": html(lambda n: rep("[embed]https://e.x/v[/embed]", n)),
    "sc-code": html(lambda n: rep("[code]x", n)),
    "sc-code-nested": html(lambda n: rep("[code]", n) + "x" + rep("[/code]", n)),
    "sc-unknown-nested": html(lambda n: rep("[foo]", n) + "x" + rep("[/foo]", n)),
    "sc-attrs": html(lambda n: "[caption " + numbered('a%d="1" ', n) + "]x[/caption]"),
    "sc-open-bracket": html(lambda n: rep("[caption ", n)),
    "sc-brackets": html(lambda n: rep("[", n) + "x" + rep("]", n)),
    "sc-escaped": html(lambda n: rep("[[caption]]", n)),
    "sc-quote": html(lambda n: '[caption a="' + rep("x", 10 * n)),
    "sc-tag-quote": html(lambda n: rep('<a "x', n) + "[caption]x[/caption]"),
    # Markdown bodies.
    "md-blockquote": md(lambda n: rep(">", n) + " x\n"),
    "md-list": md(lambda n: rep("- ", n) + "x\n"),
    "md-emphasis": md(lambda n: rep("*a", n) + "\n"),
    "md-html-div": md(lambda n: rep("<div>\n", n) + "x\n"),
    # Front matter.
    "fm-list": front(lambda n: "tags:\n" + numbered("  - t%d\n", n)),
    "fm-keys": front(lambda n: numbered("k%d: v\n", n)),
    "fm-long": front(lambda n: "title: " + rep("x", 10 * n) + "\n"),
    "fm-nested": front(lambda n: "a: " + rep("[", n) + rep("]", n) + "\n"),
    # Classic export content (wpautop).
    "wxr-paragraphs": wxr(lambda n: rep("word word\n\n", n)),
    "wxr-lines": wxr(lambda n: rep("word\n", n)),
    "wxr-pre": wxr(lambda n: rep("<pre>x\n\ny</pre>\n", n)),
    "wxr-pre-long": wxr(lambda n: "<pre>" + rep("x\n\n", n) + "</pre>"),
    "wxr-div": wxr(lambda n: rep("<div>\n", n) + "x"),
    "wxr-blocks": wxr(lambda n: rep("<div>x</div>\n\n", n)),
    "wxr-caption": wxr(lambda n: rep('[caption id="a"]<img src="a.png"> c[/caption]\n\n', n)),
    "wxr-long-line": wxr(lambda n: rep("word ", n)),
    "wxr-br": wxr(lambda n: rep("x<br />\n", n)),
    "wxr-option": wxr(lambda n: "<select>" + rep("<option>x</option>\n", n) + "</select>"),
    "wxr-comments": wxr(lambda n: rep("<!-- x -->\n\n", n)),
    "wxr-svg-unclosed": wxr(lambda n: rep("<svg>x\n", n)),
    "wxr-caption-unclosed": wxr(lambda n: rep("[caption]x\n\n", n)),
    "wxr-li": wxr(lambda n: rep("<li>x <li>y ", n)),
}


def main(argv):
    if len(argv) == 2 and argv[1] == "list":
        print("\n".join(SHAPES))
        return 0
    if len(argv) == 5 and argv[1] == "gen":
        ext, f = SHAPES[argv[2]]
        path = argv[4] + "." + ext
        with open(path, "w", encoding="utf-8") as out:
            out.write(f(int(argv[3])))
        print(path)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
