import { Module } from '@nestjs/common';
import { MediaIntakeService } from '../../platform/media/index.js';
import { IdentityModule } from '../identity/identity.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { CampaignAssetsService } from './campaign-assets.service.js';
import { CampaignDirectoryService } from './campaign-directory.service.js';
import { CampaignFundingService } from './campaign-funding.service.js';
import { CampaignLifecycleService } from './campaign-lifecycle.service.js';
import { CampaignDirectoryController, CampaignReviewController, CampaignsController } from './campaigns.controller.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';

/** Campaigns: drafts, review, lifecycle, funding, assets, and the public directory. */
@Module({
  imports: [IdentityModule, LedgerModule],
  controllers: [CampaignsController, CampaignReviewController, CampaignDirectoryController],
  providers: [
    CampaignsRepository,
    CampaignsService,
    CampaignLifecycleService,
    CampaignFundingService,
    CampaignAssetsService,
    CampaignDirectoryService,
    MediaIntakeService,
  ],
  exports: [CampaignsService, CampaignLifecycleService],
})
export class CampaignsModule {}
