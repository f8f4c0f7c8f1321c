#!/usr/bin/env bash
# Builds SiteReady once and runs every test suite against real servers on 127.0.0.1:
#   1. the integration suite on SQLite,
#   2. the same suite on a private PostgreSQL 15 cluster started here,
#   3. the browser tests in Chromium.
# An SMTP sink (maildev) and an S3-compatible store (s3rver) run for the whole time. On a fresh
# Debian 12 machine it installs what is missing (as root). Every server it starts is stopped by its
# PID on any exit.
#
# Ends with one line "N passed, M failed" summed over the TRX results of all runs. A run that
# reports nothing (no TRX, no tests, or a non-zero exit without a failed test) and a failed build
# each count as one failure. Exits non-zero when anything failed.
set -euo pipefail

SECONDS=0
cd "$(dirname "${BASH_SOURCE[0]}")"
root=$PWD
results="$root/artifacts/test-results"
pg_bin=/usr/lib/postgresql/15/bin
maildev_bin="$root/test-servers/node_modules/.bin/maildev"
s3rver_bin="$root/test-servers/node_modules/.bin/s3rver"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
is_root() { [[ $(id -u) -eq 0 ]]; }

# ---------------------------------------------------------------- what a fresh machine lacks
apt_updated=false
apt_install() {
    if ! is_root; then
        warn "not root: cannot apt-get install $*"
        return 1
    fi
    if ! $apt_updated; then
        apt-get update
        apt_updated=true
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
    step "Installing Chromium"
    apt_install chromium chromium-driver || warn "browser tests need /usr/bin/chromium and /usr/bin/chromedriver"
fi

if [[ ! -x $pg_bin/initdb || ! -x $pg_bin/pg_ctl ]]; then
    step "Installing PostgreSQL 15"
    # The package would start a cluster of its own on 5432; keep services down while installing.
    made_policy=false
    if is_root && [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        made_policy=true
    fi
    apt_install postgresql-15 || warn "the PostgreSQL suite needs $pg_bin"
    if $made_policy; then rm -f /usr/sbin/policy-rc.d; fi
fi

if ! command -v npm >/dev/null; then
    step "Installing Node.js"
    apt_install nodejs npm || warn "the SMTP and S3 tests need npm to install maildev and s3rver"
fi

# npm ci writes node_modules/.package-lock.json; a newer package-lock.json means the pins changed.
if command -v npm >/dev/null &&
    [[ ! -x $maildev_bin || ! -x $s3rver_bin || test-servers/package-lock.json -nt test-servers/node_modules/.package-lock.json ]]; then
    step "Installing test servers (npm ci)"
    (cd test-servers && npm ci --no-audit --no-fund)
fi

# ---------------------------------------------------------------- servers, stopped on any exit
tmp=$(mktemp -d /tmp/siteready-test.XXXXXX)
chmod 711 "$tmp" # the postgres user reaches its own folder inside
maildev_pid=""
s3rver_pid=""
built=false

# shellcheck source=scripts/private-postgres.sh
. "$root/scripts/private-postgres.sh"

cleanup() {
    set +e
    if [[ -n $maildev_pid ]]; then
        kill "$maildev_pid" 2>/dev/null
        wait "$maildev_pid" 2>/dev/null
        maildev_pid=""
    fi
    if [[ -n $s3rver_pid ]]; then
        kill "$s3rver_pid" 2>/dev/null
        wait "$s3rver_pid" 2>/dev/null
        s3rver_pid=""
    fi
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

# True when an HTTP server on the port answers GET $2 with 200.
http_ok() (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
    IFS= read -r -t 2 line <&3 || exit 1
    [[ $line == "HTTP/1."?" 200"* ]]
) 2>/dev/null

start_maildev() {
    local smtp web
    [[ -x $maildev_bin ]] || { warn "maildev is not installed (npm ci in test-servers/)"; return 1; }
    mkdir "$tmp/mail"
    for _ in 1 2 3; do
        smtp=$(free_port)
        web=$(free_port)
        [[ $smtp != "$web" ]] || continue
        "$maildev_bin" --ip 127.0.0.1 --smtp "$smtp" --web "$web" --mail-directory "$tmp/mail" --silent >"$tmp/maildev.log" 2>&1 &
        maildev_pid=$!
        for _ in {1..150}; do # 15 s
            kill -0 "$maildev_pid" 2>/dev/null || break
            if is_listening "$smtp" && http_ok "$web" /healthz; then
                export SITEREADY_TEST_SMTP_PORT=$smtp
                export SITEREADY_TEST_MAILDEV_URL="http://127.0.0.1:$web"
                echo "maildev: SMTP 127.0.0.1:$smtp, API $SITEREADY_TEST_MAILDEV_URL (pid $maildev_pid)"
                return 0
            fi
            sleep 0.1
        done
        kill "$maildev_pid" 2>/dev/null
        wait "$maildev_pid" 2>/dev/null || true
        maildev_pid=""
    done
    cat "$tmp/maildev.log" >&2
    return 1
}

# s3rver's one account is S3RVER/S3RVER; the bucket is created at start-up.
start_s3rver() {
    local port bucket=siteready-test
    [[ -x $s3rver_bin ]] || { warn "s3rver is not installed (npm ci in test-servers/)"; return 1; }
    for _ in 1 2 3; do
        port=$(free_port)
        rm -rf "$tmp/s3"
        mkdir "$tmp/s3"
        "$s3rver_bin" --address 127.0.0.1 --port "$port" --directory "$tmp/s3" --configure-bucket "$bucket" --silent >"$tmp/s3rver.log" 2>&1 &
        s3rver_pid=$!
        for _ in {1..150}; do # 15 s
            kill -0 "$s3rver_pid" 2>/dev/null || break
            if http_ok "$port" "/$bucket"; then
                export SITEREADY_TEST_S3_URL="http://127.0.0.1:$port"
                export SITEREADY_TEST_S3_BUCKET=$bucket SITEREADY_TEST_S3_ACCESS_KEY=S3RVER SITEREADY_TEST_S3_SECRET_KEY=S3RVER
                echo "s3rver: $SITEREADY_TEST_S3_URL, bucket $bucket (pid $s3rver_pid)"
                return 0
            fi
            sleep 0.1
        done
        kill "$s3rver_pid" 2>/dev/null
        wait "$s3rver_pid" 2>/dev/null || true
        s3rver_pid=""
    done
    cat "$tmp/s3rver.log" >&2
    return 1
}

# ---------------------------------------------------------------- build once
setup_failures=0
step "Restoring and building"
rm -rf "$results"
mkdir -p "$results"
built=true
build_began=$SECONDS
restore=(dotnet restore SiteReady.slnx)
if [[ ${CI:-} == true ]]; then restore+=(--locked-mode); fi
if ! "${restore[@]}" || ! dotnet build SiteReady.slnx -c Release --no-restore; then
    cleanup
    echo "The build failed: no tests ran."
    echo "Wall time: $((SECONDS / 60))m $((SECONDS % 60))s"
    echo "0 passed, 1 failed"
    exit 1
fi
echo "Built in $((SECONDS - build_began))s"

step "Starting servers"
if start_postgres "max_connections = 300"; then
    export SITEREADY_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=20"
else
    warn "PostgreSQL did not start"
    setup_failures=$((setup_failures + 1))
fi
start_maildev || { warn "maildev did not start"; setup_failures=$((setup_failures + 1)); }
start_s3rver || { warn "s3rver did not start"; setup_failures=$((setup_failures + 1)); }

# ---------------------------------------------------------------- test runs (all run, whatever fails)
mkdir "$tmp/tmp" # the tests' temporary files (SQLite databases, app data) go with the rest on exit
runs=()
declare -A exit_codes=() durations=()

run_tests() { # name project [VAR=value...]
    local name=$1 project=$2 rc=0 began=$SECONDS
    shift 2
    step "Tests: $name"
    env TMPDIR="$tmp/tmp" "$@" dotnet test "$project" -c Release --no-build \
        --logger "trx;LogFileName=$name.trx" --results-directory "$results" || rc=$?
    runs+=("$name")
    exit_codes[$name]=$rc
    durations[$name]=$((SECONDS - began))
}

run_tests sqlite tests/SiteReady.Tests SITEREADY_TEST_PROVIDER=sqlite
run_tests postgres tests/SiteReady.Tests SITEREADY_TEST_PROVIDER=postgres
run_tests browser tests/SiteReady.BrowserTests

cleanup

# ---------------------------------------------------------------- results
counter() { # attribute of the <Counters> element of a TRX file, 0 when absent
    local value
    value=$(grep -o '<Counters [^>]*>' "$2" | head -1 | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p")
    echo "${value:-0}"
}

passed=0
failed=$setup_failures
step "Results (TRX files in ${results#"$root"/})"
for name in "${runs[@]}"; do
    trx="$results/$name.trx"
    rc=${exit_codes[$name]}
    if [[ ! -f $trx ]] || ! grep -q '<Counters ' "$trx"; then
        printf '%-9s no results (exit %s)\n' "$name" "$rc"
        failed=$((failed + 1))
        continue
    fi
    total=$(counter total "$trx")
    ok=$(counter passed "$trx")
    bad=$(($(counter failed "$trx") + $(counter error "$trx") + $(counter timeout "$trx") + $(counter aborted "$trx")))
    note=""
    if ((bad == 0 && rc != 0)); then
        note="  exited $rc without a failed test"
        bad=1
    elif ((total == 0)); then
        if [[ $name == browser ]]; then
            note="  (no browser tests yet)"
        else
            note="  ran no tests"
            bad=1
        fi
    fi
    printf '%-9s %4s total %4s passed %4s failed  %3ss%s\n' "$name" "$total" "$ok" "$bad" "${durations[$name]}" "$note"
    passed=$((passed + ok))
    failed=$((failed + bad))
done
if ((setup_failures > 0)); then echo "server start-up failures: $setup_failures"; fi

echo "Wall time: $((SECONDS / 60))m $((SECONDS % 60))s"
echo "$passed passed, $failed failed"
((failed == 0))
