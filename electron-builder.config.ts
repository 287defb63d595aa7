import type { Configuration } from 'electron-builder';
import { announceNotarization, notarizeIfConfigured } from './scripts/package/notarize';

/**
 * Installers for every desktop: `npx electron-builder --win|--mac|--linux` (CI: .github/workflows/desktop.yml).
 * `WALLET_OPS_QA_BUILD=1` makes the QA build: the same app with the inspect fuse left on, so
 * Playwright's _electron can attach; every other fuse is as in production.
 */
export const APP_ID = 'com.walletops.console';
export const PRODUCT_NAME = 'Wallet Ops Console';

/** Everything of the app that goes into the asar: the built bundles and the runtime dependencies. */
export const PACKAGE_FILES = [
  'out/**',
  '!out/**/*.map',
  'package.json',
  // better-sqlite3: its prebuilds (narrowed to one per platform below), not its C sources.
  '!node_modules/better-sqlite3/{deps,src,binding.gyp}{,/**}',
  // node-addon-api only builds better-sqlite3 from source, which the prebuilds make unnecessary.
  '!node_modules/node-addon-api{,/**}',
  // Type declarations, TypeScript sources (zod ships its src/) and docs: nothing the app runs.
  '!**/*.{md,markdown,ts,mts,cts,tsx,map}',
  '!**/{test,tests,__tests__,e2e,bench}{,/**}',
  // Test files some packages ship beside their code (pg-protocol's dist/*.test.js).
  '!**/*.{test,spec}.{js,cjs,mjs}',
  // The main process and its workers are CommonJS bundles: `require('kysely')` loads dist/cjs,
  // so its ES-module twin (0.7 MB) would only weigh on the size budget.
  '!node_modules/kysely/dist/esm{,/**}',
  '!**/{Makefile,eslint.config.js}',
];

/** The one native binding: loaded by the operating system from a real file, so it stays outside the asar. */
export const NATIVE_BINDING = 'node_modules/better-sqlite3/prebuilds/*.node';

/**
 * A platform's file list: the app's, less every better-sqlite3 prebuild but the target's (`${arch}`
 * is the target architecture). The whole list is repeated because a platform's `files` made of
 * exclusions alone would make electron-builder start from the whole project.
 */
function filesFor(platform: 'darwin' | 'win32' | 'linux'): string[] {
  return [...PACKAGE_FILES, `!node_modules/better-sqlite3/prebuilds/!(${platform}-\${arch}).node`];
}

export function builderConfig(env: NodeJS.ProcessEnv = process.env): Configuration {
  const qa = env.WALLET_OPS_QA_BUILD === '1';
  return {
    appId: APP_ID,
    productName: PRODUCT_NAME,
    copyright: 'Copyright © Wallet Ops',
    directories: { output: env.WALLET_OPS_PACKAGE_OUT ?? 'dist', buildResources: 'resources/build' },
    files: PACKAGE_FILES,
    asar: true,
    asarUnpack: [NATIVE_BINDING],
    // better-sqlite3 ships Node-API prebuilds that load in Electron as they are: nothing to compile.
    npmRebuild: false,
    nodeGypRebuild: false,
    buildDependenciesFromSource: false,
    electronLanguages: ['en-US', 'zh-CN'],
    electronFuses: {
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: qa,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    },
    win: {
      target: [{ target: 'nsis', arch: ['x64', 'arm64'] }],
      icon: 'resources/icons/icon.ico',
      files: filesFor('win32'),
    },
    nsis: {
      // An assisted installer that asks "just me" (no admin rights) or "everyone on this computer".
      oneClick: false,
      perMachine: false,
      allowElevation: true,
      allowToChangeInstallationDirectory: true,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      shortcutName: PRODUCT_NAME,
      artifactName: '${productName}-Setup-${version}-${arch}.${ext}',
    },
    mac: {
      target: [
        { target: 'dmg', arch: ['x64', 'arm64'] },
        { target: 'zip', arch: ['x64', 'arm64'] },
      ],
      icon: 'resources/icons/icon.icns',
      category: 'public.app-category.business',
      hardenedRuntime: true,
      gatekeeperAssess: false,
      entitlements: 'resources/build/entitlements.mac.plist',
      entitlementsInherit: 'resources/build/entitlements.mac.plist',
      // Our afterSign hook notarises, and says so when it cannot.
      notarize: false,
      files: filesFor('darwin'),
    },
    dmg: { artifactName: '${productName}-${version}-${arch}.${ext}' },
    linux: {
      target: ['AppImage', 'deb'],
      icon: 'resources/icons/png',
      category: 'Office',
      maintainer: 'Wallet Ops <ops@walletops.example>',
      synopsis: 'Back-office console for a digital wallet',
      files: filesFor('linux'),
    },
    deb: { depends: ['libnss3', 'libgtk-3-0', 'libxss1', 'libasound2'] },
    afterPack: async (context) => void announceNotarization(context),
    afterSign: async (context) => void (await notarizeIfConfigured(context)),
    publish: null,
  };
}

export default builderConfig();
