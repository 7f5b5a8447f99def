import { type Config, createLogger, type Logger, loadConfig } from '@ggzy/runtime';

export interface CommandEnv {
  config: Config;
  log: Logger;
  /** A result line for people or scripts, on stdout. */
  out: (line: string) => void;
}

/** Lazily parses the configuration once, so `--help` works even with a broken environment. */
export type CommandContext = () => CommandEnv;

export function commandContext(): CommandContext {
  let env: CommandEnv | undefined;
  return () => {
    if (!env) {
      const config = loadConfig();
      env = {
        config,
        log: createLogger({ level: config.logLevel, name: 'ggzy' }),
        out: (line) => {
          process.stdout.write(`${line}\n`);
        },
      };
    }
    return env;
  };
}
