// The few lint rules STYLE.md relies on (sections 2 and 4): stages import only
// earlier stages, nothing imports cli, only engine/parse loads tree-sitter, no
// floating promises, only Error objects thrown, no empty blocks (a catch says why).
// test/architecture.test.ts checks the same order over every file.
import tseslint from 'typescript-eslint';

/** The units of src/ in order: a unit may import only itself and earlier ones. */
const ORDER = [
  ['core'],
  ['engine/discover'],
  ['engine/prefilter'],
  ['engine/parse'],
  ['engine/match'],
  ['engine/analyze'],
  ['engine/edit'],
  ['engine/ledger'],
  ['engine/plan'],
  ['engine/apply'],
  ['rules', 'verify'],
  ['engine/cache'],
  ['engine/pipeline'],
  ['deliver', 'validate'],
  ['cli'],
];

/** An import path naming a unit's folder (imports are relative, so match its last segment). */
const segment = (unit) => unit.split('/').pop();

function stageRules() {
  return ORDER.flatMap((level, i) => {
    const later = ORDER.slice(i + 1).flat();
    return level.map((unit) => ({
      files: [`src/${unit}/**/*.ts`],
      rules: {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          {
            paths: unit === 'engine/parse' ? [] : TREE_SITTER,
            patterns: later.length === 0 ? [] : [{ regex: `(^|/)(${later.map(segment).join('|')})/`, message: `${unit} must not import a later stage (${later.join(', ')}): see STYLE.md section 2` }],
          },
        ],
      },
    }));
  });
}

const TREE_SITTER = [
  { name: 'tree-sitter', allowTypeImports: true, message: 'only src/engine/parse loads tree-sitter (core/syntax.ts names its types)' },
  { name: 'tree-sitter-c', message: 'only src/engine/parse loads tree-sitter' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/**', 'bin/**', '*.config.*'] },
  {
    files: ['src/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      'no-empty': 'error',
    },
  },
  ...stageRules(),
);
