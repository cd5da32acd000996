export { KeywordScanner, minimalFragments } from './keywords.js';
