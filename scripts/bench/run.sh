#!/usr/bin/env bash
# The load test of docs/performance.md, in one command:
#
#   scripts/bench/run.sh [-d SECONDS] [-e "sqlite postgres"]
#
# For each engine it builds the development-heavy data set (zhibu gen
# --dev-heavy: six branches, about a thousand people in development, a
# third of their files waiting for the superior), starts zhibu pinned to
# core 0 with taskset, and drives it from core 1 with wrk: the issue's seven
# operations (32 connections; the write at 8) and the superior's pages (64
# connections, logged in), then the floors on the same core: a bare net/http
# handler and the raw SQL count of held meetings per org per month
# (scripts/benchfloor). It prints one table: RPS, p50, p95, p99, errors and
# zhibu's peak RSS so far. PostgreSQL needs ZHIBU_BENCH_POSTGRES (a DSN; a
# schema is made in it and dropped after), else it is left out.
#
# Needs wrk (apt-get install wrk), taskset, curl, python3, and two cores.
set -euo pipefail

DUR=10
ENGINES="sqlite postgres"
while getopts "d:e:" opt; do
	case $opt in
	d) DUR=$OPTARG ;;
	e) ENGINES=$OPTARG ;;
	*) echo "usage: $0 [-d SECONDS] [-e \"sqlite postgres\"]" >&2; exit 2 ;;
	esac
done

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/scripts/bench
WORK=$(mktemp -d /tmp/zhibu-bench.XXXXXX)
PIDS=()
SCHEMA=""
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	if [ -n "$SCHEMA" ]; then psql -q "$ZHIBU_BENCH_POSTGRES" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT

for tool in wrk taskset curl python3; do
	command -v $tool >/dev/null || { echo "需要 $tool（apt-get install $tool）" >&2; exit 1; }
done

echo "building zhibu and benchfloor…" >&2
(cd "$ROOT" && CGO_ENABLED=0 go build -o "$WORK/zhibu" ./cmd/zhibu && CGO_ENABLED=0 go build -o "$WORK/benchfloor" ./scripts/benchfloor)

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_up() { # url
	for _ in $(seq 1 300); do
		curl -fs -o /dev/null "$1" && return 0
		sleep 0.2
	done
	echo "server did not start: $1" >&2
	exit 1
}

ROWS=()
row() { # engine, operation, connections, RESULT line, rss MB
	read -r _ reqs rps p50 p95 p99 errs <<<"$4"
	ROWS+=("$(printf '%-8s %-44s %4s %9s %9s %9s %9s %7s %7s' "$1" "$2" "$3" "$rps" "$p50" "$p95" "$p99" "$errs" "$5")")
}

peak_rss() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

load() { # engine, label, connections, url, [wrk args…]
	local engine=$1 label=$2 conns=$3 url=$4
	shift 4
	local out
	out=$(taskset -c 1 wrk -t1 -c"$conns" -d"${DUR}s" --timeout 10s -s "$HERE/report.lua" "$@" "$url" | grep '^RESULT' || echo "RESULT 0 0 0 0 0 -1")
	row "$engine" "$label" "$conns" "$out" "$(peak_rss "$SERVER")"
}

for engine in $ENGINES; do
	keys=$WORK/keys-$engine
	if [ "$engine" = postgres ]; then
		if [ -z "${ZHIBU_BENCH_POSTGRES:-}" ]; then
			echo "PostgreSQL left out: set ZHIBU_BENCH_POSTGRES" >&2
			continue
		fi
		SCHEMA=zb_bench_$$
		psql -q "$ZHIBU_BENCH_POSTGRES" -c "CREATE SCHEMA $SCHEMA" >/dev/null
		sep='?'
		case $ZHIBU_BENCH_POSTGRES in *\?*) sep='&' ;; esac
		db="$ZHIBU_BENCH_POSTGRES${sep}search_path=$SCHEMA"
	else
		db=$WORK/dev.db
	fi
	echo "[$engine] generating the development-heavy set…" >&2
	"$WORK/zhibu" migrate --db "$db" --keys "$keys" >/dev/null
	gen=$("$WORK/zhibu" gen --dev-heavy --db "$db" --keys "$keys" 2>/dev/null)
	superior=$(sed -n 's/.*人员编号 \([0-9]*\).*/\1/p' <<<"$gen")
	pw=$WORK/password
	echo 'Bench-Load-Test-2026!' >"$pw"
	"$WORK/zhibu" user add sup --person "$superior" --password-file "$pw" --db "$db" --keys "$keys" >/dev/null
	token=$("$WORK/zhibu" token create --user sup --name 压测 --db "$db" --keys "$keys" 2>/dev/null)

	addr=127.0.0.1:$(port)
	taskset -c 0 "$WORK/zhibu" serve --db "$db" --keys "$keys" --addr "$addr" >"$WORK/serve-$engine.log" 2>&1 &
	SERVER=$!
	PIDS+=("$SERVER")
	base=http://$addr
	wait_up "$base/healthz"
	auth=(-H "Authorization: Bearer $token")
	get() { curl -fs "${auth[@]}" "$base$1"; }
	me=$(get /api/v1/me)
	root=$(get /api/v1/orgs | python3 -c 'import json,sys; print([o["id"] for o in json.load(sys.stdin)["orgs"] if o["code"]=="GEN"][0])')
	branch=$(get /api/v1/orgs | python3 -c 'import json,sys; print([o["id"] for o in json.load(sys.stdin)["orgs"] if o["code"]=="G00002"][0])')
	person=$(get "/api/v1/orgs/$branch/development?stage=probationary" | python3 -c 'import json,sys; f=json.load(sys.stdin)["files"]; print(max(f, key=lambda x: x["steps"])["person"]["id"])')
	get /api/v1/development/pending | python3 -c '
import json, sys, datetime
today = datetime.date.today().isoformat()
seen = set()
for x in json.load(sys.stdin)["pending"]:
    if x["person_id"] not in seen:
        seen.add(x["person_id"])
        print(x["person_id"], x["step"], today)' >"$WORK/items"
	curl -fs -c "$WORK/jar" -o /dev/null -d login=sup --data-urlencode "password=$(cat "$pw")" "$base/login"
	cookie=$(awk '$6 ~ /zhibu_session/ {print $6"="$7}' "$WORK/jar")
	session=(-H "Cookie: $cookie")
	[ -n "$me" ] && [ -n "$cookie" ] || { echo "[$engine] could not log in" >&2; exit 1; }

	echo "[$engine] load…" >&2
	load "$engine" "health (/healthz)" 32 "$base/healthz"
	load "$engine" "who am I (token, /api/v1/me)" 32 "$base/api/v1/me" "${auth[@]}"
	load "$engine" "list ~1,000 in development (API)" 32 "$base/api/v1/orgs/$root/development" "${auth[@]}"
	load "$engine" "one branch's files (API)" 32 "$base/api/v1/orgs/$branch/development" "${auth[@]}"
	load "$engine" "one person's file (API)" 32 "$base/api/v1/people/$person/development" "${auth[@]}"
	load "$engine" "one person's file (HTML)" 32 "$base/people/$person/development" "${session[@]}"
	load "$engine" "superior's queue (API)" 32 "$base/api/v1/development/pending" "${auth[@]}"
	load "$engine" "superior's queue (HTML)" 64 "$base/terms/approvals" "${session[@]}"
	load "$engine" "superior's duties (HTML)" 64 "$base/duties" "${session[@]}"
	load "$engine" "bureau's development (HTML)" 64 "$base/orgs/$root/development" "${session[@]}"
	load "$engine" "bureau's matrix (HTML)" 64 "$base/orgs/$root/matrix" "${session[@]}"
	load "$engine" "branch calendar (HTML)" 64 "$base/orgs/$branch/compliance" "${session[@]}"
	load "$engine" "branch dues (HTML)" 64 "$base/orgs/$branch/dues" "${session[@]}"
	out=$(ITEMS=$WORK/items taskset -c 1 wrk -t1 -c8 -d"${DUR}s" --timeout 10s -s "$HERE/approve.lua" "${auth[@]}" "$base/" | grep '^RESULT' || echo "RESULT 0 0 0 0 0 -1")
	row "$engine" "approve a step (write, $(wc -l <"$WORK/items") files)" 8 "$out" "$(peak_rss "$SERVER")"
	kill "$SERVER"
	wait "$SERVER" 2>/dev/null || true

	faddr=127.0.0.1:$(port)
	taskset -c 0 "$WORK/benchfloor" -addr "$faddr" -db "$db" -year 2026 >"$WORK/floor-$engine.log" 2>&1 &
	SERVER=$!
	PIDS+=("$SERVER")
	wait_up "http://$faddr/bare"
	load "$engine" "floor: bare net/http handler" 32 "http://$faddr/bare"
	load "$engine" "floor: raw SQL held meetings/org/month" 32 "http://$faddr/sql"
	kill "$SERVER"
	wait "$SERVER" 2>/dev/null || true
	if [ "$engine" = postgres ]; then
		psql -q "$ZHIBU_BENCH_POSTGRES" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null
		SCHEMA=""
	fi
done

printf '%-8s %-44s %4s %9s %9s %9s %9s %7s %7s\n' engine operation conn RPS p50_ms p95_ms p99_ms errors RSS_MB
for r in "${ROWS[@]}"; do echo "$r"; done
echo "(wrk -t1 -d${DUR}s from core 1; zhibu and the floors on core 0; RSS: zhibu's peak so far, or the floor's)"
