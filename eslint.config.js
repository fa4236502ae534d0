// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "config/", "e2e/tools/"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          // node:test awaits these itself; marking each one `void` would only add noise.
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["describe", "it", "test", "suite"] },
          ],
        },
      ],
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "no-empty": "error",
      "max-depth": ["error", 3],
      "max-params": ["error", 4],
      complexity: ["warn", 12],
      // client-node models are classes used as plain data shapes (its own docs pass object
      // literals); instances never carry behaviour, so literals are safe there.
      "@typescript-eslint/no-unsafe-class-instance-assignment": "off",
    },
  },
  {
    // Tests may assert with non-null assertions and stretch the size caps.
    files: ["**/*.test.ts", "e2e/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      complexity: "off",
    },
  },
  {
    // Layering (style.md habit 11): the runtime knows nothing about PCA or issuers.
    files: ["operator/runtime/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["**/pca/**", "**/controllers/**", "**/credentials/**", "**/api/**"] },
      ],
    },
  },
  {
    files: ["operator/pca/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["**/runtime/**", "**/controllers/**"] }],
    },
  },
  { files: ["eslint.config.js"], ...tseslint.configs.disableTypeChecked },
);
