"""TEST-ONLY bridge for the AWS Tools stand-in: one long-lived Python process that answers
ELBv2/WAFv2/CloudWatch/S3 calls through botocore, so the stand-in needs no process start per call.

Protocol: one JSON request per line on stdin:
  {"service": "elbv2", "operation": "describe_load_balancers", "params": {...},
   "region": "us-east-1", "endpoint": "http://127.0.0.1:5000", "access_key": "...", "secret_key": "..."}
one JSON response per line on stdout: the operation's result with every page merged (as the AWS
CLI prints it, timestamps as ISO 8601 strings), or {"__error__": {"Code": ..., "Message": ...}}.
"""
import datetime
import json
import sys

import boto3
import botocore.exceptions

clients = {}


def client_for(req):
    key = (req["service"], req.get("region"), req.get("endpoint"), req.get("access_key"), req.get("secret_key"))
    if key not in clients:
        session = boto3.session.Session(aws_access_key_id=req.get("access_key"), aws_secret_access_key=req.get("secret_key"),
                                        region_name=req.get("region"))
        clients[key] = session.client(req["service"], endpoint_url=req.get("endpoint") or None)
    return clients[key]


def as_json(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    raise TypeError(repr(value))


for line in sys.stdin:
    if not line.strip():
        continue
    req = json.loads(line)
    try:
        client = client_for(req)
        op, params = req["operation"], req.get("params") or {}
        if op == "download_file":
            # Read-S3Object -File: the object's bytes into a local file, nothing to return.
            client.download_file(params["Bucket"], params["Key"], params["Filename"])
            result = {}
        elif client.can_paginate(op):
            result = client.get_paginator(op).paginate(**params).build_full_result()
        else:
            result = getattr(client, op)(**params)
        result.pop("ResponseMetadata", None)
        out = result
    except botocore.exceptions.ClientError as e:
        out = {"__error__": {"Code": e.response["Error"].get("Code", "Unknown"), "Message": e.response["Error"].get("Message", str(e))}}
    except Exception as e:  # noqa: BLE001 - report every failure to the caller as one line
        out = {"__error__": {"Code": "BridgeFailed", "Message": str(e)}}
    sys.stdout.write(json.dumps(out, default=as_json) + "\n")
    sys.stdout.flush()
