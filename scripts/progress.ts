/** A one-line terminal progress bar; plain lines when not on a TTY (CI logs). */
export function progressBar() {
  let lastStage = '';
  let lastPrint = 0;
  const tty = process.stdout.isTTY;
  const update = (stage: string, done: number, total: number) => {
    const now = Date.now();
    if (stage === lastStage && now - lastPrint < (tty ? 100 : 5000) && done < total) return;
    lastStage = stage;
    lastPrint = now;
    const pct = total ? Math.min(100, Math.floor((done / total) * 100)) : 100;
    const bar = '#'.repeat(Math.floor(pct / 4)).padEnd(25, '.');
    const line = `${stage.padEnd(10)} [${bar}] ${pct}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
    if (tty) process.stdout.write(`\r${line}`);
    else console.log(line);
  };
  return Object.assign(update, { done: () => tty && process.stdout.write('\n') });
}
