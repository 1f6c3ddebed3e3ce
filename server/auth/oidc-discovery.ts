/** The OpenID provider's configuration, discovered once for the staff login (OI) and the parents' MitID broker (PA10). */
import * as client from 'openid-client';

export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  production: boolean;
}

/** Discovery runs on first use and is retried after a failure. */
export function lazyDiscovery(settings: OidcClientSettings): () => Promise<client.Configuration> {
  let configuration: Promise<client.Configuration> | null = null;
  return () => {
    const { issuer, clientId, clientSecret, production } = settings;
    configuration ??= client
      .discovery(
        new URL(issuer),
        clientId,
        clientSecret ? { client_secret: clientSecret } : { token_endpoint_auth_method: 'none' },
        clientSecret ? client.ClientSecretPost(clientSecret) : client.None(),
        // Plain http only outside production (a test or development provider); config.ts refuses it in production.
        { execute: production ? [] : [client.allowInsecureRequests], timeout: 10 },
      )
      .catch((err: unknown) => {
        configuration = null;
        throw err;
      });
    return configuration;
  };
}
