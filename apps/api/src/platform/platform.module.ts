import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Platform } from './platform.js';
import { CLOCK, CONFIG, DATABASE, LOGGER, MAILER, PAYMENTS, QUEUE, RATE_LIMITER, SECRETS, STORAGE } from './tokens.js';

/** Makes the platform's ports injectable everywhere: `@Inject(DATABASE) db: DatabaseHandle`. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(platform: Platform): DynamicModule {
    const providers = [
      { provide: CONFIG, useValue: platform.config },
      { provide: LOGGER, useValue: platform.logger },
      { provide: DATABASE, useValue: platform.database },
      { provide: QUEUE, useValue: platform.queue },
      { provide: STORAGE, useValue: platform.storage },
      { provide: MAILER, useValue: platform.mailer },
      { provide: SECRETS, useValue: platform.secrets },
      { provide: RATE_LIMITER, useValue: platform.rateLimiter },
      { provide: CLOCK, useValue: platform.clock },
      { provide: PAYMENTS, useValue: platform.payments },
    ];
    return { module: PlatformModule, providers, exports: providers.map((p) => p.provide) };
  }
}
