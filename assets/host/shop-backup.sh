#!/usr/bin/env bash
# Backs up the shop's PostgreSQL database to S3, then (and only then) publishes the CloudWatch
# metric BackupSucceeded=1 (the size is in the log and on the S3 object: a metric nobody alarms on
# would cost $0.30 a month). Any failure exits non-zero and publishes nothing, so an alarm on a
# missing BackupSucceeded catches it.
#
# The dump (pg_dump --format=custom) goes to a temporary file, removed on exit, and is uploaded to
#   s3://<BACKUP_BUCKET>/<BACKUP_PREFIX>/<yyyy>/<mm>/<dd>/<DATABASE_NAME>-<yyyymmddThhmmssZ>.dump (UTC)
#
# Environment (default in brackets):
#   BACKUP_BUCKET     the S3 bucket                                          [required]
#   BACKUP_PREFIX     the key prefix; empty for none                         [backups]
#   DATABASE_NAME     the database                                           [shop]
#   COMPOSE_FILE      the shop's compose file                                [/opt/cdk-shop/compose.yaml]
#   PG_DUMP           the pg_dump command, split on spaces; the script adds --format=custom and
#                     the database    [docker compose -f $COMPOSE_FILE exec -T postgres pg_dump -U shop]
#   METRIC_NAMESPACE  the metrics' namespace                                 [CdkShop]
#   SHOP_NAME         the metrics' Shop dimension                            [shop]
#   BACKUP_WORK_DIR   where the dump is written before the upload            [/var/tmp]
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
PG_DUMP=${PG_DUMP:-docker compose -f $COMPOSE_FILE exec -T postgres pg_dump -U shop}
METRIC_NAMESPACE=${METRIC_NAMESPACE:-CdkShop}
SHOP_NAME=${SHOP_NAME:-shop}
BACKUP_WORK_DIR=${BACKUP_WORK_DIR:-/var/tmp}

trap 'echo "shop-backup: FAILED (line $LINENO, exit $?); no success metric published" >&2' ERR

require_database_name

export_aws_region

read -r day stamp < <(date -u '+%Y/%m/%d %Y%m%dT%H%M%SZ')
prefix=$(trim_slashes "$BACKUP_PREFIX")
key="${prefix:+$prefix/}$day/$DATABASE_NAME-$stamp.dump"

umask 077
dump=$(mktemp "$BACKUP_WORK_DIR/shop-backup.XXXXXX")
trap 'rm -f "$dump"' EXIT

read -r -a pg_dump <<< "$PG_DUMP"
log "dumping database $DATABASE_NAME"
"${pg_dump[@]}" --format=custom "$DATABASE_NAME" > "$dump"

size=$(stat -c %s "$dump")
require_pg_dump_archive "$dump" "the dump ($size bytes)"

log "uploading $size bytes to s3://$BACKUP_BUCKET/$key"
aws s3 cp "$dump" "s3://$BACKUP_BUCKET/$key" --only-show-errors --no-progress
stored=$(aws s3api head-object --bucket "$BACKUP_BUCKET" --key "$key" --query ContentLength --output text)
if [ "$stored" != "$size" ]; then fail "S3 holds $stored bytes, the dump has $size"; fi

metrics=$(python3 -c '
import json, sys
shop = sys.argv[1]
dimensions = [{"Name": "Shop", "Value": shop}]
print(json.dumps([
    {"MetricName": "BackupSucceeded", "Dimensions": dimensions, "Value": 1, "Unit": "Count"},
]))' "$SHOP_NAME")
aws cloudwatch put-metric-data --namespace "$METRIC_NAMESPACE" --metric-data "$metrics"
log "done: s3://$BACKUP_BUCKET/$key ($size bytes)"
