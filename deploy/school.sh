#!/usr/bin/env bash
# A school across several machines: HAProxy on one front machine, Streamlit processes on N app
# machines, one PostgreSQL they all share (docs/deployment.md, "A school across several machines").
# Each process that exits is started again (deploy/supervise.sh).
#
# On each app machine (one process per core; the students' names for the front in HOSTS):
#   BACKPROP_CLASS_DB=postgresql+psycopg://backprop:PASSWORD@db.school.example/backprop \
#   ADDRESS=10.0.0.11 HOSTS=lab.school.example bash deploy/school.sh app
# On the front machine (every app process, address:port; students open http://<front>:8080):
#   APPS="10.0.0.11:8501 10.0.0.11:8502 10.0.0.12:8501 10.0.0.12:8502" bash deploy/school.sh front
#
# app:   ADDRESS (this machine's address on the school network; required), APP_PORTS (default
#        "8501 8502"), HOSTS (the names students type for the front; required: a websocket under
#        any other name is refused), BACKPROP_CLASS_DB (required: without it each machine would
#        keep its classes in a file of its own), PYTHON (default python3).
# front: APPS (required), FRONT (default 0.0.0.0:8080). Needs haproxy (apt-get install haproxy).
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/supervise.sh

fail() {
    echo "school.sh: $*" >&2
    exit 2
}

app() {
    [ -n "${ADDRESS:-}" ] || fail "app: set ADDRESS to this machine's address on the school network"
    [ -n "${HOSTS:-}" ] || fail "app: set HOSTS to the name(s) students open the front by"
    case "${BACKPROP_CLASS_DB:-}" in
        postgresql*) ;;
        *) fail "app: set BACKPROP_CLASS_DB to the school's PostgreSQL (postgresql+psycopg://...)" ;;
    esac
    local python=${PYTHON:-python3} allowed=() port
    for host in localhost 127.0.0.1 ::1 $HOSTS; do
        allowed+=(--server.allowedHosts "$host")
    done
    trap 'kill $(jobs -p) 2>/dev/null; wait' EXIT
    trap 'exit 0' INT TERM
    for port in ${APP_PORTS:-8501 8502}; do
        # The URL reaches Streamlit through the environment, never its command line (ps shows that).
        supervise "the app process on $ADDRESS:$port" "$python" -m streamlit run app.py \
            --server.headless true --server.address "$ADDRESS" --server.port "$port" \
            --server.fileWatcherType none "${allowed[@]}" &
    done
    echo "Backprop Lab app processes on $ADDRESS, ports ${APP_PORTS:-8501 8502}"
    wait
}

front() {
    [ -n "${APPS:-}" ] || fail "front: set APPS to every app process, e.g. APPS=\"10.0.0.11:8501 10.0.0.12:8501\""
    command -v haproxy >/dev/null || fail "front: haproxy is not installed (apt-get install haproxy)"
    raise_file_limit
    local config n=0
    config=$(mktemp --tmpdir haproxy-school.XXXXXX.cfg)
    trap 'kill $(jobs -p) 2>/dev/null; wait; rm -f "$config"' EXIT
    trap 'exit 0' INT TERM
    cp deploy/haproxy-school.cfg "$config"
    for app in $APPS; do
        [[ $app =~ ^[][A-Za-z0-9.:_-]+:[0-9]+$ ]] || fail "front: '$app' in APPS is not address:port"
        n=$((n + 1))
        echo "    server app$n $app cookie app$n" >>"$config"
    done
    export FRONT=${FRONT:-0.0.0.0:8080}
    haproxy -c -q -f "$config" || fail "front: HAProxy refused its configuration ($config)"
    echo "Backprop Lab for a school: http://$FRONT in front of $n app processes"
    supervise haproxy haproxy -W -db -f "$config" &
    wait
}

case "${1:-}" in
    app) app ;;
    front) front ;;
    *) fail "usage: bash deploy/school.sh app|front (the variables each needs are at the top of this script)" ;;
esac
