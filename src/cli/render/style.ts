/** The only chalk user: colors on a TTY, never with NO_COLOR, never in machine output. */
import { Chalk, type ChalkInstance } from 'chalk';

export function makeStyle(isTTY: boolean, env: NodeJS.ProcessEnv): ChalkInstance {
  const disabled = !isTTY || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb';
  return new Chalk({ level: disabled ? 0 : 1 });
}
