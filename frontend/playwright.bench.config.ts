import base from './playwright.config'
import { defineConfig } from '@playwright/test'

// The benchmarks in bench/ against their own server (port 8099), desktop Chromium only.
export default defineConfig({
  ...base,
  testDir: './bench',
  testMatch: /.*\.bench\.ts/,
  outputDir: 'test-results/bench',
  retries: 0,
  projects: [base.projects![0]],
  use: { ...base.use, baseURL: 'http://127.0.0.1:8099' },
  webServer: {
    command: 'bash e2e/server.sh',
    env: { E2E_PORT: '8099', E2E_DB: 'danhgia_bench_8099' },
    url: 'http://127.0.0.1:8099/health/ready',
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
})
