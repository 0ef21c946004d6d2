// @ts-check
// ESLint for the whole workspace. The architecture rules are at the end; their messages say what to do.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import svelte from "eslint-plugin-svelte";
import globals from "globals";
import svelteConfig from "./web/svelte.config.js";

/** The data layer: only these files may import the Prisma client or pg, or run SQL. */
const DATA_LAYER = [
  "api/src/**/*.repository.ts",
  "api/src/lib/db.ts",
  "api/src/lib/migrate.ts",
  "api/src/lib/embedded-db.ts",
  // Online snapshots of the embedded cluster (pg_backup_start/stop) speak to PostgreSQL directly.
  "api/src/lib/backup.ts",
  "api/src/cli/**",
  "seeds/**",
  "tests/**",
];

const TYPED_CLIENT_MESSAGE =
  "Reach the API through the typed client: createApi() + call() from $lib/server/api on the server, " +
  "browserApi from $lib/api-client in the browser. No raw fetch, no untyped client.";

const WEB_CONTRACT_ONLY = {
  group: ["**/api/src/**", "@zhongshi/api/*", "!@zhongshi/api/contract", "!@zhongshi/api/enums"],
  message: "The portal imports only @zhongshi/api/contract (types, schemas) and @zhongshi/api/enums (values).",
};

const PRISMA_MESSAGE =
  "Prisma and SQL belong in *.repository.ts (or api/src/lib/db.ts). Move the query into the module's repository " +
  "and call it from the use case; export row types from the repository. See README § Architecture.";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/generated/**",
      "**/.svelte-kit/**",
      "**/build/**",
      "**/dist/**",
      "web/src/lib/paraglide/**",
      "test-artifacts/**",
      ".data/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      // The portal is served at the root (no `paths.base`), so plain hrefs are right; resolve() would add noise.
      "svelte/no-navigation-without-resolve": "off",
    },
  },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: [".svelte"], svelteConfig } },
  },

  // TEMPORARY (rel rewrites start-up and shutdown): the integrator removes this after merging.
  { files: ["api/src/server.ts"], rules: { "prefer-const": "off" } },

  // Architecture: the Prisma client and SQL stay in the data layer.
  {
    files: ["api/src/**/*.ts"],
    ignores: DATA_LAYER,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/generated/prisma/client*", "**/generated/prisma/models*", "**/generated/prisma/internal/**"],
              message: PRISMA_MESSAGE,
            },
            { group: ["@prisma/*", "pg"], message: PRISMA_MESSAGE },
            {
              group: ["**/seeds/**", "@zhongshi/seeds", "@zhongshi/seeds/*"],
              message:
                "api must not import seeds (seeds depend on api). Inject what start-up needs, see seeds/cli/start.ts.",
            },
            { group: ["**/tests/**"], message: "Nothing imports tests/." },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "MemberExpression[property.name=/^\\$(queryRaw|executeRaw|queryRawUnsafe|executeRawUnsafe|transaction)$/]",
          message: PRISMA_MESSAGE + " For a transaction use inTransaction() from lib/db.ts.",
        },
        {
          selector: "MemberExpression[object.name=/^(db|tx)$/][property.name=/^[a-z]/]",
          message: PRISMA_MESSAGE,
        },
        {
          selector:
            "MemberExpression[object.type='MemberExpression'][object.property.name=/^(db|tx)$/][property.name=/^[a-z]/]",
          message: PRISMA_MESSAGE,
        },
      ],
    },
  },

  // Architecture: the portal talks to the API through its contract and the typed client only.
  {
    files: ["web/src/**/*.ts", "web/src/**/*.svelte"],
    ignores: ["web/src/hooks.server.ts", "web/src/lib/server/api.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [WEB_CONTRACT_ONLY] }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.name='fetch']",
          message: TYPED_CLIENT_MESSAGE,
        },
      ],
    },
  },
);
