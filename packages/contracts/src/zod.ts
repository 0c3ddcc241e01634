import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// Adds `.openapi()` to zod schemas (needed by the OpenAPI generator). Every contract imports `z` from here so
// the extension is installed before any schema is built.
extendZodWithOpenApi(z);

export { z };
