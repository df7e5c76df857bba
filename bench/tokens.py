#!/usr/bin/env python3
"""HS256 tokens for the benchmark (stdlib only).

    tokens.py SECRET PREFIX COUNT OUT [--admin] [--ttl SECONDS]

Writes COUNT tokens, one a line, for users PREFIX-00001 ... PREFIX-<COUNT>, valid for TTL seconds
(default 6 hours). With --admin the tokens carry scope "admin" (for /actuator/metrics).
"""
import argparse
import base64
import hashlib
import hmac
import json
import time


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def token(secret: bytes, claims: dict) -> str:
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = b64(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode("ascii")
    signature = b64(hmac.new(secret, signing_input, hashlib.sha256).digest())
    return f"{header}.{payload}.{signature}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("secret")
    parser.add_argument("prefix")
    parser.add_argument("count", type=int)
    parser.add_argument("out")
    parser.add_argument("--admin", action="store_true")
    parser.add_argument("--ttl", type=int, default=6 * 3600)
    args = parser.parse_args()
    now = int(time.time())
    width = max(5, len(str(args.count)))
    with open(args.out, "w", encoding="ascii") as out:
        for i in range(1, args.count + 1):
            claims = {"sub": f"{args.prefix}-{i:0{width}d}", "iat": now, "exp": now + args.ttl}
            if args.admin:
                claims["scope"] = "admin"
            out.write(token(args.secret.encode("utf-8"), claims) + "\n")


if __name__ == "__main__":
    main()
