#!/usr/bin/env bash
# Restores the shop's PostgreSQL database from a backup that shop-backup.sh made.
#
# Usage: shop-restore.sh [latest | <s3 key> | s3://<bucket>/<key>]     (default: latest)
#
# Downloads the dump (latest: the newest <DATABASE_NAME>-<timestamp>.dump under BACKUP_PREFIX),
# creates the database if it is missing, stops the app containers that write to it, runs
#   pg_restore --clean --if-exists --no-owner --single-transaction
# (all or nothing: a failed restore leaves the database as it was), starts the app again, and exits
# non-zero on any failure. The app is started again even when the restore fails.
#
# Environment (default in brackets):
#   BACKUP_BUCKET     the S3 bucket                                          [required]
#   BACKUP_PREFIX     the key prefix searched for the latest backup          [backups]
#   DATABASE_NAME     the database                                           [shop]
#   COMPOSE_FILE      the shop's compose file                                [/opt/cdk-shop/compose.yaml]
#   PG_RESTORE        the pg_restore command, split on spaces; reads the dump from stdin
#                     [docker compose -f $COMPOSE_FILE exec -T postgres pg_restore -U shop]
#   PSQL              the psql command, split on spaces
#                     [docker compose -f $COMPOSE_FILE exec -T postgres psql -U shop]
#   APP_SERVICES      the compose services that write to the database        [backend worker]
#   STOP_APP          the command stopping them, split on spaces
#                     [docker compose -f $COMPOSE_FILE stop <the APP_SERVICES the file defines>]
#   START_APP         the command starting them again, split on spaces
#                     [docker compose -f $COMPOSE_FILE start <the same>]
#   RESTORE_WORK_DIR  where the dump is downloaded to                        [/var/tmp]
#   AWS_REGION        the region              [AWS_DEFAULT_REGION, else the instance's, from IMDSv2]
#   AWS_DEFAULT_REGION  set to AWS_REGION when empty (the AWS CLI v1 reads only this one)
#   IMDS_ENDPOINT     the instance metadata service                          [http://169.254.169.254]
#   AWS_ENDPOINT_URL  read by the AWS CLI itself (tests point it at an emulator)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=shop-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/shop-common.sh"

: "${BACKUP_BUCKET:?BACKUP_BUCKET must name the backup bucket}"
BACKUP_PREFIX=${BACKUP_PREFIX-backups}
DATABASE_NAME=${DATABASE_NAME:-shop}
COMPOSE_FILE=${COMPOSE_FILE:-/opt/cdk-shop/compose.yaml}
PG_RESTORE=${PG_RESTORE:-docker compose -f $COMPOSE_FILE exec -T postgres pg_restore -U shop}
PSQL=${PSQL:-docker compose -f $COMPOSE_FILE exec -T postgres psql -U shop}
APP_SERVICES=${APP_SERVICES:-backend worker}
RESTORE_WORK_DIR=${RESTORE_WORK_DIR:-/var/tmp}
target=${1:-latest}

trap 'echo "shop-restore: FAILED (line $LINENO, exit $?)" >&2' ERR

require_database_name

export_aws_region

bucket=$BACKUP_BUCKET
prefix=$(trim_slashes "$BACKUP_PREFIX")
if [ "$target" = latest ]; then
  # Keys sort by time: <prefix>/<yyyy>/<mm>/<dd>/<db>-<yyyymmddThhmmssZ>.dump.
  key=$(aws s3api list-objects-v2 --bucket "$bucket" ${prefix:+--prefix "$prefix/"} --output json |
    python3 -c '
import json, re, sys
text = sys.stdin.read().strip()
keys = [o["Key"] for o in (json.loads(text) if text else {}).get("Contents", [])]
pattern = re.compile(r"(^|/)\d{4}/\d{2}/\d{2}/" + re.escape(sys.argv[1]) + r"-\d{8}T\d{6}Z\.dump$")
matching = sorted(k for k in keys if pattern.search(k))
print(matching[-1] if matching else "")' "$DATABASE_NAME")
  if [ -z "$key" ]; then fail "no backup of $DATABASE_NAME under s3://$bucket/${prefix:+$prefix/}"; fi
elif [[ "$target" == s3://*/* ]]; then
  rest=${target#s3://}
  bucket=${rest%%/*}
  key=${rest#*/}
else
  key=${target#/}
fi

dump=""
app_stopped=false
read -r -a psql <<< "$PSQL"
read -r -a pg_restore <<< "$PG_RESTORE"

if [ -n "${STOP_APP:-}" ]; then
  read -r -a stop_app <<< "$STOP_APP"
  read -r -a start_app <<< "${START_APP:-true}"
else
  read -r -a wanted <<< "$APP_SERVICES"
  defined=$(docker compose -f "$COMPOSE_FILE" config --services)
  services=()
  for service in "${wanted[@]}"; do
    if grep -qx "$service" <<< "$defined"; then services+=("$service"); fi
  done
  stop_app=(docker compose -f "$COMPOSE_FILE" stop "${services[@]}")
  start_app=(docker compose -f "$COMPOSE_FILE" start "${services[@]}")
  if [ -n "${START_APP:-}" ]; then read -r -a start_app <<< "$START_APP"; fi
fi

cleanup() {
  if [ "$app_stopped" = true ]; then
    log "starting the app again"
    "${start_app[@]}" || log "could not start the app: ${start_app[*]}" >&2
  fi
  if [ -n "$dump" ]; then rm -f "$dump"; fi
}
trap cleanup EXIT

umask 077
dump=$(mktemp "$RESTORE_WORK_DIR/shop-restore.XXXXXX")

log "downloading s3://$bucket/$key"
aws s3 cp "s3://$bucket/$key" "$dump" --only-show-errors --no-progress
size=$(stat -c %s "$dump")
require_pg_dump_archive "$dump" "s3://$bucket/$key ($size bytes)"
log "restoring s3://$bucket/$key ($size bytes) into database $DATABASE_NAME"

exists=$("${psql[@]}" -d postgres -v ON_ERROR_STOP=1 -tAc \
  "SELECT 1 FROM pg_database WHERE datname = '$DATABASE_NAME'")
if [ "$exists" != 1 ]; then
  log "database $DATABASE_NAME is missing; creating it"
  "${psql[@]}" -d postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE \"$DATABASE_NAME\""
fi

log "stopping the app: ${stop_app[*]}"
app_stopped=true
"${stop_app[@]}"

"${pg_restore[@]}" --clean --if-exists --no-owner --single-transaction --dbname "$DATABASE_NAME" < "$dump"

app_stopped=false
log "starting the app: ${start_app[*]}"
"${start_app[@]}"
log "done: $DATABASE_NAME restored from s3://$bucket/$key"
