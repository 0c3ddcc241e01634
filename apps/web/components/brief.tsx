'use client';

// Campaign briefs. The browser never renders Markdown: the API renders it and sanitizes the HTML (allowlisted
// tags and attributes, http(s)/mailto links only; see apps/api/src/platform/markdown), and that HTML is what is
// inserted here, for stored briefs and for the live preview alike. The page's CSP (no inline scripts, no
// 'unsafe-inline') is the second wall should anything ever slip through.
import { useEffect, useRef, useState } from 'react';
import { api, call, messageOf, type ApiError } from '../lib/api';
import { TextAreaField } from './form';
import { Spinner } from './ui';

export const BRIEF_MAX_LENGTH = 20_000;
const PREVIEW_DELAY_MS = 400;

/** The sanitized HTML of a brief, as the API sent it. */
export function BriefHtml({
  html,
  testId,
  empty = 'No brief yet.',
}: {
  html: string;
  testId?: string;
  empty?: string;
}) {
  if (html.trim() === '') return <p className="text-sm text-muted">{empty}</p>;
  // The API's HTML is sanitized on write (and on preview); it is the only HTML ever inserted.
  return <div className="brief" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}

/**
 * A Markdown textarea with a live preview: ~400 ms after typing stops, the text goes to POST /v1/briefs/preview
 * and the sanitized HTML it answers is shown. Answers to older text are dropped.
 */
export function BriefEditor({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  const [html, setHtml] = useState('');
  const [pending, setPending] = useState(false);
  const [previewError, setPreviewError] = useState<ApiError | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    const ticket = ++latest.current;
    if (value.trim() === '') {
      setHtml('');
      setPending(false);
      setPreviewError(null);
      return;
    }
    setPending(true);
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const result = await call(
          api.POST('/v1/briefs/preview', { body: { markdown: value }, signal: controller.signal }),
        );
        if (ticket !== latest.current) return;
        setPending(false);
        if (result.ok) {
          setHtml(result.data.html);
          setPreviewError(null);
        } else {
          setPreviewError(result.error);
        }
      } catch {
        // Aborted: newer text is on its way.
      }
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [value]);

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <TextAreaField
        id={id}
        label="Brief (Markdown)"
        rows={16}
        maxLength={BRIEF_MAX_LENGTH}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={error}
        className="min-w-0"
        spellCheck
        hint={
          <>
            Headings (##), **bold**, lists, links and tables. HTML is shown as text, images as links.{' '}
            {value.length.toLocaleString()} / {BRIEF_MAX_LENGTH.toLocaleString()} characters.
          </>
        }
      />
      <div className="min-w-0">
        <p className="flex items-center gap-2 text-sm font-medium text-ink" id={`${id}-preview-label`}>
          Preview
          {pending ? (
            <span className="inline-flex items-center gap-1 text-xs font-normal text-muted">
              <Spinner className="h-3 w-3" /> updating…
            </span>
          ) : null}
        </p>
        <div
          role="region"
          aria-labelledby={`${id}-preview-label`}
          aria-busy={pending || undefined}
          className="mt-1 min-h-[22rem] overflow-y-auto rounded-md border border-dashed border-slate-300 bg-white px-4 py-3"
          data-testid="brief-preview"
        >
          {previewError ? (
            <p className="text-sm text-red-700">The preview could not be made: {messageOf(previewError)}</p>
          ) : (
            <BriefHtml
              html={html}
              testId="brief-preview-html"
              empty="Start typing: the brief appears here exactly as participants will see it."
            />
          )}
        </div>
      </div>
    </div>
  );
}
