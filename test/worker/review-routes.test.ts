import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { registerReviewRoutes, type ReviewApi } from '../../src/worker/review-routes.js';
import { WiredeskError } from '../../src/errors.js';
import { capturedLogger } from './redis-env.js';

function fakeService(): { service: ReviewApi; calls: string[] } {
  const calls: string[] = [];
  const service = {
    list: async (opts: { limit?: number }) => {
      calls.push(`list ${opts.limit ?? '-'}`);
      return [{ id: 'p:1', state: 'pending' }];
    },
    act: async (action: string, id: string, by: string | null) => {
      calls.push(`${action} ${id} ${by ?? '-'}`);
      if (id === 'missing') throw new WiredeskError('WIREDESK_ERR_REVIEW_NOT_FOUND', id);
      if (id === 'killed') throw new WiredeskError('WIREDESK_ERR_REVIEW_CONFLICT', id);
      return { id, state: action === 'hold' ? 'held' : action === 'kill' ? 'killed' : 'approved' };
    },
  } as unknown as ReviewApi;
  return { service, calls };
}

test('review API: bearer tokens with roles; viewers list, editors act; the audit name comes from the token; not found 404, conflict 409', async () => {
  const app = Fastify();
  const { service, calls } = fakeService();
  await registerReviewRoutes(app, { redisUrl: 'redis://unused', prefix: 'x', tokens: new Map([['ed', 'editor'], ['vw', 'viewer']]), tokenHolders: new Map([['ed', 'Ana Desk']]), logger: capturedLogger().logger, service });
  const as = (token: string | null) => (token ? { authorization: `Bearer ${token}` } : {});
  try {
    assert.equal((await app.inject({ method: 'GET', url: '/review', headers: as(null) })).statusCode, 401);
    assert.equal((await app.inject({ method: 'GET', url: '/review', headers: as('nope') })).statusCode, 401);
    const listed = await app.inject({ method: 'GET', url: '/review?limit=5', headers: as('vw') });
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(listed.json(), [{ id: 'p:1', state: 'pending' }]);
    assert.equal((await app.inject({ method: 'POST', url: '/review/p%3A1/approve', headers: as('vw') })).statusCode, 403);
    const approved = await app.inject({ method: 'POST', url: '/review/p%3A1/approve', headers: as('ed'), payload: { by: 'desk-editor' } });
    assert.equal(approved.statusCode, 200);
    assert.deepEqual(approved.json(), { id: 'p:1', state: 'approved' });
    assert.equal((await app.inject({ method: 'POST', url: '/review/p%3A1/hold', headers: as('ed') })).json<{ state: string }>().state, 'held');
    assert.equal((await app.inject({ method: 'POST', url: '/review/missing/kill', headers: as('ed') })).statusCode, 404);
    assert.equal((await app.inject({ method: 'POST', url: '/review/killed/approve', headers: as('ed') })).statusCode, 409);
    // The body's "by" claims someone else: the audit records the token's holder.
    assert.deepEqual(calls, ['list 5', 'approve p:1 Ana Desk', 'hold p:1 Ana Desk', 'kill missing Ana Desk', 'approve killed Ana Desk']);
  } finally {
    await app.close();
  }
});

test('review API: with no tokens configured nobody gets in', async () => {
  const app = Fastify();
  await registerReviewRoutes(app, { redisUrl: 'redis://unused', prefix: 'x', tokens: new Map(), logger: capturedLogger().logger, service: fakeService().service });
  try {
    assert.equal((await app.inject({ method: 'GET', url: '/review', headers: { authorization: 'Bearer ' } })).statusCode, 401);
  } finally {
    await app.close();
  }
});

test('review API: repeated wrong tokens from one address are answered 429 with Retry-After, and the window ends', async () => {
  const app = Fastify();
  await registerReviewRoutes(app, {
    redisUrl: 'redis://unused', prefix: 'x', tokens: new Map([['right-token', 'viewer']]), logger: capturedLogger().logger,
    service: fakeService().service, throttle: { maxFailures: 3, windowMs: 400 },
  });
  const get = (token: string) => app.inject({ method: 'GET', url: '/review', headers: { authorization: `Bearer ${token}` } });
  try {
    for (let i = 0; i < 3; i++) assert.equal((await get(`guess-${i}`)).statusCode, 401);
    const blocked = await get('right-token');
    assert.equal(blocked.statusCode, 429, 'even the right token waits once the address is throttled');
    assert.ok(Number(blocked.headers['retry-after']) >= 1);
    await new Promise((r) => setTimeout(r, 450));
    assert.equal((await get('right-token')).statusCode, 200);
  } finally {
    await app.close();
  }
});
