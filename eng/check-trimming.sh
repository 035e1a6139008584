#!/usr/bin/env bash
# Publishes eng/trim-check (an app that roots VpsOrg.Snapshots with TrimmerRootAssembly) trimmed and as Native AOT,
# and the vps-snapshots tool as Native AOT, and fails on any trim (IL2xxx) or AOT (IL3xxx) warning. Native AOT needs
# clang; without it the AOT steps are reported as skipped and only the trimmed publish (ILLink) is checked.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
status=0
check() {
  local name=$1; shift
  local log="$out/${name//[^a-z]/_}.log"
  local project=$1; shift
  dotnet publish "$project" -c Release -r linux-x64 -o "$out/${name//[^a-z]/_}" "$@" >"$log" 2>&1
  local published=$?
  local warnings
  warnings=$(grep -oE "warning IL[0-9]+:[^[]*" "$log" | sort -u)
  if [ -n "$warnings" ]; then
    echo "$name: IL warnings:"; echo "$warnings"; status=1
  elif [ $published -ne 0 ]; then
    echo "$name: publish failed"; tail -20 "$log"; status=1
  else
    echo "$name: 0 IL warnings"
  fi
}
check "library, trimmed" eng/trim-check -p:TrimCheck=trimmed
if command -v clang >/dev/null 2>&1 || command -v clang-14 >/dev/null 2>&1; then
  check "library, Native AOT" eng/trim-check -p:TrimCheck=aot
  check "vps-snapshots, Native AOT" src/VpsOrg.Snapshots.Cli -p:PublishAot=true
else
  echo "Native AOT: skipped (no clang on this machine)"
fi
rm -rf "$out"
exit $status
