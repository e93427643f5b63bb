// Every call to the server goes through here: the API key (if the server asks for one) is sent on
// each request, and a ProblemDetails answer becomes an Error whose message is its title, detail and fields.
const KEY = 'twin.apiKey';

export const apiKey = () => sessionStorage.getItem(KEY) || '';
export function setApiKey(key) { key ? sessionStorage.setItem(KEY, key) : sessionStorage.removeItem(KEY); }

function headers(extra) {
  const h = new Headers(extra || {});
  if (apiKey()) h.set('X-Api-Key', apiKey());
  return h;
}

export class ApiError extends Error {
  constructor(status, problem, fallback) {
    super(problemText(problem) || fallback);
    this.status = status;
    this.problem = problem;
  }
}

export function problemText(p) {
  if (!p || typeof p !== 'object') return '';
  const fields = p.errors ? Object.entries(p.errors).map(([k, v]) => `${k}: ${[].concat(v).join(' ')}`).join('\n') : '';
  const rows = (p.rejected || []).slice(0, 10).map((r) => `row ${r.row}${r.field ? ` (${r.field})` : ''}: ${r.reason}`).join('\n');
  const missing = p.missing_columns ? `missing columns: ${p.missing_columns.join(', ')}` : '';
  return [p.title, p.detail, fields, missing, rows].filter(Boolean).join('\n');
}

/** Called when the server answers 401: the page shows the key box. */
export let onUnauthorized = () => {};
export function whenUnauthorized(f) { onUnauthorized = f; }

export async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: headers(options.headers) });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (response.status === 401) onUnauthorized();
  if (!response.ok) throw new ApiError(response.status, body, `${response.status} ${response.statusText}`);
  return body;
}

export const postJson = (path, body, method = 'POST') =>
  api(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/**
 * A file upload with progress: fetch cannot report upload progress, XMLHttpRequest can.
 * Resolves with { status, body } whatever the status, so the page can show the server's answer.
 */
export function upload(path, formData, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    if (apiKey()) xhr.setRequestHeader('X-Api-Key', apiKey());
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { body = xhr.responseText; }
      if (xhr.status === 401) onUnauthorized();
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error('The upload did not reach the server (network error).'));
    xhr.send(formData);
  });
}

/** True when the server has this endpoint (anything but 404): pages for APIs still being built stay hidden. */
export async function exists(path) {
  try {
    const r = await fetch(path, { headers: headers() });
    return r.status !== 404;
  } catch {
    return false;
  }
}
