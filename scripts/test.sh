#!/usr/bin/env bash
# The README's test command (npm test). Runs the unit specs, then every e2e test on SQLite and,
# when PostgreSQL is reachable, again on PostgreSQL, then the browser suite (Playwright driving
# Debian's chromium against the built server and web app). Ends with one "N passed, N failed" line.
set -u
cd "$(dirname "$0")/.."
export NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}"
export NODE_ENV=test
out=$(mktemp -d)
status=0

run() { # name, jest args...
  local name=$1; shift
  echo "== $name"
  npx jest "$@" --json --outputFile="$out/$name.json" || status=1
}

echo "== build (the e2e tests run the compiled CLI; the browser suite the built web app)"
npx tsc -p tsconfig.build.json || status=1
npx vite build --config web/vite.config.ts --logLevel warn || status=1
npx vue-tsc -p web/tsconfig.json || status=1 # the web app's TypeScript, .vue files included (Vite only strips types)

run unit --selectProjects unit
DUCHA_TEST_DB=sqlite run e2e-sqlite --selectProjects e2e --runInBand --forceExit

pg_url=${DUCHA_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}
if node -e "const c=new (require('pg').Client)({connectionString:process.argv[1]});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))" "$pg_url" 2>/dev/null; then
  DUCHA_TEST_DB=postgres DUCHA_TEST_PG_URL=$pg_url run e2e-postgres --selectProjects e2e --runInBand --forceExit
else
  echo "== PostgreSQL not reachable at $pg_url: e2e on PostgreSQL skipped"
fi

echo "== browser (Playwright, $(command -v chromium || echo 'no chromium'))"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PW_JSON_OUTPUT="$out/browser.pw.json" \
  npx playwright test -c test/browser/playwright.config.ts || status=1
if [ ! -s "$out/browser.pw.json" ]; then
  echo '{"stats":{"expected":0,"unexpected":1,"flaky":0}}' >"$out/browser.pw.json" # the suite did not run: count it failed
fi

node -e '
const fs = require("fs"), path = require("path");
let passed = 0, failed = 0;
for (const f of fs.readdirSync(process.argv[1])) {
  if (f.endsWith(".pw.json")) { // Playwright JSON reporter
    const s = JSON.parse(fs.readFileSync(path.join(process.argv[1], f), "utf8")).stats;
    const ok = s.expected + (s.flaky || 0), bad = s.unexpected;
    passed += ok; failed += bad;
    console.log(`${f.replace(".pw.json", "")}: ${ok} passed, ${bad} failed`);
    continue;
  }
  const r = JSON.parse(fs.readFileSync(path.join(process.argv[1], f), "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
  console.log(`${f.replace(".json", "")}: ${r.numPassedTests} passed, ${r.numFailedTests} failed (${r.numTotalTestSuites} suites)`);
}
console.log(`${passed} passed, ${failed} failed`);
if (failed) process.exitCode = 1;
' "$out" || status=1
rm -rf "$out"
exit $status
