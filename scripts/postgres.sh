#!/usr/bin/env bash
# Makes sure a local PostgreSQL server (Debian's package) runs and has a test role that may
# create databases (the backend makes one per plugin). Prints the connection URL, without a
# database name, as its last line on stdout; progress goes to stderr.
set -euo pipefail

user="${KRATIX_TEST_PG_USER:-kratix_test}"
password="${KRATIX_TEST_PG_PASSWORD:-kratix_test}"

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -n -u postgres "$@"; fi
}
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v' | grep -q .; then
  echo "[postgres] creating cluster $version/main" >&2
  as_root pg_createcluster "$version" main >&2
fi
cluster=$(pg_lsclusters -h | awk -v v="$version" '$1 == v {print $2; exit}')
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v {print $3; exit}')
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v {print $4; exit}' | grep -q online; then
  echo "[postgres] starting cluster $version/$cluster on port $port" >&2
  as_root pg_ctlcluster "$version" "$cluster" start >&2
fi
for _ in $(seq 1 30); do
  as_postgres pg_isready -q -p "$port" && break
  sleep 1
done

as_postgres psql -q -p "$port" -v ON_ERROR_STOP=1 >&2 <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN
    CREATE ROLE $user LOGIN CREATEDB PASSWORD '$password';
  END IF;
END
\$\$;
SQL

echo "postgresql://$user:$password@127.0.0.1:$port"
