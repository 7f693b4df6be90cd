#!/usr/bin/env bash
# scripts/terraform.sh VERSION: builds Terraform VERSION from its Go module and
# prints the binary's path. scripts/terraform.sh tofu VERSION does the same for
# OpenTofu.
#
# Nothing is downloaded but Go modules, through the Go module proxy. The binary
# is cached outside the clone, in ${CHATOPS_CACHE:-$HOME/.cache/chatops}/NAME/VERSION/,
# so every clone on the machine (CI's among them) reuses it: the first build
# takes 3 to 15 minutes on two cores, later calls return at once.
#
# Progress goes to stderr; stdout carries only the path, so that
#   TF_ACC_TERRAFORM_PATH=$(scripts/terraform.sh 1.15.0) make test
# works.
set -euo pipefail

usage="usage: scripts/terraform.sh [tofu] VERSION (e.g. 1.15.0, or tofu 1.12.6)"
name=terraform module=github.com/hashicorp/terraform product=Terraform
if [[ ${1:-} == tofu ]]; then
  name=tofu module=github.com/opentofu/opentofu product=OpenTofu
  shift
fi
version=${1:?$usage}
version=${version#v}
cache="${CHATOPS_CACHE:-$HOME/.cache/chatops}/$name/$version"
bin="$cache/$name"

if [[ -x "$bin" ]] && "$bin" version 2>/dev/null | grep -q "^$product v$version\$"; then
  echo "$bin"
  exit 0
fi

log() { echo "terraform.sh: $*" >&2; }
log "building $product v$version from its Go module into $cache (first time only)"
start=$SECONDS
mkdir -p "$cache"
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

# Outside any module, so no project's go.mod is touched.
src=$(cd "$work" && go mod download -json "$module@v$version" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [[ -z "$src" || ! -d "$src" ]]; then
  log "could not download $module@v$version"
  exit 1
fi

ldflags="-s -w -X $module/version.dev=no"
if [[ $name == tofu ]]; then
  # OpenTofu's go.mod has a replace directive, which go install refuses;
  # its module is complete, so it builds in place.
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$bin.tmp" ./cmd/tofu) >&2
elif ! grep -q '^replace .* => \./' "$src/go.mod"; then
  # Releases up to 1.5 have no local replace directives: go install takes them.
  GOBIN="$work/bin" CGO_ENABLED=0 go install -trimpath -ldflags "$ldflags" \
    "github.com/hashicorp/terraform@v$version" >&2
  mv "$work/bin/terraform" "$bin.tmp"
else
  # Newer releases keep their remote-state backends in nested modules that
  # go.mod replaces with local paths, and the module zip leaves those nested
  # modules out. Build a copy without them: the tests use the local backend
  # only.
  cp -r "$src" "$work/terraform"
  chmod -R u+w "$work/terraform"
  cd "$work/terraform"
  nested=$(sed -n 's|^replace github.com/hashicorp/terraform/\(internal/[^ ]*\) => \./.*|\1|p' go.mod)
  for module in $nested; do
    sed -i "\|github.com/hashicorp/terraform/$module |d" go.mod
    case $module in
    internal/backend/remote-state/*)
      # Drop the import and the registration of the backend in init.go; the
      # alias is the one init.go gives it, e.g. backendS3 for .../s3.
      alias=$(sed -n "s|^[[:space:]]*\([A-Za-z0-9_]*\) \"github.com/hashicorp/terraform/$module\"\$|\1|p" internal/backend/init/init.go)
      if [[ -n "$alias" ]]; then
        sed -i -e "\|\"github.com/hashicorp/terraform/$module\"\$|d" -e "/[^A-Za-z0-9_]$alias\.New()/d" internal/backend/init/init.go
      fi
      ;;
    esac
  done
  CGO_ENABLED=0 go build -mod=mod -trimpath -ldflags "$ldflags" -o "$bin.tmp" . >&2
  cd - >/dev/null
fi
mv "$bin.tmp" "$bin"
log "built $("$bin" version 2>/dev/null | grep -m1 -E "^(Terraform|OpenTofu) v") in $((SECONDS - start))s"
echo "$bin"
