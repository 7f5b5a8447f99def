import { textFor } from '@ggzy/domain';
import { type Config, createLogger, type Logger, loadConfig } from '@ggzy/runtime';

export interface CommandEnv {
  config: Config;
  log: Logger;
  /**
   * A result line for people or scripts, on stdout: what the privacy module lets an operator
   * see (personal mobiles, resident IDs and accounts masked), whatever the command printed.
   */
  out: (line: string) => void;
  /**
   * A line of ggzy's own settings (a generated feed key), printed as it is: it holds no record
   * data, and masking could garble a key whose hex digits happen to look like a mobile number.
   */
  outSetting: (line: string) => void;
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
          process.stdout.write(`${textFor('operator', line)}\n`);
        },
        outSetting: (line) => {
          process.stdout.write(`${line}\n`);
        },
      };
    }
    return env;
  };
}
