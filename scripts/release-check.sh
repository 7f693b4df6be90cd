#!/usr/bin/env bash
# scripts/release-check.sh [DIST]: checks what GoReleaser wrote to DIST
# (default dist/) against what the Terraform Registry expects of a release,
# and checks the release notes in CHANGELOG.md. `make release-check` runs it
# after a snapshot build; it works as well on the dist/ of a real release.
#
#   - one zip per platform, named terraform-provider-chatops_VERSION_OS_ARCH.zip,
#     with VERSION a semantic version; none missing of the platforms the
#     registry expects (below), none named otherwise;
#   - each zip holds the binary terraform-provider-chatops_vVERSION (.exe on
#     Windows) at its top, and besides it only the README, CHANGELOG and LICENSE
#     files GoReleaser adds by default;
#   - terraform-provider-chatops_VERSION_SHA256SUMS lists every zip with its
#     SHA-256, and the manifest under terraform-provider-chatops_VERSION_manifest.json
#     with the hash of terraform-registry-manifest.json; the copy of the manifest
#     in DIST is that file;
#   - the binary built for this machine reports VERSION (-version);
#   - CHANGELOG.md has only version sections with the registry's categories, and
#     scripts/changelog-notes.sh prints each released section and refuses a
#     version it does not have.
#
# Every problem is reported, then the script exits non-zero if there was one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

dist=${1:-dist}
project=terraform-provider-chatops
# The platforms the registry expects of a provider (and Terraform users run).
required=(darwin_amd64 darwin_arm64 freebsd_amd64 freebsd_arm64 linux_386 linux_amd64 linux_arm linux_arm64
  windows_amd64 windows_arm64)
# What Go builds for the systems .goreleaser.yml names; any other name is a
# misnamed zip (e.g. linux_armv6 or x86_64).
known_os='darwin|freebsd|linux|windows'
known_arch='386|amd64|arm|arm64'
# Semantic versioning 2.0.0, as the registry reads a version.
semver='(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?'

problems=0
problem() {
  echo "release-check: $*" >&2
  problems=$((problems + 1))
}

for tool in unzip sha256sum; do
  command -v "$tool" >/dev/null || {
    echo "release-check: needs $tool on PATH" >&2
    exit 1
  }
done

# The version, from the checksum file's name: there is exactly one.
check_dist() {
  [[ -d $dist ]] || {
    problem "no $dist/: run 'make release-check' (or goreleaser) first"
    return
  }
  shopt -s nullglob
  local sums=("$dist"/*_SHA256SUMS)
  if ((${#sums[@]} != 1)); then
    problem "expected one ${project}_VERSION_SHA256SUMS in $dist/, found ${#sums[@]}: ${sums[*]:-none}"
    return
  fi
  local sums_file=${sums[0]}
  local version=${sums_file##*/}
  version=${version#"${project}_"}
  version=${version%_SHA256SUMS}
  if [[ ! $version =~ ^$semver$ ]]; then
    problem "version '$version' (from ${sums_file##*/}) is not a semantic version"
    return
  fi
  echo "release-check: version $version"

  # The zips: every name parsed, every required platform present.
  local zips=("$dist"/*.zip) zip name rest platform found=() misnamed=()
  for zip in "${zips[@]}"; do
    name=${zip##*/}
    rest=${name#"${project}_${version}_"}
    if [[ $rest != "$name" && $rest =~ ^(${known_os})_(${known_arch})\.zip$ ]]; then
      found+=("${BASH_REMATCH[1]}_${BASH_REMATCH[2]}")
    else
      misnamed+=("$name")
    fi
  done
  echo "release-check: ${#zips[@]} zips: ${found[*]:-none}"
  for name in "${misnamed[@]}"; do
    problem "misnamed zip $name: expected ${project}_${version}_OS_ARCH.zip with OS one of ${known_os//|/, } and ARCH one of ${known_arch//|/, }"
  done
  for platform in "${required[@]}"; do
    if [[ " ${found[*]} " != *" $platform "* ]]; then
      problem "missing platform $platform: no ${project}_${version}_${platform}.zip in $dist/ (the registry expects it; see builds in .goreleaser.yml)"
    fi
  done

  # Each zip holds the binary Terraform looks for, and documentation.
  local want entries entry
  for zip in "${zips[@]}"; do
    name=${zip##*/}
    want="${project}_v${version}"
    [[ $name == *_windows_*.zip ]] && want+=.exe
    if ! entries=$(unzip -Z1 "$zip" 2>&1); then
      problem "$name is not a readable zip: $entries"
      continue
    fi
    if ! grep -qxF "$want" <<<"$entries"; then
      problem "$name does not hold the binary $want (it holds: $(paste -sd' ' <<<"$entries"))"
    fi
    while IFS= read -r entry; do
      case $entry in
      "$want" | README* | CHANGELOG* | LICENSE*) ;;
      *) problem "$name holds $entry, which is neither the binary $want nor documentation" ;;
      esac
    done <<<"$entries"
  done

  # SHA256SUMS: "HASH  NAME" per line, every zip listed with its hash, the
  # manifest under its published name, nothing else.
  local manifest_name="${project}_${version}_manifest.json" hash file listed=()
  while read -r hash file; do
    [[ -n $hash ]] || continue
    listed+=("$file")
    if [[ $file == "$manifest_name" ]]; then
      if [[ $hash != "$(sha256sum <terraform-registry-manifest.json | cut -d' ' -f1)" ]]; then
        problem "${sums_file##*/}: $file has hash $hash, not the hash of terraform-registry-manifest.json"
      fi
    elif [[ $file == *.zip ]]; then
      if [[ ! -f $dist/$file ]]; then
        problem "${sums_file##*/} lists $file, which is not in $dist/"
      elif [[ $hash != "$(sha256sum <"$dist/$file" | cut -d' ' -f1)" ]]; then
        problem "${sums_file##*/}: $file has hash $hash, not the hash of $dist/$file"
      fi
    else
      problem "${sums_file##*/} lists $file, which is neither a zip nor the manifest"
    fi
  done <"$sums_file"
  for zip in "${zips[@]}"; do
    [[ " ${listed[*]} " == *" ${zip##*/} "* ]] || problem "${sums_file##*/} does not list ${zip##*/}"
  done
  [[ " ${listed[*]} " == *" $manifest_name "* ]] || problem "${sums_file##*/} does not list $manifest_name"

  # The copy of the manifest the release publishes.
  if [[ ! -f $dist/$manifest_name ]]; then
    problem "no $dist/$manifest_name (the copy of terraform-registry-manifest.json)"
  elif ! cmp -s "$dist/$manifest_name" terraform-registry-manifest.json; then
    problem "$dist/$manifest_name differs from terraform-registry-manifest.json"
  fi

  # The binary for this machine reports the version it was built as.
  local host tmp out
  host="$(go env GOOS)_$(go env GOARCH)"
  zip="$dist/${project}_${version}_${host}.zip"
  if [[ ! -f $zip ]]; then
    problem "no zip for this machine ($host) to run: cannot check the binary's version"
    return
  fi
  tmp=$(mktemp -d)
  unzip -q "$zip" -d "$tmp"
  want="$project $version"
  if ! out=$("$tmp/${project}_v${version}" -version 2>&1); then
    problem "$tmp/${project}_v${version} -version failed: $out"
  elif [[ $out != "$want" ]]; then
    problem "the $host binary reports '$out', not '$want' (ldflags -X main.version in .goreleaser.yml)"
  else
    echo "release-check: the $host binary reports '$out'"
  fi
  rm -rf "$tmp"
}

check_changelog() {
  local line n=0 versions=() bad
  # Headings: "## X.Y.Z", "## X.Y.Z (Unreleased)" or "## X.Y.Z (Month D, YYYY)".
  while IFS= read -r line; do
    n=$((n + 1))
    if [[ $line == '## '* ]]; then
      if [[ $line =~ ^'## '($semver)(' (Unreleased)'|' ('[A-Z][a-z]+' '[0-9]{1,2}', '[0-9]{4}')')?$ ]]; then
        versions+=("${BASH_REMATCH[1]}")
      else
        problem "CHANGELOG.md:$n: '$line' is not '## X.Y.Z', '## X.Y.Z (Unreleased)' or '## X.Y.Z (Month D, YYYY)'"
      fi
    elif [[ $line =~ ^[A-Z][A-Z\ ]*:$ ]]; then
      case $line in
      'BREAKING CHANGES:' | 'NOTES:' | 'FEATURES:' | 'ENHANCEMENTS:' | 'BUG FIXES:') ;;
      *) problem "CHANGELOG.md:$n: '$line' is not one of BREAKING CHANGES, NOTES, FEATURES, ENHANCEMENTS, BUG FIXES" ;;
      esac
    fi
  done <CHANGELOG.md
  if ((${#versions[@]} == 0)); then
    problem "CHANGELOG.md has no version section"
    return
  fi
  local v
  for v in "${versions[@]}"; do
    if ! bash scripts/changelog-notes.sh -u "$v" >/dev/null; then
      problem "scripts/changelog-notes.sh -u $v failed"
    fi
  done
  echo "release-check: CHANGELOG.md sections: ${versions[*]}"
  if bad=$(bash scripts/changelog-notes.sh 0.0.0-not-in-the-changelog 2>&1); then
    problem "scripts/changelog-notes.sh printed notes for a version CHANGELOG.md does not have: $bad"
  fi
}

check_dist
check_changelog

if ((problems > 0)); then
  echo "release-check: FAILED: $problems problem(s) above" >&2
  exit 1
fi
echo "release-check: ok"
