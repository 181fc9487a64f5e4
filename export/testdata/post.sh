#!/bin/sh
# Posts a deploysim export to DevLake's webhook plugin: 11 deployments and
# 2 incidents of epic-vs-continuous, arm continuous-delivery, seed 1, replication 47.
#
#   sh post.sh URL API_KEY
#
# URL is the webhook connection's endpoint as DevLake shows it, e.g.
#   https://devlake.example.com/api/rest/plugins/webhook/connections/1
# and API_KEY the key DevLake generated for it. Add the webhook connection
# to a DevLake project, post, then run the project's pipeline (the dora
# plugin attributes incidents to deployments). In Grafana select the
# absolute range 2026-03-01 23:00:00 to 2026-03-15 22:59:59 (UTC).
# A webhook import carries no pull requests: DevLake's lead time shows N/A
# (export --to devlake-sql loads them).
set -eu
[ $# -eq 2 ] || { echo "usage: sh post.sh URL API_KEY" >&2; exit 2; }
url=${1%/}
key=$2
dir=$(dirname "$0")
post() {
	curl -fsS -X POST "$url/$1" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' --data-binary "$2" >/dev/null
}
n=0
while IFS= read -r body; do post deployments "$body"; n=$((n + 1)); done < "$dir/deployments.ndjson"
echo "posted $n deployments" >&2
n=0
while IFS= read -r body; do post issues "$body"; n=$((n + 1)); done < "$dir/incidents.ndjson"
echo "posted $n incidents" >&2
