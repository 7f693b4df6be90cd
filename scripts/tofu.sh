#!/usr/bin/env bash
# Runs the acceptance tests against OpenTofu instead of Terraform.
#
# OpenTofu is built from its Go module (github.com/opentofu/opentofu, cmd/tofu)
# at a pinned version, through the Go module proxy: no release download. The
# binary is kept in .tools/tofu and rebuilt only when TOFU_VERSION changes;
# the first build takes several minutes on two cores.
#
# Arguments are passed to go test, e.g. scripts/tofu.sh -run TestAccDevRevChat.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TOFU_VERSION="${TOFU_VERSION:-1.12.6}"
tools_dir="$PWD/.tools"
tofu="$tools_dir/tofu"
stamp="$tools_dir/tofu.version"

if [[ ! -x "$tofu" || "$(cat "$stamp" 2>/dev/null || true)" != "$TOFU_VERSION" ]]; then
  echo "tofu: building OpenTofu v$TOFU_VERSION from its Go module into .tools/ (first time only)"
  start=$SECONDS
  mkdir -p "$tools_dir"
  # Outside any module, so this repository's go.mod and go.sum stay untouched.
  src=$(cd "$(mktemp -d)" && go mod download -json "github.com/opentofu/opentofu@v$TOFU_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  if [[ -z "$src" || ! -d "$src" ]]; then
    echo "tofu: could not download github.com/opentofu/opentofu@v$TOFU_VERSION" >&2
    exit 1
  fi
  # `go install module@version` refuses modules with replace directives, and
  # OpenTofu has one, so build inside the downloaded module instead. The
  # ldflags are the ones of OpenTofu's own release build.
  (cd "$src" && CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X 'github.com/opentofu/opentofu/version.dev=no'" \
    -o "$tofu.tmp" ./cmd/tofu)
  mv "$tofu.tmp" "$tofu"
  echo "$TOFU_VERSION" >"$stamp"
  echo "tofu: built in $((SECONDS - start))s"
fi

export CHECKPOINT_DISABLE=1
# A TF_CLI_CONFIG_FILE naming a missing file makes every command warn.
if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "$TF_CLI_CONFIG_FILE" ]]; then
  TF_CLI_CONFIG_FILE="$(mktemp -d)/tofurc"
  : >"$TF_CLI_CONFIG_FILE"
  export TF_CLI_CONFIG_FILE
fi

"$tofu" version 2>/dev/null | awk '/^OpenTofu v/ && !n++'

TF_ACC=1 TF_ACC_TERRAFORM_PATH="$tofu" TF_ACC_PROVIDER_HOST=registry.opentofu.org \
  go test ./... -run '^TestAcc' -count=1 -timeout 30m "$@"
