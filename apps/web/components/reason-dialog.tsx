'use client';

// A modal asking for the reason of a refusal (a campaign sent back, an application or post rejected): the reason
// is required (3 to 500 characters) and shown to the person it concerns.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { fieldErrorsOf, type ApiError } from '../lib/api';
import { TextAreaField } from './form';
import { Button, ErrorAlert } from './ui';

export const REASON_MIN = 3;
export const REASON_MAX = 500;

export function ReasonDialog({
  open,
  title,
  description,
  confirmLabel,
  onConfirm,
  onClose,
  testId = 'reason-dialog',
}: {
  open: boolean;
  title: string;
  description?: ReactNode;
  confirmLabel: string;
  /** Sends the reason; answers the API's error, or null when it was accepted (the dialog then closes). */
  onConfirm: (reason: string) => Promise<ApiError | null>;
  onClose: () => void;
  testId?: string;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setReason('');
      setFieldError(undefined);
      setError(null);
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = reason.trim();
    if (trimmed.length < REASON_MIN) return setFieldError(`Write at least ${REASON_MIN} characters.`);
    if (trimmed.length > REASON_MAX) return setFieldError(`Keep it to ${REASON_MAX} characters.`);
    setBusy(true);
    setFieldError(undefined);
    setError(null);
    const failure = await onConfirm(trimmed);
    setBusy(false);
    if (!failure) return onClose();
    const fields = fieldErrorsOf(failure);
    if (fields['reason']) setFieldError(fields['reason']);
    else setError(failure);
  }

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={`${testId}-title`}
      className="m-auto w-[calc(100%-2rem)] max-w-lg rounded-lg border border-line bg-white p-0 text-ink shadow-xl backdrop:bg-ink/50"
      onClose={onClose}
      data-testid={testId}
    >
      {open ? (
        <form onSubmit={submit} noValidate className="p-6">
          <h2 id={`${testId}-title`} className="text-lg font-semibold">
            {title}
          </h2>
          {description ? <div className="mt-2 text-sm text-muted">{description}</div> : null}
          <ErrorAlert error={error} className="mt-4" />
          <TextAreaField
            id={`${testId}-reason`}
            className="mt-4"
            label="Reason"
            rows={4}
            maxLength={REASON_MAX}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={fieldError}
            hint={`${reason.trim().length} / ${REASON_MAX} characters. Shown to the person it concerns.`}
            required
            autoFocus
          />
          <div className="mt-6 flex flex-wrap justify-end gap-3">
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" variant="danger-solid" busy={busy}>
              {confirmLabel}
            </Button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
