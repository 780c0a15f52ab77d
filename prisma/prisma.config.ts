// Prisma CLI configuration, used by `prisma generate` at install time.
// The CLI insists on finding a native schema engine before it runs, but generate never
// executes it, and machines without a route to Prisma's binary host cannot download one
// (docs/prisma-offline.md). Point it at an existing file; migrations run through the
// WebAssembly schema engine instead (src/db/migrate.ts).
import { createRequire } from "node:module";
import { defineConfig } from "prisma/config";

const require = createRequire(import.meta.url);
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= require.resolve("prisma/package.json");

export default defineConfig({});
