import { Module } from '@nestjs/common';
import { MediaIntakeService } from '../../platform/media/index.js';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { CampaignParticipationController, ParticipantController } from './participation.controller.js';
import { ParticipationRepository } from './participation.repository.js';
import { ParticipationService } from './participation.service.js';
import { SocialAccountsService } from './social-accounts.service.js';
import { SubmissionEvidenceService } from './submission-evidence.service.js';
import { SubmissionsService } from './submissions.service.js';

/**
 * Participation: social accounts, participations (apply, approve, reject, withdraw; slots), tracking codes and
 * submissions with evidence. Other modules read participations and submissions through ParticipationService.
 */
@Module({
  imports: [IdentityModule, CampaignsModule],
  controllers: [ParticipantController, CampaignParticipationController],
  providers: [
    ParticipationRepository,
    ParticipationService,
    SocialAccountsService,
    SubmissionsService,
    SubmissionEvidenceService,
    MediaIntakeService,
  ],
  exports: [ParticipationService],
})
export class ParticipationModule {}
