'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** Side navigation of a section (account, admin); the current page is marked for assistive technology. */
export function SubNav({ label, items }: { label: string; items: readonly { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label}>
      <ul className="flex gap-1 overflow-x-auto lg:flex-col">
        {items.map((item) => {
          const current = pathname === item.href;
          return (
            <li key={item.href} className="shrink-0">
              <Link
                href={item.href}
                aria-current={current ? 'page' : undefined}
                className={`block rounded-md px-3 py-2 text-sm font-medium ${
                  current ? 'bg-brand-100 text-brand-900' : 'text-muted hover:bg-white hover:text-brand-700'
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
