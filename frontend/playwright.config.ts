import { defineConfig, devices } from '@playwright/test'

const port = Number(process.env.E2E_PORT ?? 8091)

// Debian's Chromium, never a downloaded browser; the real API and PostgreSQL (e2e/server.sh).
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ],
}

export default defineConfig({
  testDir: './e2e',
  outputDir: `test-results/${port}`,
  // Journeys share one database: one browser at a time, each journey with its own people.
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  retries: process.env.CI ? 1 : 0,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    trace: 'retain-on-failure',
    // The app then turns Ant Design's motion off: a click aimed at a dialog's button while the
    // dialog still zoomed in could land beside it (a journey failed so, once, in CI).
    reducedMotion: 'reduce',
    launchOptions: chromium,
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions: chromium } },
    {
      name: 'phone',
      // Journeys 1–6 on a 390-pixel-wide phone; the heavier specs run on desktop only.
      grep: /@phone/,
      use: { ...devices['Pixel 5'], viewport: { width: 390, height: 844 }, launchOptions: chromium },
    },
  ],
  webServer: [
    {
      command: 'bash e2e/server.sh',
      url: `http://127.0.0.1:${port}/health/ready`,
      reuseExistingServer: !!process.env.E2E_REUSE_SERVER,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The same API with 5-second access tokens, for the silent refresh journey (SHORT_SESSION_URL).
      command: 'bash e2e/server.sh',
      env: { E2E_PORT: String(port + 1), E2E_DB: `danhgia_e2e_${port + 1}`, ACCESS_TOKEN_TTL_SECONDS: '5' },
      url: `http://127.0.0.1:${port + 1}/health/ready`,
      reuseExistingServer: !!process.env.E2E_REUSE_SERVER,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // Journey 6 publishes the whole district's month: its own server keeps the others' people open.
      command: 'bash e2e/server.sh',
      env: { E2E_PORT: String(port + 2), E2E_DB: `danhgia_e2e_${port + 2}` },
      url: `http://127.0.0.1:${port + 2}/health/ready`,
      reuseExistingServer: !!process.env.E2E_REUSE_SERVER,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
})
