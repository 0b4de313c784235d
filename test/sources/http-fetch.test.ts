import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fetchUrl } from '../../src/sources/http-fetch.js';
import { addressDenied } from '../../src/sources/net-policy.js';
import { WiredeskError } from '../../src/errors.js';
import { localServer } from '../worker/redis-env.js';

// issue 15 item 12: the SSRF rule and credentials bound to their origin, on real servers.

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WiredeskError) return e.code;
    throw e;
  }
  return 'no error';
}

test('the private-network rule: loopback, link-local, private, CGNAT, unspecified and IPv4-mapped addresses are denied', () => {
  for (const a of ['127.0.0.1', '127.9.9.9', '10.1.2.3', '169.254.169.254', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '100.127.255.255', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', 'fc00::1', '::ffff:127.0.0.1', '::ffff:8.8.8.8', '[::1]', 'fe80::1%eth0']) {
    assert.ok(addressDenied(a), `${a} is denied`);
  }
  for (const a of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2001:4860:4860::8888', '93.184.216.34']) {
    assert.equal(addressDenied(a), null, `${a} is public`);
  }
});

test('fetchUrl with a policy: 127.0.0.1 and a name resolving to loopback are refused unless allowed; other schemes too', async () => {
  let requests = 0;
  const srv = await localServer((_req, res) => {
    requests++;
    res.writeHead(200).end('ok');
  });
  try {
    const port = new URL(srv.url).port;
    assert.equal(await code(fetchUrl(`${srv.url}/`, { policy: {} })), 'WIREDESK_ERR_FETCH_ADDRESS_DENIED');
    // Resolved addresses are checked, not only literals: localhost resolves to loopback.
    assert.equal(await code(fetchUrl(`http://localhost:${port}/`, { policy: {} })), 'WIREDESK_ERR_FETCH_ADDRESS_DENIED');
    assert.equal(await code(fetchUrl(`http://[::ffff:127.0.0.1]:${port}/`, { policy: {} })), 'WIREDESK_ERR_FETCH_ADDRESS_DENIED');
    assert.equal(requests, 0);
    assert.equal(await code(fetchUrl('file:///etc/passwd', { policy: { allowPrivateNetwork: true } })), 'WIREDESK_ERR_FETCH_PROTOCOL');
    const ok = await fetchUrl(`http://localhost:${port}/`, { policy: { allowPrivateNetwork: true }, authOrigin: `http://localhost:${port}` });
    assert.equal(ok.bytes.toString(), 'ok');
    assert.equal(requests, 1);
  } finally {
    await srv.close();
  }
});

test('fetchUrl: a redirect to another origin never carries the credentials, even without a policy (the CLI)', async () => {
  const seen: Array<{ host: string; auth: string | undefined; cookie: string | undefined }> = [];
  const other = await localServer((req, res) => {
    seen.push({ host: 'other', auth: req.headers.authorization, cookie: req.headers['x-token'] as string | undefined });
    res.writeHead(200).end('other');
  });
  const home = await localServer((req, res) => {
    seen.push({ host: 'home', auth: req.headers.authorization, cookie: req.headers['x-token'] as string | undefined });
    if (req.url === '/same') res.writeHead(301, { location: '/final' }).end();
    else if (req.url === '/final') res.writeHead(200).end('home');
    else res.writeHead(302, { location: `${other.url}/x` }).end();
  });
  try {
    const auth = { authorization: 'Basic dXNlcjpwYXNz', 'x-token': 't' };
    const same = await fetchUrl(`${home.url}/same`, { authHeaders: auth, policy: { allowPrivateNetwork: true } });
    assert.equal(same.bytes.toString(), 'home');
    assert.deepEqual(seen.splice(0), [{ host: 'home', auth: auth.authorization, cookie: 't' }, { host: 'home', auth: auth.authorization, cookie: 't' }], 'a same-origin redirect keeps them');
    const away = await fetchUrl(`${home.url}/away`, { authHeaders: auth });
    assert.equal(away.bytes.toString(), 'other');
    assert.deepEqual(seen.splice(0), [{ host: 'home', auth: auth.authorization, cookie: 't' }, { host: 'other', auth: undefined, cookie: undefined }]);
    assert.equal(await code(fetchUrl(`${home.url}/away`, { authHeaders: auth, policy: { allowPrivateNetwork: true } })), 'WIREDESK_ERR_FETCH_CROSS_ORIGIN');
    assert.equal(seen.filter((s) => s.host === 'other').length, 0, 'refused before connecting');
  } finally {
    await home.close();
    await other.close();
  }
});

test('fetchUrl: the connection goes to the address that was checked (no second DNS answer), and a mixed answer is refused', async () => {
  const srv = await localServer((req, res) => res.writeHead(200).end(`host ${req.headers.host}`));
  try {
    const port = new URL(srv.url).port;
    let lookups = 0;
    // A name only this resolver knows: were the socket to look it up again, it would fail (ENOTFOUND).
    const once = async (): Promise<Array<{ address: string; family: number }>> => {
      lookups++;
      return lookups === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.9.9.9', family: 4 }];
    };
    const url = `http://rebind.invalid:${port}/`;
    const ok = await fetchUrl(url, { policy: { allowPrivateNetwork: true }, resolver: once });
    assert.equal(ok.bytes.toString(), `host rebind.invalid:${port}`, 'the Host header keeps the name');
    assert.equal(lookups, 1, 'resolved once, connected to that answer');
    const mixed = async (): Promise<Array<{ address: string; family: number }>> => [{ address: '93.184.216.34', family: 4 }, { address: '169.254.169.254', family: 4 }];
    assert.equal(await code(fetchUrl(url, { policy: {}, resolver: mixed })), 'WIREDESK_ERR_FETCH_ADDRESS_DENIED');
  } finally {
    await srv.close();
  }
});
