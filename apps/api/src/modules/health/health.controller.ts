import { Controller } from '@nestjs/common';
import { apiRoutes } from '@creator-rewards/contracts';
import { Endpoint } from '../../platform/http/endpoint.js';
import { HealthService } from './health.service.js';

@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Endpoint(apiRoutes.getHealth)
  getHealth() {
    return this.health.liveness();
  }

  @Endpoint(apiRoutes.getReadiness)
  getReadiness() {
    return this.health.readiness();
  }
}
