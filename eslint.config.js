// Lint, and above all the layering (VS Code's code-layering): every folder of src-main/ and src-renderer/
// is a layer with an allow-list of imports, checked by eslint/layering.js. ../shared/DESIGN.md has the map.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import layering from './eslint/layering.js';

/**
 * Per layer: the other layers it may import (its own folder always), whether Node builtins and electron
 * are allowed, the npm packages ('*' for any but electron), and single-file exceptions (`edges`, each
 * with the reason it is still there). `why` is said with every refusal.
 */
const LAYERS = {
  'src-main/common': {
    packages: ['zod'],
    why: 'common is shared by every runtime (window, preload, main, engine): it imports only zod and itself, no Node, no Electron.',
  },
  'src-main/core': {
    layers: ['src-main/common'],
    node: true,
    packages: '*',
    why: 'core runs under plain Node (CLI, engine child): it imports common and Node, never electron or a transport.',
  },
  'src-main/rpc': {
    layers: ['src-main/common'],
    why: 'rpc is transport-free: envelope, error codec and dispatcher over the contract in common; no Node, no Electron, no HTTP.',
  },
  'src-main/host': {
    layers: ['src-main/common', 'src-main/core', 'src-main/rpc'],
    node: true,
    packages: '*',
    why: 'the engine host spawns the engine child through an injected spawn: no electron (app/ injects utilityProcess).',
  },
  'src-main/app': {
    layers: ['src-main/common', 'src-main/core', 'src-main/rpc', 'src-main/host'],
    node: true,
    electron: true,
    packages: '*',
    why: 'app is the Electron main process: it may import electron, Node, common, core, rpc and host, not a transport (bridge/) or the CLI.',
  },
  'src-main/preload': {
    layers: ['src-main/common'],
    electron: true,
    why: 'the preload builds window.api from the contract: it imports only electron and common.',
  },
  'src-main/bridge': {
    layers: ['src-main/common', 'src-main/core', 'src-main/rpc', 'src-main/host'],
    node: true,
    packages: '*',
    why: 'the HTTP bridge is a transport under plain Node: no electron, no app/, no CLI.',
  },
  'src-main/cli': {
    layers: ['src-main/common', 'src-main/core', 'src-main/rpc', 'src-main/host', 'src-main/bridge'],
    node: true,
    packages: '*',
    why: 'the CLI runs under plain Node: no electron, no app/ (serve reaches the window through bridge/).',
  },
  'src-renderer': {
    layers: ['src-main/common'],
    packages: ['svelte'],
    why: 'the window imports only svelte and src-main/common (no Node, no Electron): it talks to the app through lib/api.ts.',
  },
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'tools/**',
      'resources/**',
      'test-results/**',
      'test-artifacts/**',
      'playwright-report/**',
      '**/.venv/**',
      '**/.cache/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-useless-escape': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    // A mustache is how an attribute gets a real newline ({'a\nb'}): keep those.
    rules: { 'svelte/no-useless-mustaches': ['error', { ignoreStringEscape: true }] },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src-main/**/*.ts', 'src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    plugins: { local: { rules: { layering } } },
    rules: { 'local/layering': ['error', { root: import.meta.dirname, layers: LAYERS }] },
  },
);
