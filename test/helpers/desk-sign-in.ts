import assert from 'node:assert/strict';

/** Signs in to the desk at `base` with a form POST, as a browser would; answers the session cookie (`wd_desk=…`). */
export async function deskSignIn(base: string, name: string, password: string): Promise<string> {
  const res = await fetch(`${base}/desk/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ name, password, next: '/desk' }).toString() });
  assert.equal(res.status, 303, `${name} signs in`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  assert.ok(cookie.startsWith('wd_desk='), 'the session cookie is set');
  return cookie;
}

/** The CSRF token a desk page carries in its forms' hidden `csrf` field. */
export function csrfOf(page: string): string {
  const m = /name="csrf" value="([^"]+)"/.exec(page);
  assert.ok(m, 'the page carries its CSRF token');
  return m[1]!;
}
