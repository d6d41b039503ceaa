import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/**
 * The Chromium the browser tests drive: CHROMIUM_PATH if set, else the first one on PATH (CI installs the
 * distribution's `chromium` package). Nothing is downloaded.
 */
export function findChromium(): string | null {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) return existsSync(explicit) ? explicit : null;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of NAMES) {
      const candidate = join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return null;
}

/** Without a Chromium a browser suite is skipped with a note, except under CI=true, where it fails. */
export const describeInBrowser =
  findChromium() !== null || process.env.CI === 'true' ? describe : describe.skip;

export interface TestBrowser {
  context: BrowserContext;
  close: () => Promise<void>;
}

/**
 * Headless Chromium on a fresh profile, kept quiet: no sandbox (root in CI), no GPU, no background traffic.
 * `timezoneId` fixes the page's local time zone, so local times shown can be checked exactly.
 */
export async function launchBrowser(
  viewport: { width: number; height: number },
  options: { timezoneId?: string } = {},
): Promise<TestBrowser> {
  const executablePath = findChromium();
  if (executablePath === null) {
    throw new Error('no Chromium found: install the chromium package or set CHROMIUM_PATH');
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'ra-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      timeout: 30_000,
      viewport,
      timezoneId: options.timezoneId,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    return {
      context,
      close: async () => {
        await context.close().catch(() => undefined);
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
