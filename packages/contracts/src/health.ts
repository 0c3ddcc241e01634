import { z } from './zod.js';
import { defineRoute } from './route.js';

export const HealthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeSeconds: z.number().int().nonnegative(),
});

export const DependencyCheckSchema = z.object({
  status: z.enum(['ok', 'down']),
  driver: z.string().describe('Which adapter is in use, e.g. "postgres" or "pglite", "bullmq" or "inline".'),
  latencyMs: z.number().int().nonnegative(),
  error: z.string().optional(),
});

export const ReadinessSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({ database: DependencyCheckSchema, queue: DependencyCheckSchema }),
});
export type Readiness = z.infer<typeof ReadinessSchema>;

export const healthRoutes = {
  getHealth: defineRoute({
    operationId: 'getHealth',
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process is up.',
    tags: ['ops'],
    access: 'public',
    response: { status: 200, schema: HealthSchema, description: 'The API process is running.' },
  }),
  getReadiness: defineRoute({
    operationId: 'getReadiness',
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: the database and the queue answer.',
    description:
      'Answers 503 SERVICE_UNAVAILABLE (details.checks has the same per-dependency report) when a dependency is down, so load balancers can route around it.',
    tags: ['ops'],
    access: 'public',
    response: { status: 200, schema: ReadinessSchema, description: 'All dependencies answer.' },
    errors: ['SERVICE_UNAVAILABLE'],
  }),
};
