export { KeywordScanner, minimalFragments } from './keywords.js';
export { countWholeWords } from './count-words.js';
