'use client';

// The budget card and the funding form. Paying is two steps on purpose: the amount is quoted first (fee and what the
// campaign can spend), and only then paid, with the fee that was shown (a different fee is refused with nothing
// charged) and an idempotency key made for that quote: pressing Pay again, or retrying after a lost answer, can never
// pay twice.
import { useState, type FormEvent } from 'react';
import { BudgetFigures } from '../../../../../components/campaign-parts';
import { TextField, useFormErrors } from '../../../../../components/form';
import {
  Alert,
  Badge,
  Button,
  EmptyState,
  ErrorAlert,
  LoadError,
  LoadingBlock,
  Section,
} from '../../../../../components/ui';
import { api, call, messageOf, type ApiError } from '../../../../../lib/api';
import {
  newIdempotencyKey,
  type Campaign,
  type CampaignFunding,
  type FundingQuote,
} from '../../../../../lib/campaigns';
import { formatDateTime } from '../../../../../lib/format';
import { microsToDecimal, parseAmount } from '../../../../../lib/money';
import { useLoad } from '../../../../../lib/use-load';

const FUNDABLE: readonly Campaign['state'][] = ['draft', 'reviewing', 'published', 'paused'];

export function BudgetSection({
  orgId,
  campaign,
  canFund,
  onFunded,
}: {
  orgId: string;
  campaign: Campaign;
  canFund: boolean;
  onFunded: () => void;
}) {
  const path = { orgId, campaignId: campaign.id };
  const fundings = useLoad(
    () => call(api.GET('/v1/orgs/{orgId}/campaigns/{campaignId}/fundings', { params: { path } })),
    `fundings:${campaign.id}`,
  );
  const fundable = FUNDABLE.includes(campaign.state);

  return (
    <>
      <Section id="budget" title="Budget" description={`In ${campaign.currency}.`}>
        <BudgetFigures budget={campaign.budget} />
      </Section>
      <Section
        id="funding"
        title={campaign.budget.funded.micros === '0' ? 'Fund the budget' : 'Top up the budget'}
        description="See the platform fee before you pay."
      >
        {!fundable ? (
          <p className="text-sm text-muted">A {campaign.state} campaign can no longer be funded.</p>
        ) : canFund ? (
          <FundingForm
            orgId={orgId}
            campaign={campaign}
            onPaid={(funding) => {
              fundings.setData((data) => ({ items: [funding, ...data.items.filter((f) => f.id !== funding.id)] }));
              if (funding.status === 'succeeded') onFunded();
            }}
          />
        ) : (
          <p className="text-sm text-muted">Only owners of the organization can pay into a campaign.</p>
        )}
        <h3 className="mt-6 border-t border-line pt-4 text-sm font-semibold">Payments</h3>
        <div className="mt-3">
          {fundings.state.status === 'loading' ? <LoadingBlock label="Loading payments…" /> : null}
          {fundings.state.status === 'error' ? (
            <LoadError error={fundings.state.error} onRetry={() => void fundings.reload()} />
          ) : null}
          {fundings.state.status === 'ready' && fundings.state.data.items.length === 0 ? (
            <EmptyState title="No payments yet" />
          ) : null}
          {fundings.state.status === 'ready' && fundings.state.data.items.length > 0 ? (
            <FundingList fundings={fundings.state.data.items} />
          ) : null}
        </div>
      </Section>
    </>
  );
}

const statusTone = { pending: 'warning', succeeded: 'success', failed: 'danger' } as const;

function FundingList({ fundings }: { fundings: readonly CampaignFunding[] }) {
  return (
    <ul className="divide-y divide-line text-sm" data-testid="funding-list">
      {fundings.map((funding) => (
        <li key={funding.id} className="py-3">
          <div className="flex items-center justify-between gap-3">
            <span className="font-mono font-medium tabular-nums">{funding.gross.display}</span>
            <Badge tone={statusTone[funding.status]}>{funding.status}</Badge>
          </div>
          <p className="mt-0.5 text-xs text-muted">
            {formatDateTime(funding.createdAt)} · fee {funding.fee.display} · budget +{funding.budget.display} ·{' '}
            {funding.rail === 'sandbox' ? 'sandbox' : 'Stripe'}
          </p>
          {funding.failureReason ? <p className="mt-1 text-xs text-red-700">{funding.failureReason}</p> : null}
        </li>
      ))}
    </ul>
  );
}

type Quoted = { quote: FundingQuote; key: string };

function FundingForm({
  orgId,
  campaign,
  onPaid,
}: {
  orgId: string;
  campaign: Campaign;
  onPaid: (funding: CampaignFunding) => void;
}) {
  const path = { orgId, campaignId: campaign.id };
  const [amount, setAmount] = useState('');
  const [quoted, setQuoted] = useState<Quoted | null>(null);
  const [busy, setBusy] = useState<'quote' | 'pay' | null>(null);
  const [payError, setPayError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<CampaignFunding | null>(null);
  const { formRef, fieldErrors, formError, showError, showFieldErrors, clear } = useFormErrors(['grossMicros'], {
    nested: true,
  });
  const unfunded = BigInt(campaign.budget.planned.micros) - BigInt(campaign.budget.funded.micros);

  async function getQuote(event: FormEvent) {
    event.preventDefault();
    setResult(null);
    setPayError(null);
    const parsed = parseAmount(amount, { currency: campaign.currency });
    if (!parsed.ok) return showFieldErrors({ grossMicros: parsed.message });
    setBusy('quote');
    const answer = await call(
      api.GET('/v1/orgs/{orgId}/campaigns/{campaignId}/funding-quote', {
        params: { path, query: { grossMicros: parsed.micros.toString() } },
      }),
    );
    setBusy(null);
    if (!answer.ok) return showError(answer.error);
    clear();
    // One key per quote: every Pay press for this quote is the same payment.
    setQuoted({ quote: answer.data, key: newIdempotencyKey() });
  }

  async function pay() {
    if (!quoted) return;
    setBusy('pay');
    setPayError(null);
    const answer = await call(
      api.POST('/v1/orgs/{orgId}/campaigns/{campaignId}/fundings', {
        params: { path },
        body: {
          grossMicros: quoted.quote.gross.micros,
          idempotencyKey: quoted.key,
          expectedFeeMicros: quoted.quote.fee.micros,
        },
      }),
    );
    setBusy(null);
    if (!answer.ok) {
      setPayError(answer.error);
      // A refusal (the fee changed, the campaign moved on) needs a new quote; a lost answer keeps this one, so
      // paying again reuses its key and cannot charge twice.
      if (answer.error.code !== 'API_UNREACHABLE' && answer.error.code !== 'SERVICE_UNAVAILABLE') setQuoted(null);
      return;
    }
    setResult(answer.data);
    setQuoted(null);
    if (answer.data.status === 'succeeded') setAmount('');
    onPaid(answer.data);
  }

  return (
    <div data-testid="funding">
      {result?.status === 'succeeded' ? (
        <Alert tone="success" className="mb-4" testId="funding-result">
          Paid {result.gross.display}: {result.budget.display} added to the budget.
        </Alert>
      ) : null}
      {result && result.status !== 'succeeded' ? (
        <Alert tone="error" className="mb-4" title="The payment did not go through" testId="funding-result">
          {result.failureReason ?? 'The payment is still pending.'}
        </Alert>
      ) : null}
      {quoted ? (
        <div className="rounded-md border border-brand-200 bg-brand-50 p-4" data-testid="funding-quote">
          <dl className="space-y-1 text-sm">
            <div className="flex justify-between gap-3">
              <dt>You pay</dt>
              <dd className="font-mono font-semibold tabular-nums">{quoted.quote.gross.display}</dd>
            </div>
            <div className="flex justify-between gap-3">
              <dt>Platform fee ({(quoted.quote.feeBasisPoints / 100).toLocaleString()}%)</dt>
              <dd className="font-mono tabular-nums" data-testid="quote-fee">
                −{quoted.quote.fee.display}
              </dd>
            </div>
            <div className="flex justify-between gap-3 border-t border-brand-200 pt-1 font-semibold">
              <dt>Added to the budget</dt>
              <dd className="font-mono tabular-nums" data-testid="quote-budget">
                {quoted.quote.budget.display}
              </dd>
            </div>
          </dl>
          {quoted.quote.rail === 'sandbox' ? (
            <p className="mt-3 text-xs text-brand-900">
              Sandbox: the payment settles at once on the ledger and no real money moves.
            </p>
          ) : null}
          {payError ? (
            <div className="mt-3">
              <ErrorAlert error={payError} />
              <p className="mt-1 text-xs text-muted">Paying again uses the same payment key: it cannot charge twice.</p>
            </div>
          ) : null}
          <div className="mt-4 flex flex-wrap gap-2">
            <Button onClick={() => void pay()} busy={busy === 'pay'} busyLabel="Paying…" data-testid="funding-pay">
              Pay {quoted.quote.gross.display}
            </Button>
            <Button variant="secondary" onClick={() => setQuoted(null)} disabled={busy === 'pay'}>
              Change amount
            </Button>
          </div>
        </div>
      ) : (
        <form ref={formRef} onSubmit={getQuote} noValidate className="space-y-3">
          {payError ? (
            <Alert tone="error" testId="form-error">
              {messageOf(payError)} Get a new quote to try again.
            </Alert>
          ) : null}
          <ErrorAlert error={formError} />
          <TextField
            id="funding-amount"
            label={
              <>
                Amount to pay <span className="font-normal text-muted">({campaign.currency})</span>
              </>
            }
            inputMode="decimal"
            autoComplete="off"
            placeholder="0.00"
            value={amount}
            onChange={(e) => {
              setAmount(e.target.value);
              setPayError(null);
            }}
            error={fieldErrors['grossMicros']}
            hint="The fee comes out of this amount."
          />
          <div className="flex flex-wrap items-center gap-2">
            <Button
              type="submit"
              busy={busy === 'quote'}
              busyLabel="Getting a quote…"
              data-testid="funding-quote-button"
            >
              See the fee
            </Button>
            {unfunded > 0n ? (
              <button
                type="button"
                className="text-sm font-medium text-brand-700 underline"
                onClick={() => setAmount(microsToDecimal(unfunded))}
              >
                Use the unfunded part ({microsToDecimal(unfunded)})
              </button>
            ) : null}
          </div>
        </form>
      )}
    </div>
  );
}
