// The official @anthropic-ai/sdk package against a running analysis-service: the user's JWT is
// the auth token (a bearer) or the API key (x-api-key), as Claude Code and the SDKs send it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';

const baseURL = process.env.SERVICE_BASE_URL;
const request = {
  model: 'anthropic/claude-haiku-4.5',
  max_tokens: 256,
  messages: [{ role: 'user', content: 'Summarise this.' }],
};

for (const [name, auth] of [
  ['auth token', { authToken: process.env.USER_TOKEN, apiKey: null }],
  ['API key', { apiKey: process.env.USER_TOKEN }],
]) {
  const client = new Anthropic({ baseURL, maxRetries: 0, ...auth });

  test(`a plain message (${name})`, async () => {
    const message = await client.messages.create(request);
    assert.equal(message.content[0].text, 'The text is short and clear.');
  });

  test(`a streamed message (${name})`, async () => {
    const stream = client.messages.stream(request);
    let text = '';
    stream.on('text', (delta) => { text += delta; });
    const message = await stream.finalMessage();
    assert.equal(text, 'The text is short and clear.');
    assert.equal(message.stop_reason, 'end_turn');
  });

  test(`a refused model raises the typed error with the service code (${name})`, async () => {
    await assert.rejects(client.messages.create({ ...request, model: 'openai/o1-pro' }), (error) => {
      assert.ok(error instanceof Anthropic.BadRequestError, `not a BadRequestError: ${error}`);
      assert.equal(error.status, 400);
      assert.equal(error.error?.error?.code, 'invalid_model');
      return true;
    });
  });
}

test('a message during which the key expires is renewed and succeeds', async () => {
  const expiring = new Anthropic({ baseURL, apiKey: process.env.EXPIRING_TOKEN, maxRetries: 0 });
  const message = await expiring.messages.create(request);
  assert.equal(message.content[0].text, 'The text is short and clear.');
});
