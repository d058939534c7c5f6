#!/bin/sh
# Exit 0 when the PostgreSQL server in $1 (a postgres:// URL) answers; try to start a local
# cluster first when it does not and we are root on Debian.
url="$1"
py=".venv/bin/python"
probe() {
  "$py" - "$url" <<'PY'
import sys
import psycopg
try:
    url = sys.argv[1].rsplit("/", 1)[0] + "/postgres"
    psycopg.connect(url, connect_timeout=3).close()
except Exception as exc:  # noqa: BLE001
    print(f"PostgreSQL: {exc}".strip(), file=sys.stderr)
    sys.exit(1)
PY
}
probe 2>/dev/null && exit 0
if [ "$(id -u)" = "0" ] && command -v pg_ctlcluster >/dev/null 2>&1; then
  version=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
  if [ -n "$version" ]; then
    echo "Starting the local PostgreSQL $version cluster"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
    sleep 2
  fi
fi
probe
