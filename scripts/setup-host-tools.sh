#!/usr/bin/env bash
# Installs the real programs that test/shop/single-host/host runs the host software against, on a bare
# Debian 12 as root; safe to run again (it skips what is there):
#   nginx, PostgreSQL, Redis, shellcheck and openssl from Debian, and the AWS CLI and the moto
#   emulator (S3, CloudWatch, SSM, Secrets Manager) pinned in the project's .venv, and a current
#   nginx built from Debian 13's source into .cache (scripts/setup-nginx-current.sh).
# The packaged nginx and PostgreSQL services are kept from starting (the tests start their
# own servers on free loopback ports), and stopped if they run anyway.
set -euo pipefail
# Debian packages need root: CI runs as root, a GitHub runner through sudo.
APT_GET=apt-get
[ "$(id -u)" -eq 0 ] || APT_GET="sudo apt-get"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

MOTO_VERSION=5.2.5
AWSCLI_VERSION=1.46.3

# Debian packages: install only what is missing.
missing=()
[ -x /usr/sbin/nginx ] || missing+=(nginx)
compgen -G '/usr/lib/postgresql/*/bin/initdb' > /dev/null || missing+=(postgresql)
command -v shellcheck > /dev/null || missing+=(shellcheck)
command -v openssl > /dev/null || missing+=(openssl)
command -v redis-server > /dev/null || missing+=(redis-server)
command -v redis-cli > /dev/null || missing+=(redis-tools)
command -v runuser > /dev/null || missing+=(util-linux)
python3 -c 'import venv, ensurepip' 2> /dev/null || missing+=(python3-venv)

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-host-tools: installing ${missing[*]}"
  # policy-rc.d exit 101 tells invoke-rc.d and deb-systemd-invoke not to start services.
  created_policy=false
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 0755 /usr/sbin/policy-rc.d
    created_policy=true
  fi
  trap 'if [ "$created_policy" = true ]; then rm -f /usr/sbin/policy-rc.d; fi' EXIT
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  if ! { $APT_GET update -qq && $APT_GET install -y -qq --no-install-recommends "${missing[@]}"; } > "$log" 2>&1; then
    cat "$log" >&2
    exit 1
  fi
  rm -f "$log"
  # If a service started anyway (a system where policy-rc.d is ignored), stop it: the tests
  # need no daemon on ports 80 or 5432.
  for service in nginx postgresql redis-server; do
    if command -v systemctl > /dev/null && systemctl is-active --quiet "$service" 2> /dev/null; then
      systemctl stop "$service" || true
      systemctl disable --quiet "$service" 2> /dev/null || true
    elif [ -x "/etc/init.d/$service" ]; then
      "/etc/init.d/$service" stop > /dev/null 2>&1 || true
    fi
  done
fi

# The AWS CLI and moto, pinned, in the project's virtual environment.
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! .venv/bin/python - "$MOTO_VERSION" "$AWSCLI_VERSION" 2> /dev/null << 'EOF'
import sys
from importlib.metadata import version
import flask  # noqa: F401 (moto_server needs the [server] extra)
sys.exit(0 if (version('moto'), version('awscli')) == (sys.argv[1], sys.argv[2]) else 1)
EOF
then
  echo "setup-host-tools: installing moto[server]==$MOTO_VERSION awscli==$AWSCLI_VERSION into .venv"
  .venv/bin/pip install --quiet --disable-pip-version-check \
    "moto[server]==$MOTO_VERSION" "awscli==$AWSCLI_VERSION"
fi

# A current nginx (with `http2 on;`, as Amazon Linux 2023's), built from Debian 13's source.
bash scripts/setup-nginx-current.sh
