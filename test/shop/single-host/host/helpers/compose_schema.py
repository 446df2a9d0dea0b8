"""Parses a compose file (YAML, stdin) and validates it against the Compose Specification schema.

Usage: python compose_schema.py <schema.json>
Prints JSON: {"document": <the parsed file>, "errors": ["<path>: <message>", ...]}.
"""
import json
import re
import sys

import yaml
from jsonschema import Draft201909Validator, FormatChecker

with open(sys.argv[1], encoding='utf-8') as f:
    schema = json.load(f)

checker = FormatChecker()


@checker.checks('duration')
def duration(value):
    # Compose durations: 1h30m, 10s, 500ms, 1.5s
    return not isinstance(value, str) or re.fullmatch(r'(\d+(\.\d+)?(us|ms|s|m|h))+', value) is not None


@checker.checks('ports')
def ports(value):
    # [host_ip:][host_port:]container_port[/protocol]
    pattern = r'((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(/(tcp|udp))?'
    return not isinstance(value, str) or re.fullmatch(pattern, value) is not None


document = yaml.safe_load(sys.stdin)
validator = Draft201909Validator(schema, format_checker=checker)
errors = sorted(
    f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}" for error in validator.iter_errors(document)
)
json.dump({'document': document, 'errors': errors}, sys.stdout)
