import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["test/**/*.test.ts"],
    // Each test file makes its own database (a SQLite file, or a PostgreSQL database when
    // DUBAN_TEST_DATABASE_URL is set) and applies the migrations to it: allow for that.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only contend for them.
    maxWorkers: 2,
  },
});
