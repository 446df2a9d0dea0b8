#!/usr/bin/env bash
# Makes the shop's nginx site files fit the nginx installed, without deprecation warnings.
#
# Usage: nginx-http2-compat.sh FILE...
#
# The site is rendered for nginx 1.25.1 and later (`listen 443 ssl;` + `http2 on;`, where
# `listen ... http2` is deprecated). On an older nginx (Amazon Linux 2023 shipped 1.24.0 at GA),
# which has no `http2` directive, each FILE is rewritten to the old form (`listen 443 ssl http2;`).
# Prints what it did.
#
# Environment (default in brackets):
#   NGINX   the nginx binary                                            [nginx]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=shop-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/shop-common.sh"

NGINX=${NGINX:-nginx}
version=$("$NGINX" -v 2>&1 | sed -n 's|^nginx version: [^/]*/\([0-9][0-9.]*\).*|\1|p')
if [ -z "$version" ]; then fail "cannot read the version of $NGINX"; fi
if printf '%s\n' 1.25.1 "$version" | sort -V -C; then
  log "nginx $version has 'http2 on;': the site is used as rendered"
  exit 0
fi
for file in "$@"; do
  sed -i -e '/^[[:space:]]*http2 on;$/d' -e 's/^\([[:space:]]*listen [^;]* ssl\);$/\1 http2;/' "$file"
done
log "nginx $version predates 'http2 on;': switched $# file(s) to 'listen ... ssl http2;'"
