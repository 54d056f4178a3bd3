#!/usr/bin/env python3
"""Writes src/lang/profiles.txt from whatlang 0.16.4's trigram profiles.

whatlang keeps its profiles as Rust source (src/trigrams/profiles.rs: one
`Trigram('a', 'b', 'c')` per line, 300 per language, most frequent
first). unpress reads them at run time from a compact text file instead,
inverted once (src/lang/trigrams.rs), so the build never depends on the
registry's copy. Run from the checkout, after `cargo fetch`:

    python3 src/lang/profiles.py \
        ~/.cargo/registry/src/*/whatlang-0.16.4/src/trigrams/profiles.rs \
        > src/lang/profiles.txt

The output keeps the source's order everywhere (scripts, languages,
trigrams): whatlang's ties are decided by it.
"""

import re
import sys

HEADER = """\
# The trigram profiles of whatlang 0.16.4 (src/trigrams/profiles.rs),
# https://github.com/greyblake/whatlang-rs, MIT License: see
# LICENSE-whatlang beside this file. Written by src/lang/profiles.py; do
# not edit by hand.
#
# A `[script]` line opens a script's profiles; then one language a line:
# its ISO 639-3 code and its 300 trigrams, most frequent first, separated
# by one space. A space inside a trigram is written `_` (whatlang turns
# `_`, like every ASCII punctuation mark and digit, into a space before
# counting, so no trigram holds one).
"""

SECTION = re.compile(r"^pub static (\w+)_LANGS: LangProfileList")
LANG = re.compile(r"^\s*Lang::(\w+),$")
TRIGRAM = re.compile(r"^\s*Trigram\('(.)', '(.)', '(.)'\),$")


def main(path):
    out = [HEADER]
    profiles = []  # [code, trigrams], the line they go to is out[at]
    with open(path, encoding="utf-8") as source:
        for line in source:
            line = line.rstrip("\n")
            if m := SECTION.match(line):
                out.append(f"[{m.group(1).lower()}]\n")
            elif m := LANG.match(line):
                profiles.append((m.group(1).lower(), [], len(out)))
                out.append(None)
            elif m := TRIGRAM.match(line):
                trigram = "".join(m.groups())
                if "_" in trigram or any(c.isspace() and c != " " for c in trigram):
                    sys.exit(f"trigram {trigram!r} cannot be written in this format")
                profiles[-1][1].append(trigram.replace(" ", "_"))
            elif "Trigram(" in line or "Lang::" in line:
                sys.exit(f"unexpected line: {line!r}")
    for code, trigrams, at in profiles:
        if len(trigrams) != 300 or len(set(trigrams)) != 300:
            sys.exit(f"{code}: expected 300 distinct trigrams, got {len(trigrams)}")
        out[at] = f"{code} {' '.join(trigrams)}\n"
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
