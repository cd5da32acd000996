export { main } from './main.js';
export { processIO, processInterrupts, type CliIO } from './io.js';
