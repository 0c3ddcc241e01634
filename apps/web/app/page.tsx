import Link from 'next/link';
import { ApiStatus } from '../components/api-status';
import { computeEarningsExample, formatCount, formatUsdMicros } from '../lib/earnings-example';

const example = computeEarningsExample({
  views: 48_250n,
  rateMicrosPerThousand: 2_500_000n,
  postCapMicros: 500_000_000n,
  budgetRemainingMicros: 1_800_000_000n,
});

const features = [
  {
    title: 'Verified growth only',
    body: 'Post ownership is checked and views come from the platforms’ own APIs. Only growth since the last snapshot earns, and views the platform later removes are clawed back.',
  },
  {
    title: 'An exact double-entry ledger',
    body: 'Every cent moves as a balanced transfer between accounts, in integer micro-units. Nothing is rounded until money leaves, and a campaign budget can never be overspent.',
  },
  {
    title: 'Every payout explained',
    body: 'Each earning traces back to its snapshot, rate, caps and any fraud deduction, so participants and brands can see exactly why an amount was paid or is still pending.',
  },
  {
    title: 'Open source and self-hostable',
    body: 'Run everything on one machine with one command, or scale out on PostgreSQL, Redis and S3. Sandbox platforms and payouts make local demos safe.',
  },
] as const;

const brandSteps = [
  {
    title: 'Fund a campaign',
    body: 'Set a budget, a rate per 1,000 views, caps, platforms, dates and a creative brief. The budget is held in escrow on the ledger.',
  },
  {
    title: 'Approve participants and posts',
    body: 'Review who applies and what they post. Fraud rules flag suspicious growth for a reviewer before it is paid.',
  },
  {
    title: 'Pay only for verified views',
    body: 'Spend accrues from measured growth and stops at your caps and budget. When the budget is spent, the campaign completes itself.',
  },
] as const;

const participantSteps = [
  {
    title: 'Join a campaign',
    body: 'Browse open campaigns, apply, and connect your YouTube, TikTok, Instagram or X account.',
  },
  {
    title: 'Post and submit your links',
    body: 'Publish following the brief and submit each post’s URL. The platform checks the post is yours.',
  },
  {
    title: 'Earn from your growth',
    body: 'Your views are tracked and turned into earnings. After the hold period they become available and are paid out, with a breakdown of every amount.',
  },
] as const;

export default function HomePage() {
  return (
    <>
      <Hero />
      <Features />
      <HowItWorks />
      <WorkedExample />
      <SelfHost />
    </>
  );
}

function Hero() {
  return (
    <section aria-labelledby="landing-hero" className="border-b border-line bg-white">
      <div className="mx-auto grid max-w-6xl grid-cols-1 gap-12 px-4 py-16 sm:px-6 sm:py-24 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:items-center">
        <div className="min-w-0">
          <p className="text-sm font-semibold uppercase tracking-wider text-brand-700">
            Pay-per-view creator campaigns
          </p>
          <h1
            id="landing-hero"
            data-testid="landing-hero"
            className="mt-3 max-w-3xl text-4xl font-bold tracking-tight text-balance sm:text-5xl"
          >
            Pay creators for the views they actually deliver.
          </h1>
          <p className="mt-6 max-w-2xl text-lg leading-relaxed text-muted">
            Brands fund campaigns with a budget and a rate per 1,000 views. Participants post on YouTube, TikTok,
            Instagram or X, submit their links, and earn from verified growth, tracked on an exact ledger and paid out
            with every amount explained.
          </p>
          <div className="mt-8 flex flex-wrap items-center gap-4">
            <Link
              href="/campaigns"
              className="rounded-md bg-brand-700 px-5 py-3 text-sm font-semibold text-white shadow-sm hover:bg-brand-800"
            >
              Browse campaigns
            </Link>
            <a
              href="#brands"
              className="rounded-md border border-line bg-white px-5 py-3 text-sm font-semibold text-ink hover:border-brand-600 hover:text-brand-700"
            >
              Fund a campaign
            </a>
            <ApiStatus />
          </div>
        </div>
        <ExampleCampaignCard />
      </div>
    </section>
  );
}

const platforms = ['YouTube', 'TikTok', 'Instagram', 'X'] as const;

function ExampleCampaignCard() {
  const terms: readonly { label: string; value: string }[] = [
    { label: 'Rate', value: `${formatUsdMicros(example.rateMicrosPerThousand)} per 1,000 views` },
    { label: 'Budget', value: '$2,000.00 in escrow' },
    { label: 'Cap per post', value: formatUsdMicros(example.postCapMicros) },
    { label: 'Hold period', value: '14 days' },
  ];
  return (
    <aside
      aria-labelledby="example-campaign-heading"
      className="min-w-0 rounded-xl border border-line bg-canvas p-6 shadow-sm"
    >
      <p className="text-xs font-semibold uppercase tracking-wider text-muted">Example campaign</p>
      <h2 id="example-campaign-heading" className="mt-1 text-lg font-semibold">
        Spring launch clips
      </h2>
      <dl className="mt-5 grid grid-cols-2 gap-x-4 gap-y-4 text-sm">
        {terms.map((term) => (
          <div key={term.label}>
            <dt className="text-muted">{term.label}</dt>
            <dd className="mt-0.5 font-medium tabular-nums">{term.value}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-5 text-sm text-muted">Platforms</p>
      <ul className="mt-2 flex flex-wrap gap-2" aria-label="Platforms">
        {platforms.map((platform) => (
          <li key={platform} className="rounded-full bg-brand-100 px-3 py-1 text-xs font-medium text-brand-900">
            {platform}
          </li>
        ))}
      </ul>
    </aside>
  );
}

function Features() {
  return (
    <section aria-labelledby="features-heading" className="mx-auto max-w-6xl px-4 py-16 sm:px-6">
      <h2 id="features-heading" className="text-2xl font-bold tracking-tight sm:text-3xl">
        Built like a payments system
      </h2>
      <ul className="mt-8 grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
        {features.map((feature) => (
          <li key={feature.title} className="rounded-lg border border-line bg-white p-6">
            <h3 className="font-semibold text-brand-800">{feature.title}</h3>
            <p className="mt-2 text-sm leading-relaxed text-muted">{feature.body}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function HowItWorks() {
  return (
    <section aria-labelledby="how-heading" className="border-y border-line bg-white">
      <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6">
        <h2 id="how-heading" className="text-2xl font-bold tracking-tight sm:text-3xl">
          How it works
        </h2>
        <div className="mt-8 grid gap-10 md:grid-cols-2">
          <Steps id="brands" heading="For brands" steps={brandSteps} />
          <Steps id="participants" heading="For participants" steps={participantSteps} />
        </div>
      </div>
    </section>
  );
}

function Steps({
  id,
  heading,
  steps,
}: {
  id: string;
  heading: string;
  steps: readonly { title: string; body: string }[];
}) {
  return (
    <div id={id}>
      <h3 className="text-xl font-semibold">{heading}</h3>
      <ol className="mt-6 space-y-6">
        {steps.map((step, index) => (
          <li key={step.title} className="flex gap-4">
            <span
              aria-hidden="true"
              className="flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-brand-100 text-sm font-bold text-brand-800"
            >
              {index + 1}
            </span>
            <div>
              <p className="font-medium">{step.title}</p>
              <p className="mt-1 text-sm leading-relaxed text-muted">{step.body}</p>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

function WorkedExample() {
  const rows: readonly { label: string; value: string; note?: string; prose?: true }[] = [
    { label: 'Verified views', value: formatCount(example.views) },
    { label: 'Rate per 1,000 views', value: formatUsdMicros(example.rateMicrosPerThousand) },
    {
      label: 'views × rate / 1000',
      value: formatUsdMicros(example.uncappedMicros),
      note: `${formatCount(example.views)} × ${formatUsdMicros(example.rateMicrosPerThousand)} / 1,000`,
    },
    {
      label: 'Caps',
      value: 'not reached',
      prose: true,
      note: `post cap ${formatUsdMicros(example.postCapMicros)}, budget left ${formatUsdMicros(example.budgetRemainingMicros)}`,
    },
    { label: 'Owed (accrued on the ledger)', value: formatUsdMicros(example.owedMicros) },
    { label: 'Paid out (whole cents)', value: formatUsdMicros(example.paidOutMicros) },
    {
      label: 'Carried in your balance',
      value: formatUsdMicros(example.carriedMicros),
      note: 'paid with a later payout once it adds up to a cent',
    },
  ];

  return (
    <section aria-labelledby="example-heading" className="mx-auto max-w-6xl px-4 py-16 sm:px-6">
      <div className="grid grid-cols-1 gap-10 lg:grid-cols-2 lg:items-start">
        <div className="min-w-0">
          <h2 id="example-heading" className="text-2xl font-bold tracking-tight sm:text-3xl">
            The earnings formula, worked out
          </h2>
          <p className="mt-4 leading-relaxed text-muted">
            For each post, what you are owed is computed from its total verified views, then capped. Each accrual posts
            only the difference from what was already earned, so retries never pay twice and removed views are taken
            back.
          </p>
          <pre className="mt-6 overflow-x-auto rounded-lg bg-ink px-5 py-4 font-mono text-xs whitespace-pre-wrap text-brand-100 sm:text-sm">
            <code>owed = min(caps, floor(views × rate / 1000))</code>
          </pre>
          <p className="mt-4 text-sm leading-relaxed text-muted">
            Amounts are kept in millionths of a dollar. Rounding to cents happens only when money is paid out, and the
            fraction left over stays in your balance instead of disappearing.
          </p>
        </div>
        <div className="min-w-0 overflow-hidden rounded-lg border border-line bg-white">
          <table className="w-full text-left text-sm">
            <caption className="border-b border-line bg-brand-50 px-5 py-3 text-left font-semibold text-brand-900">
              {formatCount(example.views)} views at {formatUsdMicros(example.rateMicrosPerThousand)} per 1,000
            </caption>
            <tbody className="divide-y divide-line">
              {rows.map((row) => (
                <tr key={row.label}>
                  <th scope="row" className="px-5 py-3 align-top font-medium text-ink">
                    {row.label}
                    {row.note ? <span className="mt-0.5 block text-xs font-normal text-muted">{row.note}</span> : null}
                  </th>
                  <td
                    className={`px-5 py-3 text-right align-top whitespace-nowrap ${row.prose ? 'text-muted' : 'font-mono tabular-nums'}`}
                  >
                    {row.value}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

function SelfHost() {
  return (
    <section aria-labelledby="selfhost-heading" className="border-t border-line bg-brand-900 text-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-14 sm:px-6 md:flex-row md:items-center md:justify-between">
        <div className="max-w-2xl">
          <h2 id="selfhost-heading" className="text-2xl font-bold tracking-tight">
            Run it yourself
          </h2>
          <p className="mt-3 leading-relaxed text-brand-100">
            Creator Rewards is open source. Start it on one machine with demo data, or run the API, workers and web app
            as separate processes on PostgreSQL, Redis and S3. Everything is reachable through a documented HTTP API.
          </p>
        </div>
        <div className="flex flex-wrap gap-4">
          <a
            href="/docs"
            className="rounded-md bg-white px-5 py-3 text-sm font-semibold text-brand-900 hover:bg-brand-50"
          >
            Read the API docs
          </a>
          <a
            href="/api/openapi.json"
            className="rounded-md border border-brand-200 px-5 py-3 text-sm font-semibold text-white hover:bg-brand-800"
          >
            OpenAPI document
          </a>
        </div>
      </div>
    </section>
  );
}
