#!/usr/bin/env bash
# Time from process start to exit, and peak memory, of `vps-snapshots --emulator list -o json`:
# the Native AOT binary and the dotnet tool (framework-dependent), median of N runs (default 9).
# Usage: eng/measure-cli-startup.sh [runs]      (builds both into artifacts/cli-measure first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
out=artifacts/cli-measure
if [ "${SKIP_BUILD:-}" != 1 ]; then
  rm -rf "$out"
  dotnet publish src/VpsOrg.Snapshots.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$out/aot" > "$out.aot.log" 2>&1 || { tail -20 "$out.aot.log"; exit 1; }
  dotnet publish src/VpsOrg.Snapshots.Cli -c Release -o "$out/tool" > "$out.tool.log" 2>&1 || { tail -20 "$out.tool.log"; exit 1; }
fi

measure() { # label, command...
  local label=$1; shift
  local times=() peaks=()
  for _ in $(seq "$runs"); do
    local start end peak
    start=$EPOCHREALTIME
    "$@" > /dev/null 2>&1
    end=$EPOCHREALTIME
    times+=("$(awk -v s="$start" -v e="$end" 'BEGIN {print (e - s) * 1000}')")
    # Peak resident memory from a second run under GNU time (its own start-up would blur the timing above).
    /usr/bin/time -f '%M' -o "$out/peak.txt" "$@" > /dev/null 2>&1
    peaks+=("$(awk '{print $1 / 1024}' "$out/peak.txt")")
  done
  local mt mp
  mt=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mp=$(printf '%s\n' "${peaks[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-28s median %6.0f ms   peak memory %5.1f MB   (%d runs)\n' "$label" "$mt" "$mp" "$runs"
}

printf 'binary size: %s\n' "$(du -h "$out/aot/vps-snapshots" | cut -f1)"
measure "AOT binary" "$out/aot/vps-snapshots" --emulator list -o json
measure "dotnet tool (JIT)" dotnet "$out/tool/vps-snapshots.dll" --emulator list -o json
