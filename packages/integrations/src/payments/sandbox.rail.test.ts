import { describe, expect, it } from 'vitest';
import { createSandboxRail } from './sandbox.rail.js';

const request = {
  idempotencyKey: 'funding-1',
  amountMicros: 10_000_000n,
  currency: 'USD',
  description: 'Campaign funding',
  metadata: {},
};

describe('sandbox rail', () => {
  it('settles at once with a reference derived from the idempotency key', async () => {
    const rail = createSandboxRail();
    const first = await rail.charge(request);
    const again = await rail.charge(request);
    const other = await rail.charge({ ...request, idempotencyKey: 'funding-2' });
    expect(first.status).toBe('succeeded');
    expect(again).toEqual(first);
    expect(other.providerRef).not.toBe(first.providerRef);
  });

  it('declines amounts ending in the configured digits, and refuses non-positive amounts', async () => {
    const rail = createSandboxRail({ failAmountsEndingIn: '13' });
    await expect(rail.charge({ ...request, amountMicros: 1_000_013n })).resolves.toMatchObject({ status: 'failed' });
    await expect(rail.charge(request)).resolves.toMatchObject({ status: 'succeeded' });
    await expect(rail.charge({ ...request, amountMicros: 0n })).rejects.toThrow(RangeError);
  });
});
