import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { AdminModule } from './modules/admin/admin.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { CampaignsModule } from './modules/campaigns/campaigns.module.js';
import { EarningsModule } from './modules/earnings/earnings.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { IdentityModule } from './modules/identity/identity.module.js';
import { LedgerModule } from './modules/ledger/ledger.module.js';
import { OrgsModule } from './modules/orgs/orgs.module.js';
import { ParticipationModule } from './modules/participation/participation.module.js';
import { ErrorFilter } from './platform/errors/error-filter.js';
import { ValidationInterceptor } from './platform/http/validation.interceptor.js';
import type { Platform } from './platform/platform.js';
import { PlatformModule } from './platform/platform.module.js';

/** Feature modules of the API. Each bounded context adds its module here. */
export const featureModules = [
  AuditModule,
  HealthModule,
  IdentityModule,
  OrgsModule,
  AdminModule,
  LedgerModule,
  CampaignsModule,
  EarningsModule,
  ParticipationModule,
];

@Module({})
export class AppModule {
  static forRoot(platform: Platform, extraModules: DynamicModule['imports'] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(platform), ...featureModules, ...extraModules],
      providers: [
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: ValidationInterceptor },
      ],
    };
  }
}
