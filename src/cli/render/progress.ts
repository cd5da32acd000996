/**
 * A progress bar on stderr, only when stderr is a terminal and the run turns
 * out to be long (it appears after a second), so short runs and pipes stay quiet.
 */
import cliProgress from 'cli-progress';
import type { RunEvent } from '../../engine/pipeline/index.js';
import type { CliIO } from '../io.js';

const SHOW_AFTER_MS = 1000;

export interface Progress {
  onEvent(event: RunEvent): void;
  stop(): void;
}

export function createProgress(io: CliIO, now: () => number = Date.now): Progress {
  if (!io.stderr.isTTY || io.env.CI) return { onEvent: () => undefined, stop: () => undefined };
  const started = now();
  let bar: cliProgress.SingleBar | undefined;
  let total = 0;
  return {
    onEvent(event: RunEvent) {
      if (event.kind === 'discovered') {
        total = event.files;
        return;
      }
      if (!bar) {
        if (now() - started < SHOW_AFTER_MS || event.done >= event.total) return;
        bar = new cliProgress.SingleBar(
          { stream: io.stderr as NodeJS.WritableStream, format: 'dma-migrate {bar} {value}/{total} files  {path}', hideCursor: true, clearOnComplete: true, etaBuffer: 50 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(event.total || total, event.done, { path: event.path });
        return;
      }
      bar.update(event.done, { path: event.path.length > 50 ? `…${event.path.slice(-49)}` : event.path });
    },
    stop() {
      bar?.stop();
    },
  };
}
