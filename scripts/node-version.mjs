// Refuses to go on under a Node older than the project's baseline, with a message that says
// what to do (better-sqlite3 13 would otherwise crash with a native-module error).
// Imported first by the npm start / npm test scripts, before anything loads a dependency.
export const MIN_NODE = [22, 12];

/** Whether a "major.minor.patch" version meets the baseline. */
export function nodeIsSupported(version) {
  const [major, minor] = version.split('.').map(Number);
  return major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
}

if (!nodeIsSupported(process.versions.node)) {
  console.error(
    [
      `This project needs Node ${MIN_NODE.join('.')} or newer; this is Node ${process.versions.node}.`,
      'Install Node 22 LTS (https://nodejs.org), or on Linux/macOS put a Node 22 from the npm registry first on PATH:',
      '  export PATH="$(bash .ci/node22):$PATH"',
    ].join('\n'),
  );
  process.exit(1);
}
