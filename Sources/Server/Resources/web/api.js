// Calls to this server's public API: JSON in and out, the API key as a Bearer token, and
// every error status turned into an ApiError built from the server's JSON error body
// ({"error": {"code", "message", "details"}}). Also GET /v1/model's answer as the page uses it.
import { state } from './state.js';

/** An HTTP error answered by the API (status 0: the server could not be reached). */
export class ApiError extends Error {
  constructor(status, code, message, details, retryAfter, path) {
    super(message);
    this.status = status; this.code = code; this.details = details || {};
    this.retryAfter = retryAfter; this.path = path;
  }
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or null. */
function retryAfterSeconds(value) {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Calls the API: JSON body in, parsed JSON out (null for 204); throws ApiError. */
export async function api(method, path, body, signal) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (state.key) headers.Authorization = 'Bearer ' + state.key;
  const init = { method, headers, signal, cache: 'no-store' };
  if (body !== undefined) init.body = JSON.stringify(body);
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The server cannot be reached (' + error.message + ').', {}, null, path);
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) {
    const error = (json && json.error) || {};
    throw new ApiError(response.status, error.code || 'http_' + response.status,
      error.message || response.statusText || text.slice(0, 200), error.details,
      retryAfterSeconds(response.headers.get('Retry-After')), path);
  }
  return json;
}

/** The server's body limit in bytes (GET /v1/model), 2 MiB until it is known. */
export function maxBodyBytes() { return (state.model && state.model.maxBodyBytes) || 2097152; }

/** GET /v1/model's answer with the fields the page uses (the page is served by that server). */
export function modelInfo(raw) {
  const limits = raw.limits || {};
  return {
    labels: raw.labels || [],
    chunkSize: raw.chunk_size || 64,
    memorySize: raw.memory_size,
    memoryVariant: raw.memory_variant,
    checkpointDigest: raw.checkpoint_digest || '',
    requiresApiKey: Boolean(raw.requires_api_key),
    maxBodyBytes: limits.max_body_bytes || 2097152,
    maxLabelsPageSize: limits.max_labels_page_size || 10000,
  };
}
