import { Injectable } from '@nestjs/common';
import { type DeclaredUpload, type InspectedMedia, inspectUpload, type MediaLimits } from './media-intake.js';

/**
 * Injectable face of inspectUpload() for modules that take uploads (campaign briefs first). Stateless: limits
 * default to defaultMediaLimits and can be narrowed per call (a thumbnail field may allow less than a brief video).
 */
@Injectable()
export class MediaIntakeService {
  inspect(bytes: Buffer, declared: DeclaredUpload, limits?: Partial<MediaLimits>): Promise<InspectedMedia> {
    return inspectUpload(bytes, declared, limits);
  }
}
