// A generated Prisma client serves one provider, so PostgreSQL gets its own schema file. It must
// model exactly what the SQLite one does; deriving it (rather than editing two files) keeps them
// equal, and `db-tool check` fails when the committed copy is stale.

export const DERIVED_HEADER =
  "// GENERATED from prisma/sqlite/schema.prisma by `npm run db:sync-schema`: edit that file, not this one.";

export function derivePostgresSchema(sqliteSchema: string): string {
  // The source's leading comment explains that it is the source; the copy says the opposite.
  const body = sqliteSchema.replace(/^(?:\/\/(?!\/)[^\n]*\n)*/, "");
  const derived = replaceOnce(replaceOnce(body, OUTPUT, "$1postgresql$2"), PROVIDER, '$1"postgresql"');
  return `${DERIVED_HEADER}\n${derived}`;
}

// `output = "…/sqlite"` inside the generator block; `provider = "sqlite"` inside the datasource.
const OUTPUT = /(generator\s+\w+\s*\{[^}]*?\boutput\s*=\s*"[^"]*\/)sqlite(")/;
const PROVIDER = /(datasource\s+\w+\s*\{[^}]*?\bprovider\s*=\s*)"sqlite"/;

function replaceOnce(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`sqlite schema has no match for ${pattern}: cannot derive the postgresql one`);
  return text.replace(pattern, replacement);
}
