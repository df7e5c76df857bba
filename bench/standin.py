"""What bench/streams.py and bench/ttft.py share: user tokens, and the OpenRouter stand-in's answer to a mint."""
import hashlib
import importlib.machinery
import importlib.util
import json
import os
import secrets

_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'bin', 'mint-token')
_loader = importlib.machinery.SourceFileLoader("mint_token", _PATH)
mint_token = importlib.util.module_from_spec(importlib.util.spec_from_loader('mint_token', _loader))
_loader.exec_module(mint_token)


def token(secret, sub, lifetime=3600):
    """An HS256 user token the service accepts with AUTH_JWT_SECRET=secret (bin/mint-token's code)."""
    return mint_token.token(secret.encode('utf-8'), mint_token.claims_for(sub, lifetime))


def minted():
    """The whole HTTP answer to POST /api/v1/keys: 201 with a fresh runtime key."""
    key = 'sk-or-v1-' + secrets.token_hex(32)
    body = json.dumps({'data': {'hash': hashlib.sha256(key.encode()).hexdigest(), 'label': key[:11] + '...' + key[-3:],
                                'name': 'bench', 'limit': 5, 'disabled': False, 'created_at': '2026-12-05T00:00:00Z',
                                'updated_at': None, 'expires_at': None}, 'key': key}).encode()
    return b'HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n' % len(body) + body
