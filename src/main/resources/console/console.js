// The admin console: every call goes to the admin API with the token the operator signed in
// with, kept in this tab only (sessionStorage). Nothing is loaded from anywhere but this origin.
(() => {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const KEY = 'admin-token';
  let users = [];

  function token() {
    return sessionStorage.getItem(KEY);
  }

  async function api(path, options = {}) {
    const response = await fetch(path, {
      ...options,
      headers: { Authorization: `Bearer ${token()}`, Accept: 'application/json', ...(options.headers || {}) }
    });
    if (!response.ok) {
      let detail = `${response.status}`;
      try {
        const problem = await response.json();
        detail = `${problem.code || response.status}: ${problem.detail || problem.title || ''}`;
      } catch (ignored) {
        // not a problem body
      }
      throw new Error(detail);
    }
    return response.status === 204 ? null : response.json();
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  function usd(value) {
    return `$${Number(value).toFixed(Number(value) < 1 ? 6 : 2)}`;
  }

  // One section at a time; the nav marks the current page, and focus moves to the page's heading so a
  // screen reader announces it and the keyboard starts there.
  function show(section) {
    for (const id of ['sign-in', 'users', 'spend', 'caps', 'user']) {
      $(id).hidden = id !== section;
    }
    $('nav').hidden = section === 'sign-in';
    for (const link of $('nav').querySelectorAll('a')) {
      if (link.getAttribute('href') === `#${section}`) {
        link.setAttribute('aria-current', 'page');
      } else {
        link.removeAttribute('aria-current');
      }
    }
    $('error').textContent = '';
    const heading = $(section).querySelector('h2');
    heading.tabIndex = -1;
    heading.focus();
  }

  function fail(error) {
    $('error').textContent = error.message;
  }

  async function route() {
    if (!token()) {
      show('sign-in');
      return;
    }
    const hash = location.hash || '#users';
    try {
      if (hash.startsWith('#user/')) {
        show('user');
        await showUser(decodeURIComponent(hash.substring('#user/'.length)));
      } else if (hash === '#spend') {
        show('spend');
        await showSpend();
      } else if (hash === '#caps') {
        show('caps');
        await showCaps();
      } else {
        show('users');
        await loadUsers();
      }
    } catch (error) {
      fail(error);
    }
  }

  async function loadUsers() {
    const page = await api(`/admin/users?size=100&sort=${encodeURIComponent($('sort').value)}`);
    users = page.users;
    $('users-summary').textContent = `${page.total} users · budget period: ${page.period}`;
    renderUsers();
  }

  function renderUsers() {
    const search = $('search').value.trim().toLowerCase();
    const body = $('users-table').querySelector('tbody');
    body.replaceChildren();
    for (const user of users.filter((each) => each.userId.toLowerCase().includes(search))) {
      const row = document.createElement('tr');
      row.dataset.userId = user.userId;
      const name = document.createElement('th');
      name.scope = 'row';
      const link = document.createElement('a');
      link.href = `#user/${encodeURIComponent(user.userId)}`;
      link.textContent = user.userId;
      name.appendChild(link);
      row.appendChild(name);
      cell(row, user.keyLabel || 'none');
      const spent = cell(row, '');
      const meter = document.createElement('meter');
      meter.min = 0;
      meter.max = Number(user.limitUsd);
      meter.value = Math.min(Number(user.spentUsd), Number(user.limitUsd));
      meter.high = 0.8 * Number(user.limitUsd);
      meter.setAttribute('aria-label', `${user.userId} spent ${usd(user.spentUsd)} of ${usd(user.limitUsd)}`);
      spent.append(meter, ` ${usd(user.spentUsd)} of ${usd(user.limitUsd)}`);
      cell(row, user.suspended ? 'suspended' : 'active', user.suspended ? 'status suspended' : 'status');
      cell(row, user.lastRenewalAt ? new Date(user.lastRenewalAt).toLocaleString() : 'never');
      cell(row, String(user.renewals));
      const actions = cell(row, '');
      actions.append(
        action(user.suspended ? 'Resume' : 'Suspend', user, user.suspended ? 'resume' : 'suspend'),
        budgetAction(user), action('Force-provision', user, 'openrouter-key'));
      body.appendChild(row);
    }
  }

  function action(label, user, path) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.setAttribute('aria-label', `${label} ${user.userId}`);
    button.addEventListener('click', async () => {
      if (!confirm(`${label} ${user.userId}?`)) {
        return;
      }
      try {
        await api(`/admin/users/${encodeURIComponent(user.userId)}/${path}`, { method: 'POST' });
        await loadUsers();
      } catch (error) {
        fail(error);
      }
    });
    return button;
  }

  function budgetAction(user) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Set budget';
    button.setAttribute('aria-label', `Set the budget of ${user.userId}`);
    button.addEventListener('click', async () => {
      const answer = prompt(`Budget of ${user.userId} in USD per period (empty: the default)`, user.limitUsd);
      if (answer === null) {
        return;
      }
      const limitUsd = answer.trim() === '' ? null : Number(answer);
      if (limitUsd !== null && !(Number.isFinite(limitUsd) && limitUsd > 0)) {
        fail(new Error(`"${answer}" is not an amount in USD: the budget of ${user.userId} is unchanged.`));
        return;
      }
      try {
        await api(`/admin/users/${encodeURIComponent(user.userId)}/budget`, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ limitUsd })
        });
        await loadUsers();
      } catch (error) {
        fail(error);
      }
    });
    return button;
  }

  function chart(container, rows, label) {
    container.replaceChildren();
    const days = rows.map((row) => Date.parse(`${row.key}T00:00:00Z`) / 1000);
    const costs = rows.map((row) => Number(row.costUsd));
    container.dataset.points = String(days.length);
    const width = Math.max(300, Math.min(container.clientWidth || 800, 1100));
    new uPlot({
      width, height: 260,
      scales: { x: { time: true } },
      series: [{}, { label, stroke: '#1d5fa8', fill: 'rgba(29,95,168,0.15)', points: { show: true } }],
      axes: [{}, { size: 90, values: (u, ticks) => ticks.map((tick) => `$${Number(tick.toPrecision(2))}`) }]
    }, [days, costs], container);
  }

  function tableRows(table, rows) {
    const body = $(table).querySelector('tbody');
    body.replaceChildren();
    for (const row of rows) {
      const tr = document.createElement('tr');
      cell(tr, row.key);
      cell(tr, String(row.calls));
      cell(tr, usd(row.costUsd));
      body.appendChild(tr);
    }
  }

  const COLORS = ['#1d5fa8', '#d4351c', '#00703c', '#f47738', '#5694ca', '#912b88', '#85994b', '#6f777b'];

  // Stacked areas: each series is drawn as the sum of itself and those below it, the top one first.
  async function showStack() {
    const body = await api(`/admin/spend/daily?split=${encodeURIComponent($('stack-by').value)}&top=5`);
    const container = $('stack-chart');
    container.replaceChildren();
    const days = body.daily.days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
    const own = body.daily.series.map((series) => series.costUsd.map(Number));
    const stacked = own.map((values, index) =>
      values.map((value, day) => own.slice(0, index + 1).reduce((sum, below) => sum + below[day], 0)));
    container.dataset.series = String(own.length);
    container.dataset.points = String(days.length);
    const order = [...stacked.keys()].reverse();
    new uPlot({
      width: Math.max(300, Math.min(container.clientWidth || 800, 1100)), height: 260,
      scales: { x: { time: true } },
      series: [{}, ...order.map((index) => ({
        label: body.daily.series[index].key,
        stroke: COLORS[index % COLORS.length],
        fill: `${COLORS[index % COLORS.length]}55`,
        value: (u, value, seriesIndex, dataIndex) => dataIndex == null ? '--' : usd(own[index][dataIndex])
      }))],
      axes: [{}, { size: 90, values: (u, ticks) => ticks.map((tick) => `$${Number(tick.toPrecision(2))}`) }]
    }, [days, ...order.map((index) => stacked[index])], container);
  }

  async function showSpend() {
    const byDay = await api('/admin/spend?groupBy=day');
    const byModel = await api('/admin/spend?groupBy=model');
    // Every day of the range, a day without spend at 0: the daily series of all models added up.
    const all = await api('/admin/spend/daily?split=model&top=20');
    chart($('spend-chart'), all.daily.days.map((day, index) => ({
      key: day,
      costUsd: all.daily.series.reduce((sum, series) => sum + Number(series.costUsd[index]), 0)
    })), 'USD per day');
    tableRows('spend-table', byDay.rows);
    tableRows('model-table', byModel.rows);
    await showStack();
  }

  const CAP_UNITS = { mints: 'mints a minute', new_users: 'new users an hour', total_limit: 'USD of live keys' };

  async function showCaps() {
    const body = $('caps-table').querySelector('tbody');
    body.replaceChildren();
    for (const cap of (await api('/admin/caps')).caps) {
      const row = document.createElement('tr');
      row.dataset.cap = cap.cap;
      const name = document.createElement('th');
      name.scope = 'row';
      name.textContent = cap.cap;
      row.appendChild(name);
      cell(row, cap.setting);
      cell(row, cap.enabled ? `${cap.limit} ${CAP_UNITS[cap.cap] || ''}` : 'off (no limit)');
      const used = cell(row, '', 'used');
      if (cap.enabled && cap.used != null) {
        const meter = document.createElement('meter');
        meter.min = 0;
        meter.max = Number(cap.limit);
        meter.value = Math.min(Number(cap.used), Number(cap.limit));
        meter.high = 0.8 * Number(cap.limit);
        meter.setAttribute('aria-label', `${cap.cap}: ${cap.used} of ${cap.limit}`);
        used.append(meter, ` ${cap.used}`);
      } else {
        used.textContent = cap.enabled ? 'unknown' : '–';
      }
      body.appendChild(row);
    }
  }

  async function showUser(userId) {
    $('user-title').textContent = `User ${userId}`;
    const details = $('user-key');
    details.replaceChildren();
    const spend = await api(`/admin/users/${encodeURIComponent(userId)}/spend`);
    chart($('user-chart'), spend.rows, 'USD per day');
    let key = null;
    try {
      key = await api(`/admin/users/${encodeURIComponent(userId)}/openrouter-key`);
    } catch (error) {
      key = null;
    }
    const facts = key ? [['Key', key.keyLabel], ['Created', key.createdAt], ['Expires', key.expiresAt || 'never'],
      ['Renewals', String(key.renewalCount)], ['Budget', key.budgetUsd == null ? 'unknown' : usd(key.budgetUsd)]]
      : [['Key', 'none']];
    for (const [term, value] of facts) {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      details.append(dt, dd);
    }
    const events = await api(`/admin/users/${encodeURIComponent(userId)}/openrouter-key/events?size=50`);
    const body = $('events-table').querySelector('tbody');
    body.replaceChildren();
    for (const event of events.events) {
      const tr = document.createElement('tr');
      cell(tr, new Date(event.at).toLocaleString());
      cell(tr, event.event);
      cell(tr, event.reason || '');
      cell(tr, event.oldKeyLabel || '');
      cell(tr, event.newKeyLabel || '');
      body.appendChild(tr);
    }
  }

  // Signing in with the identity provider: authorization code with PKCE, the verifier and state kept in this tab.
  function base64url(bytes) {
    return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function randomString() {
    const bytes = new Uint8Array(32);
    crypto.getRandomValues(bytes);
    return base64url(bytes);
  }

  function redirectUri() {
    return `${location.origin}/admin/`;
  }

  async function discovery(issuer) {
    const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
    if (!response.ok) {
      throw new Error(`The identity provider's configuration cannot be read (${response.status}).`);
    }
    return response.json();
  }

  async function signInWithIssuer(config) {
    const provider = await discovery(config.issuer);
    const verifier = randomString();
    const state = randomString();
    const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    sessionStorage.setItem('pkce', JSON.stringify({ verifier, state }));
    const url = new URL(provider.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri(), scope: config.scope,
      state, code_challenge: challenge, code_challenge_method: 'S256'
    }).toString();
    location.assign(url.toString());
  }

  async function finishIssuerSignIn(config) {
    const params = new URLSearchParams(location.search);
    if (!params.has('code') && !params.has('error')) {
      return;
    }
    const saved = JSON.parse(sessionStorage.getItem('pkce') || 'null');
    sessionStorage.removeItem('pkce');
    history.replaceState(null, '', '/admin/');
    if (params.has('error')) {
      throw new Error(`The identity provider said: ${params.get('error')}`);
    }
    if (!saved || saved.state !== params.get('state')) {
      throw new Error('The sign-in came back with a state this tab did not send.');
    }
    const provider = await discovery(config.issuer);
    const response = await fetch(provider.token_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
        client_id: config.clientId, code_verifier: saved.verifier
      })
    });
    if (!response.ok) {
      throw new Error(`The identity provider refused the sign-in (${response.status}).`);
    }
    sessionStorage.setItem(KEY, (await response.json()).access_token);
    try {
      await api('/admin/users?size=1');
    } catch (error) {
      sessionStorage.removeItem(KEY);
      throw error;
    }
  }

  async function start() {
    const config = await (await fetch('/admin/console-config')).json();
    if (config.issuer && config.clientId) {
      $('issuer-sign-in').hidden = false;
      $('sign-in-issuer').addEventListener('click', () => signInWithIssuer(config).catch((error) => {
        $('sign-in-error').textContent = error.message;
      }));
      try {
        await finishIssuerSignIn(config);
      } catch (error) {
        $('sign-in-error').textContent = `Not signed in: ${error.message}`;
      }
    }
    await route();
  }

  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY, $('token').value.trim());
    try {
      await api('/admin/users?size=1');
      $('token').value = '';
      $('sign-in-error').textContent = '';
      location.hash = '#users';
      await route();
    } catch (error) {
      sessionStorage.removeItem(KEY);
      $('sign-in-error').textContent = `Not signed in: ${error.message}`;
    }
  });
  $('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    location.hash = '';
    route();
  });
  $('search').addEventListener('input', renderUsers);
  $('sort').addEventListener('change', () => loadUsers().catch(fail));
  $('stack-by').addEventListener('change', () => showStack().catch(fail));
  window.addEventListener('hashchange', route);
  start().catch(fail);
})();
