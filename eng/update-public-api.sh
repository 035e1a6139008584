#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to PublicAPI.Unshipped.txt
# of the given project, and removes declared symbols that no longer exist (RS0017). Review the diff after.
set -euo pipefail
project_dir=${1:?usage: eng/update-public-api.sh src/Project}
file="$project_dir/PublicAPI.Unshipped.txt"
[ -f "$file" ] || { echo "no $file: the project does not track its public API"; exit 1; }
log=$(mktemp)
next=$(mktemp)
dotnet build "$project_dir" --no-incremental -p:TreatWarningsAsErrors=false 2>&1 > "$log" || true
added=$(grep -oE "warning RS0016: Symbol '.*' is not part of the declared public API" "$log" | sed -E "s/warning RS0016: Symbol '(.*)' is not part of the declared public API/\1/" | sort -u || true)
removed=$(grep -oE "warning RS0017: Symbol '.*' is part of the declared API, but is either not public or could not be found" "$log" | sed -E "s/warning RS0017: Symbol '(.*)' is part of the declared API.*/\1/" | sort -u || true)
{
  echo '#nullable enable'
  { grep -v '^#nullable' "$file" || true; [ -n "$added" ] && printf '%s\n' "$added"; } | grep -v '^$' | grep -vxF -f <(printf '%s\n' "$removed" | grep -v '^$' || echo '@@none@@') | LC_ALL=C sort -u
} > "$next"
mv "$next" "$file"
rm -f "$log"
echo "updated $file: $(grep -vc '^#nullable' "$file") symbols"
