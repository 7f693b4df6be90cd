#!/usr/bin/env bash
# make demo: builds the provider and the fake APIs, starts the fake, applies
# examples/demo with it, shows the outputs, plans again (nothing may change),
# destroys, shows that the HelpCrunch chats were closed; then does the same
# with examples/onboarding (a customer onboarded end to end), and stops the
# fake.
#
# Needs Go and terraform; TERRAFORM=tofu uses OpenTofu. Everything it makes
# lives in one temporary directory, removed at the end, also on failure.
# Set DEMO_KEEP=1 to keep that directory (it holds the fake's log).
set -euo pipefail

TERRAFORM=${TERRAFORM:-terraform}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || die "go is not on PATH"
command -v "$TERRAFORM" >/dev/null || die "$TERRAFORM is not on PATH (set TERRAFORM=tofu to use OpenTofu)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/chatops-demo.XXXXXX")
fake_pid=""

stop_fake() {
	if [[ -n $fake_pid ]]; then
		if kill -0 "$fake_pid" 2>/dev/null; then
			kill -TERM "$fake_pid" 2>/dev/null || true
			wait "$fake_pid" 2>/dev/null || true
		fi
		fake_pid=""
	fi
}

cleanup() {
	local status=$?
	trap - EXIT INT TERM
	stop_fake
	if ((status != 0)); then
		if [[ -s $tmp/fake.log ]]; then
			printf '\n--- the fake'"'"'s log ---\n' >&2
			cat "$tmp/fake.log" >&2
		fi
		printf '\ndemo FAILED (exit %d)\n' "$status" >&2
	fi
	if [[ ${DEMO_KEEP:-} == 1 ]]; then
		printf 'demo: kept %s\n' "$tmp" >&2
	else
		rm -rf "$tmp"
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "Building the provider, the fake APIs and the demo's HTTP helper"
mkdir -p "$tmp/bin"
(
	cd "$root"
	go build -o "$tmp/bin/terraform-provider-chatops" .
	go build -o "$tmp/bin/chatops-mockapi" ./cmd/chatops-mockapi
	go build -o "$tmp/bin/demoapi" ./scripts/demoapi
)

step "Starting the fake DevRev and HelpCrunch APIs with 200 generated conversations"
"$tmp/bin/chatops-mockapi" -listen 127.0.0.1:0 -generate-conversations 200 \
	>"$tmp/fake.env" 2>"$tmp/fake.log" &
fake_pid=$!
for _ in $(seq 1 100); do
	grep -q '^CONTROL=' "$tmp/fake.env" && break
	kill -0 "$fake_pid" 2>/dev/null || die "the fake exited before it was ready"
	sleep 0.1
done
grep -q '^CONTROL=' "$tmp/fake.env" || die "the fake did not print its URLs within 10 seconds"

control=""
while IFS='=' read -r key value; do
	case $key in
	DEVREV_ENDPOINT | DEVREV_TOKEN | HELPCRUNCH_ENDPOINT | HELPCRUNCH_API_KEY) export "$key=$value" ;;
	CONTROL) control=$value ;;
	*) die "unexpected line from the fake: $key=$value" ;;
	esac
done <"$tmp/fake.env"
for v in DEVREV_ENDPOINT DEVREV_TOKEN HELPCRUNCH_ENDPOINT HELPCRUNCH_API_KEY control; do
	[[ -n ${!v:-} ]] || die "the fake did not print $v"
done
echo "DevRev:     $DEVREV_ENDPOINT"
echo "HelpCrunch: $HELPCRUNCH_ENDPOINT"
echo "Control:    $control"

# Terraform gets its own CLI configuration: the provider comes from the
# binary just built (dev_overrides, so no registry and no init), under both
# Terraform's and OpenTofu's registry addresses.
cat >"$tmp/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/chatinfra/chatops" = "$tmp/bin"
    "registry.opentofu.org/chatinfra/chatops" = "$tmp/bin"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE="$tmp/terraformrc"
export CHECKPOINT_DISABLE=1 TF_INPUT=0
unset TF_WORKSPACE TF_DATA_DIR TF_CLI_ARGS TF_CLI_ARGS_apply TF_CLI_ARGS_plan TF_CLI_ARGS_destroy

step "Creating the default DM of DEVU-1 and DEVU-3 directly in DevRev (as if in its UI)"
"$tmp/bin/demoapi" create-dm DEVU-1 DEVU-3

work="$tmp/demo"
mkdir -p "$work"
cp "$root"/examples/demo/*.tf "$work/"
cd "$work"

tf() {
	printf '\n$ %s %s\n' "$TERRAFORM" "$*"
	"$TERRAFORM" "$@"
}

# apply applies the configuration in the current directory. With
# dev_overrides Terraform and OpenTofu need no init (init would look the
# provider up in the registry). Should a binary insist on one anyway, it says
# so, and gets it.
apply() {
	local apply_status=0
	tf apply -auto-approve 2>&1 | tee "$tmp/apply.log" || apply_status=${PIPESTATUS[0]}
	if ((apply_status != 0)); then
		grep -Eq "(terraform|tofu) init" "$tmp/apply.log" || die "apply failed (exit $apply_status)"
		tf init -input=false
		tf apply -auto-approve
	fi
}

# plan_again plans the configuration in the current directory, which was just
# applied: any change means the provider does not converge.
plan_again() {
	local plan_status=0
	tf plan -detailed-exitcode || plan_status=$?
	case $plan_status in
	0) echo "No changes: the applied configuration matches the APIs." ;;
	2) die "the plan after apply is not empty: the provider does not converge" ;;
	*) die "the plan after apply failed (exit $plan_status)" ;;
	esac
}

step "Applying examples/demo"
apply

step "Outputs"
tf output

step "Planning again: nothing may change"
plan_again

step "Destroying"
tf destroy -auto-approve

step "The fake's state after destroy (HelpCrunch chats must be closed)"
"$tmp/bin/demoapi" state "$control" -helpcrunch-closed

step "Onboarding a customer end to end: examples/onboarding"
onboarding="$tmp/onboarding"
mkdir -p "$onboarding"
cp "$root"/examples/onboarding/*.tf "$onboarding/"
# The greeting is an action, which Terraform has from 1.14 on; older
# versions (and OpenTofu) would not parse its file.
tf_version=$("$TERRAFORM" version -json | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p')
if [[ $("$TERRAFORM" version) == OpenTofu* ]] || [[ $(printf '%s\n' 1.14.0 "$tf_version" | sort -V | head -n 1) != 1.14.0 ]]; then
	rm "$onboarding/greeting.tf"
	echo "$TERRAFORM $tf_version has no actions (Terraform 1.14 and later): the greeting (greeting.tf) is left out."
fi
cd "$onboarding"
apply
tf output

step "Planning the onboarding again: nothing may change"
plan_again

step "Destroying the onboarding (the customer is kept: on_destroy = \"keep\")"
tf destroy -auto-approve
"$tmp/bin/demoapi" state "$control" -helpcrunch-closed

step "Stopping the fake"
stop_fake
echo "Demo complete."
