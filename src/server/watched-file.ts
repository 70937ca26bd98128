// A file read at start and again whenever it changes. Kubernetes updates mounted Secrets by swapping a
// symlink, which inotify-based watchers miss, so this polls (fs.watchFile follows the link).
import { readFileSync, unwatchFile, watchFile } from "node:fs";

export interface WatchedFile {
  current(): Buffer;
  stop(): void;
}

export function watchedFile(path: string, intervalMs: number, onChange: (content: Buffer) => void = () => {}): WatchedFile {
  let content = readFileSync(path);
  const listener = () => {
    try {
      const next = readFileSync(path);
      if (next.equals(content)) return;
      content = next;
      onChange(next);
    } catch {
      // Mid-rotation the file can be missing for a moment; keep the last good content.
    }
  };
  watchFile(path, { interval: intervalMs, persistent: false }, listener);
  return { current: () => content, stop: () => unwatchFile(path, listener) };
}
