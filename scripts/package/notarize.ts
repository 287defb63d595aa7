import path from 'node:path';

/** What electron-builder passes an afterSign hook (the part we read). */
export interface SignedApp {
  electronPlatformName: string;
  appOutDir: string;
  packager: { appInfo: { productFilename: string } };
}

type Credentials =
  | { appleApiKey: string; appleApiKeyId: string; appleApiIssuer: string }
  | { appleId: string; appleIdPassword: string; teamId: string }
  | { keychainProfile: string };

/** Apple's notary credentials from the environment, in the three forms notarytool accepts. */
export function notaryCredentials(env: NodeJS.ProcessEnv): Credentials | null {
  if (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER)
    return {
      appleApiKey: env.APPLE_API_KEY,
      appleApiKeyId: env.APPLE_API_KEY_ID,
      appleApiIssuer: env.APPLE_API_ISSUER,
    };
  if (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID)
    return { appleId: env.APPLE_ID, appleIdPassword: env.APPLE_APP_SPECIFIC_PASSWORD, teamId: env.APPLE_TEAM_ID };
  if (env.APPLE_KEYCHAIN_PROFILE) return { keychainProfile: env.APPLE_KEYCHAIN_PROFILE };
  return null;
}

const SKIPPED =
  'Notarisation skipped: no Apple credentials (set APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER, ' +
  'or APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID). Gatekeeper will refuse this build on other Macs.';

/**
 * electron-builder's afterPack hook: says up front when a macOS build will not be notarised
 * (afterSign does not run at all when nothing was signed, so it cannot be the one to say it).
 */
export function announceNotarization(
  context: Pick<SignedApp, 'electronPlatformName'>,
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = console.log,
): boolean {
  if (context.electronPlatformName !== 'darwin') return false;
  if (!notaryCredentials(env)) log(SKIPPED);
  return true;
}

export type NotarizeFn = (opts: { appPath: string } & Credentials) => Promise<void>;

/**
 * electron-builder's afterSign hook: notarises the signed macOS app when Apple credentials are
 * given, and says plainly that it skipped when they are not (an unnotarised build still runs
 * locally, but Gatekeeper blocks it on other Macs).
 */
export async function notarizeIfConfigured(
  context: SignedApp,
  env: NodeJS.ProcessEnv = process.env,
  notarize?: NotarizeFn,
  log: (line: string) => void = console.log,
): Promise<'notarized' | 'skipped' | 'not-mac'> {
  if (context.electronPlatformName !== 'darwin') return 'not-mac';
  const credentials = notaryCredentials(env);
  if (!credentials) {
    log(SKIPPED);
    return 'skipped';
  }
  const appPath = path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`);
  log(`Notarising ${appPath}…`);
  const run = notarize ?? ((await import('@electron/notarize')).notarize as NotarizeFn);
  await run({ appPath, ...credentials });
  log('Notarised.');
  return 'notarized';
}
