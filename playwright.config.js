// Browser tests of the web pages: real server, Debian's Chromium, axe-core.
// Run with scripts/e2e (which builds the binary and installs what is needed).
const { defineConfig } = require('@playwright/test');

const port = process.env.ADEMRUIMTE_E2E_PORT || '8092';
// A fresh database and one known demo password per run (test only).
const os = require('os');
const path = require('path');
const fs = require('fs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ademruimte-e2e-'));
process.env.ADEMRUIMTE_DEMO_WACHTWOORD ||= `e2e-${Date.now()}-wachtwoord`;
// A real OpenID Connect provider (e2e/oidc-provider.mjs, the npm package oidc-provider) for
// "Inloggen met Testgemeente-account"; a fresh client secret per run, passed to the app in its environment.
const oidcPort = process.env.ADEMRUIMTE_E2E_OIDC_PORT || '8093';
process.env.ADEMRUIMTE_OIDC_CLIENT_SECRET ||= `e2e-${require('crypto').randomBytes(16).toString('hex')}`;
const callback = `http://127.0.0.1:${port}/inloggen/oidc/terug`;

module.exports = defineConfig({
  testDir: './e2e',
  timeout: 30_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] },
  },
  webServer: [
    {
      command: `node e2e/oidc-provider.mjs --port ${oidcPort} --redirect-uri ${callback} --client-id ademruimte-e2e --client-secret ${process.env.ADEMRUIMTE_OIDC_CLIENT_SECRET}`,
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `target/debug/ademruimte serve --adres 127.0.0.1:${port} --node-modules node_modules --database sqlite://${dir}/e2e.db --demo --oidc-issuer http://127.0.0.1:${oidcPort} --oidc-client-id ademruimte-e2e --oidc-redirect-url ${callback} --oidc-naam Testgemeente-account --oidc-koppel-op-gebruikersnaam`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
