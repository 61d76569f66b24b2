// @ts-check
// Lint, including the dependency rules of ARCHITECTURE.md: each folder of src/ may import only the
// folders listed for it. A violation names the rule it breaks.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Every top-level layer of src/ (storage split into its port and adapters). */
const LAYERS = [
  "kernel",
  "policy",
  "acl",
  "checksum",
  "sigv4",
  "platform",
  "authz",
  "explain",
  "audit",
  "storage/ports",
  "storage/identityPort",
  "storage/meta-sqlite",
  "storage/blob-fs",
  "identity",
  "import",
  "protocol",
  "server",
  "cli",
];

const PURE = "is part of the pure core: no I/O, no clock, no HTTP (ARCHITECTURE.md, 'Dependency rules')";

/** What each layer may import, besides itself. */
const ALLOWED = {
  kernel: { may: [], pure: true },
  policy: { may: ["kernel"], pure: true },
  acl: { may: ["kernel"], pure: true },
  checksum: { may: ["kernel"], pure: true },
  sigv4: { may: ["kernel"], pure: true },
  authz: { may: ["kernel", "policy", "acl"], pure: true },
  platform: { may: ["kernel", "sigv4"] },
  explain: { may: ["kernel", "policy", "acl", "authz"], pure: true },
  audit: { may: ["kernel", "policy", "acl", "authz"], pure: true },
  "storage/ports": { may: ["kernel"] },
  "storage/identityPort": { may: ["kernel"] },
  "storage/meta-sqlite": { may: ["kernel", "storage/ports", "storage/identityPort"] },
  "storage/blob-fs": { may: ["kernel", "storage/ports"] },
  identity: { may: ["kernel", "policy", "acl", "authz", "sigv4", "storage/ports", "storage/identityPort"] },
  import: { may: ["kernel", "policy", "acl", "storage/ports", "storage/identityPort", "identity", "protocol"] },
  protocol: { may: ["kernel", "policy", "acl", "checksum", "sigv4", "platform", "authz", "storage/ports", "storage/identityPort", "identity"] },
  server: { may: LAYERS.filter((l) => l !== "server") },
  cli: { may: ["kernel", "policy", "acl", "authz", "explain", "audit", "sigv4", "platform", "checksum"] },
};

const NODE_BUILTINS = ["node:*", "fs", "fs/*", "path", "http", "https", "net", "crypto", "os", "child_process", "stream", "stream/*", "url", "zlib", "better-sqlite3"];

function layerRules(layer) {
  const { may, pure } = ALLOWED[layer];
  const forbidden = LAYERS.filter((l) => l !== layer && !may.includes(l) && !layer.startsWith(l + "/") && !l.startsWith(layer + "/"));
  const patterns = forbidden.map((l) => ({
    group: [`**/${l}`, `**/${l}/**`, `**/${l}.ts`],
    message: `src/${layer} may not import src/${l}: dependencies point one way (ARCHITECTURE.md, 'Dependency rules').`,
  }));
  if (pure) patterns.push({ group: NODE_BUILTINS, message: `src/${layer} ${PURE}.` });
  return {
    files: [`src/${layer}/**/*.ts`, `src/${layer}.ts`],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns }] },
  };
}

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "crossbucket-data/**", ".tmp/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: "readonly", process: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setImmediate: "readonly", URL: "readonly", TextEncoder: "readonly", TextDecoder: "readonly", queueMicrotask: "readonly", AbortController: "readonly", setInterval: "readonly", clearInterval: "readonly" } },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", { selector: "ExportAllDeclaration", message: "no `export *`: the public surface must be visible in diffs." }],
    },
  },
  ...LAYERS.map(layerRules),
  {
    files: ["src/kernel/**/*.ts", "src/policy/**/*.ts", "src/acl/**/*.ts", "src/authz/**/*.ts", "src/explain/**/*.ts", "src/audit/**/*.ts", "src/sigv4/**/*.ts", "src/checksum/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "no-restricted-globals": ["error", { name: "process", message: `the pure core ${PURE}.` }],
      "no-restricted-syntax": [
        "error",
        { selector: "ExportAllDeclaration", message: "no `export *`: the public surface must be visible in diffs." },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "the pure core reads no clock: take the time as an input." },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "the pure core reads no clock: take the time as an input." },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: "the pure core draws no random numbers: take them as an input." },
      ],
    },
  },
);
