/**
 * A real OpenID provider for the login tests (the `oidc-provider` package) on 127.0.0.1, and what a test needs to
 * play the browser against it: a cookie jar per host with redirects by hand (`OidcBrowser`) and the walk through the
 * provider's development login and consent pages (`atProvider`). Used by tests/auth-oidc.test.ts (staff OIDC, OI1-OI6),
 * tests/balancer-login-state.test.ts (OI7) and tests/parents-mitid.test.ts (parents' MitID through a broker, PA10).
 *
 * The provider listens before it is configured: Samråd's port must be known before the provider registers its
 * clients' redirect URIs, and the issuer before Samråd starts. So: `startFakeOidc()`, start Samråd with
 * `issuer`, then `provider.configure({ clients })`.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';

// oidc-provider ships no type declarations: load it through a variable with the little we use typed.
const OIDC_PROVIDER_PACKAGE = 'oidc-provider';
type ProviderClass = new (issuer: string, configuration: Record<string, unknown>) => { callback(): http.RequestListener };

export interface FakeOidcClient {
  client_id: string;
  /** Without one: a public client (token_endpoint_auth_method none, PKCE only). */
  client_secret?: string;
  redirect_uris: string[];
}

export interface FakeOidcOptions {
  clients: FakeOidcClient[];
  /**
   * The claims of an account the provider is asked for (besides `sub`, which is always the account id).
   * Default: `<id>@idp.example`, verified.
   */
  claimsOf?: (accountId: string) => Record<string, unknown>;
  /** Scope → the claims it releases; default openid (sub), email (email, email_verified). */
  claims?: Record<string, string[]>;
}

export interface FakeOidc {
  issuer: string;
  /** Registers the clients (once Samråd's redirect URIs are known); the provider answers from then on. */
  configure(options: FakeOidcOptions): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeOidc(): Promise<FakeOidc> {
  const httpServer = http.createServer();
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  return {
    issuer,
    async configure(options) {
      const { default: Provider } = (await import(OIDC_PROVIDER_PACKAGE)) as { default: ProviderClass };
      const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
      const claimsOf = options.claimsOf ?? ((id: string) => ({ email: `${id}@idp.example`, email_verified: true }));
      const provider = new Provider(issuer, {
        clients: options.clients.map((c) => ({
          client_id: c.client_id,
          ...(c.client_secret ? { client_secret: c.client_secret, token_endpoint_auth_method: 'client_secret_post' } : { token_endpoint_auth_method: 'none' }),
          redirect_uris: c.redirect_uris,
          grant_types: ['authorization_code'],
          response_types: ['code'],
        })),
        ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
        pkce: { required: () => true },
        features: { devInteractions: { enabled: true } },
        claims: options.claims ?? { openid: ['sub'], email: ['email', 'email_verified'] },
        jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' }] },
        cookies: { keys: [crypto.randomBytes(16).toString('hex')] },
        async findAccount(_ctx: unknown, id: string) {
          return { accountId: id, claims: () => ({ ...claimsOf(id), sub: id }) };
        },
      });
      httpServer.on('request', provider.callback());
    },
    async close() {
      httpServer.closeAllConnections();
      await new Promise((resolve) => httpServer.close(resolve));
    },
  };
}

/** A minimal browser over fetch: cookies per host (path ignored), redirects by hand. */
export class OidcBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    // Samråd's origin is http://localhost:<port>; connect over IPv4 like the server listens.
    const target = new URL(url.replace('//localhost:', '//127.0.0.1:'));
    const cookies = this.jar.get(target.host);
    const headers = new Headers(init.headers);
    if (cookies?.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(target, { ...init, headers, redirect: 'manual' });
    this.keep(target.host, res.headers.getSetCookie());
    return res;
  }

  /** Stores Set-Cookie lines as a browser would (a Max-Age=0 or expired cookie is removed). */
  keep(host: string, setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /expires=thu, 01 jan 1970/i.test(a));
      const hostJar = this.jar.get(host) ?? new Map<string, string>();
      this.jar.set(host, hostJar);
      if (gone || value === '') hostJar.delete(name);
      else hostJar.set(name, value);
    }
  }

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url.replace('//localhost:', '//127.0.0.1:')).host)?.get(name);
  }

  setCookie(url: string, name: string, value: string | undefined): void {
    const host = new URL(url.replace('//localhost:', '//127.0.0.1:')).host;
    const hostJar = this.jar.get(host) ?? new Map<string, string>();
    this.jar.set(host, hostJar);
    if (value === undefined) hostJar.delete(name);
    else hostJar.set(name, value);
  }
}

/** One request of the walk at the provider, as the test's browser sends it. */
export type ProviderRequest = (url: string, init: { method: 'GET' | 'POST'; body?: URLSearchParams }) => Promise<{ status: number; location: string | null; text: string }>;

/** An OidcBrowser as a ProviderRequest. */
export const viaBrowser =
  (browser: OidcBrowser): ProviderRequest =>
  async (url, init) => {
    const res = await browser.request(url, {
      method: init.method,
      ...(init.body ? { body: init.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
    });
    return { status: res.status, location: res.headers.get('location'), text: res.status >= 300 && res.status < 400 ? '' : await res.text() };
  };

/**
 * Plays the user at the provider: signs in as `accountId` on its development login page, consents, and returns
 * the URL the provider sends the browser back to (the first redirect whose path is `callbackPath`; not followed).
 */
export async function atProvider(request: ProviderRequest, authorizationUrl: URL | string, accountId: string, callbackPath: string): Promise<URL> {
  let url = String(authorizationUrl);
  let method: 'GET' | 'POST' = 'GET';
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 15; hop++) {
    const res = await request(url, { method, ...(body ? { body } : {}) });
    method = 'GET';
    body = undefined;
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.location!, url);
      if (next.pathname === callbackPath) return next;
      url = next.href;
      continue;
    }
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    // The development interaction pages: a login form, then a consent form.
    method = 'POST';
    body = res.text.includes('name="prompt" value="login"')
      ? new URLSearchParams({ prompt: 'login', login: accountId, password: 'x' })
      : new URLSearchParams({ prompt: 'consent' });
  }
  throw new Error('the provider never redirected back');
}
