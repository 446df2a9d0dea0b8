# shellcheck shell=bash
# Functions the host scripts share. Each script sources it from its own folder (on the host,
# /opt/cdk-shop/bin, where the zip of assets/host is unpacked), after `set -euo pipefail`:
#   # shellcheck source-path=SCRIPTDIR source=shop-common.sh
#   . "$(dirname "${BASH_SOURCE[0]}")/shop-common.sh"
# Sourcing it only defines these functions and the defaults below; it runs nothing.
#
#   log MESSAGE...            prints "<script>: MESSAGE" on stdout
#   fail MESSAGE...           prints "<script>: MESSAGE" on stderr and exits 1
#   imds_session              gets an IMDSv2 session token for the imds reads that follow
#   imds PATH                 prints the instance metadata at latest/meta-data/PATH
#   export_aws_region         exports AWS_REGION and AWS_DEFAULT_REGION (see below)
#   require_database_name     fails unless DATABASE_NAME is a plain PostgreSQL identifier
#   trim_slashes TEXT         prints TEXT without one leading and one trailing /
#   require_pg_dump_archive FILE WHAT
#                             fails ("WHAT is not a pg_dump ...") unless FILE is a pg_dump
#                             custom-format archive
#
# Environment (default in brackets):
#   IMDS_ENDPOINT       the instance metadata service                   [http://169.254.169.254]
#   AWS_REGION          export_aws_region keeps it     [AWS_DEFAULT_REGION, else the instance's]
#   AWS_DEFAULT_REGION  export_aws_region sets it to AWS_REGION when empty (the AWS CLI v1 reads
#                       only this one)
#   DATABASE_NAME       what require_database_name checks                   [required there]

IMDS_ENDPOINT=${IMDS_ENDPOINT:-http://169.254.169.254}
script_name=${0##*/}
script_name=${script_name%.sh}

log() { echo "$script_name: $*"; }

fail() {
  echo "$script_name: $*" >&2
  exit 1
}

# Called outside $(...), so that the token outlives it.
imds_session() {
  imds_token=$(curl -sfS --connect-timeout 2 --max-time 5 --retry 5 -X PUT "$IMDS_ENDPOINT/latest/api/token" \
    -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')
}

imds() {
  curl -sfS --connect-timeout 2 --max-time 5 --retry 5 -H "X-aws-ec2-metadata-token: ${imds_token:?call imds_session first}" \
    "$IMDS_ENDPOINT/latest/meta-data/$1"
}

# Either variable that is set, else (on EC2) the instance's region. A failure returns non-zero,
# so that the caller's ERR trap reports it.
export_aws_region() {
  if [ -z "${AWS_REGION:-}" ] && [ -z "${AWS_DEFAULT_REGION:-}" ]; then
    imds_session || return
    AWS_REGION=$(imds placement/region) || return
  fi
  export AWS_REGION=${AWS_REGION:-$AWS_DEFAULT_REGION}
  export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-$AWS_REGION}
}

require_database_name() {
  if [[ ! "${DATABASE_NAME:?}" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
    fail "DATABASE_NAME '$DATABASE_NAME' must be letters, digits and _"
  fi
}

trim_slashes() {
  local text=${1#/}
  echo "${text%/}"
}

require_pg_dump_archive() {
  if [ "$(head -c 5 "$1")" != PGDMP ]; then
    fail "$2 is not a pg_dump custom-format archive"
  fi
}
