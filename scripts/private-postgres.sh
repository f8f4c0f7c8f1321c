# shellcheck shell=bash
# A throw-away PostgreSQL cluster for test and benchmark runs, sourced by test.sh and bench/run.sh.
# The caller sets $tmp (a folder the postgres user can reach: chmod 711) and $pg_bin before calling.
#
#   start_postgres "extra postgresql.conf lines"   → $pg_port, $pg_pid, $pg_data; 127.0.0.1 only
#   stop_postgres                                  → stopped by its data folder, or its PID

pg_data=""
pg_pid=""
pg_port=""

is_root() { [[ $(id -u) -eq 0 ]]; }

# Runs a PostgreSQL tool as the postgres user when root (initdb refuses root), from a folder it can read.
as_pg() (
    cd "$tmp"
    if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
)

is_listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A port below Linux's ephemeral range that nothing listens on; start-up retries if another process wins it.
free_port() {
    local port
    for _ in {1..100}; do
        port=$((20000 + RANDOM % 12000))
        if ! is_listening "$port"; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

start_postgres() {
    local dir="$tmp/pg" port
    [[ -x $pg_bin/initdb ]] || { echo "PostgreSQL 15 is missing ($pg_bin); ./test.sh installs it" >&2; return 1; }
    mkdir "$dir"
    if is_root; then chown postgres: "$dir"; fi
    pg_data="$dir/data"
    if ! as_pg "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        return 1
    fi
    # The data is thrown away, so durability is off.
    cat >>"$pg_data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
$1
CONF
    printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$pg_data/pg_hba.conf"
    for _ in 1 2 3; do
        port=$(free_port)
        if as_pg "$pg_bin/pg_ctl" start -D "$pg_data" -l "$dir/server.log" -o "-p $port" -w -t 60 -s; then
            pg_pid=$(head -1 "$pg_data/postmaster.pid")
            pg_port=$port
            echo "PostgreSQL on 127.0.0.1:$port (pid $pg_pid)"
            return 0
        fi
    done
    cat "$dir/server.log" >&2
    return 1
}

stop_postgres() {
    if [[ -n $pg_pid ]]; then
        as_pg "$pg_bin/pg_ctl" stop -D "$pg_data" -m fast -s || kill "$pg_pid" 2>/dev/null
        pg_pid=""
    fi
}
