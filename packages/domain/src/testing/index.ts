export {
  CAMPAIGNS,
  PARTICIPANTS,
  RATE,
  World,
  checkInvariants,
  currencyArb,
  opArb,
  opsArb,
  opsArbitrary,
  simulate,
  step,
  type Op,
} from './ledger-scenario.js';
