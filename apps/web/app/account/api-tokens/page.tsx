import type { Metadata } from 'next';
import { ApiTokens } from './api-tokens';

export const metadata: Metadata = { title: 'API tokens' };

export default function ApiTokensPage() {
  return <ApiTokens />;
}
