#!/usr/bin/env bash
# The project's one test command (`npm test`): every vitest test that can run on this machine,
# then the end-to-end tests (Playwright), then one line `N passed, N failed` for CI. Keychain
# code needs a real Secret Service, so on Linux both runs happen inside a private D-Bus session
# with an unlocked gnome-keyring and an isolated HOME (see with_keyring).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --quiet || exit 1

root=$(pwd)
report="$root/.vitest-report.json"

# Everything a test, the local service or a child process puts under the OS temp dir lands in one
# folder for this run, removed at the end however the run ends.
run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/masv-test-run-XXXXXX")
export TMPDIR="$run_tmp"
trap 'rm -rf "$run_tmp"' EXIT
rm -f "$report"
# The working tree's build outputs belong to the user's `npm run build`: tests build into their
# own folders. This guard makes a test that writes into out/ fail the run.
snapshot_out() { node scripts/list-files.mjs "$root/out"; }
out_before=$(snapshot_out)
vitest=("$root/node_modules/.bin/vitest" run --reporter=default --reporter=json --outputFile="$report" "$@")

# Runs a command inside a private D-Bus session with an unlocked gnome-keyring and an isolated
# HOME (Linux), so keychain code meets a real Secret Service and no keyring file lands in the
# real home; elsewhere the system keychain is used as it is.
with_keyring() {
  if [ "$(uname -s)" = "Linux" ] && command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
    local kh rc
    kh=$(mktemp -d)
    mkdir -p "$kh/run" && chmod 700 "$kh/run"
    # Tools that tests run (rclone, aws) keep their config under HOME; the real one stays untouched.
    HOME="$kh" XDG_RUNTIME_DIR="$kh/run" MASV_TEST_KEYRING=gnome-keyring \
      dbus-run-session --dbus-daemon="$root/scripts/quiet-dbus-daemon.sh" -- sh -c \
      'echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"' sh "$@"
    rc=$?
    rm -rf "$kh"
    return $rc
  fi
  "$@"
}

with_keyring "${vitest[@]}"
status=$?

out_guard() {
  if [ "$(snapshot_out)" != "$out_before" ]; then
    echo "npm test changed the working tree's out/ folder; tests must build into their own folders" >&2
    export MASV_TEST_EXTRA_FAILURES=1
  fi
}

# End-to-end tests (Playwright, Debian Chromium, built renderer): on a full run only, since
# arguments name vitest files. Their JSON report is added into the same summary line.
e2e_report="$root/playwright-report/results.json"
rm -f "$e2e_report"
e2e_status=0
if [ "$#" -eq 0 ]; then
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  with_keyring "$root/node_modules/.bin/playwright" test
  e2e_status=$?
  out_guard
  node scripts/print-summary.mjs "$report" "$e2e_report"
else
  out_guard
  node scripts/print-summary.mjs "$report"
fi
summary_status=$?
[ "$status" -ne 0 ] && exit "$status"
[ "$e2e_status" -ne 0 ] && exit "$e2e_status"
exit "$summary_status"
