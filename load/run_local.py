"""Run the Locust scenarios headless against a throwaway local stack (127.0.0.1 only).

Starts ``python -m local`` on free ports, creates ``loaduser-<n>`` accounts in its user pool, has each
join the ``general`` room over REST, exports the CLOUDCHAT_* variables and runs Locust; prints Locust's
summary, stops the stack, and exits with Locust's exit code (non-zero when any request failed).

    .venv/bin/python load/run_local.py --users 10 --run-time 15s
    .venv/bin/python load/run_local.py --users 50 --spawn-rate 10 --run-time 1m -- --csv /tmp/cloudchat
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
from local import bootstrap, process  # noqa: E402

MAX_USERS = 500  # a local stack on one machine; keep runs bounded


def parse_args(argv: list[str] | None = None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20, help="concurrent Locust users (default 20)")
    parser.add_argument("--spawn-rate", type=float, default=None, help="users started per second (default: --users)")
    parser.add_argument("--run-time", default="20s", help="Locust --run-time (default 20s)")
    parser.add_argument("--accounts", type=int, default=None,
                        help="loaduser-<n> accounts to create; users share them round-robin (default: --users)")
    args, extra = parser.parse_known_args(argv)
    if not 1 <= args.users <= MAX_USERS:
        parser.error(f"--users must be between 1 and {MAX_USERS}")
    args.accounts = args.accounts or args.users
    if not 1 <= args.accounts <= MAX_USERS:
        parser.error(f"--accounts must be between 1 and {MAX_USERS}")
    args.spawn_rate = args.spawn_rate or float(args.users)
    return args, [a for a in extra if a != "--"]


def prepare_account(info: dict[str, Any], username: str) -> None:
    """Create the account, sign in once and join the general room (members get its fan-out)."""
    bootstrap.create_user(info["region"], info["userPoolId"], username, info["password"], "user")
    token = bootstrap.sign_in(info["region"], info["clientId"], username, info["password"])["IdToken"]
    response = requests.post(f"{info['rest']}/rooms/{info['generalRoomId']}/join",
                             headers={"Authorization": f"Bearer {token}"}, timeout=30)
    response.raise_for_status()


def main(argv: list[str] | None = None) -> int:
    args, extra = parse_args(argv)
    stack = process.start("--web-dir", "/nonexistent")
    try:
        info = stack.info
        aws = {"AWS_ENDPOINT_URL": info["moto"], "AWS_ACCESS_KEY_ID": "testing",
               "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": info["region"],
               "AWS_DEFAULT_REGION": info["region"]}
        os.environ.update(aws)
        usernames = [f"loaduser-{n}" for n in range(1, args.accounts + 1)]
        print(f"local stack up: rest={info['rest']} ws={info['ws']}; creating {len(usernames)} accounts", flush=True)
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda name: prepare_account(info, name), usernames))

        env = {**os.environ, **aws,
               "CLOUDCHAT_WS": info["ws"], "CLOUDCHAT_REST": info["rest"],
               "CLOUDCHAT_COGNITO_ENDPOINT": info["moto"], "CLOUDCHAT_REGION": info["region"],
               "CLOUDCHAT_CLIENT_ID": info["clientId"], "CLOUDCHAT_POOL_ID": info["userPoolId"],
               "CLOUDCHAT_ROOM": info["generalRoomId"], "CLOUDCHAT_PASSWORD": info["password"],
               "CLOUDCHAT_USERS": ",".join(usernames)}
        command = [sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless",
                   "--users", str(args.users), "--spawn-rate", str(args.spawn_rate), "--run-time", args.run_time,
                   "--stop-timeout", "5", "--only-summary", *extra]
        print("running:", " ".join(command[1:]), flush=True)
        return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
