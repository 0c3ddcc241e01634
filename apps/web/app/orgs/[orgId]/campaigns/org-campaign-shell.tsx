'use client';

// What every campaign page of an org needs first: the org itself (its name for the breadcrumb, the member's role
// for what they may do). A missing org, or one the visitor is not in, reads as not found.
import Link from 'next/link';
import type { ReactNode } from 'react';
import { useSignedIn } from '../../../../components/session';
import { LoadError, LoadingBlock } from '../../../../components/ui';
import { api, call, effectiveRoles, type Org } from '../../../../lib/api';
import { useLoad } from '../../../../lib/use-load';
import { OrgNotFound } from '../org-detail';

export type OrgAccess = {
  org: Org;
  /** Create and edit campaigns, change their state, upload assets, decide on applications and posts. */
  canManage: boolean;
  /** Pay into a campaign's budget: owners (and admins). */
  canFund: boolean;
};

export function OrgCampaignShell({ orgId, children }: { orgId: string; children: (access: OrgAccess) => ReactNode }) {
  const session = useSignedIn();
  const isAdmin = effectiveRoles(session).includes('admin');
  const { state, reload } = useLoad(
    () => call(api.GET('/v1/orgs/{orgId}', { params: { path: { orgId } } })),
    `org:${orgId}`,
  );
  if (state.status === 'loading') return <LoadingBlock label="Loading the organization…" />;
  if (state.status === 'error') {
    if (state.error.code === 'NOT_FOUND' || state.error.code === 'VALIDATION_FAILED') return <OrgNotFound />;
    return <LoadError error={state.error} onRetry={() => void reload()} />;
  }
  const org = state.data;
  const role = org.myRole;
  return (
    <>
      {children({
        org,
        canManage: isAdmin || role === 'owner' || role === 'manager',
        canFund: isAdmin || role === 'owner',
      })}
    </>
  );
}

/** "Organizations / Demo Brand Co / Campaigns" above a campaign page. */
export function OrgBreadcrumb({ org, trail = [] }: { org: Org; trail?: readonly { href: string; label: string }[] }) {
  const items = [{ href: '/orgs', label: 'Organizations' }, { href: `/orgs/${org.id}`, label: org.name }, ...trail];
  return (
    <nav aria-label="Breadcrumb" className="mb-3 text-sm">
      <ol className="flex flex-wrap items-center gap-1 text-muted">
        {items.map((item, index) => (
          <li key={item.href} className="flex items-center gap-1">
            {index > 0 ? <span aria-hidden="true">/</span> : null}
            <Link href={item.href} className="text-brand-700 underline-offset-2 hover:underline">
              {item.label}
            </Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}
