#!/usr/bin/env bash
# Writes the shop's secrets from AWS Secrets Manager to the env file docker compose reads.
#
# Each secret in SECRET_ARNS holds a JSON object of KEY: value (POSTGRES_PASSWORD, JWT_SECRET,
# COOKIE_SECRET, ...); a later secret overrides an earlier one's keys. The file also gets
#   DATABASE_URL=postgres://<user>:<POSTGRES_PASSWORD, URL-encoded>@<host>:<port>/<database>
#   REDIS_URL=<REDIS_URL>
# as KEY='value' lines (single quotes: compose, systemd and bash read the value literally). It is
# written with umask 077 to a temporary file beside it and renamed into place, so it is 0600 and
# readers never see a partial file. Values are never printed.
#
# Environment (default in brackets):
#   SECRET_ARNS     secret ARNs (or names), separated by spaces            [required]
#   ENV_FILE        the env file                                           [/run/cdk-shop/shop.env]
#   DATABASE_NAME   the database in DATABASE_URL                           [shop]
#   DATABASE_USER   the user in DATABASE_URL                               [shop]
#   DATABASE_HOST   the host in DATABASE_URL (the compose service)         [postgres]
#   DATABASE_PORT   the port in DATABASE_URL                               [5432]
#   REDIS_URL       written as REDIS_URL                                   [redis://redis:6379]
#   AWS_REGION      the region of the secrets                              [the first ARN's region]
#   AWS_DEFAULT_REGION  set to AWS_REGION when empty (the AWS CLI v1 reads only this one)
set -euo pipefail

: "${SECRET_ARNS:?SECRET_ARNS must list the secret ARNs, separated by spaces}"
ENV_FILE=${ENV_FILE:-/run/cdk-shop/shop.env}
DATABASE_NAME=${DATABASE_NAME:-shop}
DATABASE_USER=${DATABASE_USER:-shop}
DATABASE_HOST=${DATABASE_HOST:-postgres}
DATABASE_PORT=${DATABASE_PORT:-5432}
REDIS_URL=${REDIS_URL:-redis://redis:6379}

read -r -a arns <<< "$SECRET_ARNS"
if [ ${#arns[@]} -eq 0 ]; then
  echo "shop-secrets: SECRET_ARNS lists no secret" >&2
  exit 1
fi

# The AWS CLI v1 reads AWS_DEFAULT_REGION only; an ARN names its region.
if [ -z "${AWS_REGION:-}" ] && [ -z "${AWS_DEFAULT_REGION:-}" ]; then
  IFS=: read -r _ _ _ AWS_REGION _ <<< "${arns[0]}"
fi
export AWS_REGION=${AWS_REGION:-$AWS_DEFAULT_REGION}
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-$AWS_REGION}

umask 077
dir=$(dirname "$ENV_FILE")
mkdir -p "$dir"
work=$(mktemp -d "$dir/.shop-secrets.XXXXXX")
trap 'rm -rf "$work"' EXIT

for i in "${!arns[@]}"; do
  aws secretsmanager get-secret-value --secret-id "${arns[$i]}" --output json > "$work/secret-$i.json"
done

python3 - "$work" "${#arns[@]}" "$DATABASE_USER" "$DATABASE_HOST" "$DATABASE_PORT" "$DATABASE_NAME" \
  "$REDIS_URL" << 'PYTHON'
import json
import os
import re
import sys
from urllib.parse import quote

work, count, user, host, port, database, redis_url = sys.argv[1:]


def fail(message):
    print(f'shop-secrets: {message}', file=sys.stderr)
    sys.exit(1)


env = {}
for i in range(int(count)):
    with open(os.path.join(work, f'secret-{i}.json'), encoding='utf-8') as f:
        response = json.load(f)
    name = response.get('Name') or response.get('ARN') or f'secret {i + 1}'
    text = response.get('SecretString')
    if text is None:
        fail(f'{name} has no SecretString (binary secrets are not supported)')
    try:
        values = json.loads(text)
    except ValueError:
        values = None
    if not isinstance(values, dict):
        fail(f'{name} must hold a JSON object of KEY: value')
    for key, value in values.items():
        if not re.fullmatch(r'[A-Za-z_][A-Za-z0-9_]*', key):
            fail(f'{name}: key {key!r} is not a valid environment variable name')
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            fail(f'{name}: the value of {key} must be a string')
        env[key] = value

password = env.get('POSTGRES_PASSWORD')
if not password:
    fail('no secret has POSTGRES_PASSWORD')
env['DATABASE_URL'] = 'postgres://{}:{}@{}:{}/{}'.format(
    quote(user, safe=''), quote(password, safe=''), host, port, quote(database, safe='')
)
env['REDIS_URL'] = redis_url

lines = []
for key, value in env.items():
    # Single quotes keep a value literal for compose, systemd and bash alike; these cannot be kept.
    if "'" in value or '\n' in value or '\r' in value or '\0' in value or value.endswith('\\'):
        fail(f"the value of {key} has a quote, a line break or a trailing backslash, which an env file cannot hold")
    lines.append(f"{key}='{value}'\n")

with open(os.path.join(work, 'env'), 'w', encoding='utf-8') as f:
    f.writelines(lines)
    f.flush()
    os.fsync(f.fileno())
print(f"shop-secrets: {len(env)} keys: {' '.join(sorted(env))}")
PYTHON

chmod 0600 "$work/env"
mv -f "$work/env" "$ENV_FILE"
echo "shop-secrets: wrote $ENV_FILE"
