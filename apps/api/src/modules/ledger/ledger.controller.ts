import { Controller } from '@nestjs/common';
import { ledgerRoutes } from '@creator-rewards/contracts';
import { Endpoint, Input, type RouteInput } from '../../platform/http/endpoint.js';
import { CurrentPrincipal, type Principal } from '../identity/principal.js';
import { LedgerReadService } from './ledger-read.service.js';

type R = typeof ledgerRoutes;

@Controller()
export class LedgerController {
  constructor(private readonly read: LedgerReadService) {}

  @Endpoint(ledgerRoutes.getMyBalances)
  getMyBalances(@CurrentPrincipal() p: Principal) {
    return this.read.myBalances(p.user.id);
  }

  @Endpoint(ledgerRoutes.getMyStatement)
  getMyStatement(@CurrentPrincipal() p: Principal, @Input() input: RouteInput<R['getMyStatement']>) {
    return this.read.myStatement(p.user.id, input.query);
  }

  @Endpoint(ledgerRoutes.getLedgerTotals)
  getLedgerTotals() {
    return this.read.platformTotals();
  }

  @Endpoint(ledgerRoutes.listReconciliations)
  listReconciliations(@Input() input: RouteInput<R['listReconciliations']>) {
    return this.read.listReconciliations(input.query);
  }
}
