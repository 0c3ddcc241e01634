'use client';

import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useConfirm } from '../../../components/dialogs';
import { TextField, useFormErrors } from '../../../components/form';
import { useSignedIn } from '../../../components/session';
import { Alert, Badge, Button, CopyButton, ErrorAlert, PageHeader, Section } from '../../../components/ui';
import { api, call, roleLabels, type ApiError, type TwoFactorEnrolment as Enrolment } from '../../../lib/api';
import { toBase64 } from '../../../lib/format';

type View =
  { step: 'overview' } | { step: 'enrol'; enrolment: Enrolment } | { step: 'codes'; codes: string[]; fresh: boolean };

/**
 * Enrol an authenticator app (scan, confirm with a code, save recovery codes), replace the recovery codes, or turn
 * 2FA off. Every change here may first ask for the password again (the API client handles that).
 */
export function TwoFactorSettings() {
  const { user, refresh } = useSignedIn();
  const [view, setView] = useState<View>({ step: 'overview' });
  const [notice, setNotice] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  // Each step replaces most of the page: move focus to its heading so keyboard and screen reader users follow.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [view.step]);

  return (
    <>
      <PageHeader
        title="Two-factor authentication"
        description="A code from an authenticator app on your phone, asked for at each sign-in, keeps your account safe even if your password leaks. Admin and finance roles require it."
      />
      {notice ? (
        <Alert tone="info" className="mb-6">
          {notice}
        </Alert>
      ) : null}
      {view.step === 'enrol' ? (
        <EnrolStep
          enrolment={view.enrolment}
          headingRef={headingRef}
          onCancel={() => setView({ step: 'overview' })}
          onEnabled={(codes) => {
            setNotice(null);
            setView({ step: 'codes', codes, fresh: true });
            void refresh();
          }}
        />
      ) : view.step === 'codes' ? (
        <RecoveryCodes
          codes={view.codes}
          fresh={view.fresh}
          headingRef={headingRef}
          onDone={() => setView({ step: 'overview' })}
        />
      ) : user.twoFactorEnabled ? (
        <EnabledOverview
          headingRef={headingRef}
          onCodes={(codes) => setView({ step: 'codes', codes, fresh: false })}
          onDisabled={() => setNotice('Two-factor authentication is off. Your other sessions were signed out.')}
        />
      ) : (
        <DisabledOverview headingRef={headingRef} onStarted={(enrolment) => setView({ step: 'enrol', enrolment })} />
      )}
    </>
  );
}

type HeadingRef = RefObject<HTMLHeadingElement | null>;

function StepHeading({ headingRef, children, id }: { headingRef: HeadingRef; children: string; id?: string }) {
  return (
    <h2 id={id} ref={headingRef} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
      {children}
    </h2>
  );
}

function DisabledOverview({ headingRef, onStarted }: { headingRef: HeadingRef; onStarted: (e: Enrolment) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function start() {
    setBusy(true);
    setError(null);
    const result = await call(api.POST('/v1/me/2fa'));
    setBusy(false);
    if (!result.ok) return setError(result.error);
    onStarted(result.data);
  }

  return (
    <section aria-labelledby="twofa-status" className="rounded-lg border border-line bg-white p-6 shadow-sm">
      <div className="flex flex-wrap items-center gap-3">
        <StepHeading id="twofa-status" headingRef={headingRef}>
          Status
        </StepHeading>
        <Badge tone="warning">Off</Badge>
      </div>
      <p className="mt-2 text-sm text-muted">
        You will need an authenticator app such as Aegis, Google Authenticator, 1Password or Microsoft Authenticator.
      </p>
      <ErrorAlert error={error} className="mt-4" />
      <Button className="mt-5" onClick={start} busy={busy} busyLabel="Starting…" data-testid="start-2fa">
        Set up two-factor authentication
      </Button>
    </section>
  );
}

function EnrolStep({
  enrolment,
  headingRef,
  onCancel,
  onEnabled,
}: {
  enrolment: Enrolment;
  headingRef: HeadingRef;
  onCancel: () => void;
  onEnabled: (codes: string[]) => void;
}) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const { formRef, fieldErrors, formError, showError } = useFormErrors(['code']);
  // The SVG comes from our API; as an <img> it is inert (no scripts, no external loads), unlike inline markup.
  const qrSrc = `data:image/svg+xml;base64,${toBase64(enrolment.qrCodeSvg)}`;
  const groupedSecret = enrolment.secret.replace(/(.{4})(?=.)/g, '$1 ');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await call(api.POST('/v1/me/2fa/confirm', { body: { code: code.replace(/\s+/g, '') } }));
    setBusy(false);
    if (!result.ok) return showError(result.error);
    onEnabled(result.data.recoveryCodes);
  }

  return (
    <section className="rounded-lg border border-line bg-white p-6 shadow-sm" data-testid="enrol-2fa">
      <StepHeading headingRef={headingRef}>Scan this code with your authenticator app</StepHeading>
      <ol className="mt-4 grid gap-8 md:grid-cols-[auto_minmax(0,1fr)]">
        <li className="flex flex-col items-center gap-3">
          {/* A plain <img>: a data: URL has nothing for next/image to optimise. */}
          <img
            src={qrSrc}
            width={208}
            height={208}
            alt="QR code for your authenticator app. If you cannot scan it, enter the setup key shown next to it."
            className="h-52 w-52 rounded-md border border-line bg-white p-2"
            data-testid="totp-qr"
          />
        </li>
        <li className="min-w-0 space-y-5">
          <div>
            <p className="text-sm font-medium">Can’t scan it? Enter this setup key instead</p>
            <div className="mt-2 flex flex-wrap items-center gap-3">
              <code
                className="rounded-md bg-canvas px-3 py-2 font-mono text-sm tracking-wider break-all"
                data-testid="totp-secret"
                data-secret={enrolment.secret}
              >
                {groupedSecret}
              </code>
              <CopyButton text={enrolment.secret} label="Copy key" />
            </div>
            <p className="mt-1 text-xs text-muted">Time-based, 6 digits, 30-second period.</p>
          </div>
          <form ref={formRef} onSubmit={submit} noValidate className="max-w-xs space-y-4 border-t border-line pt-5">
            <ErrorAlert error={formError} />
            <TextField
              id="code"
              label="Enter the 6-digit code the app shows"
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={7}
              placeholder="123456"
              className="[&_input]:font-mono [&_input]:tracking-widest"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              error={fieldErrors['code']}
              required
            />
            <div className="flex flex-wrap gap-3">
              <Button type="submit" busy={busy} busyLabel="Checking…">
                Turn on
              </Button>
              <Button variant="secondary" onClick={onCancel}>
                Cancel
              </Button>
            </div>
          </form>
        </li>
      </ol>
    </section>
  );
}

function RecoveryCodes({
  codes,
  fresh,
  headingRef,
  onDone,
}: {
  codes: string[];
  fresh: boolean;
  headingRef: HeadingRef;
  onDone: () => void;
}) {
  const text = codes.join('\n');
  const [downloadHref, setDownloadHref] = useState<string | null>(null);
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([`Creator Rewards recovery codes\n\n${text}\n`], { type: 'text/plain' }));
    setDownloadHref(url);
    return () => URL.revokeObjectURL(url);
  }, [text]);

  return (
    <section className="rounded-lg border border-line bg-white p-6 shadow-sm" data-testid="recovery-codes">
      {fresh ? (
        <Alert tone="success" className="mb-5">
          Two-factor authentication is on. From now on you will be asked for a code when you log in.
        </Alert>
      ) : null}
      <StepHeading headingRef={headingRef}>Save your recovery codes</StepHeading>
      <p className="mt-2 text-sm text-muted">
        If you lose your phone, each of these codes lets you log in once. Keep them somewhere safe, like a password
        manager. <strong className="font-semibold text-ink">They are shown only now.</strong>
      </p>
      <ul
        className="mt-5 grid max-w-md grid-cols-2 gap-2 rounded-md bg-canvas p-4 font-mono text-sm"
        aria-label="Recovery codes"
      >
        {codes.map((code) => (
          <li key={code} data-testid="recovery-code">
            {code}
          </li>
        ))}
      </ul>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <CopyButton text={text} label="Copy codes" />
        {downloadHref ? (
          <a
            href={downloadHref}
            download="creator-rewards-recovery-codes.txt"
            className="text-sm font-medium text-brand-700 underline"
          >
            Download as a text file
          </a>
        ) : null}
      </div>
      <Button className="mt-6" onClick={onDone} data-testid="recovery-codes-done">
        I have saved my codes
      </Button>
    </section>
  );
}

function EnabledOverview({
  headingRef,
  onCodes,
  onDisabled,
}: {
  headingRef: HeadingRef;
  onCodes: (codes: string[]) => void;
  onDisabled: () => void;
}) {
  const { refresh, user } = useSignedIn();
  const privileged = user.roles.filter((r) => r === 'admin' || r === 'finance').map((r) => roleLabels[r].toLowerCase());
  const confirm = useConfirm();
  const [busy, setBusy] = useState<'codes' | 'disable' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function regenerate() {
    const ok = await confirm({
      title: 'Replace your recovery codes?',
      body: 'Your current recovery codes stop working at once. You will get ten new ones.',
      confirmLabel: 'Replace codes',
    });
    if (!ok) return;
    setBusy('codes');
    setError(null);
    const result = await call(api.POST('/v1/me/2fa/recovery-codes'));
    setBusy(null);
    if (!result.ok) return setError(result.error);
    onCodes(result.data.recoveryCodes);
  }

  async function disable() {
    const ok = await confirm({
      title: 'Turn off two-factor authentication?',
      body: `Your account will be protected by your password alone, your recovery codes stop working, and your other sessions are signed out.${
        privileged.length ? ` Your ${privileged.join(' and ')} access stops until you turn it on again.` : ''
      }`,
      confirmLabel: 'Turn off',
      destructive: true,
    });
    if (!ok) return;
    setBusy('disable');
    setError(null);
    const result = await call(api.DELETE('/v1/me/2fa'));
    setBusy(null);
    if (!result.ok) return setError(result.error);
    onDisabled();
    await refresh();
  }

  return (
    <div className="space-y-6">
      <section aria-labelledby="twofa-status" className="rounded-lg border border-line bg-white p-6 shadow-sm">
        <div className="flex flex-wrap items-center gap-3">
          <StepHeading id="twofa-status" headingRef={headingRef}>
            Status
          </StepHeading>
          <Badge tone="success">On</Badge>
        </div>
        <p className="mt-2 text-sm text-muted" data-testid="two-factor-on">
          Each sign-in asks for a code from your authenticator app, or one of your recovery codes.
        </p>
        <ErrorAlert error={error} className="mt-4" />
      </section>
      <Section
        id="recovery"
        title="Recovery codes"
        description="Lost them, or used several? Replace them with new ones; the old ones stop working."
      >
        <Button variant="secondary" onClick={regenerate} busy={busy === 'codes'} busyLabel="Replacing…">
          Replace recovery codes
        </Button>
      </Section>
      <Section
        id="disable"
        title="Turn off"
        description={
          privileged.length
            ? `Not recommended, and your ${privileged.join(' and ')} role needs it.`
            : 'Not recommended.'
        }
      >
        <Button variant="danger" onClick={disable} busy={busy === 'disable'} busyLabel="Turning off…">
          Turn off two-factor authentication
        </Button>
      </Section>
    </div>
  );
}
