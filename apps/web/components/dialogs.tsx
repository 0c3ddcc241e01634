'use client';

// Modal dialogs built on the native <dialog> element: showModal() makes the rest of the page inert, traps focus
// and closes on Escape, and focus returns to the element that opened it.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
} from 'react';
import { api, call, setApiHooks, type ApiError } from '../lib/api';
import { TextField } from './form';
import { Button, ErrorAlert } from './ui';
import { useSession } from './session';

const dialogClasses =
  'm-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-line bg-white p-0 text-ink shadow-xl backdrop:bg-ink/50';

type ConfirmOptions = {
  title: string;
  body?: ReactNode;
  confirmLabel: string;
  /** Destructive actions get a red button; focus starts on Cancel either way. */
  destructive?: boolean;
};

const ConfirmContext = createContext<((options: ConfirmOptions) => Promise<boolean>) | null>(null);

/** `const confirm = useConfirm(); if (await confirm({...})) …` */
export function useConfirm() {
  const confirm = useContext(ConfirmContext);
  if (!confirm) throw new Error('useConfirm must be used inside <ConfirmProvider>');
  return confirm;
}

export function ConfirmProvider({ children }: { children: ReactNode }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const resolveRef = useRef<((ok: boolean) => void) | null>(null);
  const [options, setOptions] = useState<ConfirmOptions | null>(null);

  const confirm = useCallback((next: ConfirmOptions) => {
    resolveRef.current?.(false);
    setOptions(next);
    return new Promise<boolean>((resolve) => {
      resolveRef.current = resolve;
    });
  }, []);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (options && dialog && !dialog.open) dialog.showModal();
  }, [options]);

  const settle = (ok: boolean) => {
    resolveRef.current?.(ok);
    resolveRef.current = null;
    dialogRef.current?.close();
  };

  return (
    <ConfirmContext.Provider value={confirm}>
      {children}
      <dialog
        ref={dialogRef}
        aria-labelledby="confirm-title"
        aria-describedby={options?.body ? 'confirm-body' : undefined}
        className={dialogClasses}
        onClose={() => {
          resolveRef.current?.(false);
          resolveRef.current = null;
          setOptions(null);
        }}
        data-testid="confirm-dialog"
      >
        {options ? (
          <div className="p-6">
            <h2 id="confirm-title" className="text-lg font-semibold">
              {options.title}
            </h2>
            {options.body ? (
              <div id="confirm-body" className="mt-2 text-sm text-muted">
                {options.body}
              </div>
            ) : null}
            <div className="mt-6 flex flex-wrap justify-end gap-3">
              <Button variant="secondary" onClick={() => settle(false)}>
                Cancel
              </Button>
              <Button variant={options.destructive ? 'danger-solid' : 'primary'} onClick={() => settle(true)}>
                {options.confirmLabel}
              </Button>
            </div>
          </div>
        ) : null}
      </dialog>
    </ConfirmContext.Provider>
  );
}

/**
 * Answers the API client's REAUTH_REQUIRED: asks for the password (or a 2FA code when the account has 2FA),
 * POSTs /v1/auth/reauth, and lets the client retry the change that needed it. Cancelling leaves that change's
 * own error in place.
 */
export function ReauthDialog() {
  const { state } = useSession();
  const hasTwoFactor = state.status === 'signed_in' && state.info.user.twoFactorEnabled;
  const viaSso = state.status === 'signed_in' && state.info.session.method === 'oidc';
  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const resolveRef = useRef<((ok: boolean) => void) | null>(null);
  const [mode, setMode] = useState<'password' | 'code'>('password');
  const [value, setValue] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // The form exists only while the dialog is open, so its password field never doubles the page's own.
  const [open, setOpen] = useState(false);

  useEffect(
    () =>
      setApiHooks({
        reauthenticate: () =>
          new Promise<boolean>((resolve) => {
            resolveRef.current = resolve;
            setMode('password');
            setValue('');
            setError(null);
            setOpen(true);
          }),
      }),
    [],
  );

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!open || !dialog || dialog.open) return;
    dialog.showModal();
    inputRef.current?.focus();
  }, [open]);

  const finish = (ok: boolean) => {
    resolveRef.current?.(ok);
    resolveRef.current = null;
    dialogRef.current?.close();
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const body = mode === 'password' ? { password: value } : { code: value.trim() };
    const result = await call(api.POST('/v1/auth/reauth', { body }));
    setBusy(false);
    if (result.ok) return finish(true);
    setError(result.error);
    inputRef.current?.focus();
  }

  function switchMode() {
    setMode((m) => (m === 'password' ? 'code' : 'password'));
    setValue('');
    setError(null);
    // The input is re-rendered with new attributes, not replaced: focus it after the update.
    requestAnimationFrame(() => inputRef.current?.focus());
  }

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby="reauth-title"
      aria-describedby="reauth-body"
      className={dialogClasses}
      onClose={() => {
        resolveRef.current?.(false);
        resolveRef.current = null;
        setOpen(false);
      }}
      data-testid="reauth-dialog"
    >
      {open ? (
        <form onSubmit={submit} noValidate className="p-6">
          <h2 id="reauth-title" className="text-lg font-semibold">
            Confirm it’s you
          </h2>
          <p id="reauth-body" className="mt-2 text-sm text-muted">
            This change protects your account, so we ask again.{' '}
            {mode === 'password' ? 'Enter your password.' : 'Enter the 6-digit code from your authenticator app.'}
          </p>
          <ErrorAlert error={error} className="mt-4" />
          <TextField
            ref={inputRef}
            className="mt-4"
            id="reauth-value"
            label={mode === 'password' ? 'Password' : 'Authentication code'}
            type={mode === 'password' ? 'password' : 'text'}
            autoComplete={mode === 'password' ? 'current-password' : 'one-time-code'}
            inputMode={mode === 'password' ? undefined : 'numeric'}
            maxLength={mode === 'password' ? 128 : 6}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            required
          />
          {viaSso ? (
            <p className="mt-3 text-xs text-muted">
              Signed in with single sign-on and never set a password? Sign out and sign in again, then retry within 10
              minutes.
            </p>
          ) : null}
          {hasTwoFactor ? (
            <button type="button" onClick={switchMode} className="mt-3 text-sm font-medium text-brand-700 underline">
              {mode === 'password' ? 'Use an authenticator code instead' : 'Use your password instead'}
            </button>
          ) : null}
          <div className="mt-6 flex flex-wrap justify-end gap-3">
            <Button variant="secondary" onClick={() => finish(false)}>
              Cancel
            </Button>
            <Button type="submit" busy={busy} disabled={!value}>
              Confirm
            </Button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
