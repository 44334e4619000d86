"""Run the retention sweep now (``make retention-sweep``).

Against a running local stack (default): ``POST <stack>/_local/schedules/sweep_retention``, which
runs the handler in the stack's Lambda workers and answers when it has finished. Against AWS:
``--function <name>`` invokes the deployed function (e.g. ``cloud-chat-dev-sweep_retention:live``)
with the event EventBridge sends it, using the caller's AWS credentials.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request

import boto3

from local.schedules import scheduled_event

HANDLER = "sweep_retention"


def on_stack(url: str) -> int:
    request = urllib.request.Request(f"{url.rstrip('/')}/_local/schedules/{HANDLER}", method="POST")
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            print(response.read().decode())
            return 0
    except urllib.error.HTTPError as exc:
        print(exc.read().decode(), file=sys.stderr)
        return 1
    except urllib.error.URLError as exc:
        print(f"no local stack answers at {url} ({exc.reason}): start one with `make dev`", file=sys.stderr)
        return 1


def on_aws(function: str) -> int:
    client = boto3.client("lambda")
    answer = client.invoke(FunctionName=function, Payload=json.dumps(scheduled_event(HANDLER, client.meta.region_name)))
    print(answer["Payload"].read().decode() or answer["StatusCode"])
    return 1 if answer.get("FunctionError") else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--stack", default="http://127.0.0.1:8000", help="a running local stack's HTTP address")
    target.add_argument("--function", help="a deployed sweep function (name, ARN or name:alias)")
    args = parser.parse_args()
    sys.exit(on_aws(args.function) if args.function else on_stack(args.stack))


if __name__ == "__main__":
    main()
