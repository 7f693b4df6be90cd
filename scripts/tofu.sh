#!/usr/bin/env bash
# Runs the acceptance tests against OpenTofu instead of Terraform.
#
# OpenTofu is built from its Go module (github.com/opentofu/opentofu, cmd/tofu)
# at a pinned version, through the Go module proxy, by scripts/terraform.sh,
# which caches it outside the clone: the first build takes several minutes on
# two cores, later runs reuse it.
#
# Arguments are passed to go test, e.g. scripts/tofu.sh -run TestAccDevRevChat.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TOFU_VERSION="${TOFU_VERSION:-1.12.6}"
tofu=$(bash scripts/terraform.sh tofu "$TOFU_VERSION")

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
