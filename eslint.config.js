// Lint, and above all the layering (VS Code style): common ← core ← app; renderer and preload see only common.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'worker_threads', 'stream', 'util', 'events'];

/** Lints the <script> blocks of .svelte files as TypeScript (no svelte parser is installed). */
const svelteScripts = {
  meta: { name: 'svelte-scripts' },
  preprocess(text) {
    const blocks = [];
    const re = /<script\b[^>]*>([\s\S]*?)<\/script>/g;
    for (let m; (m = re.exec(text)); ) {
      const offset = text.slice(0, m.index + m[0].indexOf('>') + 1).split('\n').length - 1;
      blocks.push({ text: '\n'.repeat(offset) + m[1], filename: `${blocks.length}.ts` });
    }
    return blocks;
  },
  postprocess: (messages) => messages.flat(),
  supportsAutofix: false,
};

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'tools/**', 'resources/**', 'test-results/**', 'test-artifacts/**', 'playwright-report/**', '**/.venv/**', '**/.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-useless-escape': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  { files: ['**/*.svelte'], plugins: { local: { processors: { svelte: svelteScripts } } }, processor: 'local/svelte' },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte', 'src-renderer/**/*.svelte/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src-main/common/**/*.ts'],
    rules: restrict([...NODE_BUILTINS, 'electron', '**/core/**', '**/app/**', '**/bridge/**', '**/cli/**', '**/preload/**'], 'src-main/common is shared by every runtime: no Node, no Electron, no core.'),
  },
  {
    files: ['src-main/core/**/*.ts'],
    rules: restrict(['electron', 'electron/*', '**/app/**', '**/app', '**/bridge/**', '**/preload/**'], 'src-main/core runs under plain Node: it never imports electron, app/, bridge/ or preload/.'),
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte', 'src-renderer/**/*.svelte/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?![./]|svelte(/|$))', message: 'The renderer imports no packages but svelte (no Node, no Electron): talk to the app through lib/api.ts.' },
            { regex: 'src-main/(?!common/)', message: 'The renderer imports only src-main/common.' },
          ],
        },
      ],
    },
  },
  {
    // Svelte templates use what the script declares, and $props() is destructured with let.
    files: ['**/*.svelte/*.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off', 'prefer-const': 'off' },
  },
  {
    files: ['src-main/preload/**/*.ts'],
    rules: restrict(
      [...NODE_BUILTINS, '**/core/**', '**/app/**', '**/bridge/**', '**/cli/**'],
      'The preload imports only electron and src-main/common.',
    ),
  },
);
