#!/usr/bin/env bash
# Serve a class from one machine: Streamlit processes (by default two: one per core) behind HAProxy,
# each browser kept on one process by a cookie; a process that exits is started again.
# Needs haproxy (apt-get install haproxy). systemd instead: docs/deployment.md.
#
#   bash deploy/classroom.sh                      # students open http://<this machine>:8080
#   PORT=80 APP_PORTS="8501 8502 8503" bash deploy/classroom.sh   # one process per port listed
#   HOSTS="lab.school.example" bash deploy/classroom.sh   # a name for it beyond the machine's own
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8080}
ADDRESS=${ADDRESS:-0.0.0.0}
read -r -a APP_PORTS <<<"${APP_PORTS:-8501 8502}"
PYTHON=${PYTHON:-python3}
# The names students reach this machine by: a websocket naming any other host is refused
# (DNS rebinding). HOSTS adds names the machine does not know itself by (a DNS alias).
allowed=()
for host in localhost 127.0.0.1 ::1 $(hostname) $(hostname -f 2>/dev/null) $(hostname -I 2>/dev/null) ${HOSTS:-}; do
    allowed+=(--server.allowedHosts "$host")
done

command -v haproxy >/dev/null || { echo "classroom.sh: haproxy is not installed (apt-get install haproxy)" >&2; exit 2; }
for port in "${APP_PORTS[@]}"; do
    [[ $port =~ ^[0-9]+$ ]] || { echo "classroom.sh: '$port' in APP_PORTS is not a port number" >&2; exit 2; }
done
[ ${#APP_PORTS[@]} -ge 1 ] || { echo "classroom.sh: APP_PORTS names no port" >&2; exit 2; }

# supervise (restart whatever exits) and raise_file_limit (HAProxy's descriptors)
source deploy/supervise.sh
raise_file_limit

config=$(mktemp --tmpdir haproxy-classroom.XXXXXX.cfg)
trap 'kill $(jobs -p) 2>/dev/null; wait; rm -f "$config"' EXIT
trap 'exit 0' INT TERM
cp deploy/haproxy.cfg "$config"
n=0
for port in "${APP_PORTS[@]}"; do
    n=$((n + 1))
    echo "    server app$n 127.0.0.1:$port cookie app$n" >>"$config"
done
for port in "${APP_PORTS[@]}"; do
    # Only HAProxy faces the network; the app processes listen on this machine alone.
    supervise "the app process on port $port" "$PYTHON" -m streamlit run app.py --server.headless true \
        --server.address 127.0.0.1 --server.port "$port" --server.fileWatcherType none "${allowed[@]}" &
done
for port in "${APP_PORTS[@]}"; do
    for _ in $(seq 120); do
        curl -fs "http://127.0.0.1:$port/_stcore/health" >/dev/null && break
        sleep 0.25
    done
done
echo "Backprop Lab for a class: http://$ADDRESS:$PORT (processes on ports ${APP_PORTS[*]})"
export FRONT="$ADDRESS:$PORT"
supervise haproxy haproxy -W -db -f "$config" &
wait
