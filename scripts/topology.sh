#!/usr/bin/env bash
# The scale-out topology on one machine, on loopback ports of its own:
#   a Redis Cluster of three masters with one replica each, a MariaDB primary with one GTID replica,
#   three instances of the built service, and nginx in front of them as the load balancer.
#
#   scripts/topology.sh up [all|redis]   start it (redis: only the Redis Cluster); prints the addresses
#   scripts/topology.sh down             stop everything it started and delete its files
#
# Everything lives in TOPOLOGY_DIR (default: a folder under the system's temp dir) and on the ports from
# TOPOLOGY_PORT_BASE (default 17400; `auto` picks a free range, see pick_base): Redis +1…+6, MariaDB primary +10 and replica +11, nginx +20, the
# service +21…+23. The shared MariaDB (3306) and Redis (6379) are never touched. Needs redis-server,
# redis-cli, mariadbd, mariadb-install-db and nginx (Debian's packages), and `npm run build` done.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${TOPOLOGY_DIR:-${TMPDIR:-/tmp}/realtime-analytics-topology}"
BASE="${TOPOLOGY_PORT_BASE:-17400}"
set_ports() {
  REDIS_PORTS=($(($1 + 1)) $(($1 + 2)) $(($1 + 3)) $(($1 + 4)) $(($1 + 5)) $(($1 + 6)))
  DB_PRIMARY=$(($1 + 10))
  DB_REPLICA=$(($1 + 11))
  LB_PORT=$(($1 + 20))
  APP_PORTS=($(($1 + 21)) $(($1 + 22)) $(($1 + 23)))
}
[ "$BASE" = auto ] || set_ports "$BASE"
INGEST_KEY="${TOPOLOGY_INGEST_KEY:-topology-key}"
RATE_LIMIT="${TOPOLOGY_RATE_LIMIT:-100}"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

log() { printf '[topology] %s\n' "$*" >&2; }
fail() {
  log "FAILED: $*"
  exit 1
}

# wait_until <seconds> <description> <command...>: polls every 0.2 s, bounded.
wait_until() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$what not ready within ${seconds} s"
    sleep 0.2
  done
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# TOPOLOGY_PORT_BASE=auto: a base from 10000 to 22000 picked by this process's id, moved on by 100 until
# every port it uses is free (the Redis cluster bus adds 10000 to each Redis port), so that two runs at
# once (two checkouts testing on one machine) do not meet. Every port, bus ports included, stays below
# 32768, where Linux's ephemeral range starts: a client's outgoing connection can take a port there at
# any moment, between this check and the bind.
pick_base() {
  local tries candidate=$((10000 + ($$ % 121) * 100)) port taken
  for ((tries = 0; tries < 121; tries++)); do
    set_ports "$candidate"
    taken=0
    for port in "${REDIS_PORTS[@]}" "$DB_PRIMARY" "$DB_REPLICA" "$LB_PORT" "${APP_PORTS[@]}"; do
      port_free "$port" || { taken=1; break; }
    done
    for port in "${REDIS_PORTS[@]}"; do
      [ "$taken" -eq 0 ] || break
      port_free $((port + 10000)) || taken=1
    done
    if [ "$taken" -eq 0 ]; then
      BASE=$candidate
      return 0
    fi
    candidate=$((10000 + (candidate - 10000 + 100) % 12100))
  done
  fail "no free range of ports found"
}

redis_nodes() {
  local nodes=() port
  for port in "${REDIS_PORTS[@]:0:3}"; do nodes+=("redis://127.0.0.1:$port"); done
  (IFS=,; echo "${nodes[*]}")
}

redis_up() {
  mkdir -p "$DIR/redis"
  local port
  for port in "${REDIS_PORTS[@]}"; do
    port_free "$port" || fail "port $port is taken"
    redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes \
      --cluster-config-file "nodes-$port.conf" --cluster-node-timeout 2000 --cluster-replica-validity-factor 0 \
      --save '' --appendonly no \
      --dir "$DIR/redis" --daemonize yes --pidfile "$DIR/redis/$port.pid" --logfile "$DIR/redis/$port.log"
  done
  local deadline=$((SECONDS + 10))
  for port in "${REDIS_PORTS[@]}"; do
    until redis-cli -p "$port" ping >/dev/null 2>&1; do
      [ "$SECONDS" -lt "$deadline" ] ||
        fail "redis $port not ready within 10 s: $(tail -n 3 "$DIR/redis/$port.log" 2>/dev/null | tr '\n' ' ')"
      sleep 0.2
    done
  done
  local hosts=()
  for port in "${REDIS_PORTS[@]}"; do hosts+=("127.0.0.1:$port"); done
  redis-cli --cluster create "${hosts[@]}" --cluster-replicas 1 --cluster-yes >"$DIR/redis/create.log" 2>&1 ||
    fail "redis-cli --cluster create: $(tail -3 "$DIR/redis/create.log")"
  cluster_ok() {
    local p
    for p in "${REDIS_PORTS[@]}"; do redis-cli -p "$p" cluster info | grep -q 'cluster_state:ok' || return 1; done
  }
  wait_until 20 "redis cluster" cluster_ok
  # Every replica in sync with its master, so that a master lost right away still fails over.
  replicas_synced() {
    local p
    for p in "${REDIS_PORTS[@]}"; do
      redis-cli -p "$p" info replication | grep -q 'role:master' && continue
      redis-cli -p "$p" info replication | grep -q 'master_link_status:up' || return 1
    done
  }
  wait_until 20 "redis replicas in sync" replicas_synced
  log "Redis Cluster: $(redis_nodes) (3 masters, 3 replicas)"
}

mariadb_start() { # name port server-id extra-args...
  local name=$1 port=$2 id=$3
  shift 3
  local data="$DIR/$name"
  port_free "$port" || fail "port $port is taken"
  mkdir -p "$data"
  mariadb-install-db --no-defaults --user=root --datadir="$data/data" --auth-root-authentication-method=normal \
    >"$data/install.log" 2>&1 || fail "mariadb-install-db ($name): $(tail -3 "$data/install.log")"
  nohup mariadbd --no-defaults --user=root --datadir="$data/data" --port="$port" --bind-address=127.0.0.1 \
    --socket="$data/sock" --pid-file="$data/mariadbd.pid" --log-error="$data/error.log" --server-id="$id" \
    --skip-name-resolve --innodb-buffer-pool-size=64M --performance-schema=ON "$@" >/dev/null 2>&1 &
  echo $! >"$data/pid"
  wait_until 30 "mariadb $name" mariadb --no-defaults --socket="$data/sock" -uroot -e 'SELECT 1'
}

sql() { # name statements
  mariadb --no-defaults --socket="$DIR/$1/sock" -uroot -e "$2"
}

mariadb_up() {
  mariadb_start db-primary "$DB_PRIMARY" 1 --log-bin=mariadb-bin --binlog-format=ROW --gtid-strict-mode=1 &
  mariadb_start db-replica "$DB_REPLICA" 2 --read-only=1 --gtid-strict-mode=1 --relay-log=relay-bin &
  wait %1 || fail "primary did not start"
  wait %2 || fail "replica did not start"
  # The service's user (root without password over TCP) and the replication user, made on the primary:
  # the replica receives them through replication like everything else.
  sql db-primary "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
    CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl'; GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1';"
  sql db-replica "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$DB_PRIMARY, MASTER_USER='repl',
    MASTER_PASSWORD='repl', MASTER_USE_GTID=slave_pos; START SLAVE;"
  replicating() { sql db-replica 'SHOW SLAVE STATUS\G' | grep -q 'Slave_SQL_Running: Yes'; }
  wait_until 20 "replication" replicating
  DATABASE_URL="mariadb://root@127.0.0.1:$DB_PRIMARY/realtime" node "$ROOT/dist/apps/cli/src/main.js" migrate \
    >"$DIR/migrate.log" 2>&1 || fail "migrate: $(tail -5 "$DIR/migrate.log")"
  caught_up() { sql db-replica 'SELECT 1 FROM realtime.schema_migrations LIMIT 1' | grep -q 1; }
  wait_until 20 "the replica catching up" caught_up
  log "MariaDB: primary 127.0.0.1:$DB_PRIMARY, replica 127.0.0.1:$DB_REPLICA (GTID)"
}

app_start() { # index
  local port=${APP_PORTS[$1]}
  port_free "$port" || fail "port $port is taken"
  (
    cd "$ROOT"
    PORT=$port NODE_ENV=production LOG_LEVEL=warn LOG_PRETTY=false \
      DATABASE_URL="mariadb://root@127.0.0.1:$DB_PRIMARY/realtime" \
      DATABASE_REPLICA_URLS="mariadb://root@127.0.0.1:$DB_REPLICA/realtime" \
      REDIS_URL="$(redis_nodes)" REDIS_KEY_PREFIX='' \
      TRUST_PROXY=1 RATE_LIMIT_PER_MINUTE="$RATE_LIMIT" INGEST_API_KEYS="$INGEST_KEY" \
      SAMPLER_ENABLED=true DEMO_SEED=false DEMO_TRAFFIC=false STREAM_INTERVAL_MS=1000 \
      nohup node dist/apps/api/src/main.js >"$DIR/app-$1.log" 2>&1 &
    echo $! >"$DIR/app-$1.pid"
  )
}

app_ready() { curl -fsS "http://127.0.0.1:$1/health/ready" >/dev/null; }

apps_up() {
  [ -f "$ROOT/dist/apps/api/src/main.js" ] || fail "no build: run npm run build first"
  local i
  for i in 0 1 2; do app_start "$i"; done
  for i in 0 1 2; do wait_until 60 "service on ${APP_PORTS[$i]}" app_ready "${APP_PORTS[$i]}"; done
  log "service: ${APP_PORTS[*]/#/127.0.0.1:}"
}

nginx_up() {
  port_free "$LB_PORT" || fail "port $LB_PORT is taken"
  mkdir -p "$DIR/nginx"
  local upstreams="" port
  for port in "${APP_PORTS[@]}"; do upstreams+="    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'; done
  cat >"$DIR/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $DIR/nginx/body;
  proxy_temp_path $DIR/nginx/proxy;
  fastcgi_temp_path $DIR/nginx/fastcgi;
  uwsgi_temp_path $DIR/nginx/uwsgi;
  scgi_temp_path $DIR/nginx/scgi;
  upstream service {
$upstreams    keepalive 32;
  }
  server {
    listen 127.0.0.1:$LB_PORT;
    location / {
      proxy_pass http://service;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      # One hop: the service (TRUST_PROXY=1) takes the address nginx appends, never one a client sent.
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      # An instance that fails (refused, reset, gone) is skipped: GET/HEAD go to the next one. nginx never
      # retries a POST/PUT that may have reached an instance.
      proxy_next_upstream error timeout http_502;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 1s;
      proxy_read_timeout 30s;
      # The summary stream: passed through as it is written.
      proxy_buffering off;
    }
  }
}
EOF
  "$NGINX" -c "$DIR/nginx/nginx.conf" -e "$DIR/nginx/error.log" 2>"$DIR/nginx/start.log" ||
    fail "nginx: $(cat "$DIR/nginx/start.log")"
  wait_until 10 nginx curl -fsS "http://127.0.0.1:$LB_PORT/health/live"
  log "nginx: http://127.0.0.1:$LB_PORT"
}

kill_pidfile() { # file [signal]
  [ -f "$1" ] || return 0
  local pid
  pid=$(cat "$1")
  if kill -0 "$pid" 2>/dev/null; then
    kill "-${2:-TERM}" "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

down() {
  [ -d "$DIR" ] || return 0
  kill_pidfile "$DIR/nginx/nginx.pid" QUIT
  local f
  for f in "$DIR"/app-*.pid; do [ -e "$f" ] && kill_pidfile "$f"; done
  for f in "$DIR"/redis/*.pid; do [ -e "$f" ] && kill_pidfile "$f"; done
  for f in "$DIR"/db-*/pid; do [ -e "$f" ] && kill_pidfile "$f"; done
  rm -rf "$DIR"
  log "down"
}

check_tools() {
  local tool missing=()
  for tool in "$@"; do command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool"); done
  [ "${#missing[@]}" -eq 0 ] || fail "missing: ${missing[*]} (apt-get install redis-server mariadb-server nginx)"
}

case "${1:-}" in
up)
  what="${2:-all}"
  [ ! -e "$DIR" ] || fail "$DIR exists: a topology is up (scripts/topology.sh down first)"
  [ "$BASE" != auto ] || pick_base
  mkdir -p "$DIR"
  # A start that fails half-way leaves nothing behind.
  trap 'status=$?; [ "$status" -eq 0 ] || down' EXIT
  if [ "$what" = redis ]; then
    check_tools redis-server redis-cli
    redis_up
  else
    check_tools redis-server redis-cli mariadbd mariadb-install-db mariadb nginx curl
    redis_up
    mariadb_up
    apps_up
    nginx_up
  fi
  trap - EXIT
  cat >"$DIR/topology.env" <<EOF
TOPOLOGY_DIR=$DIR
TOPOLOGY_REDIS_URL=$(redis_nodes)
TOPOLOGY_REDIS_PORTS=${REDIS_PORTS[*]}
TOPOLOGY_DB_PRIMARY=$DB_PRIMARY
TOPOLOGY_DB_REPLICA=$DB_REPLICA
TOPOLOGY_LB_PORT=$LB_PORT
TOPOLOGY_APP_PORTS=${APP_PORTS[*]}
TOPOLOGY_INGEST_KEY=$INGEST_KEY
TOPOLOGY_RATE_LIMIT=$RATE_LIMIT
EOF
  cat "$DIR/topology.env"
  ;;
down) down ;;
*)
  echo "usage: scripts/topology.sh up [all|redis] | down" >&2
  exit 2
  ;;
esac
