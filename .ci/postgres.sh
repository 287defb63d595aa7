# Sourced by .ci/run: start_test_postgres / stop_test_postgres (a throwaway cluster for the tests).
# Sets WALLET_OPS_TEST_PG=postgres://postgres@127.0.0.1:<port>/postgres.

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_test_postgres() {
  local bin port
  bin=$(pg_bin)
  [ -n "$bin" ] || return 1
  TEST_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/wallet-ops-pg.XXXXXX")
  [ "$(id -u)" -eq 0 ] && chown postgres "$TEST_PG_DIR"
  port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  as_pg_owner "$bin/initdb" -D "$TEST_PG_DIR/data" -A trust -U postgres -E UTF8 --no-locale >"$TEST_PG_DIR/initdb.log" 2>&1 ||
    { cat "$TEST_PG_DIR/initdb.log"; return 1; }
  # fsync off: the cluster is thrown away; the tests measure behaviour, not durability.
  as_pg_owner "$bin/pg_ctl" -D "$TEST_PG_DIR/data" -l "$TEST_PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $TEST_PG_DIR -c fsync=off -c max_connections=200" start >/dev/null ||
    { cat "$TEST_PG_DIR/server.log"; return 1; }
  TEST_PG_BIN=$bin
  export WALLET_OPS_TEST_PG="postgres://postgres@127.0.0.1:$port/postgres"
}

stop_test_postgres() {
  [ -n "${TEST_PG_DIR:-}" ] || return 0
  as_pg_owner "$TEST_PG_BIN/pg_ctl" -D "$TEST_PG_DIR/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$TEST_PG_DIR"
}
