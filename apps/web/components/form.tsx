'use client';

import { useCallback, useEffect, useRef, useState, type ComponentPropsWithRef, type ReactNode } from 'react';
import { fieldErrorsOf, fieldPathErrorsOf, type ApiError } from '../lib/api';

export const inputClasses =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-ink shadow-sm placeholder:text-slate-400 focus:border-brand-600 aria-[invalid=true]:border-red-600 disabled:bg-slate-50';

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const joined = ids.filter(Boolean).join(' ');
  return joined || undefined;
}

type FieldChrome = { id: string; label: ReactNode; error?: string | undefined; hint?: ReactNode };

export function TextField({
  id,
  label,
  error,
  hint,
  className = '',
  ...input
}: FieldChrome & Omit<ComponentPropsWithRef<'input'>, 'id'>) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
      </label>
      <input
        id={id}
        name={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(errorId, hintId)}
        className={inputClasses}
        {...input}
      />
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-muted">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} error={error} />
    </div>
  );
}

export function SelectField({
  id,
  label,
  error,
  hint,
  className = '',
  children,
  ...select
}: FieldChrome & Omit<ComponentPropsWithRef<'select'>, 'id'>) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
      </label>
      <select
        id={id}
        name={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(errorId, hintId)}
        className={inputClasses}
        {...select}
      >
        {children}
      </select>
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-muted">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} error={error} />
    </div>
  );
}

export function TextAreaField({
  id,
  label,
  error,
  hint,
  className = '',
  ...textarea
}: FieldChrome & Omit<ComponentPropsWithRef<'textarea'>, 'id'>) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
      </label>
      <textarea
        id={id}
        name={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(errorId, hintId)}
        className={inputClasses}
        {...textarea}
      />
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-muted">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} error={error} />
    </div>
  );
}

/** A checkbox with its label beside it, and an optional hint and error below. */
export function CheckboxField({
  id,
  label,
  error,
  hint,
  className = '',
  ...input
}: FieldChrome & Omit<ComponentPropsWithRef<'input'>, 'id' | 'type'>) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={className}>
      <div className="flex items-start gap-2">
        <input
          id={id}
          name={id}
          type="checkbox"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(errorId, hintId)}
          className="mt-0.5 h-4 w-4 shrink-0 rounded border-slate-300 accent-brand-700"
          {...input}
        />
        <label htmlFor={id} className="text-sm font-medium text-ink">
          {label}
        </label>
      </div>
      {hint ? (
        <p id={hintId} className="mt-1 ml-6 text-xs text-muted">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} error={error} />
    </div>
  );
}

export function FieldError({ id, error }: { id: string | undefined; error: string | undefined }) {
  if (!error || !id) return null;
  return (
    <p id={id} className="mt-1 flex gap-1 text-sm text-red-700">
      <span aria-hidden="true">⚠</span>
      {error}
    </p>
  );
}

/** The "new password" and "again" pair used wherever a password is set; the caller keeps the state. */
export function NewPasswordFields({
  value,
  onChange,
  repeat,
  onRepeatChange,
  errors,
  hint = 'At least 12 characters.',
}: {
  value: string;
  onChange: (value: string) => void;
  repeat: string;
  onRepeatChange: (value: string) => void;
  errors: Readonly<Record<string, string>>;
  hint?: string;
}) {
  return (
    <>
      <TextField
        id="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        maxLength={128}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={errors['newPassword']}
        hint={hint}
        required
      />
      <TextField
        id="repeat"
        label="New password, again"
        type="password"
        autoComplete="new-password"
        maxLength={128}
        value={repeat}
        onChange={(e) => onRepeatChange(e.target.value)}
        error={errors['repeat']}
        required
      />
    </>
  );
}

/**
 * Error state of one form: field errors from the API's validation issues (shown beside their fields), and a
 * form-level error for everything else. After a failed submit, focus moves to the first invalid field, or to
 * the form's error message when no field is to blame. With `nested`, fields are named by their whole path
 * (`pacing.dailyCapMicros`, `targeting.countries`) instead of their first segment.
 */
export function useFormErrors(fields: readonly string[], options: { nested?: boolean } = {}) {
  const nested = options.nested === true;
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const fieldsKey = fields.join('|');

  useEffect(() => {
    if (attempt === 0) return;
    const form = formRef.current;
    if (!form) return;
    const target =
      form.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form.querySelector<HTMLElement>('[data-testid="form-error"]');
    if (target) {
      if (!target.matches('input, select, textarea, button')) target.tabIndex = -1;
      target.focus();
    }
  }, [attempt]);

  const showError = useCallback(
    (error: ApiError) => {
      const known = new Set(fieldsKey.split('|'));
      const mapped = nested ? fieldPathErrorsOf(error) : fieldErrorsOf(error);
      const shown: Record<string, string> = {};
      for (const [field, message] of Object.entries(mapped)) if (known.has(field)) shown[field] = message;
      const everyIssueShown = Object.keys(mapped).length > 0 && Object.keys(mapped).every((f) => known.has(f));
      setFieldErrors(shown);
      setFormError(everyIssueShown ? null : error);
      setAttempt((n) => n + 1);
    },
    [fieldsKey, nested],
  );

  /** Errors found before sending (e.g. passwords that do not match). */
  const showFieldErrors = useCallback((errors: Record<string, string>) => {
    setFieldErrors(errors);
    setFormError(null);
    setAttempt((n) => n + 1);
  }, []);

  const clear = useCallback(() => {
    setFieldErrors({});
    setFormError(null);
  }, []);

  return { formRef, fieldErrors, formError, showError, showFieldErrors, clear };
}
