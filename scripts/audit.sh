#!/usr/bin/env bash
# pip-audit over requirements.txt (and what it pulls in), called by .ci/run before `make test`.
#
# A known vulnerability fails CI (exit 1). An advisory database that cannot be reached does not:
# the script says "pip-audit skipped: ..." and exits 0. Reachability is tested first, with a short
# timeout, by asking PyPI's JSON API (pip-audit's advisory service) for the first pinned package:
# a proxy or mirror that answers without that release (a 404) cannot audit anything either.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-.venv/bin}
REQUIREMENTS=${1:-requirements.txt}
SERVICE=${PIP_AUDIT_SERVICE_URL:-https://pypi.org/pypi}

skip() { echo "pip-audit skipped: the advisory database is unreachable ($1)"; exit 0; }

# The first "name==version" line: its release page must answer with its vulnerabilities.
pin=$(grep -m1 -E '^[A-Za-z0-9._-]+==[^ ;#]+' "$REQUIREMENTS" | sed -E 's/[ ;#].*//') || true
[ -n "$pin" ] || { echo "scripts/audit.sh: no pinned requirement in $REQUIREMENTS" >&2; exit 1; }
probe="$SERVICE/${pin%%==*}/${pin#*==}/json"
code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "$probe" 2>/dev/null) || code=${code:-000}
case "$code" in
  200) ;;
  000) skip "no answer from $probe within 5 s" ;;
  *) skip "HTTP $code from $probe" ;;
esac

report=$(mktemp)
errors=$(mktemp)
trap 'rm -f "$report" "$errors"' EXIT
if "$BIN/pip-audit" -r "$REQUIREMENTS" --timeout 15 --progress-spinner off -f json -o "$report" 2>"$errors"; then
  status=0
else
  status=$?
fi

# What pip-audit found (vulnerable packages, and any it could not look up), in words.
found=$("$BIN/python" - "$report" <<'EOF'
import json
import sys

try:
    with open(sys.argv[1], encoding="utf-8") as report:
        dependencies = json.load(report)["dependencies"]
except (OSError, ValueError, KeyError):
    sys.exit(0)  # no report: pip-audit failed before auditing
for dependency in dependencies:
    for vulnerability in dependency.get("vulns", []):
        fixes = ", ".join(vulnerability.get("fix_versions", [])) or "none yet"
        print(f"VULNERABLE {dependency['name']} {dependency.get('version', '')}: {vulnerability['id']} (fixed in {fixes})")
    if dependency.get("skip_reason"):
        print(f"NOT AUDITED {dependency['name']}: {dependency['skip_reason']}")
audited = sum(1 for dependency in dependencies if not dependency.get("skip_reason"))
print(f"AUDITED {audited} of {len(dependencies)}")
EOF
)
[ -z "$found" ] || grep -v '^AUDITED' <<<"$found" || true

if grep -q '^VULNERABLE' <<<"$found"; then
  echo "pip-audit: known vulnerabilities in $REQUIREMENTS (above); upgrade the pins." >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  # Failed without finding a vulnerability: a network failure mid-audit is a skip, anything else fails.
  if grep -qiE 'connection|timed? ?out|temporary failure|name resolution|service ?error|HTTPError|SSLError' "$errors"; then
    skip "$(grep -iE -m1 'connection|timed? ?out|temporary failure|name resolution|service ?error|HTTPError|SSLError' "$errors" | cut -c1-200)"
  fi
  cat "$errors" >&2
  exit "$status"
fi
counts=$(grep -m1 '^AUDITED' <<<"$found" | cut -d' ' -f2-)
if [ "${counts%% *}" = 0 ]; then
  skip "it could look up none of the ${counts##* } packages"
fi
echo "pip-audit: no known vulnerabilities in $REQUIREMENTS ($counts packages audited)."
