#!/usr/bin/env node
// `duban` / `npx duban`: runs the CLI as built at `npm install` (dist/cli.js, plain JavaScript).
// A checkout whose sources changed since (a `git pull`) is rebuilt first, in well under a second.
import { build, isStale } from "../../scripts/build.js";

if (isStale()) await build();
await import("../../dist/cli.js");
