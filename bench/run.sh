#!/usr/bin/env bash
# Builds the benchmarks in Release and runs them on SQLite, then on a private PostgreSQL 15 cluster
# started here (127.0.0.1, a free port, durability off as in test.sh, stopped by its PID on any exit).
#
#   bench/run.sh                       every benchmark, both engines
#   bench/run.sh list --rows 100000    one benchmark; options pass through to SiteReady.Bench
#   bench/run.sh all --provider sqlite one engine only
#
# Each engine's output is kept in artifacts/bench/; the result lines of both are printed at the end.
# Exits non-zero when a benchmark run fails.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
pg_bin=/usr/lib/postgresql/15/bin
dll=bench/SiteReady.Bench/bin/Release/net10.0/SiteReady.Bench.dll
out="$root/artifacts/bench"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bench=all
if [[ $# -gt 0 && $1 != -* ]]; then
    bench=$1
    shift
fi
providers=(sqlite postgres)
passthrough=()
while [[ $# -gt 0 ]]; do
    if [[ $1 == --provider && $# -ge 2 ]]; then
        providers=("$2")
        shift 2
    else
        passthrough+=("$1")
        shift
    fi
done

step() { printf '\n==> %s\n' "$*"; }

tmp=$(mktemp -d /tmp/siteready-bench.XXXXXX)
chmod 711 "$tmp" # the postgres user reaches its own folder inside
built=false

# shellcheck source=../scripts/private-postgres.sh
. "$root/scripts/private-postgres.sh"

cleanup() {
    set +e
    stop_postgres
    if $built; then
        dotnet build-server shutdown >/dev/null 2>&1
        built=false
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir "$tmp/tmp"

step "Building (Release)"
built=true
dotnet build bench/SiteReady.Bench -c Release

mkdir -p "$out"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
machine="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME")"
echo "Machine: $machine; commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown); $(date -u '+%Y-%m-%d %H:%M UTC')"

failed=0
logs=()
for provider in "${providers[@]}"; do
    if [[ $provider == postgres && -z $pg_pid ]]; then
        step "Starting PostgreSQL"
        # The buffer cache is sized for the data, as on a server.
        if ! start_postgres $'max_connections = 100\nshared_buffers = 1GB'; then
            echo "PostgreSQL did not start" >&2
            failed=$((failed + 1))
            continue
        fi
        export SITEREADY_BENCH_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=20"
    fi
    log="$out/$stamp-$provider.txt"
    logs+=("$log")
    step "Benchmarks on $provider: dotnet $dll $bench --provider $provider ${passthrough[*]}"
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$log"
    # The bench databases (gigabytes at a million rows) go with the rest on exit, even after a crash.
    if ! TMPDIR="$tmp/tmp" dotnet "$dll" "$bench" --provider "$provider" "${passthrough[@]}" 2>&1 | tee -a "$log"; then
        failed=$((failed + 1))
    fi
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
done

cleanup

step "Results ($machine; logs in ${out#"$root"/})"
for log in "${logs[@]}"; do
    grep -E '^  [a-z]+ +(sqlite|postgres) ' "$log" || echo "(no results in ${log#"$root"/})"
done
exit $((failed > 0))
