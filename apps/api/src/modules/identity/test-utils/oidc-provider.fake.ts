import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export type FakeOidcAccount = { sub: string; email?: string; email_verified?: boolean; name?: string };

export type FakeOidcProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The scripted accounts by sub; tests may add or change them. */
  accounts: Map<string, FakeOidcAccount>;
  close(): Promise<void>;
};

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 with a random port, for tests only: one confidential
 * client (client_secret_basic, PKCE required) whose redirect URI is the API's callback, scripted accounts, and the
 * package's development login and consent pages (drive them with `signInAtProvider`).
 */
export async function startFakeOidcProvider(opts: {
  redirectUri: string;
  accounts: FakeOidcAccount[];
}): Promise<FakeOidcProvider> {
  const clientId = 'creator-rewards-test';
  const clientSecret = randomBytes(24).toString('base64url');
  const accounts = new Map(opts.accounts.map((a) => [a.sub, a]));

  // The issuer contains the port, so listen first and mount the provider once the port is known.
  const mounted: { handler?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  const server = createServer((req, res) => {
    if (mounted.handler) return mounted.handler(req, res);
    res.statusCode = 503;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ ...account }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    jwks: { keys: [{ ...signingKey, kid: 'test-key', use: 'sig', alg: 'RS256' }] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
  });
  mounted.handler = provider.callback();

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
