// The demo page: signs in as the demo user, streams an analysis and shows the user's key.
// No framework and no build step: fetch, a stream reader and the DOM.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  let token = null;

  function setState(text, failed) {
    $('state').textContent = text;
    $('state').className = failed ? 'error' : '';
  }

  function fail(message) {
    setState('error', true);
    $('meta').textContent = message;
    $('meta').className = 'error';
  }

  // A problem+json answer as "code: detail".
  async function problemText(response) {
    try {
      const problem = await response.json();
      return `${problem.code || response.status}: ${problem.detail || problem.title || ''}`;
    } catch (unreadable) {
      return `HTTP ${response.status}`;
    }
  }

  async function signIn() {
    const response = await fetch('/demo/session', { method: 'POST' });
    if (!response.ok) {
      throw new Error(`Sign-in failed: ${await problemText(response)}`);
    }
    const session = await response.json();
    token = session.token;
    $('who').textContent = `Signed in as ${session.userId}`;
    $('send').disabled = false;
    await showKey();
  }

  // The user's budget this period (kept across renewals), not the current key's limit.
  function budget(key) {
    if (key.budgetUsd == null) {
      return 'unknown';
    }
    const spent = key.spentUsd == null ? 'unknown' : `$${Number(key.spentUsd).toFixed(4)}`;
    return `${spent} of $${Number(key.budgetUsd).toFixed(2)} this period`;
  }

  async function showKey() {
    const response = await fetch('/analysis/key', { headers: { Authorization: `Bearer ${token}` } });
    if (response.status === 404) {
      $('key-label').textContent = 'none yet: the first prompt mints one';
      return;
    }
    if (!response.ok) {
      $('key-label').textContent = await problemText(response);
      return;
    }
    const key = await response.json();
    $('key-label').textContent = key.keyLabel;
    $('key-usage').textContent = budget(key);
    $('key-renewals').textContent = String(key.renewalCount);
    const renewed = $('key-renewed');
    // lastRenewalAt is also set when the first key is minted: a renewal is a count above zero.
    renewed.hidden = key.renewalCount === 0;
    renewed.textContent = key.renewalCount === 0 ? '' : `renewed ${new Date(key.lastRenewalAt).toLocaleTimeString()}`;
  }

  // Server-Sent Events from a fetch body: blocks split by a blank line, comment lines skipped.
  async function readEvents(body, handle) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value;
      let end;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        let name = 'message';
        const data = [];
        for (const line of block.split(/\r?\n/)) {
          if (line.startsWith(':')) {
            continue;
          }
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') {
            name = text;
          } else if (field === 'data') {
            data.push(text);
          }
        }
        if (data.length > 0) {
          handle(name, data.join('\n'));
        }
      }
    }
  }

  function onEvent(name, data) {
    const event = JSON.parse(data);
    if (name === 'delta') {
      $('answer').textContent += event.text;
    } else if (name === 'done') {
      const notes = [event.model, `${event.usage.totalTokens} tokens`];
      if (event.keyProvisioned) {
        notes.push('a key was minted for you');
      }
      if (event.keyRenewed) {
        notes.push('your key was renewed on the way');
      }
      $('meta').textContent = notes.join(' · ');
      setState('done');
    } else if (name === 'error') {
      fail(`${event.code}: ${event.detail}`);
    }
  }

  async function send() {
    $('send').disabled = true;
    $('answer').textContent = '';
    $('meta').textContent = '';
    $('meta').className = '';
    setState('streaming…');
    try {
      const response = await fetch('/analysis', {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          Accept: 'text/event-stream',
        },
        body: JSON.stringify({ prompt: $('prompt').value }),
      });
      if (!response.ok) {
        fail(await problemText(response));
        return;
      }
      await readEvents(response.body, onEvent);
      if ($('state').textContent !== 'done' && $('state').className !== 'error') {
        fail('The stream ended early.');
      }
      await showKey();
    } catch (error) {
      fail(error.message);
    } finally {
      $('send').disabled = false;
    }
  }

  // The admin console keeps its token in this tab's sessionStorage: the demo admin's is put there first.
  $('console').addEventListener('click', async (event) => {
    event.preventDefault();
    try {
      const response = await fetch('/demo/admin-session', { method: 'POST' });
      if (!response.ok) {
        throw new Error(`Admin sign-in failed: ${await problemText(response)}`);
      }
      sessionStorage.setItem('admin-token', (await response.json()).token);
      location.href = '/admin/';
    } catch (error) {
      fail(error.message);
    }
  });
  $('send').addEventListener('click', send);
  signIn().catch((error) => fail(error.message));
})();
