#!/usr/bin/env bash
# The pipeline's stages (src/read, src/rewrite, src/write) import the shared
# modules (src/html, src/document.rs, src/wordpress.rs, ...) and never each
# other: a rule is written once, in rewrite/, and a writer never reads.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for stage in read rewrite write; do
  for other in read rewrite write; do
    [ "$stage" = "$other" ] && continue
    if grep -rnE "crate::$other(::|\b)|super::super::$other\b" "src/$stage"; then
      echo "src/$stage imports src/$other (above): move what both need to a shared module" >&2
      status=1
    fi
  done
done
[ "$status" = 0 ] && echo "stages: read, rewrite and write import only shared modules"
exit "$status"
