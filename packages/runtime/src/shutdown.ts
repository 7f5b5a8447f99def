import { GgzyError } from './errors.ts';
import type { Logger } from './logger.ts';

type Closer = () => Promise<void> | void;

/** The grace window: a signal repeated within this long of the first is the same request to stop. */
const REPEAT_WINDOW_MS = 1_000;

export interface Shutdown {
  /** Registers a resource to close; resources close in reverse order of registration. */
  add(name: string, close: Closer): void;
  /** Closes everything once; later calls return the same promise. */
  run(reason: string): Promise<void>;
  /** Resolves when a shutdown has finished. */
  readonly done: Promise<void>;
}

/**
 * Graceful shutdown: on SIGTERM or SIGINT, close resources in reverse order (consumers finish
 * their in-flight batch and commit, producers flush, pools drain), then let the process end.
 * A second signal, or the timeout, exits at once with code 1 — except a repeat that arrives
 * within the grace window (a second) of the first: a signal to a process group (systemd,
 * Kubernetes, a terminal's Ctrl-C) reaches every process of the group, and a launcher in it that
 * relays the signal to its child (pnpm does; tsx did, when ggzy ran under it) delivers the same
 * request twice. Exiting on that repeat skipped the drain and left the embedded PostgreSQL server
 * running. An operator who means "now" sends the second signal after the window.
 */
export function createShutdown(options: {
  log: Logger;
  timeoutMs: number;
  signals?: NodeJS.Signals[];
  exit?: (code: number) => void;
  /** The clock (ms), for tests. */
  now?: () => number;
}): Shutdown {
  const now = options.now ?? Date.now;
  let firstSignalAt = 0;
  const closers: { name: string; close: Closer }[] = [];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | undefined;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });

  const run = (reason: string): Promise<void> => {
    if (running) return running;
    options.log.info({ reason, resources: closers.length }, 'shutting down');
    const timer = setTimeout(() => {
      const error = new GgzyError(
        'GGZY_SHUTDOWN_TIMEOUT',
        `shutdown took longer than ${options.timeoutMs} ms`,
      );
      options.log.error({ err: error }, 'forcing exit');
      exit(1);
    }, options.timeoutMs);
    timer.unref();
    running = (async () => {
      for (const { name, close } of [...closers].reverse()) {
        try {
          await close();
          options.log.debug({ resource: name }, 'closed');
        } catch (err) {
          options.log.error({ err, resource: name }, 'close failed');
        }
      }
      clearTimeout(timer);
      for (const signal of signals) process.removeListener(signal, onSignal);
      options.log.info('stopped');
      finish();
    })();
    return running;
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (running) {
      if (now() - firstSignalAt < REPEAT_WINDOW_MS) {
        options.log.info({ signal }, 'signal repeated (a launcher relays it): still stopping gracefully');
        return;
      }
      options.log.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    firstSignalAt = now();
    void run(signal);
  };
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  for (const signal of signals) process.on(signal, onSignal);

  return {
    add: (name, close) => {
      closers.push({ name, close });
    },
    run,
    done,
  };
}
