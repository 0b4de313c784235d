import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.build/', '.out/', 'node_modules/', 'fixtures/', 'src/model/article.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', TextDecoder: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  // The layers (issue 13): the article model is the shape every stage shares and imports nothing;
  // the extraction engine reads text and imports only itself, the model and text cleaning, never
  // a format, the HTML reader or the pipeline.
  {
    files: ['src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./[^/]+$)', message: 'src/model imports nothing outside src/model.' }] }],
    },
  },
  {
    files: ['src/extract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./[^/]+$|\\.\\./model/[^/]+$|\\.\\./text/clean\\.js$)', message: 'src/extract imports only src/extract, src/model and src/text/clean.' }] }],
    },
  },
);
