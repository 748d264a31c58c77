/**
 * The one HTTP client of the dashboard: JSON in and out, `Authorization: Bearer`
 * from the session, one silent renewal and retry when the server says the token
 * is no longer good, and every failure as an `ApiProblem` with a catalogued code.
 */
import { ApiProblem, asProblem, problemFromResponse } from './problem.js';
import type { ServerClock } from './server-clock.js';

/** Where the client gets (and renews) the access token. */
export interface TokenProvider {
  /** The current access token, or null when signed out. */
  accessToken(): string | null;
  /** Renews the token after a 401; resolves false when the session has ended (sign in again). */
  renew(): Promise<boolean>;
}

export type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  query?: Record<string, QueryValue | readonly QueryValue[]>;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** Default true: send the bearer token and renew it on 401. */
  authenticated?: boolean;
}

export interface HttpClient {
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  post<T>(path: string, options?: RequestOptions): Promise<T>;
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
}

/**
 * Builds `path?query`, skipping undefined and null values; arrays repeat the name.
 *
 * @example withQuery('/api/v1/alerts', { status: ['open', 'acknowledged'], limit: 50 }) // '/api/v1/alerts?status=open&status=acknowledged&limit=50'
 */
export function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) if (item !== undefined && item !== null) params.append(name, String(item));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * @example const http = createHttpClient(tokens, clock); const network = await http.get('/api/v1/network');
 */
export function createHttpClient(tokens: TokenProvider, clock?: ServerClock, fetchImpl: typeof fetch = (...args) => fetch(...args)): HttpClient {
  const send = async (method: string, path: string, options: RequestOptions, token: string | null): Promise<Response> => {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const sentAt = Date.now();
    const response = await fetchImpl(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    clock?.observe(response.headers.get('date'), sentAt, Date.now());
    return response;
  };

  const request = async <T>(method: string, path: string, options: RequestOptions = {}): Promise<T> => {
    const authenticated = options.authenticated ?? true;
    try {
      let response = await send(method, path, options, authenticated ? tokens.accessToken() : null);
      if (response.status === 401 && authenticated) {
        // The token expired or its session was rotated in another tab: renew once, then retry.
        if (!(await tokens.renew())) throw new ApiProblem({ code: 'ZHIDU_CLIENT_SESSION_ENDED', status: 401 });
        response = await send(method, path, options, tokens.accessToken());
      }
      if (!response.ok) throw await problemFromResponse(response);
      if (response.status === 204) return undefined as T;
      const type = response.headers.get('content-type') ?? '';
      if (!type.includes('json')) throw new ApiProblem({ code: 'ZHIDU_CLIENT_BAD_RESPONSE', status: response.status, detail: `unexpected ${type || 'empty'} body` });
      return (await response.json()) as T;
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw asProblem(error);
    }
  };

  return {
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, options) => request('POST', path, options),
  };
}
