import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountController } from './account.controller.js';
import { AccountService } from './account.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { IdentityRepository } from './identity.repository.js';
import { MfaService } from './mfa.service.js';
import { OidcController } from './oidc.controller.js';
import { OidcService } from './oidc.service.js';
import { SessionsService } from './sessions.service.js';

@Module({
  controllers: [AuthController, AccountController, OidcController],
  providers: [
    IdentityRepository,
    SessionsService,
    AuthService,
    AccountService,
    MfaService,
    OidcService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [IdentityRepository, SessionsService, AuthService],
})
export class IdentityModule {}
