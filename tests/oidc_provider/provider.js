// A real OpenID Connect provider for the dashboard's sign-in tests: `oidc-provider`, an
// OpenID-certified server, with one client (the app) and the users the test passes in.
//
//   node provider.js CONFIG.json
//
// CONFIG.json: {"port": 4000, "client": {"client_id", "client_secret", "redirect_uri"},
//               "users": [{"email", "password", "name"}]}
//
// The issuer is http://127.0.0.1:PORT. Plain http is fine for the provider on a loopback
// address (it warns, it does not refuse); a municipality's provider runs on https.
// Instead of oidc-provider's development-only interactions (which accept any name and no
// password), a small login form checks the e-mail address and password, as a real provider
// does. The app is a first-party client, so no consent screen: its grant is given at
// sign-in, as an administrator's consent in Entra ID or Keycloak does.
// Prints "listening <issuer>" once it answers, for the test fixture to wait on.

import { readFileSync } from 'node:fs';
import http from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
const users = new Map(config.users.map((user) => [user.email.toLowerCase(), user]));

const escape = (value) => String(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

// No outside fonts or styles: the test browser has no internet.
const page = (title, body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: config.client.client_id,
    client_secret: config.client.client_secret,
    redirect_uris: [config.client.redirect_uri],
    // Streamlit sends its /oauth2callback as the address to return to after signing out.
    post_logout_redirect_uris: [config.client.redirect_uri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // Streamlit (through Authlib) reads who signed in from the ID token, not the userinfo
  // endpoint: put the requested claims in the ID token, as Entra ID and Keycloak do.
  conformIdTokenClaims: false,
  async findAccount(ctx, id) {
    const user = users.get(String(id).toLowerCase());
    if (!user) return undefined;
    return {
      accountId: user.email,
      async claims() {
        return { sub: user.email, email: user.email, email_verified: true, name: user.name };
      },
    };
  },
  // First-party client: grant what it asks for at sign-in instead of asking for consent.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      async logoutSource(ctx, form) {
        ctx.body = page('Sign out', `${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Sign me out</button>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Signed out', '<p>You are signed out.</p>');
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Sign-in error', `<pre>${escape(JSON.stringify(out))}</pre>`);
  },
  cookies: { keys: ['test-only-cookie-key'] },
});

function loginForm(uid, message = '') {
  return page('Sign in', `${message ? `<p role="alert">${escape(message)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
<label>E-mail <input name="email" type="email" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button></form>`);
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name !== 'login') {
    res.writeHead(501).end(`prompt ${details.prompt.name} is not implemented`);
    return;
  }
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(loginForm(uid));
    return;
  }
  const form = await readForm(req);
  const user = users.get(String(form.get('email') || '').toLowerCase());
  if (!user || user.password !== form.get('password')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(loginForm(uid, 'Wrong e-mail address or password.'));
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: user.email } }, {
    mergeWithLastSubmission: false,
  });
}

const handle = provider.callback();
const server = http.createServer((req, res) => {
  const match = /^\/interaction\/([^/?]+)$/.exec(new URL(req.url, issuer).pathname);
  if (!match) {
    handle(req, res);
    return;
  }
  interaction(req, res, match[1]).catch((error) => {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Sign-in failed: ${error.message}`);
  });
});
server.listen(config.port, '127.0.0.1', () => console.log(`listening ${issuer}`));
