#!/usr/bin/env bash
# Installs (Debian/Ubuntu, apt-get) and starts the servers FlashSale needs, bound to 127.0.0.1,
# with their data under <repo>/.data (git-ignored). Servers already answering on their ports are reused.
#
#   infra/servers.sh start    install if missing, start, wait until each answers
#   infra/servers.sh stop     stop the servers this script started
#   infra/servers.sh status   say which ports answer
#   infra/servers.sh reset    empty Redis and FlashSale's PostgreSQL tables (stop the engine first): a
#                             full-scale launch replay then starts from an empty store, not behind the AOF
#                             rewrite of gigabytes left by earlier runs
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REDIS_PORT="${FLASHSALE_REDIS_PORT:-6379}"
PG_PORT="${FLASHSALE_PG_PORT:-5432}"
RABBIT_PORT="${FLASHSALE_RABBIT_PORT:-5672}"
PG_USER=flashsale PG_PASSWORD=flashsale PG_DB=flashsale
PG_URL="postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"

log() { printf '[servers] %s\n' "$*" >&2; }
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for() { # name port seconds [pid that must stay alive]
  for _ in $(seq 1 "$3"); do
    answers "$2" && { log "$1 answers on 127.0.0.1:$2"; return 0; }
    [ -n "${4:-}" ] && ! kill -0 "$4" 2>/dev/null && { log "$1 exited; see its log under $DATA"; return 1; }
    sleep 1
  done
  log "$1 did not answer on 127.0.0.1:$2 within $3 s; see its log under $DATA"; return 1
}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# As root, PostgreSQL and RabbitMQ run as their own users, who must be able to reach the data folder. A
# checkout under a private home (e.g. /root, mode 700) is out of their reach, so its data goes to /var/tmp.
data_dir() {
  [ -n "${FLASHSALE_DATA_DIR:-}" ] && { echo "$FLASHSALE_DATA_DIR"; return; }
  if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$ROOT"; then
    echo "/var/tmp/flashsale-$(printf '%s' "$ROOT" | md5sum | cut -c1-12)"
  else
    echo "$ROOT/.data"
  fi
}
DATA="$(data_dir)"

rabbitmqctl_ours() { # talks only to this project's node, with the cookie of the user the node runs as
  local home="$HOME"
  [ "$(id -u)" = 0 ] && id rabbitmq >/dev/null 2>&1 && home="$(getent passwd rabbitmq | cut -d: -f6)"
  HOME="$home" PATH="$PATH:/usr/sbin:/usr/lib/rabbitmq/bin" rabbitmqctl -q -n flashsale@localhost "$@"
}

pg_bin() { # PostgreSQL keeps its server binaries off PATH on Debian
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return; }
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

install_missing() {
  local want=()
  command -v redis-server >/dev/null || want+=(redis-server)
  command -v rabbitmq-server >/dev/null || [ -x /usr/sbin/rabbitmq-server ] || want+=(rabbitmq-server)
  [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || want+=(postgresql)
  # Not a server: loadtests' bench cross-checks its own generator with wrk, and a fresh machine has none.
  command -v wrk >/dev/null || want+=(wrk)
  [ ${#want[@]} -eq 0 ] && return
  log "installing ${want[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
  # Debian's packages start system-wide services on the default ports; this project runs its own.
  for svc in redis-server rabbitmq-server postgresql; do as_root service "$svc" stop >/dev/null 2>&1 || true; done
}

start_redis() {
  answers "$REDIS_PORT" && { log "reusing Redis on $REDIS_PORT"; return; }
  mkdir -p "$DATA/redis"
  # AOF with fsync every second: a crash loses at most ~1 s of sales, and Redis is the stock authority.
  # Rewrites start only past 1 GB of log: by default one started every ~6 s of a launch, each a fork of the
  # whole dataset whose child took half a core from the sale (docs/PERFORMANCE.md, fifth session).
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$DATA/redis" \
    --appendonly yes --appendfsync everysec --save "" --auto-aof-rewrite-min-size 1gb \
    --pidfile "$DATA/redis/redis.pid" --logfile "$DATA/redis/redis.log"
  wait_for Redis "$REDIS_PORT" 30
}

start_postgres() {
  answers "$PG_PORT" && { log "reusing PostgreSQL on $PG_PORT"; return; }
  local bin; bin="$(pg_bin)"
  local dir="$DATA/postgres" run_as=()
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then # PostgreSQL refuses to run as root
    chown -R postgres:postgres "$dir"; run_as=(runuser -u postgres --)
  fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    "${run_as[@]}" "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 >/dev/null
    cat >> "$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 256MB
synchronous_commit = on
CONF
  fi
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir" -l "$dir/postgres.log" -w start >/dev/null
  wait_for PostgreSQL "$PG_PORT" 30
  "${run_as[@]}" psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'" | grep -q 1 ||
    "${run_as[@]}" psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD' CREATEDB"
  "${run_as[@]}" psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$PG_DB'" | grep -q 1 ||
    "${run_as[@]}" psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE $PG_DB OWNER $PG_USER"
}

start_rabbitmq() {
  answers "$RABBIT_PORT" && { log "reusing RabbitMQ on $RABBIT_PORT"; return; }
  local dir="$DATA/rabbitmq"
  mkdir -p "$dir/mnesia" "$dir/log"
  # As root, rabbitmq-server drops to the rabbitmq user, which must own its folders.
  [ "$(id -u)" = 0 ] && id rabbitmq >/dev/null 2>&1 && chown -R rabbitmq:rabbitmq "$dir"
  export PATH="$PATH:/usr/sbin:/usr/lib/rabbitmq/bin"
  export RABBITMQ_NODENAME="flashsale@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$RABBIT_PORT"
  export RABBITMQ_DIST_PORT=$((RABBIT_PORT + 20000)) ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  # -detached does not start on these machines; run it in the background instead.
  nohup rabbitmq-server >"$DATA/rabbitmq-console.log" 2>&1 &
  echo $! >"$DATA/rabbitmq.pid"
  wait_for RabbitMQ "$RABBIT_PORT" 120 "$!"
}

stop_all() {
  [ -f "$DATA/redis/redis.pid" ] && kill "$(cat "$DATA/redis/redis.pid")" 2>/dev/null && log "stopped Redis"
  if [ -f "$DATA/postgres/postmaster.pid" ]; then
    local run_as=(); [ "$(id -u)" = 0 ] && run_as=(runuser -u postgres --)
    "${run_as[@]}" "$(pg_bin)/pg_ctl" -D "$DATA/postgres" -m fast stop >/dev/null && log "stopped PostgreSQL"
  fi
  rabbitmqctl_ours stop >/dev/null 2>&1 && log "stopped RabbitMQ"
  rm -f "$DATA/rabbitmq.pid"
}

status() {
  for s in "Redis $REDIS_PORT" "PostgreSQL $PG_PORT" "RabbitMQ $RABBIT_PORT"; do
    set -- $s; if answers "$2"; then echo "$1: up on 127.0.0.1:$2"; else echo "$1: down"; fi
  done
}

reset_data() {
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" FLUSHALL >/dev/null && redis-cli -h 127.0.0.1 -p "$REDIS_PORT" BGREWRITEAOF >/dev/null
  log "emptied Redis"
  local tables
  tables=$(psql -tAc "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schemaversions'" "$PG_URL")
  # Before the engine's first start there are no tables yet: nothing to empty, and not a failure.
  if [ -n "$tables" ]; then
    psql -qc "TRUNCATE $tables" "$PG_URL"
    log "emptied PostgreSQL tables: $tables"
  fi
}

add_vhost() { # a RabbitMQ virtual host the engine's guest user may use: engines run side by side keep their queues apart
  rabbitmqctl_ours add_vhost "$1" >/dev/null 2>&1 || true
  rabbitmqctl_ours set_permissions -p "$1" guest '.*' '.*' '.*' >/dev/null
  log "RabbitMQ virtual host $1 ready"
}

case "${1:-start}" in
  start) install_missing; start_redis; start_postgres; start_rabbitmq ;;
  stop) stop_all ;;
  status) status ;;
  reset) reset_data ;;
  vhost) add_vhost "${2:?usage: $0 vhost NAME}" ;;
  *) echo "usage: $0 start|stop|status|reset|vhost NAME" >&2; exit 2 ;;
esac
