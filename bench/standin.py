"""What bench/streams.py and bench/ttft.py share: user tokens, and the OpenRouter stand-in's answer to a mint."""
import base64
import hashlib
import hmac
import json
import secrets
import time


def token(secret, sub, lifetime=3600):
    """An HS256 user token the service accepts with AUTH_JWT_SECRET=secret."""
    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b'=').decode()
    now = int(time.time())
    header = b64(json.dumps({'alg': 'HS256', 'typ': 'JWT'}).encode())
    claims = b64(json.dumps({'sub': sub, 'iat': now, 'exp': now + lifetime}).encode())
    signature = hmac.new(secret.encode(), f'{header}.{claims}'.encode(), hashlib.sha256).digest()
    return f'{header}.{claims}.{b64(signature)}'


def minted():
    """The whole HTTP answer to POST /api/v1/keys: 201 with a fresh runtime key."""
    key = 'sk-or-v1-' + secrets.token_hex(32)
    body = json.dumps({'data': {'hash': hashlib.sha256(key.encode()).hexdigest(), 'label': key[:11] + '...' + key[-3:],
                                'name': 'bench', 'limit': 5, 'disabled': False, 'created_at': '2026-12-05T00:00:00Z',
                                'updated_at': None, 'expires_at': None}, 'key': key}).encode()
    return b'HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n' % len(body) + body
