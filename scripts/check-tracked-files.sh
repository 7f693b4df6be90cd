#!/usr/bin/env bash
# scripts/check-tracked-files.sh: fails when git tracks build output.
#
# Nothing built goes into git: a tracked file must not be an executable
# binary (ELF, Mach-O, PE or WebAssembly, or any file with the executable bit
# that is not a #! script), and must not be over 1 MiB, except the API specs
# under a specs/ folder. .gitignore keeps the usual culprits out (*.test,
# *.out, *.prof, dist/); this catches what slips past it, e.g. a `git add -f`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

max_bytes=$((1024 * 1024))
bad=()
while IFS= read -r -d '' entry; do
  mode=${entry%% *}
  file=${entry#*$'\t'}
  [[ -f $file ]] || continue # deleted in the work tree, or a submodule
  magic=$(head -c 4 -- "$file" | od -An -tx1 | tr -d ' \n')
  case $magic in
  7f454c46) bad+=("$file: an ELF executable") ;;
  feedface | feedfacf | cefaedfe | cffaedfe | cafebabe) bad+=("$file: a Mach-O executable") ;;
  4d5a*) bad+=("$file: a Windows (PE) executable") ;;
  0061736d) bad+=("$file: a WebAssembly module") ;;
  *)
    if [[ $mode == 100755 && $magic != 2321* ]]; then
      bad+=("$file: executable (mode 755) but not a #! script")
    fi
    ;;
  esac
  size=$(stat -c %s -- "$file")
  if ((size > max_bytes)) && [[ "/$file" != */specs/* ]]; then
    bad+=("$file: $((size / 1024)) KiB, over the 1 MiB allowed outside specs/")
  fi
done < <(git ls-files -s -z | sed -z 's/^\([0-7]*\) [0-9a-f]* [0-3]\t/\1 x\t/')

if ((${#bad[@]} > 0)); then
  echo "check-tracked-files: git tracks build output or oversized files:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "check-tracked-files: remove them with 'git rm --cached FILE' (build output belongs in .gitignore)." >&2
  exit 1
fi
echo "check-tracked-files: $(git ls-files | wc -l) tracked files, none built, none over 1 MiB outside specs/"
