import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { builderConfig, NATIVE_BINDING, PACKAGE_FILES } from '../../electron-builder.config';
import { checkPackage, ENTRY_POINTS, SIZE_BUDGET_BYTES } from './checks';
import { encodeIcns, encodeIco, ICO_SIZES, PNG_SIZES, pngSize, readIcns, readIcoSizes } from './icon-formats';
import { announceNotarization, notarizeIfConfigured, notaryCredentials } from './notarize';
import { SHIPPED_FUSES, writeStubElectron } from './stub-electron';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

const icons = path.resolve('resources/icons');

/** A 1×1-style PNG header with the given size (enough for the containers, which only read IHDR). */
function fakePng(size: number): Buffer {
  const b = Buffer.alloc(33);
  b.writeUInt32BE(0x89504e47, 0);
  b.writeUInt32BE(0x0d0a1a0a, 4);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(size, 16);
  b.writeUInt32BE(size, 20);
  return b;
}

describe('icons', () => {
  it('ico and icns round-trip their sizes', () => {
    const ico = encodeIco([16, 32, 256].map(fakePng));
    expect(readIcoSizes(ico)).toEqual([16, 32, 256]);
    const icns = encodeIcns(new Map([16, 32, 64, 128, 256, 512, 1024].map((s) => [s, fakePng(s)])));
    expect(readIcns(icns).map((e) => e.width)).toEqual([16, 32, 64, 128, 256, 512, 1024, 32, 64, 256, 512]);
    expect(() => encodeIcns(new Map([[16, fakePng(16)]]))).toThrow(/32px/);
  });

  it('every size each platform needs is generated from resources/icon.svg', () => {
    expect(readIcoSizes(fs.readFileSync(path.join(icons, 'icon.ico')))).toEqual(ICO_SIZES);
    const icns = readIcns(fs.readFileSync(path.join(icons, 'icon.icns')));
    expect(icns.find((e) => e.type === 'ic10')?.width).toBe(1024);
    expect(icns.find((e) => e.type === 'icp4')?.width).toBe(16);
    for (const s of PNG_SIZES)
      expect(pngSize(fs.readFileSync(path.join(icons, 'png', `${s}x${s}.png`)))).toEqual({ width: s, height: s });
    expect(pngSize(fs.readFileSync(path.join(icons, 'icon.png'))).width).toBe(1024);
  });
});

describe('electron-builder configuration', () => {
  const prod = builderConfig({});
  it('builds NSIS (x64, arm64, per-user or per-machine), dmg+zip with the hardened runtime, AppImage+deb', () => {
    expect(prod.appId).toBe('com.walletops.console');
    expect(prod.win?.target).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    expect(prod.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true });
    expect(prod.mac).toMatchObject({ hardenedRuntime: true, entitlements: 'resources/build/entitlements.mac.plist' });
    expect(JSON.stringify(prod.mac?.target)).toContain('dmg');
    expect(JSON.stringify(prod.mac?.target)).toContain('zip');
    expect(prod.linux?.target).toEqual(['AppImage', 'deb']);
    for (const icon of [prod.win?.icon, prod.mac?.icon, prod.linux?.icon])
      expect(fs.existsSync(icon as string)).toBe(true);
    expect(fs.existsSync(prod.mac!.entitlements as string)).toBe(true);
  });

  it('production fuses are locked; the QA build only keeps inspect for Playwright', () => {
    expect(prod.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    const qa = builderConfig({ WALLET_OPS_QA_BUILD: '1' });
    expect(qa.electronFuses).toEqual({ ...prod.electronFuses, enableNodeCliInspectArguments: true });
  });

  it('ships the built app only, with the native binding outside the asar', () => {
    expect(prod.asar).toBe(true);
    expect(prod.asarUnpack).toEqual([NATIVE_BINDING]);
    expect(PACKAGE_FILES).toContain('out/**');
    expect(PACKAGE_FILES.some((p) => p.startsWith('!') && p.includes('test'))).toBe(true);
    expect(prod.win?.files).toContain('!node_modules/better-sqlite3/prebuilds/!(win32-${arch}).node');
  });
});

describe('notarisation hook', () => {
  const mac = {
    electronPlatformName: 'darwin',
    appOutDir: '/o',
    packager: { appInfo: { productFilename: 'Wallet Ops Console' } },
  };
  it('notarises with API-key or Apple ID credentials, and says it skipped without them', async () => {
    const log = vi.fn();
    const notarize = vi.fn(async () => {});
    expect(await notarizeIfConfigured(mac, {}, notarize, log)).toBe('skipped');
    expect(log.mock.calls[0][0]).toMatch(/Notarisation skipped: no Apple credentials/);
    expect(notarize).not.toHaveBeenCalled();
    const env = { APPLE_API_KEY: 'k.p8', APPLE_API_KEY_ID: 'id', APPLE_API_ISSUER: 'iss' };
    expect(await notarizeIfConfigured(mac, env, notarize, log)).toBe('notarized');
    expect(notarize).toHaveBeenCalledWith({
      appPath: path.join('/o', 'Wallet Ops Console.app'),
      appleApiKey: 'k.p8',
      appleApiKeyId: 'id',
      appleApiIssuer: 'iss',
    });
    expect(notaryCredentials({ APPLE_ID: 'a', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 't' })).toEqual({
      appleId: 'a',
      appleIdPassword: 'p',
      teamId: 't',
    });
    expect(await notarizeIfConfigured({ ...mac, electronPlatformName: 'win32' }, env, notarize, log)).toBe('not-mac');
  });

  it('announces the skip after packing, before signing can hide it', () => {
    const log = vi.fn();
    expect(announceNotarization({ electronPlatformName: 'darwin' }, {}, log)).toBe(true);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/skipped/));
    expect(announceNotarization({ electronPlatformName: 'linux' }, {}, log)).toBe(false);
  });
});

describe('package checks', () => {
  /** A packaged layout on disk whose asar listing we control. */
  async function layout(files: string[], opts: { unpacked?: boolean; size?: number; flip?: boolean } = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pkg-check-'));
    writeStubElectron(dir);
    if (opts.flip !== false)
      await flipFuses(path.join(dir, 'electron'), {
        version: FuseVersion.V1,
        [FuseV1Options.RunAsNode]: false,
        [FuseV1Options.EnableCookieEncryption]: true,
        [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
        [FuseV1Options.EnableNodeCliInspectArguments]: false,
        [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
        [FuseV1Options.OnlyLoadAppFromAsar]: true,
      });
    fs.rmSync(path.join(dir, 'locales', 'fr.pak'));
    fs.writeFileSync(path.join(dir, 'resources', 'app.asar'), Buffer.alloc(opts.size ?? 1000));
    const binding = 'node_modules/better-sqlite3/prebuilds/linux-x64.node';
    fs.mkdirSync(path.join(dir, 'resources', 'app.asar.unpacked', path.dirname(binding)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'resources', 'app.asar.unpacked', binding), 'x');
    const header = {
      files: {
        node_modules: {
          files: {
            'better-sqlite3': {
              files: { prebuilds: { files: { 'linux-x64.node': { unpacked: opts.unpacked ?? true } } } },
            },
          },
        },
      },
    };
    const deps = ['kysely'];
    const listing = [...ENTRY_POINTS, '/node_modules/kysely/package.json', `/${binding}`, ...files];
    return checkPackage(
      {
        asarFiles: listing,
        asarHeader: header,
        resources: path.join(dir, 'resources'),
        executable: path.join(dir, 'electron'),
        platformKey: 'linux-x64',
      },
      deps,
    );
  }
  const failing = (r: { name: string; ok: boolean }[]) => r.filter((c) => !c.ok).map((c) => c.name);

  it('passes a clean package', async () => {
    expect(failing(await layout([]))).toEqual([]);
  });

  it('fails on a test file, a packed binding, an oversized app or fuses left as shipped', async () => {
    expect(failing(await layout(['/e2e/specs/x.spec.ts', '/out/main/index.test.js']))).toEqual([
      'no tests, e2e, bench, sources or source maps',
    ]);
    expect(failing(await layout([], { unpacked: false }))).toEqual(['the native binding is unpacked from the asar']);
    expect(failing(await layout([], { size: SIZE_BUDGET_BYTES + 1 }))[0]).toMatch(/size budget/);
    expect(failing(await layout([], { flip: false }))[0]).toMatch(/^fuses/);
    expect(SHIPPED_FUSES[0]).toBe('1'); // Electron ships RunAsNode on: the check must see it flipped
  });
});
