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

module.exports = defineConfig({
  testDir: './e2e',
  timeout: 30_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] },
  },
  webServer: {
    command: `target/debug/ademruimte serve --adres 127.0.0.1:${port} --node-modules node_modules --database sqlite://${dir}/e2e.db --demo`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
