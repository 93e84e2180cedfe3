// The two scripts Gradescope runs from the autograder zip. Gradescope unpacks the zip into
// /autograder/source, runs setup.sh once while building the image (Ubuntu, no Node), then runs
// run_autograder (copied to /autograder/run_autograder) once per submission with the student's
// files in /autograder/submission; the result must land in /autograder/results/results.json.

/** Node major version installed by setup.sh; the sources need >= 20 (package.json engines). */
export const NODE_MAJOR = 20;

export function setupScript(): string {
  return `#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image (Ubuntu, as root, no Node).
# 1. Install Node ${NODE_MAJOR} from NodeSource: the sandbox runs its TypeScript sources through tsx
#    and needs Node >= 20 (Ubuntu's own nodejs package is older).
# 2. Install the production dependencies exactly as locked (npm ci --omit=dev): zod, yaml, the
#    openai SDK, transformers.js, sharp and better-sqlite3 (the response cache), with their
#    prebuilt native binaries for linux-x64. Dev tools (vite, vitest, typescript) are not needed
#    to grade.
# SKIP_NODE_INSTALL=1 skips step 1 and an existing node_modules skips step 2, so the same script
# can be tried on a machine that already has both (the package test does).
set -euo pipefail
SOURCE="$(cd "$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
cd "$SOURCE"

if [ "\${SKIP_NODE_INSTALL:-0}" != "1" ] && ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= ${NODE_MAJOR} ? 0 : 1)' 2>/dev/null; then
  apt-get update
  apt-get install -y ca-certificates curl gnupg
  curl -fsSL https://deb.nodesource.com/setup_${NODE_MAJOR}.x | bash -
  apt-get install -y nodejs
fi

if [ -d node_modules ]; then
  echo "setup.sh: node_modules is present; not reinstalling"
else
  npm ci --omit=dev --no-audit --no-fund
fi

# Prove the grader starts (fails the image build early rather than every submission).
node bin/sandbox.js grade --help > /dev/null
echo "setup.sh: the sandbox grader is installed"
`;
}

export function runAutograderScript(taskId: string): string {
  return `#!/usr/bin/env bash
# Gradescope runs this once per submission. It grades the student's prompt program
# (submission/program.json, exported from the sandbox with "Download program") on the hidden
# test cases of task ${taskId} and writes results/results.json under the autograder root.
# GRADESCOPE_ROOT (default /autograder) lets staff try the zip locally in a folder laid out like
# Gradescope's: <root>/source (the unpacked zip), <root>/submission, <root>/results.
set -uo pipefail
ROOT="\${GRADESCOPE_ROOT:-/autograder}"
SOURCE="$ROOT/source"
cd "$SOURCE" || exit 1

# Everything the grader reads or writes stays inside the autograder root; the models run offline
# from the files packaged in models/ (API models need their key, e.g. in source/.env).
export SANDBOX_TASKS_DIR="$SOURCE/tasks"
export SANDBOX_MODELS_CONFIG="$SOURCE/models.yaml"
export SANDBOX_MODELS_DIR="\${SANDBOX_MODELS_DIR:-$SOURCE/models}"
export SANDBOX_DATA_DIR="$SOURCE/data"
export SANDBOX_OFFLINE="\${SANDBOX_OFFLINE:-1}"
export NO_COLOR=1

exec node bin/sandbox.js grade --gradescope --gradescope-root "$ROOT" --task ${JSON.stringify(taskId)}
`;
}
