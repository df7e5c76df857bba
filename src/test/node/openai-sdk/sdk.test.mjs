// The official openai package against a running analysis-service: the user's JWT is the API key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const baseURL = process.env.SERVICE_BASE_URL;
const client = new OpenAI({ baseURL, apiKey: process.env.USER_TOKEN, maxRetries: 0 });

test('a plain completion', async () => {
  const completion = await client.chat.completions.create({
    model: 'openai/gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarise this.' }],
  });
  assert.equal(completion.choices[0].message.content, 'The text is short and clear.');
});

test('a streamed completion', async () => {
  const stream = await client.chat.completions.create({
    model: 'openai/gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarise this.' }],
    stream: true,
  });
  let text = '';
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
  }
  assert.equal(text, 'The text is short and clear.');
});

test('models.list()', async () => {
  const ids = [];
  for await (const model of client.models.list()) {
    ids.push(model.id);
  }
  assert.ok(ids.includes('openai/gpt-4o-mini'));
  assert.ok(!ids.includes('openai/gpt-4o'));
});

test('a completion during which the key expires is renewed and succeeds', async () => {
  const expiring = new OpenAI({ baseURL, apiKey: process.env.EXPIRING_TOKEN, maxRetries: 0 });
  const completion = await expiring.chat.completions.create({
    model: 'openai/gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarise this.' }],
  });
  assert.equal(completion.choices[0].message.content, 'The text is short and clear.');
});

test('a bad model raises the typed error with the service code', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    (error) => {
      assert.ok(error instanceof OpenAI.BadRequestError, `not a BadRequestError: ${error}`);
      assert.equal(error.status, 400);
      assert.equal(error.code, 'invalid_model');
      return true;
    },
  );
});

test('ordinary calls with tools, response_format and stream_options still work', async () => {
  const completion = await client.chat.completions.create({
    model: 'openai/gpt-4o-mini',
    messages: [{ role: 'system', content: 'Answer in JSON.' }, { role: 'user', content: 'Summarise this.' }],
    tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }],
    tool_choice: 'auto',
    response_format: { type: 'json_object' },
    temperature: 0.2,
    seed: 7,
  });
  assert.equal(completion.choices[0].message.content, 'The text is short and clear.');
  const stream = await client.chat.completions.create({
    model: 'openai/gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarise this.' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let usage = null;
  for await (const chunk of stream) {
    usage = chunk.usage ?? usage;
  }
  assert.equal(usage.total_tokens, 19);
});

test('a field that costs more is dropped and named in X-Dropped', async () => {
  const { data, response } = await client.chat.completions.create({
    model: 'openai/gpt-4o-mini',
    messages: [{ role: 'user', content: 'hi' }],
    plugins: [{ id: 'web' }],
  }).withResponse();
  assert.equal(response.headers.get('x-dropped'), 'plugins');
  assert.equal(data.choices[0].message.content, 'The text is short and clear.');
});

test('a field of the wrong type raises the typed error naming it', async () => {
  await assert.rejects(
    client.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      temperature: 'hot',
    }),
    (error) => {
      assert.ok(error instanceof OpenAI.BadRequestError, `not a BadRequestError: ${error}`);
      assert.equal(error.code, 'invalid_request');
      assert.equal(error.param, 'temperature');
      return true;
    },
  );
});

test('a plain response (the Responses API)', async () => {
  const response = await client.responses.create({ model: 'openai/gpt-4o-mini', input: 'Summarise this.' });
  assert.equal(response.output_text, 'The text is short and clear.');
});

test('a streamed response (the Responses API)', async () => {
  const stream = await client.responses.create({ model: 'openai/gpt-4o-mini', input: 'Summarise this.', stream: true });
  let text = '';
  const types = [];
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'response.output_text.delta') {
      text += event.delta;
    }
  }
  assert.equal(text, 'The text is short and clear.');
  assert.equal(types.at(-1), 'response.completed');
});

test('a response during which the key expires is renewed and succeeds', async () => {
  const expiring = new OpenAI({ baseURL, apiKey: process.env.EXPIRING_TOKEN, maxRetries: 0 });
  const response = await expiring.responses.create({ model: 'openai/gpt-4o-mini', input: 'Summarise this.' });
  assert.equal(response.output_text, 'The text is short and clear.');
});

test('a refused Responses field or model raises the typed error with the service code', async () => {
  await assert.rejects(client.responses.create({ model: 'openai/gpt-4o', input: 'hi' }), (error) => {
    assert.ok(error instanceof OpenAI.BadRequestError, `not a BadRequestError: ${error}`);
    assert.equal(error.code, 'invalid_model');
    return true;
  });
  await assert.rejects(client.responses.create({ model: 'openai/gpt-4o-mini', input: 'hi', previous_response_id: 'resp_1' }),
    (error) => {
      assert.equal(error.status, 400);
      assert.equal(error.param, 'previous_response_id');
      return true;
    });
});
