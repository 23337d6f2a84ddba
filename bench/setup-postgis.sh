#!/usr/bin/env bash
# The bench's setup step (also run by .ci/run): makes sure PostgreSQL answers on 127.0.0.1:5432 and
# has PostGIS (Debian's postgresql-15-postgis-3), installing and starting what it can as root.
# It never fails: without PostGIS the bench's PostGIS leg is skipped with a message saying why.
set -u
say() { echo "setup-postgis: $*" >&2; }
# apt-get install, refreshing the package lists once if they are stale.
apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; }
}

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing PostgreSQL 15 and PostGIS 3 (apt-get)"
    apt_install postgresql-15 postgresql-15-postgis-3 || say "apt-get failed"
  else
    say "PostgreSQL is not installed and this is not root with apt-get: the PostGIS leg will be skipped"
    exit 0
  fi
fi

version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
if [ -n "$version" ] && ! pg_lsclusters -h 2>/dev/null | grep -q online; then
  say "starting the PostgreSQL $version cluster"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || say "could not start the cluster"
fi

if [ -n "$version" ] && [ ! -e "/usr/share/postgresql/$version/extension/postgis.control" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing PostGIS for PostgreSQL $version (apt-get)"
    apt_install "postgresql-$version-postgis-3" || say "apt-get failed: the PostGIS leg will be skipped"
  else
    say "PostGIS is not installed (apt-get install postgresql-$version-postgis-3 as root): the PostGIS leg will be skipped"
  fi
fi

# The bench connects as postgres to the database test (trust auth on 127.0.0.1, as on the CI machine).
if command -v psql >/dev/null 2>&1 && ! psql -h 127.0.0.1 -U postgres -lqt 2>/dev/null | cut -d'|' -f1 | grep -qw test; then
  psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE test' >/dev/null 2>&1 && say "created the database test"
fi
exit 0
