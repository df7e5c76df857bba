#!/usr/bin/env python3
"""HS256 tokens for the benchmark, signed by bin/mint-token's code.

    tokens.py SECRET PREFIX COUNT OUT [--admin] [--ttl SECONDS]

Writes COUNT tokens, one a line, for users PREFIX-00001 ... PREFIX-<COUNT>, valid for TTL seconds
(default 6 hours). With --admin the tokens carry scope "admin" (for /actuator/metrics).
"""
import argparse

from standin import mint_token


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("secret")
    parser.add_argument("prefix")
    parser.add_argument("count", type=int)
    parser.add_argument("out")
    parser.add_argument("--admin", action="store_true")
    parser.add_argument("--ttl", type=int, default=6 * 3600)
    args = parser.parse_args()
    width = max(5, len(str(args.count)))
    with open(args.out, "w", encoding="ascii") as out:
        for i in range(1, args.count + 1):
            claims = mint_token.claims_for(f"{args.prefix}-{i:0{width}d}", args.ttl, args.admin)
            out.write(mint_token.token(args.secret.encode("utf-8"), claims) + "\n")


if __name__ == "__main__":
    main()
