import { expect, type Locator, type Page } from '@playwright/test';

export const DEMO_USERS = {
  agent: { username: 'agent', password: 'agent123' },
  supervisor: { username: 'supervisor', password: 'super123' },
  admin: { username: 'admin', password: 'admin123' },
} as const;

export type NavLabel =
  'overview' | 'frozen' | 'refunds' | 'cases' | 'fees' | 'calls' | 'customers' | 'audit' | 'settings';
export const NAV_LABELS: NavLabel[] = [
  'overview',
  'frozen',
  'refunds',
  'cases',
  'fees',
  'calls',
  'customers',
  'audit',
  'settings',
];

/** The console's frame: sign-in, navigation, language, theme, toasts, and raw API calls. */
export class ConsolePage {
  constructor(readonly page: Page) {}

  async ready() {
    await expect(this.page.locator('#root[data-app-state="ready"]')).toBeAttached({ timeout: 20_000 });
  }

  async signIn(role: keyof typeof DEMO_USERS | { username: string; password: string }) {
    const user = typeof role === 'string' ? DEMO_USERS[role] : role;
    await this.ready();
    await this.page.locator('input[name="username"]').fill(user.username);
    await this.page.locator('input[name="password"]').fill(user.password);
    await this.page.locator('form button[type="submit"]').click();
  }

  async signInAndWait(role: keyof typeof DEMO_USERS) {
    await this.signIn(role);
    // Sign-in hashes at OWASP's scrypt cost on purpose (~0.5 s alone, many seconds on a loaded CI box).
    await expect(this.nav).toBeVisible({ timeout: 30_000 });
  }

  get nav(): Locator {
    return this.page.getByTestId('nav');
  }

  navItem(label: NavLabel): Locator {
    return this.page.getByTestId(`nav-${label}`);
  }

  async open(label: NavLabel) {
    await this.navItem(label).click();
  }

  get heading(): Locator {
    return this.page.locator('main h1');
  }

  get alert(): Locator {
    return this.page.getByRole('alert');
  }

  get toast(): Locator {
    return this.page.getByTestId('toast');
  }

  async setLanguage(lang: 'zh-CN' | 'en-US') {
    await this.page.getByTestId('language-button').click();
    await this.page.getByTestId(`language-${lang}`).click();
  }

  themeButton(): Locator {
    return this.page.getByTestId('theme-button');
  }

  /** Calls a channel the way the renderer does, bypassing the UI: for permission tests. */
  async callApi(channel: string, input: unknown): Promise<{ ok: boolean; error?: { code: string }; data?: unknown }> {
    return this.page.evaluate(
      async ([name, payload]) => {
        const [domain, verb] = [name.slice(0, name.indexOf(':')), name.slice(name.indexOf(':') + 1)];
        const w = window as unknown as { api?: Record<string, Record<string, (i: unknown) => Promise<unknown>>> };
        if (w.api) return w.api[domain][verb](payload);
        const res = await fetch(`/rpc/${name}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-token': sessionStorage.getItem('wallet-ops-token') ?? '',
            'x-client': sessionStorage.getItem('wallet-ops-client') ?? '',
          },
          body: JSON.stringify(payload),
        });
        return res.json();
      },
      [channel, input] as const,
    ) as Promise<{ ok: boolean; error?: { code: string }; data?: unknown }>;
  }
}
