/** The only chalk user: colors on a TTY, never with NO_COLOR or FORCE_COLOR=0 (or false), never in machine output. */
import { Chalk, type ChalkInstance } from 'chalk';

export function makeStyle(isTTY: boolean, env: NodeJS.ProcessEnv): ChalkInstance {
  const disabled = !isTTY || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb' || env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false';
  return new Chalk({ level: disabled ? 0 : 1 });
}
