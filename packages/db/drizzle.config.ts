import { defineConfig } from 'drizzle-kit';

// Schema files are listed by glob (not through index.ts) because drizzle-kit's loader does not map the ".js"
// specifiers of our ESM sources back to ".ts".
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/!(index).ts',
  out: './drizzle',
  casing: 'snake_case',
});
