#!/usr/bin/env bash
# Runs every Fuzz test of the module, one at a time (go test -fuzz takes a
# single target), each for FUZZTIME (default 10s). New crashers land in the
# package's testdata/fuzz/ and make this script fail.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

fuzztime="${FUZZTIME:-10s}"
found=0
failed=()

for pkg in $(go list ./...); do
  # -list prints the matching test names, then "ok <pkg>"; keep the names.
  targets=$(go test -list '^Fuzz' "$pkg" | grep -E '^Fuzz' || true)
  for target in $targets; do
    found=$((found + 1))
    echo "==> $pkg $target (-fuzztime $fuzztime)"
    if ! go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime"; then
      failed+=("$pkg.$target")
    fi
  done
done

if [[ $found -eq 0 ]]; then
  echo "fuzz: no Fuzz tests found" >&2
  exit 1
fi
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: ${#failed[@]} of $found fuzz targets failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: all $found fuzz targets ran for $fuzztime without a failure"
