#!/usr/bin/env bash
# Runs every Fuzz test of the module, one at a time (go test -fuzz takes a
# single target), each for FUZZTIME (default 10s). New crashers land in the
# package's testdata/fuzz/ and make this script fail.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

fuzztime="${FUZZTIME:-10s}"
found=0
failed=()

# One `go test -list` over every package (built in parallel). It prints each
# package's matching test names, then that package's "ok <pkg>" line: pair
# them up as "<pkg> <target>...".
list=$(go test -list '^Fuzz' ./... |
  awk '/^Fuzz/ { names = names " " $1; next }
       /^ok /  { if (names != "") print $2 names; names = "" }')

while read -r pkg targets; do
  [[ -n "$pkg" ]] || continue
  for target in $targets; do
    found=$((found + 1))
    echo "==> $pkg $target (-fuzztime $fuzztime)"
    if ! go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime"; then
      failed+=("$pkg.$target")
    fi
  done
done <<<"$list"

if [[ $found -eq 0 ]]; then
  echo "fuzz: no Fuzz tests found" >&2
  exit 1
fi
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: ${#failed[@]} of $found fuzz targets failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: all $found fuzz targets ran for $fuzztime without a failure"
