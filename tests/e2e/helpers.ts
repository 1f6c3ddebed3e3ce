/**
 * Shared browser helpers: Debian's Chromium driven by playwright-core, login
 * through the UI, a console collector, and axe-core.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PASSWORD } from '../helpers/factories.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One browser per test file. playwright-core gives every launch a fresh temporary profile. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
}

export interface UserPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far (the expected 401 on the login page is left out). */
  errors: string[];
  downloadDir: string;
}

/** Collects console errors; the login page's 401 from /api/auth/me is expected and ignored. */
export function collectConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location().url ?? '';
    if (url.includes('/api/auth/me') && msg.text().includes('401')) return;
    errors.push(`${msg.text()} @ ${url}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}

export async function newUser(
  browser: Browser,
  origin: string,
  email: string,
  opts: { viewport?: { width: number; height: number }; bypassCSP?: boolean } = {},
): Promise<UserPage> {
  const downloadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samraad-dl-'));
  const context = await browser.newContext({
    baseURL: origin,
    acceptDownloads: true,
    bypassCSP: opts.bypassCSP ?? false,
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    ...(opts.viewport ? { isMobile: false, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = collectConsole(page);
  await login(page, email);
  return { context, page, errors, downloadDir };
}

/** Logs in through the login page and waits until the app has left it. */
export async function login(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** In-app navigation after login (a full load keeps the session cookie). */
export async function open(page: Page, pathname: string): Promise<void> {
  await page.goto(pathname);
}

const AXE = path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe-core on the page; returns serious and critical violations only. */
export async function axeSerious(page: Page): Promise<AxeViolation[]> {
  // This file is type-checked without the DOM library: the page's globals are reached through globalThis.
  type AxeGlobal = { axe?: { run: (ctx: unknown, opts: object) => Promise<{ violations: AxeViolation[] }> }; document?: unknown };
  const loaded = await page.evaluate(() => typeof (globalThis as AxeGlobal).axe !== 'undefined');
  // addScriptTag inserts an inline script: the context must be made with `bypassCSP: true` (the app's CSP forbids inline scripts).
  if (!loaded) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const g = globalThis as AxeGlobal;
    const r = await g.axe!.run(g.document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function closeAll(...users: Array<UserPage | undefined>): Promise<void> {
  for (const u of users) {
    if (!u) continue;
    await u.context.close().catch(() => {});
    fs.rmSync(u.downloadDir, { recursive: true, force: true });
  }
}
