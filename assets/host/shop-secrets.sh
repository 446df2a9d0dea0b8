#!/usr/bin/env bash
# Writes the shop's secrets to the env file docker compose reads, generating them on first use.
#
# Each secret is an SSM SecureString parameter <SECRET_PARAMETER_PATH><NAME> (encrypted with the
# AWS managed key aws/ssm). A missing one is generated here (letters and digits, of the length given)
# and stored with PutParameter, never overwriting: if another host stored it first, its value wins.
# Every value is then read back from SSM, so all hosts of a shop use the same ones. CloudFormation
# cannot create SecureString parameters; because the host does, no secret is ever in the template,
# the user data or a process's arguments (the value goes to the AWS CLI in a 0600 file).
#
# The env file gets each NAME, and
#   DATABASE_URL=postgres://<user>:<POSTGRES_PASSWORD, URL-encoded>@<host>:<port>/<database>
#   REDIS_URL=<REDIS_URL>
# as KEY='value' lines (single quotes: compose, systemd and bash read the value literally). It is
# written with umask 077 to a temporary file beside it and renamed into place, so it is 0600 and
# readers never see a partial file. Values are never printed.
#
# Environment (default in brackets):
#   SECRET_PARAMETER_PATH  the parameters' path, starting and ending with /     [required]
#   GENERATED_SECRETS  NAME:LENGTH pairs, separated by spaces
#                      [POSTGRES_PASSWORD:32 JWT_SECRET:64 COOKIE_SECRET:64]
#   ENV_FILE        the env file                                           [/run/cdk-shop/shop.env]
#   DATABASE_NAME   the database in DATABASE_URL                           [shop]
#   DATABASE_USER   the user in DATABASE_URL                               [shop]
#   DATABASE_HOST   the host in DATABASE_URL (the compose service)         [postgres]
#   DATABASE_PORT   the port in DATABASE_URL                               [5432]
#   REDIS_URL       written as REDIS_URL                                   [redis://redis:6379]
#   AWS_REGION      the region              [AWS_DEFAULT_REGION, else the instance's, from IMDSv2]
#   AWS_DEFAULT_REGION  set to AWS_REGION when empty (the AWS CLI v1 reads only this one)
#   AWS_ENDPOINT_URL  read by the AWS CLI itself (tests point it at an emulator)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=shop-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/shop-common.sh"

: "${SECRET_PARAMETER_PATH:?SECRET_PARAMETER_PATH must name the parameters path, such as /cdk-shop/my-shop/}"
GENERATED_SECRETS=${GENERATED_SECRETS:-POSTGRES_PASSWORD:32 JWT_SECRET:64 COOKIE_SECRET:64}
ENV_FILE=${ENV_FILE:-/run/cdk-shop/shop.env}
DATABASE_NAME=${DATABASE_NAME:-shop}
DATABASE_USER=${DATABASE_USER:-shop}
DATABASE_HOST=${DATABASE_HOST:-postgres}
DATABASE_PORT=${DATABASE_PORT:-5432}
REDIS_URL=${REDIS_URL:-redis://redis:6379}

if [[ ! "$SECRET_PARAMETER_PATH" =~ ^/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/$ ]]; then
  fail "SECRET_PARAMETER_PATH '$SECRET_PARAMETER_PATH' must start and end with / and hold letters, digits, _ . - between"
fi
read -r -a specs <<< "$GENERATED_SECRETS"
for spec in "${specs[@]}"; do
  if [[ ! "$spec" =~ ^[A-Za-z_][A-Za-z0-9_]*:[0-9]+$ ]] || [ "${spec#*:}" -lt 16 ] || [ "${spec#*:}" -gt 128 ]; then
    fail "GENERATED_SECRETS entry '$spec' must be NAME:LENGTH with a length from 16 to 128"
  fi
done
if [ ${#specs[@]} -eq 0 ]; then fail "GENERATED_SECRETS lists no secret"; fi

export_aws_region

umask 077
dir=$(dirname "$ENV_FILE")
mkdir -p "$dir"
work=$(mktemp -d "$dir/.shop-secrets.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Reads parameter $1 into $work/$2.json; returns 3 when it does not exist, fails on other errors.
read_parameter() {
  if aws ssm get-parameter --name "$1" --with-decryption --output json > "$work/$2.json" 2> "$work/error"; then
    return 0
  fi
  if grep -q ParameterNotFound "$work/error"; then return 3; fi
  cat "$work/error" >&2
  fail "could not read $1"
}

for spec in "${specs[@]}"; do
  name=${spec%%:*}
  parameter="$SECRET_PARAMETER_PATH$name"
  status=0
  read_parameter "$parameter" "$name" || status=$?
  if [ "$status" -eq 0 ]; then continue; fi
  python3 - "$parameter" "${spec#*:}" > "$work/put.json" << 'PYTHON'
import json, secrets, string, sys
name, length = sys.argv[1], int(sys.argv[2])
alphabet = string.ascii_letters + string.digits
print(json.dumps({
    'Name': name,
    'Value': ''.join(secrets.choice(alphabet) for _ in range(length)),
    'Type': 'SecureString',
    'Tier': 'Standard',
    'Description': 'cdk-shop generated secret; the shop reads it at every start. Do not delete.',
}))
PYTHON
  if aws ssm put-parameter --cli-input-json "file://$work/put.json" --output json > /dev/null 2> "$work/error"; then
    log "generated $parameter"
  elif grep -q ParameterAlreadyExists "$work/error"; then
    log "$parameter was stored meanwhile; using it"
  else
    cat "$work/error" >&2
    fail "could not store $parameter"
  fi
  rm -f "$work/put.json"
  read_parameter "$parameter" "$name" || fail "$parameter is missing after it was stored"
done

python3 - "$work" "$GENERATED_SECRETS" "$DATABASE_USER" "$DATABASE_HOST" "$DATABASE_PORT" \
  "$DATABASE_NAME" "$REDIS_URL" << 'PYTHON'
import json
import os
import sys
from urllib.parse import quote

work, specs, user, host, port, database, redis_url = sys.argv[1:]


def fail(message):
    print(f'shop-secrets: {message}', file=sys.stderr)
    sys.exit(1)


env = {}
for spec in specs.split():
    name = spec.split(':')[0]
    with open(os.path.join(work, f'{name}.json'), encoding='utf-8') as f:
        value = json.load(f).get('Parameter', {}).get('Value')
    if not isinstance(value, str) or value == '':
        fail(f'the parameter of {name} holds no value')
    env[name] = value

password = env.get('POSTGRES_PASSWORD')
if not password:
    fail('GENERATED_SECRETS has no POSTGRES_PASSWORD')
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
log "wrote $ENV_FILE"
