import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Platform } from './platform.js';
import { CONFIG, DATABASE, LOGGER, MAILER, QUEUE, STORAGE } from './tokens.js';

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
    ];
    return { module: PlatformModule, providers, exports: providers.map((p) => p.provide) };
  }
}
