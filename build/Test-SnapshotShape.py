"""Checks snapshot files against the AWS API output shapes in botocore's service models.

Every section of a snapshot (docs/snapshot-format.md) must be what the AWS CLI prints for that operation:
only members of the operation's output shape, the right JSON types, and enum values the API defines.
Prints one line per problem, or OK; exits 1 when there are problems.

    python3 build/Test-SnapshotShape.py samples/*.json
"""
import json
import sys

import botocore.session

# Operation -> (service, is the section a map from resource ARN/ID to the output?)
SECTIONS = {
    'DescribeLoadBalancers': ('elbv2', False), 'DescribeListeners': ('elbv2', False),
    'DescribeRules': ('elbv2', False), 'DescribeTargetGroups': ('elbv2', False),
    'DescribeTargetHealth': ('elbv2', True), 'DescribeLoadBalancerAttributes': ('elbv2', True),
    'DescribeTargetGroupAttributes': ('elbv2', True), 'DescribeSecurityGroups': ('ec2', False),
    'DescribeNetworkAcls': ('ec2', False), 'DescribeSubnets': ('ec2', False),
    'DescribeRouteTables': ('ec2', False), 'DescribeNetworkInterfaces': ('ec2', False),
    'DescribeInstances': ('ec2', False), 'GetManagedPrefixListEntries': ('ec2', True),
    'GetWebACLForResource': ('wafv2', True),
}


def check(value, shape, path, problems):
    if value is None:  # an absent member, as docs/snapshot-format.md's {"WebACL": null}
        return
    kind = shape.type_name
    if kind == 'structure':
        if not isinstance(value, dict):
            problems.append(f'{path}: expected an object ({shape.name})')
            return
        for key, member in value.items():
            if key not in shape.members:
                problems.append(f'{path}.{key}: not a member of {shape.name}')
            else:
                check(member, shape.members[key], f'{path}.{key}', problems)
    elif kind == 'list':
        if not isinstance(value, list):
            problems.append(f'{path}: expected a list')
            return
        for i, item in enumerate(value):
            check(item, shape.member, f'{path}[{i}]', problems)
    elif kind == 'map':
        if not isinstance(value, dict):
            problems.append(f'{path}: expected a map')
            return
        for key, item in value.items():
            check(item, shape.value, f'{path}[{key}]', problems)
    elif kind in ('integer', 'long'):
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(f'{path}: expected an integer, got {value!r}')
    elif kind in ('float', 'double'):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append(f'{path}: expected a number, got {value!r}')
    elif kind == 'boolean':
        if not isinstance(value, bool):
            problems.append(f'{path}: expected true or false, got {value!r}')
    elif kind in ('string', 'timestamp', 'blob'):
        if not isinstance(value, str):
            problems.append(f'{path}: expected a string, got {value!r}')
        elif kind == 'string' and shape.enum and value not in shape.enum:
            problems.append(f'{path}: {value!r} is not one of {shape.name} ({", ".join(shape.enum)})')


def main(paths):
    session = botocore.session.get_session()
    models = {name: session.get_service_model(name) for name in ('elbv2', 'ec2', 'wafv2')}
    problems = []
    for path in paths:
        with open(path, encoding='utf-8') as f:
            snapshot = json.load(f)
        name = path.replace('\\', '/').split('/')[-1]
        for operation, (service, keyed) in SECTIONS.items():
            if operation not in snapshot:
                continue
            shape = models[service].operation_model(operation).output_shape
            outputs = snapshot[operation].items() if keyed else [(None, snapshot[operation])]
            for key, output in outputs:
                where = f'{name}: {operation}' + (f'[{key}]' if key else '')
                check(output, shape, where, problems)
    print('\n'.join(problems) if problems else 'OK')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
