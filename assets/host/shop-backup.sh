#!/usr/bin/env bash
# Backs up the shop's PostgreSQL database to S3, then (and only then) publishes the CloudWatch
# metrics BackupSucceeded=1 and BackupSizeBytes. Any failure exits non-zero and publishes nothing,
# so an alarm on a missing BackupSucceeded catches it.
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
#   AWS_ENDPOINT_URL  read by the AWS CLI itself (tests point it at an emulator)
set -euo pipefail

: "${BACKUP_BUCKET:?BACKUP_BUCKET must name the backup bucket}"
BACKUP_PREFIX=${BACKUP_PREFIX-backups}
DATABASE_NAME=${DATABASE_NAME:-shop}
COMPOSE_FILE=${COMPOSE_FILE:-/opt/cdk-shop/compose.yaml}
PG_DUMP=${PG_DUMP:-docker compose -f $COMPOSE_FILE exec -T postgres pg_dump -U shop}
METRIC_NAMESPACE=${METRIC_NAMESPACE:-CdkShop}
SHOP_NAME=${SHOP_NAME:-shop}
BACKUP_WORK_DIR=${BACKUP_WORK_DIR:-/var/tmp}

trap 'echo "shop-backup: FAILED (line $LINENO, exit $?); no success metric published" >&2' ERR

if [[ ! "$DATABASE_NAME" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
  echo "shop-backup: DATABASE_NAME '$DATABASE_NAME' must be letters, digits and _" >&2
  exit 1
fi

# The AWS CLI v1 reads AWS_DEFAULT_REGION only; on EC2 without either, ask the instance.
if [ -z "${AWS_REGION:-}" ] && [ -z "${AWS_DEFAULT_REGION:-}" ]; then
  token=$(curl -sfS --connect-timeout 2 --max-time 5 -X PUT http://169.254.169.254/latest/api/token \
    -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')
  AWS_REGION=$(curl -sfS --connect-timeout 2 --max-time 5 -H "X-aws-ec2-metadata-token: $token" \
    http://169.254.169.254/latest/meta-data/placement/region)
fi
export AWS_REGION=${AWS_REGION:-$AWS_DEFAULT_REGION}
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-$AWS_REGION}

read -r day stamp < <(date -u '+%Y/%m/%d %Y%m%dT%H%M%SZ')
prefix=${BACKUP_PREFIX#/}
prefix=${prefix%/}
key="${prefix:+$prefix/}$day/$DATABASE_NAME-$stamp.dump"

umask 077
dump=$(mktemp "$BACKUP_WORK_DIR/shop-backup.XXXXXX")
trap 'rm -f "$dump"' EXIT

read -r -a pg_dump <<< "$PG_DUMP"
echo "shop-backup: dumping database $DATABASE_NAME"
"${pg_dump[@]}" --format=custom "$DATABASE_NAME" > "$dump"

size=$(stat -c %s "$dump")
if [ "$(head -c 5 "$dump")" != PGDMP ]; then
  echo "shop-backup: the dump ($size bytes) is not a pg_dump custom-format archive" >&2
  exit 1
fi

echo "shop-backup: uploading $size bytes to s3://$BACKUP_BUCKET/$key"
aws s3 cp "$dump" "s3://$BACKUP_BUCKET/$key" --only-show-errors --no-progress
stored=$(aws s3api head-object --bucket "$BACKUP_BUCKET" --key "$key" --query ContentLength --output text)
if [ "$stored" != "$size" ]; then
  echo "shop-backup: S3 holds $stored bytes, the dump has $size" >&2
  exit 1
fi

metrics=$(python3 -c '
import json, sys
shop, size = sys.argv[1], int(sys.argv[2])
dimensions = [{"Name": "Shop", "Value": shop}]
print(json.dumps([
    {"MetricName": "BackupSucceeded", "Dimensions": dimensions, "Value": 1, "Unit": "Count"},
    {"MetricName": "BackupSizeBytes", "Dimensions": dimensions, "Value": size, "Unit": "Bytes"},
]))' "$SHOP_NAME" "$size")
aws cloudwatch put-metric-data --namespace "$METRIC_NAMESPACE" --metric-data "$metrics"
echo "shop-backup: done: s3://$BACKUP_BUCKET/$key ($size bytes)"
