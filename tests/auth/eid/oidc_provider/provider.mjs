// A VNeID-like OpenID Connect provider for the hub's federation tests: npm `oidc-provider` v9
// with its development interactions (login and consent forms), PKCE required, `acr` values and a
// `citizen_id` claim. Started by tests/auth/eid/oidc_provider/fixture.py, which passes:
//   OIDC_PROVIDER_ROOT  folder whose node_modules holds oidc-provider (the test cache)
//   PROVIDER_CONFIG     JSON {clients: [...], accounts: {id: claims}, acrValues: [...]}
//   MAX_SECONDS         the process exits by itself after this long
// It listens on 127.0.0.1 on a free port and prints `READY <issuer>` once it accepts requests.
// The login form takes an extra field `acr` (default urn:vneid:loa:2; `none` for no acr),
// because devInteractions records only the account.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = join(process.env.OIDC_PROVIDER_ROOT, 'node_modules', 'oidc-provider', 'lib', 'index.js');
const { default: Provider } = await import(pathToFileURL(entry).href);
const config = JSON.parse(process.env.PROVIDER_CONFIG);

function signingKey(type, options, alg) {
  const { privateKey } = generateKeyPairSync(type, options);
  return { ...privateKey.export({ format: 'jwk' }), kid: `test-${alg.toLowerCase()}`, use: 'sig', alg };
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

const server = createServer();
await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: config.clients,
  jwks: {
    keys: [
      signingKey('rsa', { modulusLength: 2048 }, 'RS256'),
      signingKey('ec', { namedCurve: 'P-256' }, 'ES256'),
    ],
  },
  cookies: { keys: ['test-only-cookie-key'] },
  pkce: { required: () => true },
  acrValues: config.acrValues,
  conformIdTokenClaims: false,
  scopes: ['openid', 'profile', 'citizen_id'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'family_name', 'middle_name', 'given_name', 'birthdate', 'gender'],
    citizen_id: ['citizen_id'],
  },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    const claims = config.accounts[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
});

// Finish the login step ourselves so that the session carries an `acr`; the consent step and
// everything else stay with devInteractions. Only a POST answering a login prompt is taken.
provider.use(async (ctx, next) => {
  if (ctx.method !== 'POST' || !/^\/interaction\/[^/]+$/.test(ctx.path)) return next();
  let details;
  try {
    details = await provider.interactionDetails(ctx.req, ctx.res);
  } catch {
    return next();
  }
  if (details.prompt.name !== 'login') return next();
  const form = new URLSearchParams(await readBody(ctx.req));
  const acr = form.get('acr') ?? 'urn:vneid:loa:2';
  const login = { accountId: form.get('login') };
  if (acr !== 'none') login.acr = acr;
  await provider.interactionFinished(ctx.req, ctx.res, { login }, { mergeWithLastSubmission: false });
  ctx.respond = false;
  return undefined;
});
provider.on('server_error', (ctx, error) => console.error('server_error', error));

server.on('request', provider.callback());
console.log(`READY ${issuer}`);
setTimeout(() => { server.close(); process.exit(0); }, 1000 * Number(process.env.MAX_SECONDS || 300)).unref();
