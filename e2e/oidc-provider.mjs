// A real OpenID Connect provider for tests only (the npm package
// oidc-provider), so the login of ademruimte is tested against the same
// protocol a municipality's Keycloak or Entra ID speaks.
//
//   node e2e/oidc-provider.mjs --redirect-uri URL --client-id ID --client-secret S
//        [--port 0] [--auth client_secret_basic|client_secret_post] [--sabotage nonce|id-token]
//        [--stop-with-stdin]
//
// Prints one line of JSON, {"issuer": "http://127.0.0.1:PORT"}, when it listens.
// Stops on SIGTERM, and with --stop-with-stdin when its standard input closes
// (so it never outlives the Rust test that started it). The signing key is
// made fresh at every start; nothing secret is stored.
//
// The login page is oidc-provider's development page: any password is
// accepted for the test people below. --sabotage makes the provider misbehave
// on purpose, so the tests can show that ademruimte refuses: `nonce` signs an
// ID token with another nonce than the one asked for, `id-token` changes the
// ID token after it was signed.
import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    'redirect-uri': { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    port: { type: 'string', default: '0' },
    auth: { type: 'string', default: 'client_secret_basic' },
    sabotage: { type: 'string', default: '' },
    'stop-with-stdin': { type: 'boolean', default: false },
  },
});
for (const name of ['redirect-uri', 'client-id', 'client-secret']) {
  if (!args[name]) {
    console.error(`--${name} ontbreekt / is missing`);
    process.exit(2);
  }
}

// The test people: login name (also the subject, `sub`) → claims. Fictional.
const PEOPLE = {
  'sub-anna-7f3a': { preferred_username: 'anna', name: 'Anna de Vries' },
  'sub-karim-19c2': { preferred_username: 'karim', name: 'Karim El Amrani' },
  'sub-onbekend-55d0': { preferred_username: 'niemand', name: 'Niet Bekend' },
  'sub-zonder-naam-0b1e': {},
};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: `test-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };

const server = createServer();
server.listen(Number(args.port), '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: args['client-id'],
        client_secret: args['client-secret'],
        redirect_uris: [args['redirect-uri']],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: args.auth,
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
    async findAccount(ctx, id) {
      if (!Object.hasOwn(PEOPLE, id)) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...PEOPLE[id] }) };
    },
    // The ID token carries the profile claims (there is no userinfo call).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
  });

  if (args.sabotage === 'nonce') {
    provider.use(async (ctx, next) => {
      if (ctx.path === '/auth' && ctx.query.nonce) {
        ctx.query = { ...ctx.query, nonce: `vervalst-${ctx.query.nonce}` };
      }
      await next();
    });
  } else if (args.sabotage === 'id-token') {
    provider.use(async (ctx, next) => {
      await next();
      if (ctx.path === '/token' && ctx.body && typeof ctx.body.id_token === 'string') {
        const [header, payload, signature] = ctx.body.id_token.split('.');
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
        claims.sub = 'sub-karim-19c2';
        claims.preferred_username = 'karim';
        const forged = Buffer.from(JSON.stringify(claims)).toString('base64url');
        ctx.body = { ...ctx.body, id_token: `${header}.${forged}.${signature}` };
      }
    });
  } else if (args.sabotage !== '') {
    console.error(`onbekende --sabotage / unknown --sabotage: ${args.sabotage}`);
    process.exit(2);
  }

  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

if (args['stop-with-stdin']) {
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}
process.on('SIGTERM', () => process.exit(0));
