/** A logged-in HTTP client for tests: JSON in, JSON out, Origin set. */
import { login } from './clients.js';

export interface ApiClient {
  cookie: string;
  get<T = unknown>(path: string): Promise<{ status: number; body: T }>;
  send<T = unknown>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export async function apiAs(baseUrl: string, origin: string, email: string): Promise<ApiClient> {
  const cookie = await login(baseUrl, origin, email);
  const parse = async (res: Response) => {
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return {
    cookie,
    get: async (path) => parse(await fetch(`${baseUrl}${path}`, { headers: { cookie } })),
    send: async (method, path, body) =>
      parse(
        await fetch(`${baseUrl}${path}`, {
          method,
          headers: { cookie, origin, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      ),
  };
}
