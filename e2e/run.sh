#!/usr/bin/env bash
# The browser tests of the web client, from a clean clone: installs what is missing
# (Chromium from Debian, playwright-core from npm), builds the server, runs the tests.
# Screenshots land in e2e/target/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
  echo "e2e: installing Chromium (Debian package chromium)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium
fi

if [ ! -d e2e/node_modules/playwright-core ]; then
  (cd e2e && npm install --no-audit --no-fund --loglevel=error)
fi

# The server the tests start: chat-app's runnable jar (the Maven tests run separately, in `mvn verify`).
mvn -q -B -Dstyle.color=never -DskipTests -pl chat-app -am package

cd e2e
exec node --test --test-reporter=spec tests/
