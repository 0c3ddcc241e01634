'use client';

import { api, call } from '../lib/api';
import { useLoad } from '../lib/use-load';
import { buttonClasses } from './ui';

/**
 * One button per configured OpenID Connect provider (none configured: nothing is shown). Each is a full page
 * navigation to the API's start route through the /api proxy, which redirects on to the provider.
 */
export function OidcButtons({ returnTo, verb = 'Continue' }: { returnTo: string; verb?: string }) {
  const { state } = useLoad(() => call(api.GET('/v1/auth/oidc/providers')), 'oidc-providers');
  if (state.status !== 'ready' || state.data.items.length === 0) return null;
  return (
    <div className="mt-6" data-testid="oidc-providers">
      <div className="flex items-center gap-3 text-xs uppercase tracking-wider text-muted" aria-hidden="true">
        <span className="h-px flex-1 bg-line" />
        or
        <span className="h-px flex-1 bg-line" />
      </div>
      <ul className="mt-4 space-y-2">
        {state.data.items.map((provider) => (
          <li key={provider.id}>
            <a
              href={`/api/v1/auth/oidc/${encodeURIComponent(provider.id)}/start?returnTo=${encodeURIComponent(returnTo)}`}
              className={`${buttonClasses('secondary')} w-full`}
            >
              {verb} with {provider.name}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
