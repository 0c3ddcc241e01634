'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult } from './api';

export type Loaded<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ready'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: ApiError };

/**
 * Runs `load` on mount and whenever `key` changes; `reload` runs it again without dropping what is shown, and
 * `setData` lets a mutation update the list in place. A late answer for an older key is ignored.
 */
export function useLoad<T>(load: () => Promise<ApiResult<T>>, key: string) {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const latest = useRef(0);
  const loadRef = useRef(load);
  // Declared before the loading effect, so a changed key loads with the closure of the same render.
  useEffect(() => {
    loadRef.current = load;
  });

  const run = useCallback(async (showLoading: boolean) => {
    const ticket = ++latest.current;
    if (showLoading) setState({ status: 'loading' });
    const result = await loadRef.current();
    if (ticket !== latest.current) return;
    setState(result.ok ? { status: 'ready', data: result.data } : { status: 'error', error: result.error });
  }, []);

  useEffect(() => {
    void run(true);
  }, [run, key]);

  const reload = useCallback(() => run(false), [run]);
  const setData = useCallback((update: (current: T) => T) => {
    setState((current) => (current.status === 'ready' ? { status: 'ready', data: update(current.data) } : current));
  }, []);

  return { state, reload, setData };
}
