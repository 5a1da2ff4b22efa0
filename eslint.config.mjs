// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * `npm run lint` (part of `npm test`): ESLint's and typescript-eslint's recommended rules, the
 * type-aware ones included, over the TypeScript of the service, the machines and the tests. The
 * pages (web/) are type-checked by tsconfig.web.json instead; formatting is prettier's.
 */
export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'web/**', 'bench/**', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A leading underscore names what a destructuring leaves out on purpose (`{ sealed: _sealed, ...rest }`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // An async function without `await` still keeps its promise contract (handlers, hooks, interface methods).
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // XState's machine types are generic over `any` (the runtime and the diagram read machine
    // nodes through them), and the field builders infer a payload type from `{}`-constrained
    // generics: the types stay where xstate and the inference need them, checked at their edges.
    files: [
      'workflows/core/diagram.ts',
      'workflows/core/procedure.ts',
      'workflows/core/runtime.ts',
      'workflows/core/payload-check.ts',
      'workflows/core/field-builders.ts',
      // Rules, selectors and fact requests are guards over any machine's context and event.
      'workflows/core/rules.ts',
      'workflows/core/facts.ts',
      'workflows/core/refusals.ts',
    ],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-empty-object-type': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    // Tests read JSON answers (supertest's `body` is `any`) and assert on them: checking each member
    // access against a type would only add casts. The other rules apply, without type information.
    files: ['test/**/*.ts', '**/*.spec.ts', '**/*.e2e-spec.ts'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // A machine reads no clock: time comes from the event (workflows/README.md).
    files: ['workflows/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'A machine reads no clock: time comes from the event.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'A machine reads no clock: time comes from the event.' },
      ],
    },
  },
);
