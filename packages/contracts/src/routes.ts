import { campaignRoutes } from './campaigns.js';
import { earningsRoutes } from './earnings.js';
import { healthRoutes } from './health.js';
import { identityRoutes } from './identity.js';
import { ledgerRoutes } from './ledger.js';
import { adminRoutes, orgRoutes } from './orgs.js';
import { participationRoutes } from './participation.js';
import type { RouteDefinition } from './route.js';

/** The public route table: every operation of the API, in one place. New modules add their route groups here. */
export const apiRoutes = {
  ...healthRoutes,
  ...identityRoutes,
  ...orgRoutes,
  ...adminRoutes,
  ...ledgerRoutes,
  ...campaignRoutes,
  ...participationRoutes,
  ...earningsRoutes,
} satisfies Record<string, RouteDefinition>;

export const allRoutes: readonly RouteDefinition[] = Object.values(apiRoutes);

export const apiInfo = {
  title: 'Creator Rewards API',
  version: '0.1.0',
  description:
    'Brands fund pay-per-view campaigns; participants earn from verified post growth on an exact double-entry ledger. Every error has the shape of the Error schema.',
};
