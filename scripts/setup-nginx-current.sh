#!/usr/bin/env bash
# Builds a current nginx for the nginx tests into .cache/nginx-<version>/ (Debian 12's own nginx,
# 1.22.1, predates `http2 on;`, which the shop's site uses on Amazon Linux 2023's nginx).
#
# The source is Debian 13's (trixie) upstream tarball from deb.debian.org, checked along Debian's
# own chain: InRelease verified with gpgv against the Debian archive keyring, the Sources index
# against InRelease's sha256, the tarball against the Sources index's sha256. Safe to run again:
# an existing build is kept. Needs gcc, make and the OpenSSL, PCRE2 and zlib headers.
set -euo pipefail
# Debian packages need root: CI runs as root, a GitHub runner through sudo.
APT_GET=apt-get
[ "$(id -u)" -eq 0 ] || APT_GET="sudo apt-get"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VERSION=1.26.3
MIRROR=http://deb.debian.org/debian
prefix="$PWD/.cache/nginx-$VERSION"
if [ -x "$prefix/sbin/nginx" ]; then
  echo "setup-nginx-current: $prefix/sbin/nginx exists"
  exit 0
fi
missing=()
for header in /usr/include/openssl/ssl.h /usr/include/pcre2.h /usr/include/zlib.h; do
  [ -f "$header" ] || missing+=("$header")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-nginx-current: installing libssl-dev libpcre2-dev zlib1g-dev"
  $APT_GET update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive $APT_GET install -y -qq --no-install-recommends \
    gcc make libssl-dev libpcre2-dev zlib1g-dev > /dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
curl -fsS --retry 3 -o InRelease "$MIRROR/dists/trixie/InRelease"
gpgv --keyring /usr/share/keyrings/debian-archive-keyring.gpg --output Release InRelease 2> gpgv.log ||
  { cat gpgv.log >&2; exit 1; }
sources_sha=$(awk '/^SHA256:/{f=1; next} /^[A-Za-z]/{f=0} f && $3 == "main/source/Sources.xz" {print $1}' Release)
curl -fsS --retry 3 -o Sources.xz "$MIRROR/dists/trixie/main/source/Sources.xz"
echo "$sources_sha  Sources.xz" | sha256sum -c --quiet -
tarball="nginx_$VERSION.orig.tar.gz"
xz -dc Sources.xz > Sources
tarball_sha=$(awk -v t="$tarball" '/^Package: /{p=$2} p == "nginx" && $3 == t && length($1) == 64 {print $1; exit}' Sources)
[ -n "$tarball_sha" ] || { echo "setup-nginx-current: $tarball is not in trixie's Sources" >&2; exit 1; }
curl -fsS --retry 3 -o "$tarball" "$MIRROR/pool/main/n/nginx/$tarball"
echo "$tarball_sha  $tarball" | sha256sum -c --quiet -
tar -xzf "$tarball"
cd "nginx-$VERSION"
./configure --prefix="$prefix" --with-http_ssl_module --with-http_v2_module --with-pcre \
  > "$work/configure.log"
make -j2 > "$work/make.log" 2>&1 || { tail -30 "$work/make.log" >&2; exit 1; }
make install > /dev/null
echo "setup-nginx-current: built $("$prefix/sbin/nginx" -v 2>&1) into $prefix"
