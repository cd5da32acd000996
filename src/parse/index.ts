export { createCParser, countErrorNodes, type CParser } from './parser.js';
