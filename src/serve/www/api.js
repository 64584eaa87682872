// api.js: talks to `detente serve` (docs/serve.md).
//
// The page is opened at /?token=TOKEN. The token is read once from the
// address, kept in sessionStorage (so a reload of the tab keeps working)
// and removed from the address bar. Every fetch sends it in the
// X-Detente-Token header; EventSource cannot send headers, so the sweep
// progress stream carries it as ?token=.

const TOKEN_KEY = 'detente-token';

function takeToken() {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + (rest ? '?' + rest : '') + location.hash);
  }
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

const token = takeToken();

export function hasToken() {
  return token !== '';
}

/** An error answer of the server: status, code, message and scenario errors. */
export class ApiError extends Error {
  constructor(status, body, fallback) {
    const e = (body && body.error) || {};
    super(e.message || fallback || `request failed (HTTP ${status})`);
    this.status = status;
    this.code = e.code || '';
    // Scenario problems: [{file, line, col, message}]; the YAML they point into.
    this.errors = Array.isArray(e.errors) ? e.errors : (body && Array.isArray(body.errors) ? body.errors : []);
    this.yaml = typeof e.yaml === 'string' ? e.yaml : (body && typeof body.yaml === 'string' ? body.yaml : null);
  }
}

/**
 * Sends one request. `body` (an object) is sent as JSON. Answers JSON as
 * an object, SVG and other text as a string. Throws ApiError for an
 * error status, Error when the server cannot be reached.
 */
export async function request(method, path, body, { signal } = {}) {
  const headers = { 'X-Detente-Token': token };
  const init = { method, headers, signal, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new Error('cannot reach the detente server (is `detente serve` still running?)');
  }
  const type = res.headers.get('Content-Type') || '';
  const isJson = type.includes('json');
  let payload;
  try {
    payload = isJson ? await res.json() : await res.text();
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(res.status, null, `the server's answer could not be read (HTTP ${res.status})`);
  }
  if (!res.ok) {
    if (res.status === 401) {
      throw new ApiError(401, isJson ? payload : null,
        'not authorised: open the page with the address `detente serve` printed (it holds the token)');
    }
    throw new ApiError(res.status, isJson ? payload : null,
      typeof payload === 'string' && payload ? payload.slice(0, 300) : undefined);
  }
  return payload;
}

export const get = (path, opts) => request('GET', path, undefined, opts);
export const post = (path, body, opts) => request('POST', path, body, opts);
export const del = (path, opts) => request('DELETE', path, undefined, opts);

/** Opens the server-sent event stream of a path, token in the query. */
export function eventSource(path) {
  const sep = path.includes('?') ? '&' : '?';
  return new EventSource(path + sep + 'token=' + encodeURIComponent(token));
}
