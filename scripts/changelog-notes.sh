#!/usr/bin/env bash
# scripts/changelog-notes.sh [-u] VERSION: prints the section of CHANGELOG.md
# for VERSION (with or without the leading v), without its heading: the release
# notes of that version. The release workflow passes them to GoReleaser.
#
# Fails, saying why, when CHANGELOG.md has no section for VERSION, when the
# section is empty, or when it is still "(Unreleased)": a tag is cut after its
# section is given its date. -u accepts an unreleased section (to preview the
# notes of the next release).
#
# CHANGELOG_FILE overrides the file read (tests).
set -euo pipefail

unreleased_ok=0
if [[ ${1:-} == -u ]]; then
  unreleased_ok=1
  shift
fi
version=${1:?usage: scripts/changelog-notes.sh [-u] VERSION (e.g. 0.2.0 or v0.2.0)}
version=${version#v}
file=${CHANGELOG_FILE:-"$(dirname "${BASH_SOURCE[0]}")/../CHANGELOG.md"}

fail() {
  echo "changelog-notes: $*" >&2
  exit 1
}

[[ -f $file ]] || fail "no $file"

# The heading is "## VERSION" followed by nothing or by " (date)" /
# " (Unreleased)"; VERSION is matched as a literal string.
heading=$(awk -v v="$version" '
  index($0, "## " v) == 1 {
    rest = substr($0, length("## " v) + 1)
    if (rest == "" || rest ~ /^ \(.*\)$/) { print; exit }
  }' "$file")
[[ -n $heading ]] || fail "$file has no section '## $version': add one (see the sections already there)"

if [[ $heading == *"(Unreleased)" && $unreleased_ok == 0 ]]; then
  fail "the section of $version is still '$heading': give it the release date before tagging"
fi

# The lines after the heading up to the next "## ", without the blank lines
# before them (the command substitution drops those after).
notes=$(awk -v h="$heading" '
  $0 == h { on = 1; next }
  on && /^## / { exit }
  on { print }' "$file" | sed -e '/./,$!d')
[[ -n $notes ]] || fail "the section '$heading' of $file is empty"
printf '%s\n' "$notes"
