import { runDesktop } from './lifecycle';

// Electron's entry point; everything after the single-instance lock is in lifecycle.ts.
void runDesktop();
