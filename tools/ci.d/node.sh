# Sourced (not a step: no number) by the steps that run the Node e2e tests.
# require_node STEP fails the step clearly unless Node >= 20 and npm are on
# the PATH (the CI machine has Node 20; Debian 12's own nodejs is 18).
require_node() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 20 ] || ! command -v npm >/dev/null; then
    echo "$1: needs Node >= 20 and npm (found node major $major)" >&2
    exit 1
  fi
}
