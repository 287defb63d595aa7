/**
 * better-sqlite3 built for Electron's ABI (see scripts/electron-native.mjs), when the host is
 * Electron. Worker threads open their own connections and need the same binary; under Node
 * (browser mode, tests) this stays undefined and better-sqlite3 loads its own build.
 */
let binding: string | undefined;

export function setNativeBinding(path: string | undefined): void {
  binding = path;
}

export function nativeBinding(): string | undefined {
  return binding;
}
