#!/usr/bin/env bash
# scripts/matrix.sh: the acceptance tests on the Terraform versions the
# project promises, each built from the Go module proxy by scripts/terraform.sh
# and cached outside the clone.
#
#   scripts/matrix.sh full VERSION         every acceptance test on Terraform VERSION
#   scripts/matrix.sh smoke VERSION        the smoke subset on Terraform VERSION
#   scripts/matrix.sh smoke tofu VERSION   the smoke subset on OpenTofu VERSION
#   scripts/matrix.sh check                fails unless every version-gated test
#                                          (query, identity, action) passed on at
#                                          least one of the binaries run above
#
# Each run's verbose log goes to ${MATRIX_LOG_DIR:-.matrix}/, where check reads
# them. Extra go test flags go in TESTARGS.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

logs=${MATRIX_LOG_DIR:-.matrix}
mkdir -p "$logs"

# One lifecycle per resource, an import of each, one read per data source,
# and the identity tests (they skip below Terraform 1.12; OpenTofu 1.12 runs
# them).
smoke='^TestAcc(DevRevChat_basic|DevRevChat_importByID|DevRevChatDataSource_byID|DevRevConversation_lifecycle|DevRevConversation_import|DevRevConversationsDataSource_filters|HelpCrunchChat_basic|HelpCrunchChat_import|HelpCrunchChatsDataSource_filters|[A-Za-z]+_[A-Za-z]*_?identity)$'
# Tests of features newer than Terraform 1.5; they skip below their version.
gated='_(query|identity|action)'

export CHECKPOINT_DISABLE=1
if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "$TF_CLI_CONFIG_FILE" ]]; then
  TF_CLI_CONFIG_FILE="$(mktemp -d)/terraformrc"
  : >"$TF_CLI_CONFIG_FILE"
  export TF_CLI_CONFIG_FILE
fi

run() {
  local scope=$1 bin=$2 name=$3 host=$4 pattern='^TestAcc'
  [[ $scope == smoke ]] && pattern=$smoke
  echo "matrix: $scope suite on $("$bin" version 2>/dev/null | head -n 1) ($bin)"
  local log="$logs/$name.log" rc=0
  # shellcheck disable=SC2086 # TESTARGS is a list of flags
  TF_ACC=1 TF_ACC_TERRAFORM_PATH="$bin" TF_ACC_PROVIDER_HOST="$host" \
    go test ./internal/provider -run "$pattern" -count=1 -timeout 30m -v ${TESTARGS:-} >"$log" 2>&1 || rc=$?
  grep -E '^(--- FAIL|FAIL|ok|panic)' "$log" || true
  local passed skipped failed
  passed=$(grep -cE '^--- PASS: TestAcc' "$log" || true)
  skipped=$(grep -cE '^--- SKIP: TestAcc' "$log" || true)
  failed=$(grep -cE '^--- FAIL: TestAcc' "$log" || true)
  echo "matrix: $name: $passed passed, $failed failed, $skipped skipped (log: $log)"
  if ((rc != 0)); then
    tail -n 60 "$log"
    return "$rc"
  fi
  if ((passed == 0)); then
    echo "matrix: $name ran no test" >&2
    return 1
  fi
}

case ${1:-} in
full | smoke)
  scope=$1
  shift
  if [[ ${1:-} == tofu ]]; then
    version=${2:?usage: scripts/matrix.sh $scope tofu VERSION}
    run "$scope" "$(bash scripts/terraform.sh tofu "$version")" "tofu-$version" registry.opentofu.org
  else
    version=${1:?usage: scripts/matrix.sh $scope VERSION}
    run "$scope" "$(bash scripts/terraform.sh "$version")" "terraform-$version" registry.terraform.io
  fi
  ;;
check)
  shopt -s nullglob
  files=("$logs"/*.log)
  if ((${#files[@]} == 0)); then
    echo "matrix: no logs in $logs: run the suites first" >&2
    exit 1
  fi
  # Every version-gated test seen in any log must have passed in at least one.
  names=$(grep -hoE "^--- (PASS|SKIP|FAIL): TestAcc[A-Za-z0-9]*$gated[A-Za-z0-9_]*" "${files[@]}" | awk '{print $3}' | sort -u)
  if [[ -z "$names" ]]; then
    echo "matrix: no version-gated test (names matching '$gated') ran anywhere" >&2
    exit 1
  fi
  missing=0
  for t in $names; do
    ran=$(grep -lE "^--- PASS: $t " "${files[@]}" | xargs -r -n1 basename | sed 's/\.log$//' | paste -sd, -)
    if [[ -z "$ran" ]]; then
      echo "matrix: $t passed on no binary (it skipped or failed everywhere)" >&2
      missing=1
    else
      echo "matrix: $t passed on $ran"
    fi
  done
  exit "$missing"
  ;;
*)
  sed -n '2,15p' "$0" >&2
  exit 2
  ;;
esac
