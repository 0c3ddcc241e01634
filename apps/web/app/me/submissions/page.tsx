import type { Metadata } from 'next';
import { MySubmissions } from './my-submissions';

export const metadata: Metadata = { title: 'My submissions' };

export default function MySubmissionsPage() {
  return <MySubmissions />;
}
