export { KeywordScanner, minimalFragments, scannerForRules, wordRegExp } from './keywords.js';
export { countWholeWords } from './count-words.js';
